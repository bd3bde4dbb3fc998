// The invariants the Raft checker reports, by the `checker` name a violation carries
// (INVARIANTS.md ids in brackets). Tests and reports refer to these names.

export const raftInvariants = {
  'raft-election-safety': 'R1 (H form): at most one leader per term, ever',
  'raft-leader-append-only': 'R2: a leader never overwrites or deletes entries of its log within its term',
  'raft-log-matching': 'R3 (entry identity): an (index, term) pair names one command, on every node, forever',
  'raft-leader-completeness': 'R4 (commit-term form): an entry committed in term c is in the log of every leader of a term > c',
  'raft-state-machine-safety': 'R5: no two nodes apply, or commit, different commands at one index',
  'raft-term-monotonic': 'R6/R8: a node\'s term never decreases, also across restarts, and never lags a term it has sent',
  'raft-vote-uniqueness': 'R7: a node grants at most one vote per term (its own included), across restarts',
  'raft-leader-votes': 'R7: a leader of term t holds vote grants of term t from a majority',
  'raft-persist-before-ack': 'R9: a restarted node still has every vote and log entry it acknowledged in its current term, and every entry up to the commitIndex it had (committed entries are durable)',
  'raft-ack-bound': 'R9/R11: a follower acknowledges (matchIndex) only the prefix the request it answers verified: prevLogIndex + entries, or the snapshot it installed',
  'raft-figure8-commit': 'R10: a leader advances commitIndex only to an entry of its own term (Raft §5.4.2)',
  'raft-follower-commit-bound': 'R11: a follower commits no further than min(leaderCommit, prevLogIndex + entries) of the AppendEntries it handles',
  'raft-commit-index': 'R12: snapshotIndex <= lastApplied <= commitIndex <= lastIndex, and commitIndex never decreases within an incarnation',
  'raft-commit-quorum': 'R14: when a leader advances commitIndex to N, its entry at N is held by a majority of nodes (in their logs, or covered by their snapshots)',
  'raft-no-truncation-below-commit': 'R15: a node never removes or changes a committed entry (at or below its own commitIndex, or one known committed in a term below the node\'s current term)',
  'raft-election-restriction': 'R16: a vote is granted only to a candidate whose log is at least as up-to-date (Raft §5.4.1)',
  'raft-stale-term': 'R17: a message of an older term changes nothing (beyond a reply)',
  'raft-stale-read': 'client reads: a read never returns a value overwritten by a write that completed before the read began',
} as const;

export type RaftInvariant = keyof typeof raftInvariants;
