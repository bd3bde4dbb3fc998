// Raft timing and size bounds, named in one place (STYLE.md). Virtual milliseconds.
// Defaults follow the Raft paper §5.6 (broadcastTime ≪ electionTimeout ≪ MTBF) and the
// MIT 6.5840 lab's bounds (one leader within seconds, ≤ 10 idle heartbeats/s/follower).

/** How often a leader's heartbeat timer fires; followers with work get an AppendEntries each tick. */
export const heartbeatMs = 50;
/** A fully caught-up follower gets a heartbeat at most this often (≤ 10 per second when idle). */
export const idleHeartbeatMs = 100;
/** Election timeouts are drawn uniformly from [min, max] on every reset (Raft §5.2). */
export const electionTimeoutMsMin = 300;
export const electionTimeoutMsMax = 600;
/** A leader that heard from no majority within this window steps down (check-quorum, thesis §6.2). */
export const checkQuorumMs = electionTimeoutMsMin;
/** A follower that heard from a leader within this window refuses pre-votes (thesis §9.6). */
export const leaderLeaseMs = electionTimeoutMsMin;
/** Applied entries kept in the log before they are compacted into a snapshot (Raft §7). Small on
 * purpose: a simulated run of a few hundred operations then compacts several times, so the
 * snapshot paths (InstallSnapshot, restart from a snapshot) are explored, not just the log. */
export const snapshotThresholdEntriesDefault = 50;
/**
 * Entries carried by one AppendEntries. Small on purpose, like the snapshot threshold: a
 * follower a few entries behind is repaired in several (pipelined) messages, so a leader
 * sees acknowledgements of old-term entries before those of its own no-op (the Figure 8
 * window, MUTANTS.md M1), and a follower with a stale tail gets successes that end before
 * that tail (the window of an uncapped follower commit index, M7). Explore reaches both.
 */
export const appendEntriesMax = 4;
/** AppendEntries with entries in flight to one follower before the leader waits for replies. */
export const inflightAppendsMax = 8;
/** A leader re-sends an unanswered InstallSnapshot after this long. */
export const snapshotResendMs = 250;
/** A follower's lazy fsync interval in the ack_before_sync bug variant. */
export const lazySyncMs = 200;
/** Client reads waiting for leadership confirmation; beyond it reads are refused (try again). */
export const pendingReadsMax = 10_000;
