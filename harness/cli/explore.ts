// `faultline explore`: a seed sweep with every checker (DESIGN.md CLI contract). Each
// failure is saved as a record and printed with the one command that replays it; a
// progress bar on a terminal, plain lines otherwise. `--shard I/N` takes every N-th seed
// so N processes (or machines) split a range; `--workers K` starts K such processes here.
// Exit 0 none failed, 1 some failed.

import { spawn } from 'node:child_process';
import { unlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { scenarioOfRecord } from '../record/record.ts';
import { readRecordFile } from '../record/write.ts';
import { buildScenario } from '../scenario/scenario.ts';
import { formatFaultSelection, swarmKinds } from '../scenario/nemesis.ts';
import { describeNodes } from '../scenario/shape.ts';
import { exploreStrategies, exploreWith, type ExploreParams, type ExploreResult, type ExploreStrategy, type GuidedSettings } from '../explore/explore.ts';
import { IsolatedRunner, heapMbFromEnv } from './isolated-runner.ts';
import { loadCorpus, saveCorpus, type CorpusIdentity } from '../explore/guided/corpus-store.ts';
import type { Corpus } from '../explore/guided/corpus.ts';
import { exploreWorkerCommand, RunPool } from './explore-pool.ts';
import { resolveAlgorithm } from './resolve-impl.ts';
import type { Algorithm } from '../types.ts';
import type { RunOutcome, ScenarioParams } from '../scenario/scenario.ts';
import { parseIntOption, scenarioTemplate, type ScenarioCliOptions } from '../explore/cli-options.ts';
import { formatFailure, groupDigits, implLabel } from '../explore/format.ts';
import { createProgress, silentProgress } from '../explore/progress.ts';
import { parseSeedRange, parseShard, shardSeeds } from '../explore/seeds.ts';
import { summaryFormat, summaryVersion, writeSummary, type SummaryFailure } from '../explore/summary.ts';
import { wallIsoDate, wallNowMs } from '../wall-clock.ts';
import { addScenarioOptions } from './run.ts';
import { writeExploreReports } from './explore-reports.ts';
import { UsageError, type Io } from './errors.ts';
import { writableDir } from './out-path.ts';

export interface ExploreCliOptions extends ScenarioCliOptions {
  seeds?: string;
  maxFailures?: string;
  workers?: string;
  shard?: string;
  out?: string;
  json?: boolean;
  checkDeterminism?: boolean;
  progress?: boolean;
  /** false with --no-summary: a shard writes no summary file (worker children). */
  summary?: boolean;
  /** false with --no-report: no HTML reports beside the records, no summary page. */
  report?: boolean;
  strategy?: string;
  corpus?: string;
}

/** The options that shape each seed's scenario: shards of one sweep must agree on them. */
function sweepSettings(options: ExploreCliOptions): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const key of ['nodes', 'ops', 'clients', 'keys', 'durationMs', 'faults', 'requestTimeoutMs', 'maxFailures', 'strategy'] as const) {
    const value = options[key];
    if (typeof value === 'string') settings[key] = value;
  }
  if (options.checkDeterminism) settings.checkDeterminism = 'true';
  return settings;
}

export const exploreOutDirDefault = 'histories';
/** Worker processes one explore may start (a bound). */
export const workersMax = 64;

const entry = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));

/** The command line of one worker: the same sweep, shard `index`/`count`, JSON out. */
function workerArgs(options: ExploreCliOptions, index: number, count: number): string[] {
  const args = ['explore', '--seeds', options.seeds as string, '--shard', `${index}/${count}`, '--strategy', 'swarm', '--json', '--no-summary', '--no-report', '--out', options.out ?? exploreOutDirDefault];
  const pass: [keyof ExploreCliOptions, string][] = [
    ['impl', '--impl'],
    ['bug', '--bug'],
    ['nodes', '--nodes'],
    ['ops', '--ops'],
    ['clients', '--clients'],
    ['keys', '--keys'],
    ['durationMs', '--duration-ms'],
    ['faults', '--faults'],
    ['requestTimeoutMs', '--request-timeout-ms'],
    ['maxFailures', '--max-failures'],
  ];
  for (const [key, flag] of pass) {
    const value = options[key];
    if (typeof value === 'string') args.push(flag, value);
  }
  if (options.checkDeterminism) args.push('--check-determinism');
  return args;
}

interface WorkerJson {
  seedsRun: number;
  failures: SummaryFailure[];
}

function runWorker(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolvePromise({ code, out, err }));
  });
}

/**
 * `--workers K`: K child processes, each sweeping shard j/K of the range (the same seeds
 * a single process would run, split by index), results merged in seed order. With
 * --max-failures N each worker stops after N of its own failures; the first N of the
 * merged list are then exactly the first N one process would find (each of them is among
 * the first N of its shard), and the records of the rest are removed, so the outcome is
 * the same for any K.
 */
async function exploreWithWorkers(options: ExploreCliOptions, workers: number, io: Io): Promise<number> {
  const startMs = wallNowMs();
  if (!options.json) io.stdout(`explore ${options.impl}${options.bug ? ` (bug: ${options.bug})` : ''} · seeds ${options.seeds} · ${workers} worker processes`);
  // No line per worker: a worker that fails is one line below, and the rest is the summary.
  const results = await Promise.all(Array.from({ length: workers }, (_, j) => runWorker(workerArgs(options, j + 1, workers))));
  let seedsRun = 0;
  const failures: SummaryFailure[] = [];
  for (const [j, r] of results.entries()) {
    if (r.code !== 0 && r.code !== 1) throw new UsageError(`worker ${j + 1}/${workers} failed (exit ${r.code}): ${r.err.trim().split('\n')[0] ?? ''}`);
    const json = JSON.parse(r.out) as WorkerJson;
    seedsRun += json.seedsRun;
    failures.push(...json.failures);
  }
  failures.sort((a, b) => a.seed - b.seed);
  const maxFailures = parseIntOption('--max-failures', options.maxFailures, 1, Number.MAX_SAFE_INTEGER);
  if (maxFailures !== undefined && failures.length > maxFailures) {
    for (const extra of failures.splice(maxFailures)) if (extra.record !== null) unlinkSync(extra.record);
    // Seeds after the last kept failure count as not run, as in one process that stopped there.
    const lastSeed = (failures.at(-1) as SummaryFailure).seed;
    const range = parseSeedRange(options.seeds as string);
    if (range.type === 'ok') seedsRun = shardSeeds(range.value).filter((s) => s <= lastSeed).length;
  }
  const wallMs = wallNowMs() - startMs;
  const seedsPerSec = wallMs > 0 ? (seedsRun * 1000) / wallMs : 0;
  let reportPage: string | undefined;
  if (options.report !== false && !options.json) {
    const { template } = await scenarioTemplate(options);
    const range = parseSeedRange(options.seeds as string);
    const first = range.type === 'ok' ? shardSeeds(range.value)[0] : undefined;
    reportPage = await writeExploreReports(
      {
        outDir: options.out ?? exploreOutDirDefault,
        impl: template.impl,
        label: `explore ${implLabel(template.impl, template.bug)} · seeds ${options.seeds}`,
        seedsRun,
        failures,
        firstScenario: first === undefined ? undefined : buildScenario({ ...template, seed: first }),
      },
    );
  }
  if (options.json) {
    io.stdout(JSON.stringify({ impl: options.impl, bug: options.bug ?? null, seeds: options.seeds, workers, seedsRun, failures, wallMs: Math.round(wallMs), seedsPerSec: Number(seedsPerSec.toFixed(2)) }));
  } else {
    for (const f of failures) {
      const read = f.record === null ? undefined : readRecordFile(f.record);
      if (read?.type === 'ok') io.stdout(formatFailure(scenarioOfRecord(read.record), read.record.violations, read.record.traceHash, f.record ?? undefined));
      else io.stdout(`✗ seed ${f.seed} · ${f.violations[0]?.checker}: ${f.violations[0]?.message}`);
    }
    io.stdout(`${failures.length === 0 ? '✓' : '✗'} ${groupDigits(seedsRun)} seeds · ${failures.length} failed · ${seedsPerSec.toFixed(1)} seeds/s · ${(wallMs / 1000).toFixed(1)} s · ${workers} workers`);
    if (reportPage !== undefined) io.stdout(`  report: ${reportPage}`);
  }
  return failures.length === 0 ? 0 : 1;
}

/** The strategy `explore` uses when --strategy is not given. */
export const exploreStrategyDefault: ExploreStrategy = 'swarm';

function parseStrategy(text: string | undefined): ExploreStrategy {
  if (text === undefined) return exploreStrategyDefault;
  const t = text.trim();
  if (!(exploreStrategies as readonly string[]).includes(t)) throw new UsageError(`--strategy must be ${exploreStrategies.join(' or ')}, got "${text}"`);
  return t as ExploreStrategy;
}

/** What a guided campaign of this command explores with, and what names it. */
function guidedSettings(options: ExploreCliOptions, template: Omit<ScenarioParams, 'seed'>, algorithm: Algorithm, shardText: string | undefined, corpus: Corpus | undefined): GuidedSettings {
  const selection = template.faults ?? { type: 'swarm' };
  const pool = selection.type === 'swarm' ? swarmKinds : selection.type === 'list' ? selection.kinds : [];
  const nodesRange = template.nodes === undefined ? algorithm.defaults?.nodesRange : undefined;
  const label = JSON.stringify([template.impl, template.bug ?? null, options.seeds, shardText ?? null, sweepSettings(options)]);
  return { pool, nodesRange, label, ...(corpus !== undefined ? { corpus } : {}) };
}

export async function exploreCommand(options: ExploreCliOptions, io: Io): Promise<number> {
  if (options.seeds === undefined) throw new UsageError('--seeds A..B is required');
  const seedsText = options.seeds;
  const range = parseSeedRange(seedsText);
  if (range.type === 'error') throw new UsageError(range.message);
  const shard = options.shard === undefined ? undefined : parseShard(options.shard);
  if (shard?.type === 'error') throw new UsageError(shard.message);
  const workers = parseIntOption('--workers', options.workers, 1, workersMax);
  if (workers !== undefined && workers > 1 && shard !== undefined) throw new UsageError('--workers and --shard do not combine: give one or the other');
  const maxFailures = parseIntOption('--max-failures', options.maxFailures, 1, Number.MAX_SAFE_INTEGER);
  const strategy = parseStrategy(options.strategy);
  options = { ...options, strategy };
  if (options.corpus !== undefined && strategy !== 'guided') throw new UsageError('--corpus needs --strategy guided (a swarm sweep learns nothing to keep)');
  if (options.corpus === '') throw new UsageError('--corpus needs a directory');
  const { algorithm, template } = await scenarioTemplate(options);
  // Before the sweep: a bad --out found after an hour of seeds wastes the hour.
  writableDir('--out', options.out ?? exploreOutDirDefault);
  if (workers !== undefined && workers > 1 && strategy === 'swarm') return exploreWithWorkers(options, workers, io);
  const seeds = shardSeeds(range.value, shard?.value);
  const outDir = options.out ?? exploreOutDirDefault;
  const identity: CorpusIdentity = { impl: template.impl, bug: template.bug ?? null, settings: sweepSettings(options) };
  let corpus: Corpus | undefined;
  if (options.corpus !== undefined) {
    const loaded = loadCorpus(options.corpus, identity);
    if (loaded.type === 'error') throw new UsageError(loaded.message);
    corpus = loaded.corpus;
  }
  const label = `explore ${implLabel(template.impl, template.bug)}`;
  const faults = formatFaultSelection(template.faults ?? { type: 'swarm' });
  if (!options.json) {
    const nodes = describeNodes(algorithm, template.nodes);
    const resumed = corpus !== undefined ? ` · corpus of ${groupDigits(corpus.entries.length)} runs from ${options.corpus}` : '';
    io.stdout(
      `${label} · seeds ${options.seeds}${shard ? ` shard ${options.shard} (${seeds.length} seeds)` : ''} · ${strategy}${workers !== undefined && workers > 1 ? ` · ${workers} worker processes` : ''} · faults ${faults} · ${nodes} nodes${algorithm.workload ? ` · ${template.ops ?? 200} ops` : ''}${options.checkDeterminism ? ' · determinism check' : ''}${resumed}`,
    );
  }
  const useBar = !options.json && io.isTty === true && process.stderr.isTTY === true && options.progress !== false;
  const progress = options.json ? silentProgress() : createProgress(io, label, seeds.length, wallNowMs, { bar: useBar });
  const params: ExploreParams = {
    algorithm,
    seeds,
    scenarioOf: (seed) => buildScenario({ ...template, seed }),
    strategy,
    maxFailures,
    outDir,
    checkDeterminism: options.checkDeterminism === true,
    nowMs: wallNowMs,
    createdAt: wallIsoDate,
    onProgress: (p) => {
      if (p.failure) progress.print(formatFailure(p.failure.scenario, p.failure.violations, p.failure.traceHash, p.failure.record, p.failure.origin));
      progress.update(p);
    },
  };
  if (strategy === 'guided') params.guided = guidedSettings(options, template, algorithm, shard === undefined ? undefined : options.shard, corpus);
  let result: ExploreResult;
  if (strategy === 'guided' && workers !== undefined && workers > 1) {
    const pool = new RunPool(workers, workerCommandArgs(options));
    try {
      result = await exploreWith(params, (batch) => pool.runBatch(batch));
      await pool.close();
    } catch (error) {
      pool.kill();
      progress.stop();
      throw error;
    }
  } else {
    // Runs are made in a thread with a heap limit of its own, one after the other; each
    // run's late work (promise continuations node code left) runs before its verdict.
    const runner = new IsolatedRunner(template.impl, { heapMb: heapMbFromEnv(), checkDeterminism: options.checkDeterminism === true });
    try {
      result = await exploreWith(params, async (batch) => {
        const outcomes: RunOutcome[] = [];
        for (const planned of batch) outcomes.push(await runner.run(planned.scenario));
        return outcomes;
      });
    } finally {
      await runner.close();
    }
  }
  progress.stop();
  let corpusFile: string | undefined;
  if (options.corpus !== undefined && result.campaign !== undefined) corpusFile = saveCorpus(options.corpus, identity, result.campaign.corpus);
  const seedsPerSec = result.wallMs > 0 ? (result.seedsRun * 1000) / result.wallMs : 0;
  const failuresJson: SummaryFailure[] = result.failures.map((f) => ({
    seed: f.seed,
    ...(strategy === 'guided' ? { run: f.run } : {}),
    record: f.record ?? null,
    traceHash: f.traceHash,
    violations: f.violations.map((v) => ({ checker: v.checker, message: v.message })),
  }));
  let reportPage: string | undefined;
  if (options.report !== false && !options.json && shard === undefined) {
    const first = seeds[0];
    reportPage = await writeExploreReports({
      outDir,
      impl: template.impl,
      label: `${label} · seeds ${options.seeds} · ${strategy}`,
      seedsRun: result.seedsRun,
      failures: failuresJson,
      firstScenario: first === undefined ? undefined : buildScenario({ ...template, seed: first }),
      coverage: { strategy, growth: result.coverage.growth },
    });
  }
  if (shard !== undefined && options.summary !== false) {
    writeSummary(outDir, {
      format: summaryFormat,
      version: summaryVersion,
      impl: template.impl,
      bug: template.bug ?? null,
      seeds: seedsText,
      settings: sweepSettings(options),
      shard: shard.value,
      seedsRun: result.seedsRun,
      failures: failuresJson,
      stoppedEarly: result.stoppedEarly,
      wallMs: Math.round(result.wallMs),
    });
  }
  if (options.json) {
    io.stdout(
      JSON.stringify({
        impl: template.impl,
        bug: template.bug ?? null,
        seeds: options.seeds,
        ...(shard ? { shard: options.shard } : {}),
        strategy,
        seedsRun: result.seedsRun,
        freshSeeds: result.freshSeeds,
        failures: failuresJson,
        coveragePoints: result.coverage.points,
        ...(corpusFile !== undefined ? { corpus: corpusFile, corpusEntries: result.campaign?.corpus.entries.length ?? 0 } : {}),
        wallMs: Math.round(result.wallMs),
        seedsPerSec: Number(seedsPerSec.toFixed(2)),
      }),
    );
  } else {
    const stopped = result.stoppedEarly ? ` (stopped at --max-failures ${maxFailures})` : '';
    const guided = strategy === 'guided';
    const runs = guided ? `${groupDigits(result.seedsRun)} runs (${groupDigits(result.freshSeeds)} fresh seeds)` : `${groupDigits(result.seedsRun)} seeds`;
    io.stdout(
      `${result.failures.length === 0 ? '✓' : '✗'} ${runs} · ${result.failures.length} failed${stopped} · ${groupDigits(result.coverage.points)} coverage points · ${seedsPerSec.toFixed(1)} ${guided ? 'runs' : 'seeds'}/s · ${(result.wallMs / 1000).toFixed(1)} s`,
    );
    if (corpusFile !== undefined) io.stdout(`  corpus: ${groupDigits(result.campaign?.corpus.entries.length ?? 0)} runs kept in ${corpusFile}`);
    if (reportPage !== undefined) io.stdout(`  report: ${reportPage}`);
  }
  return result.failures.length === 0 ? 0 : 1;
}

/** The arguments a guided worker process gets: the algorithm and what each run checks. */
function workerCommandArgs(options: ExploreCliOptions): string[] {
  const args = ['--impl', options.impl as string];
  if (options.checkDeterminism) args.push('--check-determinism');
  return args;
}

export function registerExploreCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  const command = program.command('explore').description('seed sweep; each failure saved as a record; exit 0 none failed, 1 some failed');
  addScenarioOptions(command)
    .addOption(new Option('--seeds <A..B>', 'seed range, inclusive (or one seed N); guided: as many runs, fresh seeds taken from it in order'))
    .addOption(new Option('--strategy <s>', `swarm: the scenario of every seed; guided: coverage-guided mutants of the runs that reached new coverage (default ${exploreStrategyDefault})`))
    .addOption(new Option('--corpus <dir>', 'guided: resume the corpus saved in this directory and save it back (a nightly job keeps it)'))
    .addOption(new Option('--max-failures <n>', 'stop after this many failures'))
    .addOption(new Option('--out <dir>', 'where failure records go').default(exploreOutDirDefault))
    .addOption(new Option('--shard <I/N>', 'take only the seeds whose index in the range is I-1 mod N'))
    .addOption(new Option('--workers <k>', 'worker processes (swarm: each sweeps one shard; guided: each runs a share of every epoch)'))
    .addOption(new Option('--check-determinism', 'run every seed twice and compare trace hashes'))
    .addOption(new Option('--no-progress', 'plain progress lines even on a terminal'))
    .addOption(new Option('--no-report', 'no HTML report beside each record and no summary page (index.html) in --out'))
    .addOption(new Option('--no-summary', 'with --shard: do not write explore-summary-shard-I-of-N.json into --out').hideHelp())
    .addOption(new Option('--json', 'one JSON object on stdout'))
    .action(async (opts: ExploreCliOptions) => setExit(await exploreCommand(opts, io)));
  program
    .command('explore-worker', { hidden: true })
    .description('a guided explore worker: scenarios in on stdin, checked outcomes out on stdout, one JSON line each')
    .addOption(new Option('--impl <name>', 'algorithm name or module path'))
    .addOption(new Option('--check-determinism', 'run every scenario twice and compare trace hashes'))
    .action(async (opts: { impl?: string; checkDeterminism?: boolean }) => {
      if (opts.impl === undefined) throw new UsageError('explore-worker: --impl is required');
      await resolveAlgorithm(opts.impl);
      setExit(await exploreWorkerCommand(opts.impl, { checkDeterminism: opts.checkDeterminism === true }, io));
    });
}
