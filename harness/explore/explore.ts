// The explore loop: one scenario per seed, every checker, each failure saved as a record.
// Wall time enters only through the injected `nowMs` (the CLI passes the real clock), so
// this module stays free of real time like the rest of the harness.

import { assert } from '../assert.ts';
import type { Algorithm, Violation } from '../types.ts';
import { makeRecord, type FailureRecord } from '../record/record.ts';
import { writeRecordInDir } from '../record/write.ts';
import { runScenario, type RunOutcome, type Scenario } from '../scenario/scenario.ts';
import { checkDeterminism } from './determinism.ts';

export interface ExploreFailure {
  seed: number;
  /** Where the record was saved, if it was. */
  record: string | undefined;
  violations: Violation[];
  scenario: Scenario;
  traceHash: string;
}

export interface ExploreProgress {
  done: number;
  total: number;
  failures: number;
  seed: number;
  /** Set when this seed failed. */
  failure?: ExploreFailure;
}

export interface ExploreParams {
  algorithm: Algorithm;
  seeds: readonly number[];
  /** The scenario of one seed (buildScenario with the command's settings). */
  scenarioOf: (seed: number) => Scenario;
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
  failures: ExploreFailure[];
  seedsRun: number;
  wallMs: number;
  /** True when the sweep stopped early at maxFailures. */
  stoppedEarly: boolean;
}

export function explore(params: ExploreParams): ExploreResult {
  assert(params.maxFailures === undefined || (Number.isInteger(params.maxFailures) && params.maxFailures >= 1), 'maxFailures must be a positive integer');
  const startMs = params.nowMs();
  const failures: ExploreFailure[] = [];
  let seedsRun = 0;
  let stoppedEarly = false;
  for (const seed of params.seeds) {
    if (params.maxFailures !== undefined && failures.length >= params.maxFailures) {
      stoppedEarly = true;
      break;
    }
    const scenario = params.scenarioOf(seed);
    const outcome = runScenario(scenario, params.algorithm);
    const violations = outcome.violations.slice();
    if (params.checkDeterminism) {
      const check = checkDeterminism(scenario, params.algorithm, outcome.traceHash);
      if (check.type === 'mismatch') violations.push({ checker: 'determinism', message: check.message, timeMs: 0 });
    }
    seedsRun++;
    let failure: ExploreFailure | undefined;
    if (violations.length > 0) {
      const record = params.outDir === undefined ? undefined : saveFailure(params, scenario, { ...outcome, violations });
      failure = { seed, record, violations, scenario, traceHash: outcome.traceHash };
      failures.push(failure);
    }
    params.onProgress?.({ done: seedsRun, total: params.seeds.length, failures: failures.length, seed, ...(failure ? { failure } : {}) });
  }
  return { failures, seedsRun, wallMs: params.nowMs() - startMs, stoppedEarly };
}

function saveFailure(params: ExploreParams, scenario: Scenario, outcome: RunOutcome): string {
  const extra: { createdAt?: string; origin: FailureRecord['origin'] } = { origin: { command: 'explore' } };
  if (params.createdAt) extra.createdAt = params.createdAt();
  return writeRecordInDir(params.outDir as string, makeRecord(scenario, outcome, extra));
}
