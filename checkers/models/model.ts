// The model interface, in Porcupine's style: a sequential specification is a record of
// pure functions. The linearizability search only ever calls `init`, `step`, `hash` and
// `equal`; `convert` states the model's rule for `fail` and `info` completions, and
// `partition` states which operations are independent (P-compositionality: a history is
// linearizable iff each partition is, Herlihy & Wing 1990, §3.3 "locality").

import type { HistoryEvent } from '../history.ts';

/**
 * What one invocation (with its completion, if any) becomes for a model:
 * - `op`: checked; `input` goes to `step`, `output` is what the system answered.
 *   For an `info` or never-completed invocation the checker gives it a return time of
 *   +∞ (it may take effect at any point after its call, or never), and `output` is
 *   whatever the model uses for "unknown".
 * - `drop`: it cannot constrain any linearization (a `fail` that did not happen, a read
 *   with an unknown answer); removing it is sound and complete.
 * - `invalid`: the history is not something this model understands (unknown `f`, a cas
 *   without a compare value…); the checker reports it as a format error.
 */
export type Conversion<Input, Output> =
  | { type: 'op'; input: Input; output: Output }
  | { type: 'drop'; why: string }
  | { type: 'invalid'; message: string };

/** One operation after pairing, as the search and the reports see it. */
export interface Operation<Input = unknown, Output = unknown> {
  /** Position in the checked operation list (dense, 0-based). */
  id: number;
  process: number;
  f: string;
  key: string | undefined;
  /** Index of the invoke event in the history (history order is real-time order). */
  callIndex: number;
  /** Index of the completion event, or Infinity for `info` / never completed. */
  returnIndex: number;
  callTime: number;
  /** The completion's time, or undefined when the return is at +∞. */
  returnTime: number | undefined;
  input: Input;
  output: Output;
}

export interface Model<State = unknown, Input = unknown, Output = unknown> {
  readonly name: string;
  /** One line: what the model specifies. */
  readonly description: string;
  /** The rule for `fail` completions, in words (also shown in docs/checker.md). */
  readonly failRule: string;
  /** The rule for `info` and never-completed invocations, in words. */
  readonly infoRule: string;
  init(): State;
  /**
   * The sequential specification: the state after applying `input` that answered
   * `output` in `state`, or `undefined` if that answer is impossible there. Pure and
   * deterministic (a nondeterministic specification becomes deterministic over sets of
   * states, as Porcupine's NondeterministicModel does).
   */
  step(state: State, input: Input, output: Output): State | undefined;
  /**
   * True if the operation never changes the state when it is legal (a read, a cas that
   * answered false). Lets the search place it as soon as it is legal without making that
   * a choice point. Optional: without it every operation is a choice point.
   */
  readOnly?(input: Input, output: Output): boolean;
  /**
   * Optional, with `reachable`: true if the operation only ever extends the state, for a
   * preorder ⊑ the model has in mind (step(s) ⊒ s whenever legal; read-only operations
   * qualify). For kv, ⊑ is "is a prefix of": append extends, put and cas may not.
   */
  grows?(input: Input, output: Output): boolean;
  /**
   * Optional, with `grows`: false only if this read-only operation is illegal in every
   * state t ⊒ `state` (kv: a get of v needs `state` to be a prefix of v). Lets the search
   * drop a configuration whose pending read no sequence of growing operations can satisfy.
   */
  reachable?(state: State, input: Input, output: Output): boolean;
  /**
   * Optional, with `grows`: for an operation that may not grow the state, the one state
   * it may leave that is not ⊒ the state it found (kv: put v and cas → v leave v), or
   * undefined if there is no such single state. Lets the pruning look past pending puts.
   */
  resetsTo?(input: Input, output: Output): State | undefined;
  equal(a: State, b: State): boolean;
  /**
   * True if `equal` on primitive states (string, number, boolean, null) is exactly ===,
   * so the checker may intern them with a Map instead of hash + equal. Object states
   * still go through `hash` and `equal`.
   */
  primitiveStatesExact?: boolean;
  /** 32-bit hash consistent with `equal`. */
  hash(state: State): number;
  /** Turns an invocation and its completion (undefined if none) into a model operation. */
  convert(invoke: HistoryEvent, completion: HistoryEvent | undefined): Conversion<Input, Output>;
  /** Splits operations into independent groups; each group is checked on its own. */
  partition(ops: readonly Operation<Input, Output>[]): Operation<Input, Output>[][];
  /** e.g. `cas("a" → "b") ✓`, `get → "x 1 0 y"`. */
  describeOperation(input: Input, output: Output): string;
  describeState(state: State): string;
}

/** A model with its type parameters erased, for registries. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = Model<any, any, any>;

/** One partition holding every operation: for single-object models. */
export function noPartition<T>(ops: readonly T[]): T[][] {
  return ops.length === 0 ? [] : [ops.slice()];
}

/** Partition by `key`, in order of each key's first operation (deterministic). */
export function partitionByKey<T extends { key: string | undefined }>(ops: readonly T[]): T[][] {
  const byKey = new Map<string, T[]>();
  for (const op of ops) {
    const k = op.key ?? '';
    let group = byKey.get(k);
    if (group === undefined) {
      group = [];
      byKey.set(k, group);
    }
    group.push(op);
  }
  return [...byKey.values()];
}

/** Reads `[expected, new]` cas arguments from either faultline fields or a Jepsen tuple. */
export function casArguments(event: HistoryEvent): { expected: unknown; value: unknown } | undefined {
  if (event.expected !== undefined) return { expected: event.expected, value: event.value };
  if (Array.isArray(event.value) && event.value.length === 2) {
    return { expected: event.value[0], value: event.value[1] };
  }
  return undefined;
}
