// Checks a whole history: pair events into operations, split them into independent
// partitions, and search the partitions round-robin with a doubling step quantum,
// smallest first, stopping at the first illegal one. A hard-but-legal partition thus
// cannot starve a quick illegal one (Porcupine, run on one partition at a time, spends
// more than 30 s and 10 GB on two partitions of c50-bad before reaching an illegal one).
// The total budget is counted in model steps, so an `unknown` verdict is reproducible.

import type { History } from '../history.ts';
import type { AnyModel, Operation } from '../models/model.ts';
import { pairOperations } from './operations.ts';
import { PartitionSearch } from './search.ts';
import type { LinearizabilityResult, OperationView, PartitionFailure } from './result.ts';

/** Default total budget of model steps for one history (`check-history --budget`). */
export const checkerStepsMax = 20_000_000;
/** Steps each partition gets in the first round-robin round; doubles every round. */
export const checkerQuantumSteps = 4096;

export interface CheckOptions {
  /** Total model steps over all partitions before giving up with `unknown`. */
  budget?: number;
  /** Stop at the first illegal partition (default true); false reports every one. */
  stopAtFirstFailure?: boolean;
  /** Names the history in format errors. */
  source?: string;
  /** Source line of each event, for format errors. */
  lines?: readonly number[];
}

/** Checks a history of events against a model. Throws HistoryFormatError on unpairable events. */
export function checkHistory(history: History, model: AnyModel, options: CheckOptions = {}): LinearizabilityResult {
  const { ops, dropped } = pairOperations(history, model, options.source, options.lines);
  return checkOperations(ops, model, options, dropped);
}

/** Checks already-paired operations. */
export function checkOperations(
  ops: readonly Operation[],
  model: AnyModel,
  options: CheckOptions = {},
  dropped = 0,
): LinearizabilityResult {
  const budget = options.budget ?? checkerStepsMax;
  const stopAtFirstFailure = options.stopAtFirstFailure ?? true;
  const parts = model
    .partition(ops)
    .filter((p) => p.length > 0)
    .map((p, index) => ({ p, index }))
    .sort((a, b) => a.p.length - b.p.length || a.index - b.index)
    .map(({ p }) => p);
  const counts = { ops: ops.length, dropped, partitionCount: parts.length, steps: 0 };
  let active = parts.map((p) => new PartitionSearch(model, p));
  const failed: PartitionSearch[] = [];
  let budgetLeft = budget;
  let quantum = checkerQuantumSteps;
  while (active.length > 0) {
    const stillActive: PartitionSearch[] = [];
    for (const search of active) {
      const allowance = Math.min(quantum, budgetLeft);
      const before = search.steps;
      const status = allowance > 0 ? search.run(allowance) : search.status;
      const spent = search.steps - before;
      budgetLeft -= spent;
      counts.steps += spent;
      if (status === 'illegal') {
        failed.push(search);
        if (stopAtFirstFailure) return notLinearizable(model, failed, counts);
      } else if (status === 'paused') {
        stillActive.push(search);
      }
    }
    active = stillActive;
    if (budgetLeft <= 0 && active.length > 0) {
      if (failed.length > 0) return notLinearizable(model, failed, counts);
      return { verdict: 'unknown', reason: 'step_budget', undecidedPartitions: active.length, ...counts };
    }
    quantum = quantum * 2;
  }
  if (failed.length > 0) return notLinearizable(model, failed, counts);
  return { verdict: 'linearizable', ...counts };
}

function notLinearizable(
  model: AnyModel,
  failed: readonly PartitionSearch[],
  counts: { ops: number; dropped: number; partitionCount: number; steps: number },
): LinearizabilityResult {
  return { verdict: 'not_linearizable', partitions: failed.map((s) => describeFailure(model, s)), ...counts };
}

export function viewOperation(model: AnyModel, op: Operation): OperationView {
  return {
    id: op.id,
    process: op.process,
    f: op.f,
    key: op.key ?? null,
    callTime: op.callTime,
    returnTime: op.returnTime ?? null,
    callIndex: op.callIndex,
    returnIndex: op.returnIndex === Infinity ? null : op.returnIndex,
    description: model.describeOperation(op.input, op.output),
  };
}

function showOp(view: OperationView): string {
  return `${view.description} by process ${view.process} (t=${view.callTime}..${view.returnTime ?? '∞'})`;
}

function describeFailure(model: AnyModel, search: PartitionSearch): PartitionFailure {
  const deepest = search.deepest;
  if (deepest === undefined) throw new Error('an illegal partition always records where it got stuck');
  const opAt = (i: number): Operation => search.ops[i] as Operation;
  const prefix = deepest.order.map((i, k) => ({
    op: viewOperation(model, opAt(i)),
    stateAfter: model.describeState(search.state(deepest.statesAfter[k] as number)),
  }));
  const blocking = viewOperation(model, opAt(deepest.blocking));
  const stuck = deepest.candidates.map((i) => viewOperation(model, opAt(i)));
  const key = search.ops[0]?.key ?? null;
  const initialState = model.describeState(search.state(deepest.initialState));
  const last = prefix[prefix.length - 1];
  const after =
    last === undefined
      ? `first (initial state ${initialState})`
      : `after ${showOp(last.op)} (state ${last.stateAfter})`;
  const others = stuck.length - 1;
  const explanation =
    `${key === null ? '' : `key ${JSON.stringify(key)}: `}${showOp(blocking)} cannot be linearized ${after}` +
    `${others > 0 ? ` (nor could any of the ${others} other operation${others === 1 ? '' : 's'} that were candidates there lead anywhere)` : ''}` +
    `; longest linearizable prefix has ${prefix.length} of ${search.ops.length} operations`;
  return { key, ops: search.ops.length, prefix, initialState, stuck, blocking, explanation };
}
