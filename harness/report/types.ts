// The report's data: everything the HTML viewer draws, as plain JSON built in Node from a
// replayed record (or, in tests, from a history alone). The viewer computes nothing that
// needs the simulator; it only lays this out on a time axis. Times are virtual ms.

import type { NodeId } from '../types.ts';

export interface ReportData {
  meta: ReportMeta;
  violations: ViolationView[];
  faults: FaultWindow[];
  /** null for algorithms without a client history (kmeans, pingpong). */
  history: HistoryView | null;
  nodes: NodeLane[];
  messages: MessageTable;
  events: LocalEventTable;
  /** Where the report had to leave things out to keep the file small; [] when complete. */
  notes: string[];
}

export interface ReportMeta {
  impl: string;
  bug: string | null;
  bugDescription: string | null;
  describe: string | null;
  seed: number;
  verdict: 'ok' | 'violation' | 'unfinished';
  traceHash: string;
  /** The replay reproduced the recorded trace hash (null when the report was not built from a replay). */
  replayIdentical: boolean | null;
  nodeCount: number;
  /** The end of the run: the time axis spans 0..endMs. */
  endMs: number;
  /** The end of the fault phase (heal and liveness follow). */
  faultPhaseEndMs: number;
  opCount: number;
  commands: { replay: string; shrink: string } | null;
  recordPath: string | null;
  /** "faults: 12 of 180 ops (7%) gave up (info) · healed cluster led by node 2 from …", or null. */
  liveness: string | null;
  /** "⚠ 9 800 000 of 10 000 000 messages dropped as queue_full: …", or null when the network refused none. */
  overflow: string | null;
}

export interface ViolationView {
  checker: string;
  message: string;
  timeMs: number;
  nodes: NodeId[];
}

/** One fault window of the plan, with a leader target resolved from the fault log. */
export interface FaultWindow {
  index: number;
  type: string;
  /** Who it hit: "node 2", "leader → 3", "0,1 | 2,3,4", "all links". */
  target: string;
  /** Node lanes to shade; [] for faults of the whole network. */
  nodes: NodeId[];
  startMs: number;
  endMs: number;
  /** The driver never applied it (no leader to hit, or after the fault phase). */
  skipped: boolean;
  text: string;
}

export type OpStatus = 'ok' | 'fail' | 'info' | 'pending';

/** How the linearizability verdict marks an operation (Porcupine's visualizer). */
export type OpMark = 'prefix' | 'stuck' | 'blocking';

/** One client operation: a bar from invoke to completion on its process's lane. */
export interface OpBar {
  id: number;
  process: number;
  f: string;
  key: string | null;
  /** Input, short text (`put x`, `cas a→b`). */
  input: string;
  /** Result, short text; '' while unknown. */
  output: string;
  startMs: number;
  /** When the completion was recorded; null when it never was (pending). Info bars are drawn to the end regardless. */
  endMs: number | null;
  status: OpStatus;
  requestId: string | null;
  mark: OpMark | null;
  /** 1-based position in the longest linearizable prefix, when `mark` is 'prefix'. */
  order: number | null;
  /** The model state after this op in that prefix. */
  stateAfter: string | null;
}

export interface LinearizabilityView {
  key: string | null;
  explanation: string;
  initialState: string;
  /** Bar ids in linearization order. */
  prefix: number[];
  stuck: number[];
  blocking: number | null;
}

export interface HistoryView {
  processes: number[];
  ops: OpBar[];
  failures: LinearizabilityView[];
  /** 'not_linearizable' | 'linearizable' | 'unknown' | 'not_checked'. */
  verdict: string;
}

export interface RoleSegment {
  startMs: number;
  endMs: number;
  /** `leader`, `follower`, `candidate`, `crashed`, or the algorithm's own words. */
  role: string;
  /** `t3`, `b4.1`, `it 2`: the epoch the role belongs to, '' when the algorithm has none. */
  epoch: string;
}

export type BandKind = 'crashed' | 'paused' | 'disconnected' | 'cut';

export interface Band {
  kind: BandKind;
  startMs: number;
  endMs: number;
  label: string;
}

/** A node's inspect() snapshot at a change point (role, epoch, indices, log length). */
export interface StateSnapshot {
  timeMs: number;
  /** One line: `leader t3 commit 12`. */
  summary: string;
  /** The snapshot, with long logs and strings cut; null past the per-node cap. */
  state: string | null;
}

export interface NodeLane {
  id: NodeId;
  segments: RoleSegment[];
  bands: Band[];
  states: StateSnapshot[];
}

/** Message fates, in the order the viewer's legend shows them. */
export type MessageFate = 'delivered' | 'dropped' | 'in_flight';

/**
 * Every message, column-wise (a 60 s Raft run sends ~10 000). Index i is one message;
 * `copyOf[i]` is the original's index for a duplicate's copy, else -1.
 */
export interface MessageTable {
  from: NodeId[];
  to: NodeId[];
  sendMs: number[];
  /** Delivery or drop time; -1 while in flight at the end. */
  endMs: number[];
  fate: MessageFate[];
  /** Index into `types`. */
  type: number[];
  types: string[];
  copyOf: number[];
  /** Drop reason, '' otherwise. */
  reason: string[];
  /** The message body as short JSON. */
  body: string[];
  /** Messages the run sent in total (more than the table holds when it was cut). */
  total: number;
}

export type LocalEventKind = 'timer' | 'request' | 'reply' | 'client_drop' | 'crash' | 'restart' | 'pause' | 'resume' | 'disconnect' | 'connect' | 'apply' | 'snapshot' | 'log' | 'drift';

/** Node-local events (no arrow): timers, client requests and replies, crashes... */
export interface LocalEventTable {
  node: NodeId[];
  timeMs: number[];
  kind: LocalEventKind[];
  text: string[];
  total: number;
}
