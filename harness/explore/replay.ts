// Replay: re-run a record's scenario (stored options, fault plan and workload; nothing is
// regenerated from the seed) and compare the trace with the recorded one.

import type { Algorithm } from '../types.ts';
import { scenarioOfRecord, type FailureRecord } from '../record/record.ts';
import { runScenario, type RunOutcome } from '../scenario/scenario.ts';

export interface ReplayResult {
  outcome: RunOutcome;
  /** The trace hash equals the recorded one: the very same run. */
  identical: boolean;
  /** The replay fails (or passes) like the record did. */
  sameVerdict: boolean;
}

export function replayRecord(record: FailureRecord, algorithm: Algorithm, options: { recordTrace?: boolean } = {}): ReplayResult {
  const outcome = runScenario(scenarioOfRecord(record), algorithm, options);
  return {
    outcome,
    identical: outcome.traceHash === record.traceHash,
    sameVerdict: (outcome.violations.length > 0) === (record.violations.length > 0),
  };
}
