// Raft RPCs (Raft Fig. 2, §7 InstallSnapshot, thesis §9.6 PreVote, §6.4 ReadIndex), as
// plain JSON data. Every message carries the sender's term; replies carry enough of the
// request (prevLogIndex, readSeq) to be matched without per-request state.

import type { NodeId } from '../../harness/types.ts';
import type { KvSnapshot } from '../shared/kv-store.ts';
import type { RaftEntry } from './log.ts';

export type RaftMessage =
  /** Pre-vote: "would you vote for me in `term`?" (term = the sender's term + 1; nobody changes term). */
  | { type: 'pre_vote'; term: number; lastLogIndex: number; lastLogTerm: number }
  | { type: 'pre_vote_reply'; term: number; granted: boolean }
  | { type: 'request_vote'; term: number; lastLogIndex: number; lastLogTerm: number }
  | { type: 'request_vote_reply'; term: number; granted: boolean }
  | {
      type: 'append_entries';
      term: number;
      leaderId: NodeId;
      prevLogIndex: number;
      prevLogTerm: number;
      entries: RaftEntry[];
      leaderCommit: number;
      /** The leader's latest ReadIndex round; echoed in the reply to confirm leadership. */
      readSeq: number;
    }
  | {
      type: 'append_entries_reply';
      term: number;
      success: boolean;
      /** On success: the last index known to match the leader's log. */
      matchIndex: number;
      /** The request's prevLogIndex, so a stale rejection can be recognised. */
      prevLogIndex: number;
      /** On rejection (fast backup, Raft §5.3): the follower's conflicting term (0: log too short) and its first index. */
      conflictTerm: number;
      conflictIndex: number;
      readSeq: number;
    }
  | {
      type: 'install_snapshot';
      term: number;
      leaderId: NodeId;
      lastIncludedIndex: number;
      lastIncludedTerm: number;
      state: KvSnapshot;
      readSeq: number;
    }
  | { type: 'install_snapshot_reply'; term: number; matchIndex: number; readSeq: number };
