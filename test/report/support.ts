// Records for the report tests: the first failing seed at or after a start seed
// (FAULTLINE_SEED when set), made by running a real scenario and saving what it showed.

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
