// What a Multi-Paxos node shows checkers and reports (inspect()): plain data, fresh on
// every call, bounded to a window of slots from the first unchosen one.

import type { NodeId } from '../../harness/types.ts';
import type { KvCommand } from '../shared/kv-store.ts';
import type { Ballot } from './ballot.ts';

export type PaxosRole = 'leader' | 'candidate' | 'follower';

export interface PaxosSlotState {
  slot: number;
  /** The acceptor's vote in this slot, if any. */
  accepted: { ballot: Ballot; value: KvCommand } | null;
  /** The learner's decided value, if any. */
  decided: KvCommand | null;
}

export interface PaxosState {
  role: PaxosRole;
  /** The proposer's current ballot (candidate or leader), else the last one it used. */
  ballot: Ballot | null;
  leaderHint: NodeId | null;
  /** The acceptor's promise: it accepts nothing below it. */
  promised: Ballot | null;
  /** The learner's lowest slot not known decided (1-based). */
  firstUnchosen: number;
  /** The last slot applied to the kv store. */
  lastApplied: number;
  /** Slots firstUnchosen.. with a vote or a decision, at most inspectSlotsMax of them. */
  slots: PaxosSlotState[];
}
