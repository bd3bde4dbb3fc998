// The Raft invariant checker (INVARIANTS.md §1): one pass over the observations keeps the
// history maps (H.leaders, H.grants, H.entryId, H.committed, H.applied, what each node
// acknowledged) and checks every invariant of names.ts at the step that could break it.
// Cheap by construction: a node_state whose log array is the same object as before costs
// O(1) per invariant; a changed log is compared entry by entry by reference (entries are
// shared, immutable objects), and only new committed indices are looked at.

import type { CheckerInstance, CheckerSetup, NodeId, Observation, Violation } from '../types.ts';
import type { RaftInvariant } from './names.ts';
import { dataText, sameData } from '../plain-data.ts';
import { abbreviate, asRaftView, atLeastAsUpToDate, entryAt, lastIndexOf, lastTermOf, sameEntry, termAt, type RaftEntryView, type RaftView } from './view.ts';

/** Violations reported per invariant before the rest are only counted (a broken run breaks it often). */
export const violationsPerInvariantMax = 10;

type Deliver = Extract<Observation, { type: 'deliver' }>;
type NodeState = Extract<Observation, { type: 'node_state' }>;
type Send = Extract<Observation, { type: 'send' }>;

interface Message {
  type: string;
  term: number;
  [field: string]: unknown;
}

interface NodeTrack {
  incarnation: number;
  /** The last node_state of this node (any incarnation) and the incarnation it came from. */
  view: RaftView | undefined;
  viewIncarnation: number;
  /** The message being handled between its deliver and the node_state after the handler. */
  cause: Message | undefined;
  causeFrom: NodeId;
  /** The next node_state is the first one after a restart: the restored durable state. */
  restarted: boolean;
  /** Highest term this node was ever observed in, and the highest term on a message it sent. */
  termMax: number;
  termSentMax: number;
  termSentInHandlerMax: number;
  /** The latest vote this node granted, and its latest acknowledgement of log entries (R9). */
  lastGrant: { term: number; candidate: NodeId; timeMs: number } | undefined;
  lastAck: { term: number; matchIndex: number; timeMs: number } | undefined;
}

interface Committed {
  /** The entry as first seen committed (its command is compared by value). */
  entry: RaftEntryView;
  term: number;
  /** The term of the node first seen with commitIndex >= this index: >= the true commit term (R4). */
  commitTerm: number;
  node: NodeId;
}

const termBearing = new Set(['request_vote', 'request_vote_reply', 'append_entries', 'append_entries_reply', 'install_snapshot', 'install_snapshot_reply']);
const staleCheckedRequests = new Set(['append_entries', 'install_snapshot', 'request_vote', 'append_entries_reply', 'request_vote_reply', 'install_snapshot_reply']);

function asMessage(msg: unknown): Message | undefined {
  if (msg === null || typeof msg !== 'object') return undefined;
  const m = msg as Partial<Message>;
  return typeof m.type === 'string' && typeof m.term === 'number' ? (m as Message) : undefined;
}

export class RaftCheckerInstance implements CheckerInstance {
  private readonly nodeCount: number;
  private readonly quorum: number;
  private readonly enabled: ReadonlySet<RaftInvariant> | undefined;
  private readonly tracks: NodeTrack[];
  private readonly reportedCount = new Map<RaftInvariant, number>();
  private out: Violation[] = [];

  // History maps (INVARIANTS.md §1.0).
  private readonly leaders = new Map<number, NodeId>();
  private readonly grants = new Map<string, Set<NodeId>>();
  /** index → term → the first entry seen there (H.entryId). */
  private readonly entryId = new Map<number, Map<number, RaftEntryView>>();
  private readonly committed = new Map<number, Committed>();
  private committedMax = 0;
  private readonly applied = new Map<number, { key: string; command: unknown; node: NodeId }>();
  /** Nodes whose latest snapshot says leader, with that snapshot (for R4). */
  private readonly currentLeaders = new Map<NodeId, RaftView>();

  constructor(setup: CheckerSetup, enabled?: readonly RaftInvariant[]) {
    this.nodeCount = setup.nodeCount;
    this.quorum = Math.floor(setup.nodeCount / 2) + 1;
    this.enabled = enabled ? new Set(enabled) : undefined;
    this.tracks = Array.from({ length: setup.nodeCount }, () => ({
      incarnation: 0,
      view: undefined,
      viewIncarnation: -1,
      cause: undefined,
      causeFrom: -1,
      restarted: false,
      termMax: 0,
      termSentMax: 0,
      termSentInHandlerMax: 0,
      lastGrant: undefined,
      lastAck: undefined,
    }));
  }

  observe(obs: Observation): Violation[] | undefined {
    switch (obs.type) {
      case 'node_state':
        this.onNodeState(obs);
        break;
      case 'deliver': {
        const track = this.tracks[obs.to];
        const msg = asMessage(obs.msg);
        if (track !== undefined) {
          track.cause = msg;
          track.causeFrom = obs.from;
        }
        break;
      }
      case 'send':
        this.onSend(obs);
        break;
      case 'apply':
        this.onApply(obs);
        break;
      case 'crash': {
        this.currentLeaders.delete(obs.node);
        const track = this.tracks[obs.node];
        if (track) track.cause = undefined;
        break;
      }
      case 'restart': {
        const track = this.tracks[obs.node];
        if (track) {
          track.restarted = true;
          track.incarnation = obs.incarnation;
          track.cause = undefined;
          track.termSentInHandlerMax = 0;
        }
        this.currentLeaders.delete(obs.node);
        break;
      }
      case 'snapshot':
      case 'request':
        break;
      default:
        break;
    }
    if (this.out.length === 0) return undefined;
    const found = this.out;
    this.out = [];
    return found;
  }

  private report(invariant: RaftInvariant, timeMs: number, nodes: NodeId[], message: string, details?: unknown): void {
    if (this.enabled !== undefined && !this.enabled.has(invariant)) return;
    const count = (this.reportedCount.get(invariant) ?? 0) + 1;
    this.reportedCount.set(invariant, count);
    if (count > violationsPerInvariantMax) return;
    const v: Violation = { checker: invariant, message: `${message} (t=${timeMs} ms)`, timeMs, nodes };
    if (details !== undefined) v.details = details;
    this.out.push(v);
  }

  // ------------------------------------------------------------------ sends and applies

  private onSend(obs: Send): void {
    const msg = asMessage(obs.msg);
    const track = this.tracks[obs.from];
    if (msg === undefined || track === undefined) return;
    if (termBearing.has(msg.type)) {
      if (msg.term > track.termSentMax) track.termSentMax = msg.term;
      if (msg.term > track.termSentInHandlerMax) track.termSentInHandlerMax = msg.term;
    }
    if (msg.type === 'request_vote_reply' && msg.granted === true) {
      this.recordGrant(obs.from, msg.term, obs.to, obs.timeMs);
      track.lastGrant = { term: msg.term, candidate: obs.to, timeMs: obs.timeMs };
      this.checkElectionRestriction(obs, track);
    } else if ((msg.type === 'append_entries_reply' && msg.success === true) || (msg.type === 'install_snapshot_reply' && typeof msg.matchIndex === 'number' && msg.matchIndex > 0)) {
      const matchIndex = msg.matchIndex as number;
      this.checkAckBound(obs, msg, matchIndex, track);
      const ack = track.lastAck;
      if (ack === undefined || msg.term > ack.term || (msg.term === ack.term && matchIndex > ack.matchIndex)) {
        track.lastAck = { term: msg.term, matchIndex, timeMs: obs.timeMs };
      }
    }
  }

  /**
   * An acknowledgement claims no more than the request it answers verified: what follows
   * prevLogIndex + entries in the follower's log may be a stale tail of an older term, and a
   * leader that counts it commits what no majority holds.
   */
  private checkAckBound(obs: Send, msg: Message, matchIndex: number, track: NodeTrack): void {
    const request = track.cause;
    if (request === undefined || track.causeFrom !== obs.to) return;
    let verified: number | undefined;
    if (msg.type === 'append_entries_reply' && request.type === 'append_entries' && typeof request.prevLogIndex === 'number' && Array.isArray(request.entries)) {
      verified = request.prevLogIndex + request.entries.length;
    } else if (msg.type === 'install_snapshot_reply' && request.type === 'install_snapshot' && typeof request.lastIncludedIndex === 'number') {
      verified = request.lastIncludedIndex;
    }
    if (verified !== undefined && matchIndex > verified) {
      this.report(
        'raft-ack-bound',
        obs.timeMs,
        [obs.from, obs.to],
        `node ${obs.from} acknowledged index ${matchIndex} to node ${obs.to} in term ${msg.term}, answering a ${request.type} that verified only up to index ${verified}`,
      );
    }
  }

  /** R16: the voter's log (its state before this handler) is no more up-to-date than the candidate's. */
  private checkElectionRestriction(obs: Send, track: NodeTrack): void {
    const request = track.cause;
    const voter = track.view;
    if (request === undefined || request.type !== 'request_vote' || track.causeFrom !== obs.to || voter === undefined || track.viewIncarnation !== track.incarnation) return;
    const candIndex = request.lastLogIndex as number;
    const candTerm = request.lastLogTerm as number;
    const voterIndex = lastIndexOf(voter);
    const voterTerm = lastTermOf(voter);
    if (!atLeastAsUpToDate(candIndex, candTerm, voterIndex, voterTerm)) {
      this.report(
        'raft-election-restriction',
        obs.timeMs,
        [obs.from, obs.to],
        `node ${obs.from} granted its term-${request.term} vote to node ${obs.to}, whose log ends at (index ${candIndex}, term ${candTerm}), less up-to-date than its own (index ${voterIndex}, term ${voterTerm})`,
      );
    }
  }

  private recordGrant(voter: NodeId, term: number, candidate: NodeId, timeMs: number): void {
    const key = `${voter}/${term}`;
    let set = this.grants.get(key);
    if (set === undefined) {
      set = new Set();
      this.grants.set(key, set);
    }
    if (set.has(candidate)) return;
    set.add(candidate);
    if (set.size === 2) {
      this.report('raft-vote-uniqueness', timeMs, [voter, ...set], `node ${voter} voted for more than one candidate in term ${term}: nodes ${[...set].join(' and ')}`);
    }
  }

  /** R5 (H form): every apply at an index, on any node and incarnation, is the same command. */
  private onApply(obs: Extract<Observation, { type: 'apply' }>): void {
    const first = this.applied.get(obs.index);
    if (first === undefined) {
      this.applied.set(obs.index, { key: obs.commandKey, command: obs.command, node: obs.node });
    } else if (first.key !== obs.commandKey) {
      const [was, now] = [dataText(first.command), dataText(obs.command)];
      this.report('raft-state-machine-safety', obs.timeMs, [first.node, obs.node], `nodes ${first.node} and ${obs.node} applied different commands at index ${obs.index}: ${abbreviate(was)} vs ${abbreviate(now)}`);
    }
  }

  // ------------------------------------------------------------------ node snapshots

  private onNodeState(obs: NodeState): void {
    const cur = asRaftView(obs.state);
    const track = this.tracks[obs.node];
    if (cur === undefined || track === undefined) return;
    const node = obs.node;
    const t = obs.timeMs;
    const restarted = track.restarted;
    const prev = !restarted && track.viewIncarnation === obs.incarnation ? track.view : undefined;
    const before = track.view;
    if (prev !== undefined && cur === prev) {
      // The very snapshot seen last (snapshots never change): nothing in it moved, so no
      // invariant over snapshots can have broken; only what the handler sent is news.
      if (track.termSentInHandlerMax > cur.term) this.report('raft-term-monotonic', t, [node], `node ${node} sent a message of term ${track.termSentInHandlerMax} while in term ${cur.term}`);
      track.cause = undefined;
      track.termSentInHandlerMax = 0;
      return;
    }

    if (restarted) this.checkRestored(obs, cur, track);
    // R6 / R8 within an incarnation.
    if (prev !== undefined && cur.term < prev.term) this.report('raft-term-monotonic', t, [node], `node ${node}'s term went back from ${prev.term} to ${cur.term}`);
    if (track.termSentInHandlerMax > cur.term) this.report('raft-term-monotonic', t, [node], `node ${node} sent a message of term ${track.termSentInHandlerMax} while in term ${cur.term}`);

    // The previous snapshot's vote was recorded when it was seen: only a new one is looked up.
    if (cur.votedFor !== null && cur.votedFor !== undefined && (before === undefined || cur.term !== before.term || cur.votedFor !== before.votedFor)) {
      this.recordGrant(node, cur.term, cur.votedFor, t);
    }
    if (cur.role === 'leader') this.checkLeadership(node, cur, prev, t);

    this.checkCommitBounds(node, cur, prev, t);
    if (before === undefined || cur.log !== before.log || cur.snapshotIndex !== before.snapshotIndex) this.checkLogChange(node, cur, prev, before, t);
    this.checkCommitAdvance(node, cur, prev, track, t);
    if (prev !== undefined && track.cause !== undefined) this.checkStaleMessage(node, cur, prev, track.cause, track.causeFrom, t);

    if (cur.role === 'leader') this.currentLeaders.set(node, cur);
    else this.currentLeaders.delete(node);
    if (cur.term > track.termMax) track.termMax = cur.term;
    track.view = cur;
    track.viewIncarnation = obs.incarnation;
    track.restarted = false;
    track.cause = undefined;
    track.termSentInHandlerMax = 0;
  }

  /** R6, R8, R9 on the state a node restarts with. */
  private checkRestored(obs: NodeState, cur: RaftView, track: NodeTrack): void {
    const node = obs.node;
    const t = obs.timeMs;
    if (cur.term < track.termMax) this.report('raft-term-monotonic', t, [node], `node ${node} restarted in term ${cur.term} after having been in term ${track.termMax}: currentTerm was not persisted`);
    else if (cur.term < track.termSentMax) this.report('raft-term-monotonic', t, [node], `node ${node} restarted in term ${cur.term} after sending messages of term ${track.termSentMax}`);
    const grant = track.lastGrant;
    if (grant !== undefined && (cur.term < grant.term || (cur.term === grant.term && cur.votedFor !== grant.candidate))) {
      this.report(
        'raft-persist-before-ack',
        t,
        [node, grant.candidate],
        `node ${node} granted its term-${grant.term} vote to node ${grant.candidate} at t=${grant.timeMs} ms but restarted with term ${cur.term}, votedFor ${cur.votedFor}`,
      );
    }
    const ack = track.lastAck;
    if (ack !== undefined && cur.term === ack.term && lastIndexOf(cur) < ack.matchIndex) {
      this.report(
        'raft-persist-before-ack',
        t,
        [node],
        `node ${node} acknowledged log entries up to index ${ack.matchIndex} in term ${ack.term} at t=${ack.timeMs} ms but restarted in that term with only ${lastIndexOf(cur)} entries`,
      );
    }
    // Committed entries are durable (etcd's CommittedIsDurableInv): a leader counts its own
    // entry toward a commit, a follower's counted entries are what it acknowledged, so what
    // a node had committed before a crash must come back with it. Log Matching makes the
    // entry at the old commitIndex enough.
    const before = track.view;
    if (before !== undefined && before.commitIndex > cur.snapshotIndex) {
      const n = before.commitIndex;
      const had = entryAt(before, n);
      const has = entryAt(cur, n);
      if (has === undefined || (had !== undefined && !sameEntry(had, has))) {
        this.report(
          'raft-persist-before-ack',
          t,
          [node],
          `node ${node} had committed through index ${n} before its crash but restarted ${has === undefined ? `with its log ending at ${lastIndexOf(cur)}` : `with another entry there (term ${has.term})`}: a committed entry was not durable`,
        );
      }
    }
  }

  /** R1 (H form) and R7 (a leader holds a majority of grants) on every leader snapshot; R4 on a new leadership. */
  private checkLeadership(node: NodeId, cur: RaftView, prev: RaftView | undefined, t: number): void {
    const other = this.leaders.get(cur.term);
    if (other === undefined) {
      this.leaders.set(cur.term, node);
    } else if (other !== node) {
      this.report('raft-election-safety', t, [other, node], `nodes ${other} and ${node} were both leader in term ${cur.term}`);
    }
    const isNew = prev === undefined || prev.role !== 'leader' || prev.term !== cur.term;
    if (!isNew) return;
    let votes = 0;
    for (let v = 0; v < this.nodeCount; v++) if (this.grants.get(`${v}/${cur.term}`)?.has(node)) votes++;
    if (votes < this.quorum) {
      this.report('raft-leader-votes', t, [node], `node ${node} became leader of term ${cur.term} with vote grants from only ${votes} of ${this.nodeCount} nodes (a majority is ${this.quorum})`);
    }
    // R4: every entry committed in an earlier term is in the new leader's log.
    for (let n = cur.snapshotIndex + 1; n <= this.committedMax; n++) {
      const c = this.committed.get(n);
      if (c !== undefined && c.commitTerm < cur.term) this.checkLeaderHas(node, cur, n, c, t);
    }
  }

  private checkLeaderHas(leader: NodeId, view: RaftView, n: number, c: Committed, t: number): boolean {
    if (n <= view.snapshotIndex) return true;
    const e = entryAt(view, n);
    if (e !== undefined && e.term === c.term && sameData(e.command, c.entry.command)) return true;
    this.report(
      'raft-leader-completeness',
      t,
      [leader, c.node],
      `leader ${leader} of term ${view.term} ${e === undefined ? 'lacks' : `has (term ${e.term}) instead of`} the entry at index ${n} (term ${c.term}) committed by term ${c.commitTerm} (first seen committed on node ${c.node})`,
    );
    return false;
  }

  /** R12: index bounds, and commitIndex monotone within an incarnation. */
  private checkCommitBounds(node: NodeId, cur: RaftView, prev: RaftView | undefined, t: number): void {
    const last = lastIndexOf(cur);
    if (!(cur.snapshotIndex <= cur.lastApplied && cur.lastApplied <= cur.commitIndex && cur.commitIndex <= last)) {
      this.report('raft-commit-index', t, [node], `node ${node} breaks snapshotIndex <= lastApplied <= commitIndex <= lastIndex: ${cur.snapshotIndex} / ${cur.lastApplied} / ${cur.commitIndex} / ${last} in term ${cur.term}`);
    }
    if (prev !== undefined && cur.commitIndex < prev.commitIndex) {
      this.report('raft-commit-index', t, [node], `node ${node}'s commitIndex went back from ${prev.commitIndex} to ${cur.commitIndex} in term ${cur.term}`);
    }
  }

  /** R2, R3 (entry identity) and R15 when a node's log array changed. */
  private checkLogChange(node: NodeId, cur: RaftView, prev: RaftView | undefined, before: RaftView | undefined, t: number): void {
    // R3-H: every entry not seen at that index in this node's previous snapshot.
    const curLast = lastIndexOf(cur);
    for (let n = cur.snapshotIndex + 1; n <= curLast; n++) {
      const e = entryAt(cur, n) as RaftEntryView;
      if (before !== undefined && entryAt(before, n) === e) continue;
      let terms = this.entryId.get(n);
      if (terms === undefined) {
        terms = new Map();
        this.entryId.set(n, terms);
      }
      const known = terms.get(e.term);
      if (known === undefined) terms.set(e.term, e);
      else if (!sameData(known.command, e.command)) {
        this.report('raft-log-matching', t, [node], `node ${node} holds at index ${n}, term ${e.term} the command ${abbreviate(dataText(e.command))}, but that (index, term) already named ${abbreviate(dataText(known.command))}`);
      }
    }
    if (prev === undefined) return;
    const prevLast = lastIndexOf(prev);
    if (cur.snapshotIndex < prev.snapshotIndex) {
      this.report('raft-no-truncation-below-commit', t, [node], `node ${node}'s snapshot went back from index ${prev.snapshotIndex} to ${cur.snapshotIndex}: committed entries ${cur.snapshotIndex + 1}..${prev.snapshotIndex} are no longer covered`);
    }
    // The first index whose entry was removed or replaced (compaction into a snapshot is neither).
    let firstChanged: number | undefined;
    for (let n = Math.max(prev.snapshotIndex, cur.snapshotIndex) + 1; n <= prevLast; n++) {
      const was = entryAt(prev, n) as RaftEntryView;
      const now = entryAt(cur, n);
      if (now === undefined || !sameEntry(was, now)) {
        firstChanged = n;
        break;
      }
    }
    if (firstChanged !== undefined) {
      const leaderKept = prev.role === 'leader' && cur.role === 'leader' && prev.term === cur.term;
      if (leaderKept) {
        this.report('raft-leader-append-only', t, [node], `leader ${node} of term ${cur.term} removed or overwrote its entry at index ${firstChanged} (its last index was ${prevLast}, now ${curLast})`);
      }
      if (firstChanged <= prev.commitIndex) {
        this.report('raft-no-truncation-below-commit', t, [node], `node ${node} removed or replaced its entry at index ${firstChanged}, at or below its commitIndex ${prev.commitIndex} (term ${cur.term})`);
      } else {
        for (let n = firstChanged; n <= Math.min(prevLast, this.committedMax); n++) {
          const c = this.committed.get(n);
          const was = entryAt(prev, n) as RaftEntryView;
          const now = entryAt(cur, n);
          // Only a leader of a term above the commit term must hold the entry (Leader
          // Completeness, commit-term form): a node that never learned of the commit may
          // still take a stale leader's conflicting entry from an older term, legally.
          if (c !== undefined && cur.term > c.commitTerm && was.term === c.term && sameData(was.command, c.entry.command) && (now === undefined || !sameEntry(was, now))) {
            this.report('raft-no-truncation-below-commit', t, [node], `node ${node} removed or replaced its entry at index ${n} (term ${c.term}), which is committed (first seen committed on node ${c.node})`);
            break;
          }
        }
      }
    } else if (prev.role === 'leader' && cur.role === 'leader' && prev.term === cur.term && curLast < prevLast) {
      this.report('raft-leader-append-only', t, [node], `leader ${node} of term ${cur.term} shortened its log from ${prevLast} to ${curLast}`);
    }
  }

  /** H.committed, R5 on committed prefixes, R4 for new commits, R10 and R11. */
  private checkCommitAdvance(node: NodeId, cur: RaftView, prev: RaftView | undefined, track: NodeTrack, t: number): void {
    const from = prev?.commitIndex ?? cur.snapshotIndex;
    if (cur.commitIndex <= from) return;
    for (let n = Math.max(from, cur.snapshotIndex) + 1; n <= cur.commitIndex; n++) {
      const e = entryAt(cur, n);
      if (e === undefined) break;
      const c = this.committed.get(n);
      if (c === undefined) {
        const rec: Committed = { entry: e, term: e.term, commitTerm: cur.term, node };
        this.committed.set(n, rec);
        if (n > this.committedMax) this.committedMax = n;
        for (const [leader, view] of this.currentLeaders) if (leader !== node && view.term > rec.commitTerm) this.checkLeaderHas(leader, view, n, rec, t);
      } else if (c.term !== e.term || !sameData(c.entry.command, e.command)) {
        this.report('raft-state-machine-safety', t, [c.node, node], `node ${node} committed index ${n} with (term ${e.term}) ${abbreviate(dataText(e.command))}, but node ${c.node} committed (term ${c.term}) ${abbreviate(dataText(c.entry.command))} there`);
      }
    }
    if (prev === undefined) return;
    // R10: a leader that stayed leader of the same term commits by counting replicas only in its own term.
    if (prev.role === 'leader' && cur.role === 'leader' && prev.term === cur.term) {
      const term = termAt(cur, cur.commitIndex);
      if (term !== undefined && term !== cur.term) {
        this.report('raft-figure8-commit', t, [node], `leader ${node} of term ${cur.term} advanced commitIndex from ${prev.commitIndex} to ${cur.commitIndex}, an entry of term ${term} (Raft §5.4.2 commits only current-term entries by counting)`);
      }
      this.checkCommitQuorum(node, cur, prev, t);
    }
    // R11: a follower handling AppendEntries commits at most up to the entries it just verified.
    const m = track.cause;
    if (m !== undefined && m.type === 'append_entries' && cur.role !== 'leader') {
      const entries = Array.isArray(m.entries) ? m.entries.length : 0;
      const verified = (m.prevLogIndex as number) + entries;
      const bound = Math.max(prev.commitIndex, Math.min(m.leaderCommit as number, verified));
      if (cur.commitIndex > bound) {
        this.report(
          'raft-follower-commit-bound',
          t,
          [node, track.causeFrom],
          `node ${node} set commitIndex to ${cur.commitIndex} on an AppendEntries from node ${track.causeFrom} (term ${m.term}) that verified only up to index ${verified} (leaderCommit ${m.leaderCommit as number})`,
        );
      }
    }
  }

  /**
   * R14 at the step that counts: a leader commits N only when a majority holds its entry at
   * N. Every node's latest snapshot is compared (a follower's snapshot after the handler
   * that acknowledged is always seen before its reply arrives, and in a correct Raft nothing
   * takes a counted entry away from it); a snapshot that covers N counts too. Log Matching
   * makes N alone enough: who holds N holds everything below it.
   */
  private checkCommitQuorum(node: NodeId, cur: RaftView, prev: RaftView, t: number): void {
    const n = cur.commitIndex;
    if (n <= prev.commitIndex || n <= cur.snapshotIndex) return;
    const entry = entryAt(cur, n);
    if (entry === undefined) return;
    const holders: NodeId[] = [];
    for (let j = 0; j < this.nodeCount; j++) {
      const view = j === node ? cur : this.tracks[j]?.view;
      if (view === undefined) continue;
      const theirs = n <= view.snapshotIndex ? undefined : entryAt(view, n);
      if (n <= view.snapshotIndex || (theirs !== undefined && sameEntry(theirs, entry))) holders.push(j);
    }
    if (holders.length < this.quorum) {
      this.report(
        'raft-commit-quorum',
        t,
        [node],
        `leader ${node} of term ${cur.term} advanced commitIndex to ${n}, but only node(s) ${holders.join(', ')} hold its entry there (term ${entry.term}), ${holders.length} of ${this.nodeCount} (a majority is ${this.quorum})`,
      );
    }
  }

  /** R17: a request or reply of an older term changes nothing. */
  private checkStaleMessage(node: NodeId, cur: RaftView, prev: RaftView, m: Message, from: NodeId, t: number): void {
    if (m.term >= prev.term || !staleCheckedRequests.has(m.type)) return;
    const changed: string[] = [];
    if (cur.term !== prev.term) changed.push(`term ${prev.term}->${cur.term}`);
    if (cur.role !== prev.role) changed.push(`role ${prev.role}->${cur.role}`);
    if (cur.votedFor !== prev.votedFor) changed.push(`votedFor ${prev.votedFor}->${cur.votedFor}`);
    if (cur.log !== prev.log || cur.snapshotIndex !== prev.snapshotIndex) changed.push('log');
    if (cur.commitIndex !== prev.commitIndex) changed.push(`commitIndex ${prev.commitIndex}->${cur.commitIndex}`);
    if (changed.length > 0) {
      this.report('raft-stale-term', t, [node, from], `node ${node} in term ${prev.term} changed ${changed.join(', ')} on a ${m.type} of stale term ${m.term} from node ${from}`);
    }
  }
}
