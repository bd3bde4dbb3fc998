// What a checker sees and says. Checkers are pure observers: the simulator feeds them
// observations (node snapshots, messages, applies, crashes) as the run unfolds, and
// they answer with violations. This file imports nothing of the harness, so that
// checkers stay usable on their own (see DESIGN.md: checkers/ never imports harness/).

import type { History } from './history.ts';

export type NodeId = number;

/** One broken property, with enough context for a person to act on it. */
export interface Violation {
  /** The checker that found it, e.g. "raft-election-safety", "linearizability". */
  checker: string;
  /** One sentence: what broke, on which node(s), at which index/term. */
  message: string;
  /** Virtual time (ms) at which it was detected. */
  timeMs: number;
  /** Nodes involved, if any. */
  nodes?: NodeId[];
  /** Extra plain data for reports (a failing partition, the conflicting entries...). */
  details?: unknown;
}

/**
 * What the simulator tells a checker, in order. `state` payloads are the node's
 * `inspect()` snapshot, taken right after the node handled something.
 */
export type Observation =
  | { type: 'node_state'; timeMs: number; node: NodeId; incarnation: number; state: unknown }
  | { type: 'send'; timeMs: number; from: NodeId; to: NodeId; msg: unknown }
  | {
      type: 'deliver';
      timeMs: number;
      from: NodeId;
      to: NodeId;
      msg: unknown;
      /** The message's id in the trace (a duplicate gets its own), and when it was sent. */
      msgId?: number;
      sentMs?: number;
      /** This delivery is the network's second copy of a message. */
      duplicate?: boolean;
    }
  | {
      type: 'apply';
      timeMs: number;
      node: NodeId;
      incarnation: number;
      index: number;
      command: unknown;
      /**
       * Equal for equal commands (as JSON data), different otherwise: a 64-bit digest the
       * simulator makes once per apply, so checkers compare commands without encoding them.
       */
      commandKey: string;
      effect: 'applied' | 'duplicate';
    }
  | { type: 'snapshot'; timeMs: number; node: NodeId; incarnation: number; index: number }
  | {
      type: 'crash';
      timeMs: number;
      node: NodeId;
      incarnation: number;
      /** Disk writes the crash lost (written, never synced). */
      unsyncedWrites?: number;
    }
  | {
      type: 'restart';
      timeMs: number;
      node: NodeId;
      incarnation: number;
      /** The node's durable disk contents it restarts with (synced writes only). */
      disk: Readonly<Record<string, unknown>>;
    }
  | { type: 'request'; timeMs: number; node: NodeId; requestId: string; client: number; seq: number; op: unknown }
  /** The node synced its disk (`writes`: how many writes the sync made durable). Only to checkers that ask for it. */
  | { type: 'sync'; timeMs: number; node: NodeId; writes: number }
  /** The node marked a situation worth exploring (`ctx.cover(label)`). Only to checkers that ask for it. */
  | { type: 'cover'; timeMs: number; node: NodeId; label: string };

/** The end of a run: the full client history and what each node applied. */
export interface RunEnd {
  timeMs: number;
  nodeCount: number;
  history: History;
  /** Per node, every apply ever reported (all incarnations), in order. */
  applied: ReadonlyArray<ReadonlyArray<AppliedEntry>>;
  /** Every request submitted by clients: id → op, for validity checks. */
  submitted: ReadonlyMap<string, unknown>;
}

/** A stateful checker for one run. Create a fresh one per run with `Checker.create`. */
export interface CheckerInstance {
  /** Called for every observation, in simulation order. Return violations found now. */
  observe?(obs: Observation): Violation[] | undefined | void;
  /** Called once when the run ends (after the liveness phase). */
  finish?(end: RunEnd): Violation[] | undefined | void;
}

export interface CheckerSetup {
  nodeCount: number;
}

export type ObservationType = Observation['type'];

export interface Checker {
  name: string;
  describe?: string;
  /**
   * The observation types this checker needs (default: every type but `sync` and `cover`,
   * which a checker gets only by naming them). The simulator skips work nobody needs, e.g.
   * it calls `inspect()` after a handler only when a checker wants `node_state`.
   */
  observes?: readonly ObservationType[];
  create(setup: CheckerSetup): CheckerInstance;
}

/** One command a node's state machine applied (or a snapshot it installed). */
export interface AppliedEntry {
  index: number;
  command: unknown;
  incarnation: number;
  effect: 'applied' | 'duplicate' | 'snapshot';
  timeMs: number;
}
