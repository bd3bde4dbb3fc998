// Inputs for the report tests: the first failing seed at or after a start seed
// (FAULTLINE_SEED when set), made by running a real scenario and saving what it showed;
// and a large generated history with one corrupted read, for size and speed.

import { checkLinearizability, generateKvHistory, models } from '../../checkers/linearizability/index.ts';
import type { ReportInput } from '../../harness/report/build.ts';
import { makeRecord, type FailureRecord } from '../../harness/record/record.ts';
import { buildScenario, runScenario, type ScenarioParams } from '../../harness/scenario/scenario.ts';
import type { Algorithm } from '../../harness/types.ts';

/** Seeds tried before a test gives up looking for a failing one. */
export const failingSeedsTriedMax = 40;

/** The first record at or after `firstSeed` that fails checker `checker` (any checker when absent). */
export function failingRecord(algorithm: Algorithm, params: Omit<ScenarioParams, 'seed' | 'algorithm'>, firstSeed: number, checker?: string): FailureRecord {
  for (let seed = firstSeed; seed < firstSeed + failingSeedsTriedMax; seed++) {
    const scenario = buildScenario({ ...params, algorithm, seed });
    const outcome = runScenario(scenario, algorithm);
    if (outcome.violations.some((v) => checker === undefined || v.checker === checker)) return makeRecord(scenario, outcome, { origin: { command: 'test' } });
  }
  throw new Error(`no failing seed in ${firstSeed}..${firstSeed + failingSeedsTriedMax - 1} for ${params.impl} ${params.bug ?? ''}${checker !== undefined ? ` failing ${checker}` : ''}`);
}

/** A history-only report input: what a 10k-op run's report holds besides its trace. */
export function historyOnlyInput(ops: number, historySeed: number): ReportInput {
  const history = generateKvHistory({ ops, keys: 8, clients: 12, seed: historySeed, infoPerMille: 5, corruptGet: true });
  const model = models.kv;
  if (model === undefined) throw new Error('no kv model');
  const linearizability = checkLinearizability(history, model, { budget: 20_000_000, source: 'generated' });
  const endMs = history[history.length - 1]?.time ?? 1;
  return {
    impl: 'generated',
    seed: historySeed,
    nodeCount: 3,
    faultPhaseEndMs: endMs,
    endMs,
    faultPlan: [{ type: 'crash', atMs: Math.floor(endMs / 3), durationMs: Math.floor(endMs / 10), node: 1 }],
    faultLog: [],
    traceHash: '0123456789abcdef',
    replayIdentical: null,
    violations: [{ checker: 'linearizability', message: 'generated </script><script>alert(1)</script>', timeMs: endMs }],
    history,
    linearizability,
    trace: [],
    states: [[], [], []],
  };
}

