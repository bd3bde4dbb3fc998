// Deliberate-bug variants (MUTANTS.md): each one a real mistake found in production Raft
// implementations, selectable with `bug`. The correct implementation is `bug === undefined`.

export const raftBugs = {
  commit_old_term: 'M1 (Figure 8): the leader commits any index replicated on a majority, without requiring log[N].term == currentTerm (Raft §5.4.2)',
  term_not_persisted: 'M2: currentTerm is never written to disk; a restarted node comes back in the term it first booted with',
  vote_not_persisted: 'M2: votedFor is never written to disk; a restarted node may vote twice in one term',
  ack_before_sync: 'M4: followers acknowledge AppendEntries before the entries are synced (lazy fsync every 200 ms)',
  accept_stale_term: 'M5: followers accept AppendEntries from a leader of an older term',
  truncate_matching_suffix: 'M6: followers truncate everything after prevLogIndex even when the incoming entries match',
  commit_beyond_new_entries: 'M7: followers set commitIndex = min(leaderCommit, lastIndex) instead of capping it at the last new entry',
  vote_without_up_to_date_check: 'M8: votes (and pre-votes) are granted without the election restriction (candidate log at least as up-to-date, Raft §5.4.1)',
  clear_vote_on_step_down: 'M9: votedFor is cleared when a node steps down to follower in the same term (a candidate whose election timed out, or one that hears the term\'s leader)',
  count_stale_votes: 'M10: a candidate counts vote grants from replies of earlier terms',
  unsafe_leader_read: 'M12: the leader serves reads from its local state without confirming leadership (no ReadIndex)',
  no_dedup: 'M13: no client sessions, so a retried request is applied again',
  snapshot_discards_suffix: 'M16/M17: InstallSnapshot always replaces the whole log and state, even when it is older than the commit index or a prefix of the log',
  fixed_election_timeout: 'M19: election timeouts are not randomised (always the minimum), so split votes repeat forever',
  stale_reject_echoes_request: 'explore, seed 198: the reply to an AppendEntries or InstallSnapshot of an older term echoes its readSeq and prevLogIndex, so a leader of the replier\'s term counts the old leadership\'s ReadIndex round as its own (a stale read)',
} as const;

export type RaftBug = keyof typeof raftBugs;

export function isRaftBug(name: string | undefined): name is RaftBug {
  return name !== undefined && Object.hasOwn(raftBugs, name);
}
