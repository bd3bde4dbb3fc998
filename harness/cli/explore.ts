// `faultline explore`: a seed sweep with every checker (DESIGN.md CLI contract). Each
// failure is saved as a record and printed with the one command that replays it; a
// progress bar on a terminal, plain lines otherwise. `--shard I/N` takes every N-th seed
// so N processes (or machines) split a range. Exit 0 none failed, 1 some failed.

import { Option, type Command } from 'commander';
import { buildScenario } from '../scenario/scenario.ts';
import { formatFaultSelection } from '../scenario/nemesis.ts';
import { explore } from '../explore/explore.ts';
import { parseIntOption, scenarioTemplate, type ScenarioCliOptions } from '../explore/cli-options.ts';
import { formatFailure, groupDigits, implLabel } from '../explore/format.ts';
import { createProgress, silentProgress } from '../explore/progress.ts';
import { parseSeedRange, parseShard, shardSeeds } from '../explore/seeds.ts';
import { wallIsoDate, wallNowMs } from '../wall-clock.ts';
import { addScenarioOptions } from './run.ts';
import { UsageError, type Io } from './errors.ts';

export interface ExploreCliOptions extends ScenarioCliOptions {
  seeds?: string;
  maxFailures?: string;
  workers?: string;
  shard?: string;
  out?: string;
  json?: boolean;
  checkDeterminism?: boolean;
  progress?: boolean;
}

export const exploreOutDirDefault = 'histories';

export async function exploreCommand(options: ExploreCliOptions, io: Io): Promise<number> {
  if (options.seeds === undefined) throw new UsageError('--seeds A..B is required');
  const range = parseSeedRange(options.seeds);
  if (range.type === 'error') throw new UsageError(range.message);
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (shard?.type === 'error') throw new UsageError(shard.message);
  const workers = parseIntOption('--workers', options.workers, 1, 1024);
  if (workers !== undefined && workers > 1) {
    throw new UsageError('--workers K > 1 is not yet supported; run K processes with --shard 1/K ... K/K instead');
  }
  const maxFailures = parseIntOption('--max-failures', options.maxFailures, 1, Number.MAX_SAFE_INTEGER);
  const { algorithm, template } = await scenarioTemplate(options);
  const seeds = shardSeeds(range.value, shard?.value);
  const outDir = options.out ?? exploreOutDirDefault;
  const label = `explore ${implLabel(template.impl, template.bug)}`;
  const faults = formatFaultSelection(template.faults ?? { type: 'swarm' });
  if (!options.json) {
    const nodes = template.nodes ?? algorithm.defaults?.nodes ?? 5;
    io.stdout(
      `${label} · seeds ${options.seeds}${shard ? ` shard ${options.shard} (${seeds.length} seeds)` : ''} · faults ${faults} · ${nodes} nodes${algorithm.workload ? ` · ${template.ops ?? 200} ops` : ''}${options.checkDeterminism ? ' · determinism check' : ''}`,
    );
  }
  const useBar = !options.json && io.isTty === true && process.stderr.isTTY === true && options.progress !== false;
  const progress = options.json ? silentProgress() : createProgress(io, label, seeds.length, wallNowMs, { bar: useBar });
  const result = explore({
    algorithm,
    seeds,
    scenarioOf: (seed) => buildScenario({ ...template, seed }),
    maxFailures,
    outDir,
    checkDeterminism: options.checkDeterminism === true,
    nowMs: wallNowMs,
    createdAt: wallIsoDate,
    onProgress: (p) => {
      if (p.failure) progress.print(formatFailure(p.failure.scenario, p.failure.violations, p.failure.traceHash, p.failure.record));
      progress.update(p);
    },
  });
  progress.stop();
  const seedsPerSec = result.wallMs > 0 ? (result.seedsRun * 1000) / result.wallMs : 0;
  if (options.json) {
    io.stdout(
      JSON.stringify({
        impl: template.impl,
        bug: template.bug ?? null,
        seeds: options.seeds,
        ...(shard ? { shard: options.shard } : {}),
        seedsRun: result.seedsRun,
        failures: result.failures.map((f) => ({ seed: f.seed, record: f.record ?? null, violations: f.violations.map((v) => ({ checker: v.checker, message: v.message })) })),
        wallMs: Math.round(result.wallMs),
        seedsPerSec: Number(seedsPerSec.toFixed(2)),
      }),
    );
  } else {
    const stopped = result.stoppedEarly ? ` (stopped at --max-failures ${maxFailures})` : '';
    io.stdout(
      `${result.failures.length === 0 ? '✓' : '✗'} ${groupDigits(result.seedsRun)} seeds · ${result.failures.length} failed${stopped} · ${seedsPerSec.toFixed(1)} seeds/s · ${(result.wallMs / 1000).toFixed(1)} s`,
    );
  }
  return result.failures.length === 0 ? 0 : 1;
}

export function registerExploreCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const command = program.command('explore').description('seed sweep; each failure saved as a record; exit 0 none failed, 1 some failed');
  addScenarioOptions(command)
    .addOption(new Option('--seeds <A..B>', 'seed range, inclusive (or one seed N)'))
    .addOption(new Option('--max-failures <n>', 'stop after this many failures'))
    .addOption(new Option('--out <dir>', 'where failure records go').default(exploreOutDirDefault))
    .addOption(new Option('--shard <I/N>', 'take only the seeds whose index in the range is I-1 mod N'))
    .addOption(new Option('--workers <k>', 'parallel workers (only 1 for now; use --shard)'))
    .addOption(new Option('--check-determinism', 'run every seed twice and compare trace hashes'))
    .addOption(new Option('--no-progress', 'plain progress lines even on a terminal'))
    .addOption(new Option('--json', 'one JSON object on stdout'))
    .action(async (opts: ExploreCliOptions) => setExit(await exploreCommand(opts, io)));
}
