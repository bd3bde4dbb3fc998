// `faultline shrink FILE`: minimises a failing record (fewer faults, fewer clients and
// operations, a shorter run, shorter fault windows) while the same checker still fails,
// and saves the smaller record next to it (or at --out), never over another file.

import { Option, type Command } from 'commander';
import { basename, dirname, extname, join } from 'node:path';
import { makeRecord, scenarioOfRecord } from '../record/record.ts';
import { writeRecordFile } from '../record/write.ts';
import { formatSize, shrinkRunsMaxDefault } from '../explore/shrink.ts';
import { describeViolation, replayCommand } from '../explore/format.ts';
import { parseIntOption } from '../explore/cli-options.ts';
import { unfinishedCheckers } from '../scenario/scenario.ts';
import { IsolatedRunner, heapMbFromEnv } from './isolated-runner.ts';
import { wallIsoDate, wallNowMs } from '../wall-clock.ts';
import { loadRecord } from './replay.ts';
import { UsageError, type Io } from './errors.ts';
import { writableFile } from './out-path.ts';

export interface ShrinkCliOptions {
  out?: string;
  runsMax?: string;
  checker?: string;
  json?: boolean;
}

export async function shrinkCommand(file: string | undefined, options: ShrinkCliOptions, io: Io): Promise<number> {
  const { record } = await loadRecord(file);
  const runsMax = parseIntOption('--runs-max', options.runsMax, 1, 1_000_000) ?? shrinkRunsMaxDefault;
  writableFile('--out', options.out);
  const scenario = scenarioOfRecord(record);
  // Every run in a thread with a heap limit, as for run and replay: a candidate that
  // allocates without bound stops the shrink with a line, not the process.
  const runner = new IsolatedRunner(record.impl, { heapMb: heapMbFromEnv(), checkDeterminism: false });
  let shrunk;
  const startMs = wallNowMs();
  try {
    const first = await runner.run(scenario);
    const checker = options.checker ?? first.violations[0]?.checker;
    if (checker === undefined) throw new UsageError(`${file}: the record no longer fails when replayed; nothing to shrink`);
    if (!first.violations.some((v) => v.checker === checker)) throw new UsageError(`${file}: the replay does not fail checker ${checker}`);
    // A stop by a limit of the machine is no failure to keep: smaller runs would stop elsewhere, or not at all.
    if (unfinishedCheckers.has(checker)) throw new UsageError(`${file}: ${checker} is a run that could not finish, not a failure to shrink; replay it to see where it stops`);
    shrunk = await runner.shrink(scenario, checker, runsMax);
  } finally {
    await runner.close();
  }
  if (shrunk.type === 'stopped') {
    io.stderr(`faultline: ${file}: the shrink could not finish: ${shrunk.outcome.violations[0]?.message ?? 'its thread stopped'}`);
    return 1;
  }
  const result = shrunk.result;
  const checker = result.checker;
  const wallMs = Math.round(wallNowMs() - startMs);
  const target = options.out ?? join(dirname(file as string), `${basename(file as string, extname(file as string))}-shrunk.json`);
  const path = writeRecordFile(target, makeRecord(result.scenario, result.outcome, { createdAt: wallIsoDate(), origin: { command: 'shrink', from: file as string } }));
  if (options.json) {
    io.stdout(JSON.stringify({ record: path, checker, before: result.before, after: result.after, runs: result.runs, budgetExhausted: result.budgetExhausted, wallMs, traceHash: result.outcome.traceHash }));
    return 0;
  }
  const firstViolation = result.outcome.violations.find((v) => v.checker === checker);
  io.stdout(
    [
      `shrink ${file}: keeping ${checker} failing`,
      `  before: ${formatSize(result.before)}`,
      `  after:  ${formatSize(result.after)}`,
      `  ${result.runs} runs in ${(wallMs / 1000).toFixed(1)} s${result.budgetExhausted ? ` (stopped at --runs-max ${runsMax})` : ''}`,
      ...(firstViolation ? [`  ${describeViolation(firstViolation)}`] : []),
      `  saved ${path}`,
      `  replay: ${replayCommand(path)}`,
    ].join('\n'),
  );
  return 0;
}

export function registerShrinkCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('shrink')
    .description('minimise a failing record while the same checker fails; saves the smaller record')
    .argument('<file>', 'a record (histories/*.json)')
    .addOption(new Option('--out <file>', 'where the smaller record goes (default FILE-shrunk.json)'))
    .addOption(new Option('--runs-max <n>', `runs the shrink may spend (default ${shrinkRunsMaxDefault})`))
    .addOption(new Option('--checker <name>', 'the checker that must keep failing (default: the first violation\'s)'))
    .addOption(new Option('--json', 'one JSON object on stdout'))
    .action(async (file: string, opts: ShrinkCliOptions) => setExit(await shrinkCommand(file, opts, io)));
}
