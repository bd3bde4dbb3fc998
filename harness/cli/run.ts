// `faultline run`: one simulation of one seed (DESIGN.md CLI contract). Prints the swarm
// configuration, then the verdict in STYLE.md form; `--out DIR` saves a failure as a
// record. Exit 0 clean, 1 violation, 2 bad input.

import { Option, type Command } from 'commander';
import { makeRecord } from '../record/record.ts';
import { writeRecordInDir } from '../record/write.ts';
import { buildScenario, type RunOutcome } from '../scenario/scenario.ts';
import { IsolatedRunner, heapMbFromEnv } from './isolated-runner.ts';
import { describeFault } from '../scenario/fault-plan.ts';
import { formatSwarm } from '../scenario/nemesis.ts';
import { scenarioTemplate, parseIntOption, type ScenarioCliOptions } from '../explore/cli-options.ts';
import { describeLiveness, describeOverflow, formatFailure, formatPass, groupDigits } from '../explore/format.ts';
import { seedMax } from '../scenario/scenario.ts';
import { wallIsoDate, wallNowMs } from '../wall-clock.ts';
import { UsageError, type Io } from './errors.ts';
import { writableDir } from './out-path.ts';

export interface RunCliOptions extends ScenarioCliOptions {
  seed?: string;
  json?: boolean;
  out?: string;
  verbose?: boolean;
}

export async function runCommand(options: RunCliOptions, io: Io): Promise<number> {
  if (options.seed === undefined) throw new UsageError('--seed N is required');
  const seed = parseIntOption('--seed', options.seed, 0, seedMax) as number;
  const { algorithm, template } = await scenarioTemplate(options);
  writableDir('--out', options.out);
  const scenario = buildScenario({ ...template, seed });
  const startMs = wallNowMs();
  // In a thread of its own, with a heap limit: node code that allocates without bound is a
  // run that could not finish, not a crashed CLI.
  const runner = new IsolatedRunner(template.impl, { heapMb: heapMbFromEnv(), checkDeterminism: false });
  let outcome: RunOutcome;
  try {
    outcome = await runner.run(scenario);
  } finally {
    await runner.close();
  }
  const wallMs = Math.round(wallNowMs() - startMs);
  let recordPath: string | undefined;
  if (outcome.verdict !== 'ok' && options.out !== undefined) {
    recordPath = writeRecordInDir(options.out, makeRecord(scenario, outcome, { createdAt: wallIsoDate(), origin: { command: 'run' } }));
  }
  const stats = outcome.stats;
  if (options.json) {
    io.stdout(
      JSON.stringify({
        impl: scenario.impl,
        bug: scenario.bug ?? null,
        seed,
        verdict: outcome.verdict,
        violations: outcome.violations.map((v) => ({ checker: v.checker, message: v.message, timeMs: v.timeMs })),
        traceHash: outcome.traceHash,
        stats: { events: stats.events, messages: stats.messagesSent, messagesOverflowed: stats.messagesOverflowed, virtualMs: stats.virtualMs, wallMs, ops: stats.ops },
        faultPlan: scenario.faultPlan,
        ...(scenario.options.swarm ? { swarm: scenario.options.swarm } : {}),
        ...(outcome.liveness ? { liveness: outcome.liveness } : {}),
        ...(recordPath !== undefined ? { record: recordPath } : {}),
      }),
    );
    return outcome.verdict === 'ok' ? 0 : 1;
  }
  const lines: string[] = [];
  if (scenario.options.swarm) lines.push(formatSwarm(scenario.options.swarm));
  if (options.verbose) {
    lines.push('fault plan:');
    for (const event of scenario.faultPlan) lines.push(`  ${describeFault(event)}`);
    for (const entry of outcome.faultLog) if (entry.text.includes('leader')) lines.push(`  t=${entry.atMs} ms: ${entry.text}`);
  }
  lines.push(outcome.verdict === 'ok' ? formatPass(scenario, outcome.traceHash) : formatFailure(scenario, outcome.violations, outcome.traceHash, recordPath));
  lines.push(`  ${groupDigits(stats.events)} events · ${groupDigits(stats.messagesSent)} messages · ${groupDigits(stats.virtualMs)} virtual ms · ${groupDigits(wallMs)} wall ms`);
  const overflow = describeOverflow(stats);
  if (overflow !== undefined) lines.push(`  ${overflow}`);
  if (outcome.liveness !== undefined && scenario.workload !== undefined) lines.push(`  ${describeLiveness(outcome.liveness)}`);
  io.stdout(lines.join('\n'));
  return outcome.verdict === 'ok' ? 0 : 1;
}

/** Adds the options `run` and `explore` share. */
export function addScenarioOptions(command: Command): Command {
  return command
    .addOption(new Option('--impl <name>', 'algorithm name from `list`, or a path to a module exporting one'))
    .addOption(new Option('--bug <name>', 'deliberate-bug variant'))
    .addOption(new Option('--nodes <n>', 'cluster size (default: the algorithm\'s, else 5)'))
    .addOption(new Option('--ops <n>', 'client operations over all clients (default 200)'))
    .addOption(new Option('--clients <n>', 'concurrent client processes (default 5)'))
    .addOption(new Option('--keys <n>', 'keys the kv workload touches (default 3)'))
    .addOption(new Option('--duration-ms <ms>', 'fault phase length in virtual ms (default 60000)'))
    .addOption(new Option('--faults <which>', 'swarm | none | comma list of fault kinds (default swarm)'))
    .addOption(new Option('--request-timeout-ms <ms>', 'client request timeout before a retry (default 1000)'));
}

export function registerRunCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const command = program.command('run').description('one simulation of one seed; exit 0 clean, 1 violation');
  addScenarioOptions(command)
    .addOption(new Option('--seed <n>', 'the seed'))
    .addOption(new Option('--out <dir>', 'save a failure as a record in this directory'))
    .addOption(new Option('--verbose', 'print the fault plan and what leader targets resolved to'))
    .addOption(new Option('--json', 'one JSON object on stdout'))
    .action(async (opts: RunCliOptions) => setExit(await runCommand(opts, io)));
}
