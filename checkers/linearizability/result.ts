// The checker's verdict, as plain data an HTML report or a JSON consumer can draw.

/** One operation as reports show it. Times are the events' `time` fields. */
export interface OperationView {
  /** Index in the checked operation list. */
  id: number;
  process: number;
  f: string;
  key: string | null;
  callTime: number;
  /** null when the operation never returned (info, or still pending): return at +∞. */
  returnTime: number | null;
  /** Index of the invoke event in the history. */
  callIndex: number;
  returnIndex: number | null;
  /** The model's description, e.g. `get → "x 1 0 y"`. */
  description: string;
}

export interface PrefixStep {
  op: OperationView;
  /** The model's description of the state after `op`. */
  stateAfter: string;
}

export interface PartitionFailure {
  /** The partition's key (keyed models), or null for single-object models. */
  key: string | null;
  /** Operations in the partition. */
  ops: number;
  /** The longest linearizable prefix the search found, in linearization order. */
  prefix: PrefixStep[];
  /** The model state before any operation. */
  initialState: string;
  /** Operations that could have come next after `prefix`, none of which could be placed. */
  stuck: OperationView[];
  /** The operation whose response arrived while it still could not be linearized. */
  blocking: OperationView;
  /** One or two plain sentences. */
  explanation: string;
}

interface Counts {
  /** Operations checked (after the model's fail/info rules). */
  ops: number;
  /** Invocations the model dropped (fails that did not happen, reads that told nothing). */
  dropped: number;
  /** Independent partitions (P-compositionality). */
  partitionCount: number;
  /** Model steps spent, over every partition. */
  steps: number;
}

export type LinearizabilityResult =
  | ({ verdict: 'linearizable' } & Counts)
  | ({ verdict: 'not_linearizable'; partitions: PartitionFailure[] } & Counts)
  | ({ verdict: 'unknown'; reason: 'step_budget'; undecidedPartitions: number } & Counts);
