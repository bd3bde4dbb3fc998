// Connects a workload to the checker that judges its history: the kv workload is judged
// for linearizability per key with the `kv` model. The verdict of the last check is kept
// so reports can draw a failing partition, and `unknown` (step budget spent) is surfaced
// without being called a violation.

import { checkLinearizability, models, type LinearizabilityResult } from '../checkers/linearizability/index.ts';
import type { History, Violation, WorkloadName } from './types.ts';

/** Model steps one run's history may take before the verdict is `unknown`. */
export const historyCheckStepsMax = 5_000_000;

export interface HistoryJudge {
  (history: History, timeMs: number): Violation[];
  /** The full result of the most recent check, for reports. */
  last?: LinearizabilityResult;
}

export function historyJudgeFor(workload: WorkloadName | undefined, budget = historyCheckStepsMax): HistoryJudge | undefined {
  if (workload === undefined) return undefined;
  const model = models[workload];
  if (model === undefined) return undefined;
  const judge: HistoryJudge = (history, timeMs) => {
    const result = checkLinearizability(history, model, { budget, source: 'history' });
    judge.last = result;
    if (result.verdict !== 'not_linearizable') return [];
    return result.partitions.map((p) => ({
      checker: 'linearizability',
      message: `history not linearizable${p.key !== null ? ` on key ${JSON.stringify(p.key)}` : ''}: ${p.explanation}`,
      timeMs: p.blocking.returnTime ?? timeMs,
      details: p,
    }));
  };
  return judge;
}
