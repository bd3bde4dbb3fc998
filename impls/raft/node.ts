// One Raft server (Ongaro & Ousterhout, "In Search of an Understandable Consensus
// Algorithm", extended version; section numbers below refer to it, "thesis" to Ongaro's
// dissertation). A pure event handler: messages, timers and client requests come in,
// messages, disk writes, applies and replies go out. Persistent state is written and
// synced before any message that depends on it leaves (Fig. 2 "Updated on stable storage
// before responding to RPCs"). Log indices are 1-based.

import { AssertionError, assert, assertNever } from '../../harness/assert.ts';
import type { ClientRequest, ClientResult, KvOp, Node, NodeContext, NodeId } from '../../harness/types.ts';
import { KvStore, isKvOp, type KvCommand } from '../shared/kv-store.ts';
import { isRaftBug, type RaftBug } from './bugs.ts';
import * as config from './config.ts';
import { RaftLog, makeEntry, type RaftEntry } from './log.ts';
import type { RaftMessage } from './messages.ts';
import { RaftStorage } from './persistence.ts';

export type RaftRole = 'leader' | 'candidate' | 'follower';

/** What inspect() returns: plain data, never mutated after it is handed out. */
export interface RaftState {
  role: RaftRole;
  term: number;
  votedFor: NodeId | null;
  /** The leader this node last heard from in its current term (itself when leader). */
  leaderId: NodeId | null;
  /** A follower running a pre-vote round (thesis §9.6): no term change yet. */
  preCandidate: boolean;
  /** Entries snapshotIndex+1 .. snapshotIndex+log.length. */
  log: readonly RaftEntry[];
  snapshotIndex: number;
  snapshotTerm: number;
  commitIndex: number;
  lastApplied: number;
}

export interface RaftOptions {
  /** Applied entries kept in the log before compaction into a snapshot (Raft §7). */
  snapshotThresholdEntries?: number;
  /** Entries per AppendEntries (default config.appendEntriesMax); small values exercise batching. */
  appendEntriesMax?: number;
}

/** What the leader knows about one follower (etcd's Progress; Fig. 2 nextIndex/matchIndex). */
interface Progress {
  nextIndex: number;
  matchIndex: number;
  /** probe: one AppendEntries at a time until a match is found; replicate: pipelined; snapshot: InstallSnapshot in flight. */
  mode: 'probe' | 'replicate' | 'snapshot';
  inflight: number;
  repliedSinceTick: boolean;
  lastSendMs: number;
  lastSentCommit: number;
  snapshotSentMs: number;
  /** The highest ReadIndex round this follower confirmed in the current term. */
  readAck: number;
}

interface PendingRead {
  requestId: string;
  key: string;
  /** The commit index when the read arrived (thesis §6.4 ReadIndex); -1 until the leader has committed in its term. */
  readIndex: number;
  /** The heartbeat round that confirms leadership for it; 0 until assigned. */
  readSeq: number;
}

type Msg<T extends RaftMessage['type']> = Extract<RaftMessage, { type: T }>;

export class RaftNode implements Node<RaftMessage, RaftState> {
  private readonly ctx: NodeContext<RaftMessage>;
  private readonly bug: RaftBug | undefined;
  private readonly storage: RaftStorage;
  private readonly others: readonly NodeId[];
  private readonly quorum: number;
  /** The last snapshot inspect() handed out (handed out again while nothing changed). */
  private lastInspected: RaftState | undefined;
  /** Reused by quorumValue(): one slot per node. */
  private readonly quorumScratch: number[];
  private readonly snapshotThresholdEntries: number;
  private readonly appendEntriesMax: number;

  // Persistent state (Fig. 2), mirrored in memory.
  private term = 0;
  private votedFor: NodeId | null = null;
  private readonly log = new RaftLog();
  /** The term read at boot: the only term the term_not_persisted variant ever writes. */
  private bootTerm = 0;

  // Volatile state.
  private role: RaftRole = 'follower';
  private preCandidate = false;
  private leaderId: NodeId | null = null;
  private commitIndex = 0;
  private lastApplied = 0;
  private store: KvStore;
  private lastLeaderContactMs = Number.NEGATIVE_INFINITY;
  private preVotes = new Set<NodeId>();
  private votes = new Set<NodeId>();
  private lazySyncArmed = false;

  // Leader state.
  private progress = new Map<NodeId, Progress>();
  /** Index of the no-op this leader appended on election; reads wait until it commits (thesis §6.4). */
  private noopIndex = 0;
  private heardFrom = new Set<NodeId>();
  private waiterByIndex = new Map<number, string>();
  private indexByRequest = new Map<string, number>();
  private pendingReads: PendingRead[] = [];
  private readSeqNext = 0;

  constructor(ctx: NodeContext<RaftMessage>, options: RaftOptions = {}) {
    this.ctx = ctx;
    this.bug = isRaftBug(ctx.bug) ? ctx.bug : undefined;
    this.storage = new RaftStorage(ctx.disk);
    this.others = ctx.peers.filter((p) => p !== ctx.id);
    this.quorum = Math.floor(ctx.peers.length / 2) + 1;
    this.quorumScratch = new Array<number>(ctx.peers.length).fill(0);
    this.snapshotThresholdEntries = options.snapshotThresholdEntries ?? config.snapshotThresholdEntriesDefault;
    assert(this.snapshotThresholdEntries >= 1, 'snapshotThresholdEntries must be at least 1');
    this.appendEntriesMax = options.appendEntriesMax ?? config.appendEntriesMax;
    assert(Number.isInteger(this.appendEntriesMax) && this.appendEntriesMax >= 1, 'appendEntriesMax must be a positive integer');
    this.store = new KvStore(this.bug !== 'no_dedup');
  }

  /**
   * An invariant of the correct implementation broke: `if (!cond) this.invariantBroken(…)`,
   * so the message is formatted only then. Bug variants are allowed to break invariants so
   * that the checkers, not an assertion inside the node, report what went wrong.
   */
  private invariantBroken(message: string): void {
    if (this.bug === undefined) throw new AssertionError(`raft node ${this.ctx.id}: ${message}`);
  }

  // ------------------------------------------------------------------ lifecycle

  start(): void {
    const loaded = this.storage.load();
    this.term = loaded.hard.term;
    this.bootTerm = loaded.hard.term;
    this.votedFor = loaded.hard.votedFor;
    if (loaded.snapshot !== undefined) {
      const snap = loaded.snapshot;
      this.log.resetTo(snap.index, snap.term);
      this.store = KvStore.restore(snap.state, this.bug !== 'no_dedup');
      this.commitIndex = snap.index;
      this.lastApplied = snap.index;
      // The state machine restarts from the snapshot, not from index 0 (rsm gap-free rule).
      this.ctx.applySnapshot(snap.index);
    }
    this.log.append(loaded.entries);
    this.resetElectionTimer();
  }

  onMessage(from: NodeId, msg: RaftMessage): void {
    assert(from !== this.ctx.id, 'a node never messages itself');
    switch (msg.type) {
      case 'pre_vote':
        return this.handlePreVote(from, msg);
      case 'pre_vote_reply':
        return this.handlePreVoteReply(from, msg);
      case 'request_vote':
        return this.handleRequestVote(from, msg);
      case 'request_vote_reply':
        return this.handleRequestVoteReply(from, msg);
      case 'append_entries':
        return this.handleAppendEntries(from, msg);
      case 'append_entries_reply':
        return this.handleAppendEntriesReply(from, msg);
      case 'install_snapshot':
        return this.handleInstallSnapshot(from, msg);
      case 'install_snapshot_reply':
        return this.handleInstallSnapshotReply(from, msg);
      default:
        return assertNever(msg);
    }
  }

  onTimer(name: string): void {
    switch (name) {
      case 'election':
        if (this.role !== 'leader') this.becomePreCandidate();
        return;
      case 'heartbeat':
        if (this.role === 'leader') this.heartbeatTick();
        return;
      case 'check_quorum':
        if (this.role === 'leader') this.checkQuorum();
        return;
      case 'lazy_sync':
        this.lazySyncArmed = false;
        this.storage.sync();
        return;
      default:
        assert(false, `raft node ${this.ctx.id}: unknown timer ${name}`);
    }
  }

  onRequest(req: ClientRequest): void {
    if (this.role !== 'leader') {
      this.ctx.reply(req.id, this.notLeader());
      return;
    }
    if (!isKvOp(req.op)) {
      this.ctx.reply(req.id, { type: 'fail', error: 'bad_op' });
      return;
    }
    if (req.op.f === 'get') {
      this.handleRead(req.id, req.op.key);
      return;
    }
    // A retry of a request already in this leader's log: answer it when that entry applies.
    if (this.indexByRequest.has(req.id)) return;
    const command: KvCommand = { type: 'client', request: { id: req.id, client: req.client, seq: req.seq, op: req.op as KvOp } };
    const index = this.appendAsLeader(command);
    this.waiterByIndex.set(index, req.id);
    this.indexByRequest.set(req.id, index);
    // Replicate now, not on the next heartbeat (MUTANTS.md M24).
    for (const peer of this.others) this.sendAppend(peer, false);
    this.maybeAdvanceCommit();
  }

  /**
   * Snapshots are never changed once handed out, so while nothing in one changed the same
   * object is handed out again: most handlers (a heartbeat, an ack) change none of it, and
   * the checkers then know so by reference.
   */
  inspect(): RaftState {
    const log = this.log.view();
    const last = this.lastInspected;
    if (
      last !== undefined &&
      last.role === this.role &&
      last.term === this.term &&
      last.votedFor === this.votedFor &&
      last.leaderId === this.leaderId &&
      last.preCandidate === this.preCandidate &&
      last.log === log &&
      last.snapshotIndex === this.log.snapshotIndex &&
      last.snapshotTerm === this.log.snapshotTerm &&
      last.commitIndex === this.commitIndex &&
      last.lastApplied === this.lastApplied
    ) {
      return last;
    }
    const state: RaftState = {
      role: this.role,
      term: this.term,
      votedFor: this.votedFor,
      leaderId: this.leaderId,
      preCandidate: this.preCandidate,
      log,
      snapshotIndex: this.log.snapshotIndex,
      snapshotTerm: this.log.snapshotTerm,
      commitIndex: this.commitIndex,
      lastApplied: this.lastApplied,
    };
    this.lastInspected = state;
    return state;
  }

  // ------------------------------------------------------------------ roles

  private resetElectionTimer(): void {
    // Randomised timeouts make split votes rare (Raft §5.2); the bug variant makes them the rule.
    const ms = this.bug === 'fixed_election_timeout' ? config.electionTimeoutMsMin : this.ctx.randomInt(config.electionTimeoutMsMin, config.electionTimeoutMsMax);
    this.ctx.setTimer('election', ms);
  }

  private persistHardState(): void {
    this.storage.writeHardState({
      term: this.bug === 'term_not_persisted' ? this.bootTerm : this.term,
      votedFor: this.bug === 'vote_not_persisted' ? null : this.votedFor,
    });
    this.storage.sync();
  }

  /** Steps down (or stays) follower in `term`; a higher term clears the vote (Fig. 2 "All Servers"). */
  private becomeFollower(term: number, leaderId: NodeId | null): void {
    if (term < this.term) this.invariantBroken(`term never decreases (${this.term} -> ${term})`);
    const wasRole = this.role;
    if (term > this.term) {
      this.term = term;
      this.votedFor = null;
      this.persistHardState();
    } else if (this.bug === 'clear_vote_on_step_down' && wasRole !== 'follower') {
      this.votedFor = null;
      this.persistHardState();
    }
    this.role = 'follower';
    this.preCandidate = false;
    this.leaderId = leaderId;
    if (wasRole === 'leader') {
      this.ctx.cancelTimer('heartbeat');
      this.ctx.cancelTimer('check_quorum');
      this.abandonClientWork();
      this.resetElectionTimer();
    }
  }

  /** Pre-vote (thesis §9.6): ask for votes in term+1 without changing anything, so a rejoining node cannot depose a healthy leader. */
  private becomePreCandidate(): void {
    if (this.role === 'candidate') {
      // A candidate whose election timed out steps back to follower in the same term; its
      // self-vote stands (the vote is per term, not per role; MUTANTS.md M9).
      this.role = 'follower';
      if (this.bug === 'clear_vote_on_step_down') {
        this.votedFor = null;
        this.persistHardState();
      }
    }
    this.preCandidate = true;
    this.leaderId = null;
    this.preVotes = new Set([this.ctx.id]);
    this.resetElectionTimer();
    if (this.preVotes.size >= this.quorum) {
      this.becomeCandidate();
      return;
    }
    const msg: RaftMessage = { type: 'pre_vote', term: this.term + 1, lastLogIndex: this.log.lastIndex, lastLogTerm: this.log.lastTerm };
    for (const peer of this.others) this.ctx.send(peer, msg);
  }

  private becomeCandidate(): void {
    this.term++;
    this.votedFor = this.ctx.id;
    this.role = 'candidate';
    this.preCandidate = false;
    this.leaderId = null;
    this.votes = new Set([this.ctx.id]);
    this.persistHardState();
    this.resetElectionTimer();
    if (this.votes.size >= this.quorum) {
      this.becomeLeader();
      return;
    }
    const msg: RaftMessage = { type: 'request_vote', term: this.term, lastLogIndex: this.log.lastIndex, lastLogTerm: this.log.lastTerm };
    for (const peer of this.others) this.ctx.send(peer, msg);
  }

  private becomeLeader(): void {
    if (!(this.role === 'candidate' && this.votedFor === this.ctx.id)) this.invariantBroken('only a candidate that voted for itself becomes leader');
    this.role = 'leader';
    this.leaderId = this.ctx.id;
    this.ctx.cancelTimer('election');
    this.progress = new Map();
    const nextIndex = this.log.lastIndex + 1;
    for (const peer of this.others) {
      this.progress.set(peer, { nextIndex, matchIndex: 0, mode: 'probe', inflight: 0, repliedSinceTick: false, lastSendMs: Number.NEGATIVE_INFINITY, lastSentCommit: -1, snapshotSentMs: Number.NEGATIVE_INFINITY, readAck: 0 });
    }
    this.heardFrom = new Set();
    this.pendingReads = [];
    this.readSeqNext = 0;
    // A no-op of the new term lets the leader commit (and learn) everything before it (Raft §8).
    this.noopIndex = this.appendAsLeader({ type: 'noop' });
    this.ctx.setTimer('heartbeat', config.heartbeatMs);
    this.ctx.setTimer('check_quorum', config.checkQuorumMs);
    for (const peer of this.others) this.sendAppend(peer, true);
    this.maybeAdvanceCommit();
  }

  /** Replies to every client the leader was holding; they retry elsewhere with the same id. */
  private abandonClientWork(): void {
    for (const requestId of this.waiterByIndex.values()) this.ctx.reply(requestId, this.notLeader());
    for (const read of this.pendingReads) this.ctx.reply(read.requestId, this.notLeader());
    this.waiterByIndex.clear();
    this.indexByRequest.clear();
    this.pendingReads = [];
  }

  private notLeader(): ClientResult {
    return this.leaderId !== null && this.leaderId !== this.ctx.id ? { type: 'not_leader', leaderHint: this.leaderId } : { type: 'not_leader' };
  }

  // ------------------------------------------------------------------ elections

  private handlePreVote(from: NodeId, m: Msg<'pre_vote'>): void {
    // Refuse while a leader is known to be alive: that is what keeps a rejoining node from disrupting it.
    const inLease = this.role === 'leader' || (this.leaderId !== null && this.ctx.now() - this.lastLeaderContactMs < config.leaderLeaseMs);
    const upToDate = this.bug === 'vote_without_up_to_date_check' || this.log.candidateIsUpToDate(m.lastLogIndex, m.lastLogTerm);
    const granted = m.term > this.term && !inLease && upToDate;
    this.ctx.send(from, { type: 'pre_vote_reply', term: granted ? m.term : this.term, granted });
  }

  private handlePreVoteReply(from: NodeId, m: Msg<'pre_vote_reply'>): void {
    if (!m.granted) {
      if (m.term > this.term) this.becomeFollower(m.term, null);
      return;
    }
    if (!this.preCandidate || m.term !== this.term + 1) return;
    this.preVotes.add(from);
    if (this.preVotes.size >= this.quorum) this.becomeCandidate();
  }

  private handleRequestVote(from: NodeId, m: Msg<'request_vote'>): void {
    if (m.term > this.term) this.becomeFollower(m.term, null);
    let granted = false;
    const upToDate = this.bug === 'vote_without_up_to_date_check' || this.log.candidateIsUpToDate(m.lastLogIndex, m.lastLogTerm);
    if (m.term === this.term && (this.votedFor === null || this.votedFor === from) && upToDate) {
      granted = true;
      this.votedFor = from;
      this.persistHardState();
      this.resetElectionTimer();
    }
    this.ctx.send(from, { type: 'request_vote_reply', term: this.term, granted });
  }

  private handleRequestVoteReply(from: NodeId, m: Msg<'request_vote_reply'>): void {
    if (m.term > this.term) {
      this.becomeFollower(m.term, null);
      return;
    }
    if (this.role !== 'candidate' || !m.granted) return;
    // A reply from an earlier election says nothing about this one (MUTANTS.md M10).
    if (m.term !== this.term && this.bug !== 'count_stale_votes') return;
    this.votes.add(from);
    if (this.votes.size >= this.quorum) this.becomeLeader();
  }

  // ------------------------------------------------------------------ replication (follower side)

  private handleAppendEntries(from: NodeId, m: Msg<'append_entries'>): void {
    if (m.term < this.term && this.bug !== 'accept_stale_term') {
      if (this.bug === 'stale_reject_echoes_request') this.rejectAppend(from, m, 0, 0);
      else this.rejectStaleTerm(from);
      return;
    }
    if (m.term >= this.term) {
      this.becomeFollower(m.term, from);
      this.lastLeaderContactMs = this.ctx.now();
      this.resetElectionTimer();
    }
    let prevLogIndex = m.prevLogIndex;
    let entries = m.entries;
    if (prevLogIndex < this.log.snapshotIndex) {
      // Entries up to the snapshot are committed here already; skip them (Raft §7).
      const skip = Math.min(entries.length, this.log.snapshotIndex - prevLogIndex);
      entries = entries.slice(skip);
      prevLogIndex += skip;
      if (prevLogIndex < this.log.snapshotIndex) {
        this.replySuccess(from, m, prevLogIndex);
        return;
      }
    }
    if (prevLogIndex > this.log.lastIndex) {
      this.rejectAppend(from, m, 0, this.log.lastIndex + 1);
      return;
    }
    const localPrevTerm = this.log.termAt(prevLogIndex) as number;
    if (prevLogIndex === this.log.snapshotIndex ? false : localPrevTerm !== m.prevLogTerm) {
      // Fast backup (Raft §5.3, last paragraphs): name the conflicting term and where it starts.
      this.rejectAppend(from, m, localPrevTerm, this.log.firstIndexOfTermAt(prevLogIndex));
      return;
    }
    const previousLast = this.log.lastIndex;
    let firstNew = entries.length;
    if (this.bug === 'truncate_matching_suffix') {
      firstNew = 0;
      if (entries.length > 0) this.log.truncateFrom(prevLogIndex + 1);
    } else {
      for (let k = 0; k < entries.length; k++) {
        const index = prevLogIndex + 1 + k;
        const localTerm = this.log.termAt(index);
        if (localTerm === (entries[k] as RaftEntry).term) continue;
        if (localTerm !== undefined) {
          // Delete the conflicting entry and all that follow it (Fig. 2, AppendEntries step 3).
          if (index <= this.commitIndex) this.invariantBroken(`never truncate a committed entry (index ${index}, commit ${this.commitIndex})`);
          this.log.truncateFrom(index);
        }
        firstNew = k;
        break;
      }
    }
    if (firstNew < entries.length) {
      const fresh = entries.slice(firstNew).map((e) => makeEntry(e.term, e.command));
      const from0 = prevLogIndex + 1 + firstNew;
      this.log.append(fresh);
      this.storage.writeEntries(from0, fresh, previousLast);
      this.syncBeforeAck();
    }
    this.replySuccess(from, m, prevLogIndex + entries.length);
  }

  private rejectAppend(leader: NodeId, m: Msg<'append_entries'>, conflictTerm: number, conflictIndex: number): void {
    this.ctx.send(leader, { type: 'append_entries_reply', term: this.term, success: false, matchIndex: 0, prevLogIndex: m.prevLogIndex, conflictTerm, conflictIndex, readSeq: m.readSeq });
  }

  /** Entries must be durable before the follower says it has them (MUTANTS.md M4). */
  private syncBeforeAck(): void {
    if (this.bug !== 'ack_before_sync') {
      this.storage.sync();
      return;
    }
    if (!this.lazySyncArmed) {
      this.lazySyncArmed = true;
      this.ctx.setTimer('lazy_sync', config.lazySyncMs);
    }
  }

  private replySuccess(leader: NodeId, m: Msg<'append_entries'>, matchIndex: number): void {
    // Fig. 2 step 5: commitIndex = min(leaderCommit, index of last new entry); never beyond what was just verified.
    const bound = this.bug === 'commit_beyond_new_entries' ? this.log.lastIndex : matchIndex;
    const newCommit = Math.min(m.leaderCommit, bound);
    if (newCommit > this.commitIndex) {
      this.commitIndex = newCommit;
      this.applyCommitted();
    }
    this.ctx.send(leader, { type: 'append_entries_reply', term: this.term, success: true, matchIndex, prevLogIndex: m.prevLogIndex, conflictTerm: 0, conflictIndex: 0, readSeq: m.readSeq });
  }

  /**
   * Answers a request from an older term with our term only, so its sender steps down. The
   * reply must carry nothing of the request: the leader of *our* term would take it as its
   * own (same term), and an echoed readSeq from the old leadership would confirm that
   * leader's ReadIndex rounds it never ran (a stale read, found by explore: raft seed 198).
   */
  private rejectStaleTerm(from: NodeId): void {
    this.ctx.send(from, { type: 'append_entries_reply', term: this.term, success: false, matchIndex: 0, prevLogIndex: 0, conflictTerm: 0, conflictIndex: 0, readSeq: 0 });
  }

  private handleInstallSnapshot(from: NodeId, m: Msg<'install_snapshot'>): void {
    if (m.term < this.term) {
      // As for AppendEntries (rejectStaleTerm): the reply carries only our term.
      this.ctx.send(from, { type: 'install_snapshot_reply', term: this.term, matchIndex: 0, readSeq: this.bug === 'stale_reject_echoes_request' ? m.readSeq : 0 });
      return;
    }
    this.becomeFollower(m.term, from);
    this.lastLeaderContactMs = this.ctx.now();
    this.resetElectionTimer();
    const index = m.lastIncludedIndex;
    const buggy = this.bug === 'snapshot_discards_suffix';
    // A snapshot this node has already passed would roll its state machine back (MUTANTS.md M17).
    if (index > this.commitIndex || buggy) {
      const previousSnapshot = this.log.snapshotIndex;
      const previousLast = this.log.lastIndex;
      // Keep the suffix when our log already holds the snapshot's last entry (Raft §7, step 6; M16).
      const keepSuffix = !buggy && this.log.termAt(index) === m.lastIncludedTerm;
      if (keepSuffix) this.log.compactTo(index, m.lastIncludedTerm);
      else this.log.resetTo(index, m.lastIncludedTerm);
      this.store = KvStore.restore(m.state, this.bug !== 'no_dedup');
      this.commitIndex = index;
      this.lastApplied = index;
      this.ctx.applySnapshot(index);
      this.storage.writeSnapshot({ index, term: m.lastIncludedTerm, state: m.state }, previousSnapshot + 1, keepSuffix ? index : previousLast, this.log.lastIndex);
      this.storage.sync();
    }
    this.ctx.send(from, { type: 'install_snapshot_reply', term: this.term, matchIndex: index, readSeq: m.readSeq });
  }

  // ------------------------------------------------------------------ replication (leader side)

  private appendAsLeader(command: KvCommand): number {
    assert(this.role === 'leader', 'only a leader appends new entries');
    const previousLast = this.log.lastIndex;
    const entry = makeEntry(this.term, command);
    this.log.append([entry]);
    this.storage.writeEntries(previousLast + 1, [entry], previousLast);
    this.storage.sync();
    return this.log.lastIndex;
  }

  /** Sends what `peer` needs next: entries, a heartbeat, or a snapshot. */
  private sendAppend(peer: NodeId, heartbeat: boolean): void {
    const p = this.progress.get(peer);
    if (p === undefined) throw new AssertionError(`no progress for peer ${peer}`);
    const now = this.ctx.now();
    if (p.nextIndex <= this.log.snapshotIndex) {
      if (p.mode !== 'snapshot' || now - p.snapshotSentMs >= config.snapshotResendMs) this.sendSnapshot(peer, p);
      return;
    }
    if (p.mode === 'snapshot') p.mode = 'probe';
    const last = this.log.lastIndex;
    const hasEntries = p.nextIndex <= last;
    if (!heartbeat) {
      if (!hasEntries) return;
      if (p.mode === 'probe' ? p.inflight > 0 : p.inflight >= config.inflightAppendsMax) return;
    }
    const to = Math.min(last, p.nextIndex + this.appendEntriesMax - 1);
    const entries = hasEntries ? this.log.slice(p.nextIndex, to) : [];
    const prevLogIndex = p.nextIndex - 1;
    this.ctx.send(peer, {
      type: 'append_entries',
      term: this.term,
      leaderId: this.ctx.id,
      prevLogIndex,
      prevLogTerm: this.log.termAt(prevLogIndex) as number,
      entries,
      leaderCommit: this.commitIndex,
      readSeq: this.readSeqNext,
    });
    p.lastSendMs = now;
    p.lastSentCommit = this.commitIndex;
    if (entries.length > 0) {
      if (p.mode === 'replicate') {
        p.nextIndex = to + 1;
        p.inflight++;
      } else {
        p.inflight = 1;
      }
    }
  }

  private sendSnapshot(peer: NodeId, p: Progress): void {
    p.mode = 'snapshot';
    p.snapshotSentMs = this.ctx.now();
    p.lastSendMs = p.snapshotSentMs;
    p.lastSentCommit = this.commitIndex;
    this.ctx.send(peer, {
      type: 'install_snapshot',
      term: this.term,
      leaderId: this.ctx.id,
      lastIncludedIndex: this.log.snapshotIndex,
      lastIncludedTerm: this.log.snapshotTerm,
      state: this.store.snapshot(),
      readSeq: this.readSeqNext,
    });
  }

  private heartbeatTick(): void {
    const now = this.ctx.now();
    const readsWaiting = this.pendingReads.length > 0;
    for (const peer of this.others) {
      const p = this.progress.get(peer) as Progress;
      // Silence since the last tick with entries in flight: assume loss and resend from the last match.
      if (p.mode === 'replicate' && !p.repliedSinceTick && p.nextIndex > p.matchIndex + 1) {
        p.mode = 'probe';
        p.nextIndex = p.matchIndex + 1;
      }
      p.repliedSinceTick = false;
      p.inflight = 0;
      const idle = p.matchIndex === this.log.lastIndex && p.lastSentCommit === this.commitIndex && !readsWaiting;
      if (idle && now - p.lastSendMs < config.idleHeartbeatMs) continue;
      this.sendAppend(peer, true);
    }
    this.ctx.setTimer('heartbeat', config.heartbeatMs);
  }

  /** Check-quorum (thesis §6.2): a leader that heard from no majority in a whole window steps down. */
  private checkQuorum(): void {
    if (this.heardFrom.size + 1 < this.quorum) {
      this.becomeFollower(this.term, null);
      return;
    }
    this.heardFrom = new Set();
    this.ctx.setTimer('check_quorum', config.checkQuorumMs);
  }

  /** Common bookkeeping for a reply of the current term; false when the reply is stale or we are not leader. */
  private acceptLeaderReply(from: NodeId, term: number, readSeq: number): Progress | undefined {
    if (term > this.term) {
      this.becomeFollower(term, null);
      return undefined;
    }
    if (this.role !== 'leader' || term !== this.term) return undefined;
    const p = this.progress.get(from);
    if (p === undefined) throw new AssertionError(`no progress for peer ${from}`);
    this.heardFrom.add(from);
    p.repliedSinceTick = true;
    if (readSeq > p.readAck) p.readAck = readSeq;
    return p;
  }

  private handleAppendEntriesReply(from: NodeId, m: Msg<'append_entries_reply'>): void {
    const p = this.acceptLeaderReply(from, m.term, m.readSeq);
    if (p === undefined) return;
    if (m.success) {
      if (m.matchIndex > this.log.lastIndex) this.invariantBroken(`follower ${from} matched ${m.matchIndex} beyond our last index ${this.log.lastIndex}`);
      if (m.matchIndex > p.matchIndex) p.matchIndex = m.matchIndex;
      if (p.nextIndex < p.matchIndex + 1) p.nextIndex = p.matchIndex + 1;
      if (p.mode === 'probe') {
        p.mode = 'replicate';
        p.inflight = 0;
      } else if (p.inflight > 0) {
        p.inflight--;
      }
      this.maybeAdvanceCommit();
      this.maybeServeReads();
      if (this.role === 'leader') this.sendAppend(from, false);
      return;
    }
    this.maybeServeReads();
    // A rejection at or below the known match answers an older request; ignore it.
    if (m.prevLogIndex <= p.matchIndex) return;
    let next = m.conflictIndex;
    if (m.conflictTerm > 0) {
      const lastOfTerm = this.log.lastIndexOfTerm(m.conflictTerm);
      if (lastOfTerm !== undefined) next = lastOfTerm + 1;
    }
    next = Math.max(p.matchIndex + 1, Math.min(next, m.prevLogIndex, this.log.lastIndex + 1));
    p.nextIndex = next;
    p.mode = 'probe';
    p.inflight = 0;
    this.sendAppend(from, true);
  }

  private handleInstallSnapshotReply(from: NodeId, m: Msg<'install_snapshot_reply'>): void {
    const p = this.acceptLeaderReply(from, m.term, m.readSeq);
    if (p === undefined) return;
    if (m.matchIndex > p.matchIndex) p.matchIndex = m.matchIndex;
    p.nextIndex = Math.max(p.nextIndex, p.matchIndex + 1);
    if (p.mode === 'snapshot' && p.nextIndex > this.log.snapshotIndex) {
      p.mode = 'replicate';
      p.inflight = 0;
    }
    this.maybeAdvanceCommit();
    this.maybeServeReads();
    if (this.role === 'leader') this.sendAppend(from, false);
  }

  /** Raft §5.4.2 / Fig. 2: commit N replicated on a majority only if log[N].term == currentTerm. */
  private maybeAdvanceCommit(): void {
    if (this.role !== 'leader') return;
    const n = this.quorumValue(this.log.lastIndex, 'matchIndex');
    if (n <= this.commitIndex) return;
    if (this.bug !== 'commit_old_term' && this.log.termAt(n) !== this.term) return;
    this.commitIndex = n;
    this.applyCommitted();
    this.assignReadIndexes();
  }

  // ------------------------------------------------------------------ state machine

  private applyCommitted(): void {
    if (this.commitIndex > this.log.lastIndex) this.invariantBroken(`commitIndex ${this.commitIndex} beyond last index ${this.log.lastIndex}`);
    while (this.lastApplied < this.commitIndex) {
      const index = this.lastApplied + 1;
      const entry = this.log.entryAt(index);
      if (entry === undefined) break; // Only reachable in bug variants that commit beyond the log.
      const outcome = this.store.apply(entry.command);
      this.lastApplied = index;
      this.ctx.apply(index, entry.command, outcome.effect);
      const waiter = this.waiterByIndex.get(index);
      if (waiter !== undefined) {
        this.waiterByIndex.delete(index);
        this.indexByRequest.delete(waiter);
        // Answer only if the entry that committed is the request we appended (never ok for another entry).
        if (entry.command.type === 'client' && entry.command.request.id === waiter && outcome.result !== undefined) this.ctx.reply(waiter, outcome.result);
      }
    }
    this.maybeServeReads();
    this.maybeSnapshot();
  }

  private maybeSnapshot(): void {
    if (this.lastApplied - this.log.snapshotIndex < this.snapshotThresholdEntries) return;
    const index = this.lastApplied;
    const term = this.log.termAt(index) as number;
    const previousSnapshot = this.log.snapshotIndex;
    this.log.compactTo(index, term);
    this.storage.writeSnapshot({ index, term, state: this.store.snapshot() }, previousSnapshot + 1, index, this.log.lastIndex);
    this.storage.sync();
  }

  // ------------------------------------------------------------------ linearizable reads (thesis §6.4 ReadIndex)

  private handleRead(requestId: string, key: string): void {
    if (this.bug === 'unsafe_leader_read') {
      this.ctx.reply(requestId, { type: 'ok', value: this.store.read(key) });
      return;
    }
    if (this.pendingReads.length >= config.pendingReadsMax) {
      this.ctx.reply(requestId, { type: 'fail', error: 'too_many_reads' });
      return;
    }
    this.pendingReads.push({ requestId, key, readIndex: -1, readSeq: 0 });
    this.assignReadIndexes();
    this.maybeServeReads();
  }

  /** Once the leader's no-op committed, reads take the commit index and a fresh heartbeat round. */
  private assignReadIndexes(): void {
    if (this.role !== 'leader' || this.commitIndex < this.noopIndex) return;
    let assigned = false;
    for (const read of this.pendingReads) {
      if (read.readSeq !== 0) continue;
      if (!assigned) this.readSeqNext++;
      assigned = true;
      read.readIndex = this.commitIndex;
      read.readSeq = this.readSeqNext;
    }
    if (assigned) for (const peer of this.others) this.sendAppend(peer, true);
  }

  /**
   * The highest value a majority has reached: the quorum-th largest of the leader's own
   * `own` and each follower's `field`. Runs on every reply, so it sorts a reused array.
   */
  private quorumValue(own: number, field: 'matchIndex' | 'readAck'): number {
    const values = this.quorumScratch;
    values[0] = own;
    let n = 1;
    for (const peer of this.others) {
      const v = (this.progress.get(peer) as Progress)[field];
      let i = n++;
      // Insertion into descending order.
      while (i > 0 && (values[i - 1] as number) < v) {
        values[i] = values[i - 1] as number;
        i--;
      }
      values[i] = v;
    }
    return values[this.quorum - 1] as number;
  }

  private maybeServeReads(): void {
    if (this.role !== 'leader' || this.pendingReads.length === 0) return;
    const confirmed = this.quorumValue(this.readSeqNext, 'readAck');
    let served = 0;
    for (const read of this.pendingReads) {
      if (read.readSeq === 0 || read.readSeq > confirmed || read.readIndex > this.lastApplied) break;
      this.ctx.reply(read.requestId, { type: 'ok', value: this.store.read(read.key) });
      served++;
    }
    if (served > 0) this.pendingReads.splice(0, served);
  }
}
