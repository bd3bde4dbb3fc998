// Every message Multi-Paxos nodes exchange: plain JSON data, tagged `type`, named after
// the phases of Paxos Made Simple (1a prepare, 1b promise, 2a accept, 2b accepted) plus
// the Multi-Paxos machinery of Paxos Made Live §2–3 (leader heartbeats, catch-up).
// Slots are 1-based, like the log indices reported through ctx.apply.

import type { KvCommand } from '../shared/kv-store.ts';
import type { Ballot } from './ballot.ts';

/** One acceptor vote as reported in a promise: slot, ballot it was accepted at, value. */
export interface AcceptedEntry {
  slot: number;
  ballot: Ballot;
  value: KvCommand;
}

export interface DecidedEntry {
  slot: number;
  value: KvCommand;
}

export type PaxosMsg =
  /** 1a: one Phase 1 for every slot from fromSlot on (Multi-Paxos). */
  | { type: 'prepare'; ballot: Ballot; fromSlot: number }
  /** 1b: the acceptor promised `ballot` and reports its votes in slots >= fromSlot. */
  | { type: 'promise'; ballot: Ballot; fromSlot: number; accepted: AcceptedEntry[] }
  /** The acceptor refused `ballot` because it promised a higher one. */
  | { type: 'nack'; ballot: Ballot; promised: Ballot }
  /** 2a. */
  | { type: 'accept'; ballot: Ballot; slot: number; value: KvCommand }
  /** 2b, sent by the acceptor to every learner (every node). */
  | { type: 'accepted'; ballot: Ballot; slot: number; value: KvCommand }
  /** Leader liveness, and how far its decided prefix reaches (lagging replicas catch up). */
  | { type: 'heartbeat'; ballot: Ballot; decidedUpTo: number }
  /** A lagging replica asks for decided slots from fromSlot on. */
  | { type: 'catch_up'; fromSlot: number }
  /** Decided slots, in slot order, answering a catch_up. */
  | { type: 'decisions'; entries: DecidedEntry[] };
