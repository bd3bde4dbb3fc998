// The plug-in contract (DESIGN.md, **contract**): what an algorithm implements and what
// the harness gives each node. Implementations import only these types from harness/.

import type { Checker, NodeId } from '../checkers/types.ts';

export type { AppliedEntry, Checker, CheckerInstance, CheckerSetup, Observation, ObservationType, RunEnd, Violation, NodeId } from '../checkers/types.ts';
export type { History, HistoryEvent, HistoryEventType } from '../checkers/history.ts';

/** A key-value operation of the `kv` workload. Every key starts as "". */
export type KvOp =
  | { f: 'get'; key: string }
  | { f: 'put'; key: string; value: string }
  | { f: 'append'; key: string; value: string }
  | { f: 'cas'; key: string; expected: string; value: string };

/**
 * One logical client operation. `id` stays the same when the client retries it on another
 * node; `client` and `seq` (increasing per client) let a server keep one session entry per
 * client and apply a retried request exactly once.
 */
export interface ClientRequest<Op = unknown> {
  id: string;
  client: number;
  seq: number;
  op: Op;
}

/** What a node answers a client request with. */
export type ClientResult =
  | { type: 'ok'; value?: unknown }
  | { type: 'fail'; error: string }
  | { type: 'not_leader'; leaderHint?: NodeId };

/** Whether an applied command took effect, or was a retried request already applied. */
export type ApplyEffect = 'applied' | 'duplicate';

/** Durable storage of one node: writes are volatile until `sync()`; a crash loses them. */
export interface Disk {
  read<T = unknown>(key: string): T | undefined;
  write(key: string, value: unknown): void;
  /** Makes every write so far durable. */
  sync(): void;
}

export interface NodeContext<Msg> {
  readonly id: NodeId;
  /** Every node id, this node included, in ascending order. */
  readonly peers: readonly NodeId[];
  /** The active bug variant, or undefined for the correct implementation. */
  readonly bug: string | undefined;
  /** Virtual milliseconds since the start of the run. */
  now(): number;
  /** A float in [0, 1) from this node's own seeded stream. */
  random(): number;
  /** An integer in [min, max], inclusive, from this node's own seeded stream. */
  randomInt(min: number, max: number): number;
  send(to: NodeId, msg: Msg): void;
  /** Fires `onTimer(name)` after `ms` of this node's (possibly drifting) clock; replaces a timer of the same name. */
  setTimer(name: string, ms: number): void;
  cancelTimer(name: string): void;
  readonly disk: Disk;
  /** Answers a client request (by its id); only the first answer to a delivery counts. */
  reply(requestId: string, result: ClientResult): void;
  /** Reports that the state machine applied `command` at log `index` (1-based, gap-free). */
  apply(index: number, command: unknown, effect?: ApplyEffect): void;
  /** Reports that the state machine was replaced by a snapshot covering indices 1..index. */
  applySnapshot(index: number): void;
  /**
   * Marks a situation worth reaching, by name ("read served in a new term"): a coverage
   * feature for guided exploration, which then steers toward runs that reach more of them
   * (harness/coverage). No effect on the run or its trace.
   */
  cover(label: string): void;
  /** A trace annotation, kept with the trace (not hashed). */
  log(...parts: unknown[]): void;
}

export interface Node<Msg, State = unknown> {
  /** Boot and every restart; durable state is in ctx.disk. */
  start(): void;
  onMessage(from: NodeId, msg: Msg): void;
  onTimer(name: string): void;
  /** Answer later with ctx.reply(req.id, …). */
  onRequest(req: ClientRequest): void;
  /** A plain-data snapshot for checkers and reports; must not be mutated afterwards. */
  inspect(): State;
}

export type WorkloadName = 'kv';

export interface Algorithm<Msg = any, State = unknown> {
  name: string;
  describe?: string;
  /** Client operations it serves, if any. An algorithm without one runs without clients. */
  workload?: WorkloadName;
  createNode(ctx: NodeContext<Msg>): Node<Msg, State>;
  /** Algorithm-specific invariant checkers. */
  checkers?: Checker[];
  /** Deliberate-bug variants: name → what is wrong. */
  bugs?: Record<string, string>;
  /** Suggested run settings for exploration (nodes, timeouts...). */
  defaults?: AlgorithmDefaults;
}

/** What an algorithm suggests for its runs; every field is optional (**contract**, additive). */
export interface AlgorithmDefaults {
  /** The cluster size of a scripted Simulation, and of runs when no `nodesRange` is given (default 5). */
  nodes?: number;
  /**
   * Cluster sizes the algorithm works with, inclusive: `run` and `explore` draw each seed's
   * size from it (odd and even alike) unless `--nodes` fixes one. Quorum mistakes that show
   * only with an even size, or only with 3, are reachable only this way.
   */
  nodesRange?: readonly [number, number];
  /**
   * The longest a healthy cluster takes to elect a leader (virtual ms, default 1 000). After
   * the heal a leader-based algorithm must settle on one leader within a few of these and
   * keep it for `leaderStableElectionTimeouts` of them (harness/scenario/liveness.ts).
   */
  electionTimeoutMs?: number;
}
