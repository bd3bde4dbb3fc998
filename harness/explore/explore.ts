// The explore loop: a sweep of runs, every checker on each, each failure saved as a record.
// Two strategies: `swarm` runs the scenario of every seed of the range, one after the
// other; `guided` runs a coverage-guided campaign of as many runs (harness/explore/guided),
// fresh seeds of the range among mutants of the runs that reached new coverage. Both
// collect each run's coverage, so a sweep can draw how coverage grew. Wall time enters
// only through the injected `nowMs` (the CLI passes the real clock), so this module stays
// free of real time like the rest of the harness.

import { assert } from '../assert.ts';
import type { Algorithm, Violation } from '../types.ts';
import { makeRecord, type FailureRecord } from '../record/record.ts';
import { writeRecordInDir } from '../record/write.ts';
import { runScenario, verdictOf, type RunOutcome, type Scenario } from '../scenario/scenario.ts';
import type { FaultKind } from '../scenario/nemesis.ts';
import { checkDeterminism, checkedRun, sampledForDeterminism } from './determinism.ts';
import { CoverageGrowth, type GrowthSample } from './growth.ts';
import { GuidedCampaign, type PlannedRun, type RunOrigin } from './guided/campaign.ts';
import type { Corpus } from './guided/corpus.ts';

export type ExploreStrategy = 'swarm' | 'guided';
export const exploreStrategies: readonly ExploreStrategy[] = ['swarm', 'guided'];

export interface ExploreFailure {
  seed: number;
  /** 0-based number of the run in the sweep (for swarm, the seed's index in the range). */
  run: number;
  /** Where the record was saved, if it was. */
  record: string | undefined;
  violations: Violation[];
  scenario: Scenario;
  traceHash: string;
  /** How a guided run was made; undefined for swarm. */
  origin?: RunOrigin;
}

export interface ExploreProgress {
  done: number;
  total: number;
  failures: number;
  seed: number;
  /** Coverage points reached so far. */
  points: number;
  /** Set when this run failed. */
  failure?: ExploreFailure;
}

/** What a guided campaign needs beyond the swarm's scenario of a seed. */
export interface GuidedSettings {
  /** Fault kinds mutations may add. */
  pool: readonly FaultKind[];
  /** Cluster sizes mutations may move between; undefined when --nodes fixes the size. */
  nodesRange: readonly [number, number] | undefined;
  /** Names the campaign's stream (impl, bug, range, options): the same label, the same runs. */
  label: string;
  /** A corpus to resume from and grow (`--corpus DIR`). */
  corpus?: Corpus;
  epochRuns?: number;
}

export interface ExploreParams {
  algorithm: Algorithm;
  /** The range's seeds: every one of them for swarm; the fresh seeds, in order, for guided. */
  seeds: readonly number[];
  /** The scenario of one seed (buildScenario with the command's settings). */
  scenarioOf: (seed: number) => Scenario;
  /** `swarm` (default) or `guided`. */
  strategy?: ExploreStrategy;
  /** Required for guided. */
  guided?: GuidedSettings;
  /** Stop after this many failures; undefined sweeps every seed. */
  maxFailures?: number | undefined;
  /** Directory failures are saved in; undefined saves nothing. */
  outDir?: string | undefined;
  /** Run every seed twice and compare traces. */
  checkDeterminism?: boolean;
  /** Wall clock for throughput figures (injected: harness code never reads real time). */
  nowMs: () => number;
  /** `createdAt` stamp for saved records (the CLI edge's clock), if any. */
  createdAt?: (() => string) | undefined;
  onProgress?: (progress: ExploreProgress) => void;
}

export interface ExploreResult {
  strategy: ExploreStrategy;
  failures: ExploreFailure[];
  /** Runs made (for swarm, seeds swept). */
  seedsRun: number;
  /** Fresh seeds of the range used (swarm: every run; guided: the fresh runs). */
  freshSeeds: number;
  wallMs: number;
  /** True when the sweep stopped early at maxFailures. */
  stoppedEarly: boolean;
  /** Coverage points over the sweep and how they grew. */
  coverage: { points: number; growth: GrowthSample[] };
  /** The guided campaign, when that was the strategy (its corpus, operator statistics). */
  campaign?: GuidedCampaign;
}

/** One run's outcome, checked (compared with a second run under --check-determinism, and for a sampled seed); what both strategies and the worker processes do per run. */
export function runChecked(scenario: Scenario, algorithm: Algorithm, options: { checkDeterminism?: boolean; progress?: Int32Array }): RunOutcome {
  const runOptions = { coverage: true, ...(options.progress !== undefined ? { progress: options.progress } : {}) };
  if (!options.checkDeterminism && !sampledForDeterminism(scenario.seed)) {
    const outcome = runScenario(scenario, algorithm, runOptions);
    outcome.verdict = verdictOf(outcome.violations);
    return outcome;
  }
  // The run itself keeps its trace, so a mismatch can be named even when only this first run differs.
  const { outcome, run } = checkedRun(scenario, algorithm, runOptions);
  delete outcome.trace; // kept for the comparison, not for the record
  const check = checkDeterminism(scenario, algorithm, run);
  if (check.type === 'mismatch') outcome.violations = [...outcome.violations, { checker: 'determinism', message: check.message, timeMs: 0 }];
  outcome.verdict = verdictOf(outcome.violations);
  return outcome;
}

/** One batch of runs a sweep wants made: a swarm seed, or a guided epoch. */
export type RunBatch = readonly PlannedRunLike[];
type PlannedRunLike = Pick<PlannedRun, 'run' | 'scenario'> & { origin?: RunOrigin };

/**
 * The sweep as a generator: it yields the batches of runs it wants made and takes their
 * outcomes (in the batch's order), so one logic serves the in-process loop, the loop that
 * lets each run's late work settle (the CLI) and the worker pool. Returns the result.
 */
export function* sweepSteps(params: ExploreParams): Generator<RunBatch, ExploreResult, readonly RunOutcome[]> {
  assert(params.maxFailures === undefined || (Number.isInteger(params.maxFailures) && params.maxFailures >= 1), 'maxFailures must be a positive integer');
  const strategy = params.strategy ?? 'swarm';
  const startMs = params.nowMs();
  const sweep = new SweepState(params);
  if (strategy === 'swarm') {
    for (const [run, seed] of params.seeds.entries()) {
      if (sweep.full()) break;
      const planned = { run, scenario: params.scenarioOf(seed) };
      const [outcome] = yield [planned];
      sweep.take(planned, outcome as RunOutcome);
    }
    return sweep.result(strategy, params.seeds.length, params.nowMs() - startMs, sweep.runs);
  }
  assert(params.guided !== undefined, 'explore: the guided strategy needs its settings');
  const campaign = newCampaign(params, params.guided);
  while (!campaign.done && !sweep.full()) {
    const epoch = campaign.nextEpoch();
    const outcomes = yield epoch;
    const reports = [];
    for (const [i, planned] of epoch.entries()) {
      if (sweep.full()) break;
      const outcome = outcomes[i];
      assert(outcome !== undefined, `sweep: no outcome for run ${planned.run}`);
      sweep.take(planned, outcome);
      reports.push({ run: planned.run, failed: outcome.violations.length > 0, coverage: outcome.coverage });
    }
    campaign.absorb(reports);
  }
  return { ...sweep.result(strategy, params.seeds.length, params.nowMs() - startMs, campaign.freshUsed), campaign };
}

/** The sweep in this process, run by run (the vitest API and tests; the CLI uses exploreSettled). */
export function explore(params: ExploreParams): ExploreResult {
  const steps = sweepSteps(params);
  let step = steps.next();
  while (!step.done) {
    const batch = step.value;
    const outcomes: RunOutcome[] = [];
    for (const planned of batch) outcomes.push(runChecked(planned.scenario, params.algorithm, params));
    step = steps.next(outcomes);
  }
  return step.value;
}

/**
 * The sweep with each batch made by `runBatch` (a worker pool, or runs in this process
 * that wait for their late work to settle): the same runs, failures and records.
 */
export async function exploreWith(params: ExploreParams, runBatch: (batch: RunBatch) => Promise<readonly RunOutcome[]>): Promise<ExploreResult> {
  const steps = sweepSteps(params);
  let step = steps.next();
  while (!step.done) step = steps.next(await runBatch(step.value));
  return step.value;
}

export function newCampaign(params: Pick<ExploreParams, 'seeds' | 'scenarioOf'>, guided: GuidedSettings): GuidedCampaign {
  return new GuidedCampaign({
    seeds: params.seeds,
    runs: params.seeds.length,
    scenarioOf: params.scenarioOf,
    pool: guided.pool,
    nodesRange: guided.nodesRange,
    label: guided.label,
    ...(guided.corpus !== undefined ? { corpus: guided.corpus } : {}),
    ...(guided.epochRuns !== undefined ? { epochRuns: guided.epochRuns } : {}),
  });
}

/**
 * What a sweep has found so far, fed one run at a time in run order: failures (saved as
 * records as they come), coverage growth, progress. The in-process loop and the worker
 * pool (harness/cli/explore-pool.ts) both feed it, so they report the same things.
 */
export class SweepState {
  readonly failures: ExploreFailure[] = [];
  runs = 0;
  private readonly growth = new CoverageGrowth();

  constructor(private readonly params: Pick<ExploreParams, 'maxFailures' | 'outDir' | 'createdAt' | 'onProgress' | 'seeds'>) {}

  /** Whether maxFailures is reached: later runs are not taken. */
  full(): boolean {
    return this.params.maxFailures !== undefined && this.failures.length >= this.params.maxFailures;
  }

  take(planned: Pick<PlannedRun, 'run' | 'scenario'> & { origin?: RunOrigin }, outcome: RunOutcome): ExploreFailure | undefined {
    assert(!this.full(), 'sweep: a run taken after maxFailures');
    this.runs++;
    this.growth.add(outcome.coverage?.points ?? []);
    let failure: ExploreFailure | undefined;
    if (outcome.violations.length > 0) {
      const record = this.params.outDir === undefined ? undefined : this.save(planned, outcome);
      failure = { seed: planned.scenario.seed, run: planned.run, record, violations: outcome.violations, scenario: planned.scenario, traceHash: outcome.traceHash };
      if (planned.origin !== undefined) failure.origin = planned.origin;
      this.failures.push(failure);
    }
    this.params.onProgress?.({
      done: this.runs,
      total: this.params.seeds.length,
      failures: this.failures.length,
      seed: planned.scenario.seed,
      points: this.growth.points,
      ...(failure ? { failure } : {}),
    });
    return failure;
  }

  private save(planned: Pick<PlannedRun, 'run' | 'scenario'> & { origin?: RunOrigin }, outcome: RunOutcome): string {
    const origin: NonNullable<FailureRecord['origin']> = { command: 'explore' };
    if (planned.origin !== undefined) {
      origin.strategy = 'guided';
      origin.run = planned.run;
      if (planned.origin.type === 'mutant') origin.from = `run mutated from seed ${planned.origin.parentSeed}: ${planned.origin.description}`;
    }
    const extra: { createdAt?: string; origin: FailureRecord['origin'] } = { origin };
    if (this.params.createdAt) extra.createdAt = this.params.createdAt();
    return writeRecordInDir(this.params.outDir as string, makeRecord(planned.scenario, outcome, extra));
  }

  result(strategy: ExploreStrategy, total: number, wallMs: number, freshSeeds: number): ExploreResult {
    return {
      strategy,
      failures: this.failures,
      seedsRun: this.runs,
      freshSeeds: Math.min(freshSeeds, this.runs),
      wallMs,
      stoppedEarly: this.full() && this.runs < total,
      coverage: { points: this.growth.points, growth: this.growth.samples() },
    };
  }
}
