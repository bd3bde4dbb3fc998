// Shrinking a failing scenario while the same checker still fails: delta debugging
// (Zeller's ddmin) over the explicit fault plan, the client slots and the operations,
// then shortening the fault phase and each fault window. Every candidate is a full,
// deterministic run, so the result replays exactly; a run budget bounds the work.

import { assert } from '../assert.ts';
import type { Algorithm } from '../types.ts';
import { faultEndMs, type FaultEvent } from '../scenario/fault-plan.ts';
import { runScenario, scenarioOpCount, type RunOutcome, type Scenario } from '../scenario/scenario.ts';
import type { WorkloadStep } from '../scenario/workload.ts';

/** Runs one shrink may spend (a bound, STYLE.md). */
export const shrinkRunsMaxDefault = 400;
/** Halvings tried per fault window before moving on. */
const windowHalvingsMax = 8;

export interface ScenarioSize {
  faults: number;
  clients: number;
  ops: number;
  durationMs: number;
  /** Sum of all fault windows, ms. */
  faultMs: number;
}

export function scenarioSize(scenario: Scenario): ScenarioSize {
  return {
    faults: scenario.faultPlan.length,
    clients: scenario.workload?.slots.length ?? 0,
    ops: scenarioOpCount(scenario),
    durationMs: scenario.options.durationMs,
    faultMs: scenario.faultPlan.reduce((sum, e) => sum + e.durationMs, 0),
  };
}

export function formatSize(size: ScenarioSize): string {
  return `${size.faults} faults (${size.faultMs} ms), ${size.clients} clients, ${size.ops} ops, ${size.durationMs} ms`;
}

export interface ShrinkResult {
  scenario: Scenario;
  outcome: RunOutcome;
  runs: number;
  before: ScenarioSize;
  after: ScenarioSize;
  /** The checker that had to keep failing. */
  checker: string;
  /** True when the run budget ran out before every pass finished. */
  budgetExhausted: boolean;
}

/**
 * ddmin: a 1-minimal subset of `items` for which `fails` still holds (assumed true of
 * `items` itself). Tries complements and subsets at doubling granularity.
 */
export function ddmin<T>(items: readonly T[], fails: (subset: T[]) => boolean): T[] {
  return finish(
    ddminSteps(items, function* (subset): Generator<never, boolean, unknown> {
      return fails(subset);
    }),
  );
}

/** Runs a generator that never yields to its end. */
function finish<R>(steps: Generator<never, R, unknown>): R {
  const next = steps.next();
  assert(next.done === true, 'finish: the steps yielded');
  return next.value;
}

/** ddmin whose test is itself a step generator (a candidate run yielded to whoever makes it). */
function* ddminSteps<T, Y, N>(items: readonly T[], fails: (subset: T[]) => Generator<Y, boolean, N>): Generator<Y, T[], N> {
  let current = items.slice();
  let n = 2;
  while (current.length >= 2) {
    const chunkSize = Math.ceil(current.length / n);
    const chunks: T[][] = [];
    for (let i = 0; i < current.length; i += chunkSize) chunks.push(current.slice(i, i + chunkSize));
    let reduced = false;
    for (const chunk of chunks) {
      if (chunk.length < current.length && (yield* fails(chunk))) {
        current = chunk;
        n = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      for (let i = 0; i < chunks.length; i++) {
        const complement = chunks.filter((_, j) => j !== i).flat();
        if (complement.length < current.length && (yield* fails(complement))) {
          current = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      if (n >= current.length) break;
      n = Math.min(current.length, n * 2);
    }
  }
  // The empty set is the last thing worth trying.
  if (current.length === 1 && (yield* fails([]))) return [];
  return current;
}

export interface ShrinkOptions {
  /** The checker that must keep failing; default: the first violation's checker. */
  checker?: string;
  runsMax?: number;
  /** Called after every run that kept the failure (for progress output). */
  onProgress?: (size: ScenarioSize, runs: number) => void;
  /** Passed to each run: where it is, for a supervisor in another thread (harness/cli/isolated-runner.ts). */
  progress?: Int32Array;
}

/**
 * The shrink as a generator: it yields each run it wants made (the original first, then
 * each candidate) and takes its outcome, so one search serves the synchronous driver
 * below and the CLI's run thread, which lets each run's late work settle first.
 */
export function* shrinkSteps(original: Scenario, options: Omit<ShrinkOptions, 'progress'> = {}): Generator<Scenario, ShrinkResult, RunOutcome> {
  const runsMax = options.runsMax ?? shrinkRunsMaxDefault;
  let runs = 1;
  const first: RunOutcome = yield original;
  const checker = options.checker ?? first.violations[0]?.checker;
  assert(checker !== undefined, 'shrink: the scenario does not fail; nothing to shrink');
  assert(first.violations.some((v) => v.checker === checker), `shrink: the scenario does not fail checker ${checker}`);
  let best = { scenario: original, outcome: first };
  let budgetExhausted = false;

  /** Runs `candidate`; keeps it as the best when it still fails the checker. */
  function* tryCandidate(candidate: Scenario): Generator<Scenario, boolean, RunOutcome> {
    if (runs >= runsMax) {
      budgetExhausted = true;
      return false;
    }
    runs++;
    const outcome: RunOutcome = yield candidate;
    if (!outcome.violations.some((v) => v.checker === checker)) return false;
    best = { scenario: candidate, outcome };
    options.onProgress?.(scenarioSize(candidate), runs);
    return true;
  }

  const withPlan = (s: Scenario, plan: FaultEvent[]): Scenario => ({ ...s, faultPlan: plan });
  const withSlots = (s: Scenario, slots: { steps: WorkloadStep[] }[]): Scenario => {
    assert(s.workload !== undefined, 'shrink: no workload');
    return { ...s, workload: { ...s.workload, slots } };
  };

  // 1. Fewer faults.
  yield* ddminSteps(best.scenario.faultPlan, (plan) => tryCandidate(withPlan(best.scenario, plan)));

  if (best.scenario.workload !== undefined) {
    // 2. Fewer clients: drop whole slots (at least one stays).
    const slots = best.scenario.workload.slots.map((slot, k) => ({ slot, k }));
    yield* ddminSteps(slots, function* (subset) {
      return subset.length > 0 && (yield* tryCandidate(withSlots(best.scenario, subset.map((s) => s.slot))));
    });
    // 3. Fewer operations: ddmin over every (slot, step).
    const current = best.scenario;
    const flat = (current.workload?.slots ?? []).flatMap((slot, k) => slot.steps.map((step, i) => ({ k, i, step })));
    yield* ddminSteps(flat, (subset) => {
      const slotsOut = (current.workload?.slots ?? []).map(() => ({ steps: [] as WorkloadStep[] }));
      for (const { k, step } of subset) slotsOut[k]?.steps.push(step);
      return tryCandidate(withSlots(current, slotsOut));
    });
  }

  // 4. Earlier faults (so the run can end sooner): halve each window's start while it fails.
  for (let i = 0; i < best.scenario.faultPlan.length; i++) {
    for (let attempt = 0; attempt < windowHalvingsMax; attempt++) {
      const plan = best.scenario.faultPlan;
      const event = plan[i] as FaultEvent;
      const earlier = Math.floor(event.atMs / 2);
      if (earlier === event.atMs) break;
      const next = plan.slice();
      next[i] = { ...event, atMs: earlier };
      if (!(yield* tryCandidate(withPlan(best.scenario, next)))) break;
    }
  }

  // 5. A shorter fault phase: halve while it fails, then never shorter than what still fails.
  for (let attempt = 0; attempt < windowHalvingsMax; attempt++) {
    const s = best.scenario;
    const lastFaultEndMs = s.faultPlan.reduce((m, e) => Math.max(m, faultEndMs(e)), 0);
    const target = Math.max(lastFaultEndMs, Math.floor(s.options.durationMs / 2));
    if (target >= s.options.durationMs) break;
    if (!(yield* tryCandidate({ ...s, options: { ...s.options, durationMs: target } }))) {
      // Halving went too far; try just past the last fault window once.
      if (lastFaultEndMs < s.options.durationMs && lastFaultEndMs !== target) yield* tryCandidate({ ...s, options: { ...s.options, durationMs: lastFaultEndMs } });
      break;
    }
  }

  // 6. Shorter fault windows.
  for (let i = 0; i < best.scenario.faultPlan.length; i++) {
    for (let attempt = 0; attempt < windowHalvingsMax; attempt++) {
      const plan = best.scenario.faultPlan;
      const event = plan[i] as FaultEvent;
      const shorter = Math.floor(event.durationMs / 2);
      if (shorter === event.durationMs) break;
      const next = plan.slice();
      next[i] = { ...event, durationMs: shorter };
      if (!(yield* tryCandidate(withPlan(best.scenario, next)))) break;
    }
  }

  return {
    scenario: best.scenario,
    outcome: best.outcome,
    runs,
    before: scenarioSize(original),
    after: scenarioSize(best.scenario),
    checker,
    budgetExhausted,
  };
}

/** Shrinks `original`, making each run in this thread, synchronously. */
export function shrinkScenario(original: Scenario, algorithm: Algorithm, options: ShrinkOptions = {}): ShrinkResult {
  const runOptions = options.progress === undefined ? {} : { progress: options.progress };
  const steps = shrinkSteps(original, options);
  let next = steps.next();
  while (next.done !== true) next = steps.next(runScenario(next.value, algorithm, runOptions));
  return next.value;
}
