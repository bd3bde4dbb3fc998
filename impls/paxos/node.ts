// One Multi-Paxos node: proposer, acceptor and learner in one process (Paxos Made Simple
// §2.4 "each process plays all three roles"), with a distinguished proposer — the leader —
// that runs Phase 1 once for every slot from its first unchosen one and then Phase 2 per
// slot (Paxos Made Live §3, Paxos Made Moderately Complex §3). Leader failure is noticed
// by missing heartbeats; a follower then starts Phase 1 with a higher ballot after a
// randomised timeout, which also backs off dueling proposers. Every client operation,
// reads included, goes through the log, so replies are linearizable.
//
// Every message, to itself included, crosses the simulated network: the node's own
// acceptor and learner are reached exactly like everyone else's.

import { AssertionError, assert, assertNever } from '../../harness/assert.ts';
import type { ClientRequest, ClientResult, KvOp, Node, NodeContext, NodeId } from '../../harness/types.ts';
import { KvStore, isKvOp, type KvCommand } from '../shared/kv-store.ts';
import { Acceptor } from './acceptor.ts';
import { compareBallots, copyBallot, formatBallot, type Ballot } from './ballot.ts';
import {
  acceptRetransmitMs,
  catchUpBatchMax,
  electionTimeoutMsMax,
  electionTimeoutMsMin,
  heartbeatMs,
  inspectSlotsMax,
  proposalsInFlightMax,
} from './config.ts';
import { Learner } from './learner.ts';
import type { PaxosMsg } from './messages.ts';
import { PhaseOne } from './proposer.ts';
import type { PaxosRole, PaxosSlotState, PaxosState } from './state.ts';

const roundKey = 'round';
const electionTimer = 'election';
const heartbeatTimer = 'heartbeat';
const noop: KvCommand = { type: 'noop' };

interface Proposal {
  value: KvCommand;
  sentMs: number;
}

export class PaxosNode implements Node<PaxosMsg, PaxosState> {
  private role: PaxosRole = 'follower';
  private readonly acceptor: Acceptor;
  private readonly learner: Learner;
  private readonly store: KvStore;
  private readonly quorum: number;
  private lastApplied = 0;
  /** The proposer's ballot: current as candidate or leader, else the last one used. */
  private ballot: Ballot | null = null;
  /** The highest round this node used or saw; its next ballot goes above it. */
  private roundMax = 0;
  private phaseOne: PhaseOne | undefined;
  private leaderHint: NodeId | null = null;
  /** Leader only: the next slot for a new command, and undecided proposals by slot. */
  private nextSlot = 1;
  private readonly proposals = new Map<number, Proposal>();
  /** Client requests this node answers once applied: request id → slot proposed. */
  private readonly waiting = new Map<string, number>();

  constructor(private readonly ctx: NodeContext<PaxosMsg>) {
    const n = ctx.peers.length;
    this.quorum = ctx.bug === 'minority_quorum' ? Math.max(1, Math.floor(n / 2)) : Math.floor(n / 2) + 1;
    this.acceptor = new Acceptor(ctx.disk, ctx.bug);
    this.learner = new Learner(ctx.disk, this.quorum, ctx.bug);
    this.store = new KvStore(ctx.bug !== 'no_dedup');
  }

  start(): void {
    this.acceptor.restore();
    // A restarted proposer never reuses a ballot: it numbers above every round it used
    // (persisted before use) and every round its own acceptor promised (P-M8).
    const roundUsed = this.ctx.disk.read<number>(roundKey) ?? 0;
    this.roundMax = Math.max(roundUsed, this.acceptor.promised?.round ?? 0);
    // The bug resumes with the ballot it used last, as if it were still its own to use.
    if (this.ctx.bug === 'reuse_ballot_after_restart') this.roundMax = Math.max(0, roundUsed - 1);
    this.learner.restore();
    this.applyDecided();
    this.resetElectionTimer();
  }

  // ------------------------------------------------------------------ messages

  onMessage(from: NodeId, msg: PaxosMsg): void {
    switch (msg.type) {
      case 'prepare':
        return this.handlePrepare(from, msg);
      case 'promise':
        return this.handlePromise(from, msg);
      case 'nack':
        return this.handleNack(msg);
      case 'accept':
        return this.handleAccept(from, msg);
      case 'accepted':
        return this.handleAccepted(from, msg);
      case 'heartbeat':
        return this.handleHeartbeat(from, msg);
      case 'catch_up':
        return this.handleCatchUp(from, msg);
      case 'decisions':
        for (const entry of msg.entries) if (this.learner.handleDecided(entry.slot, entry.value)) this.onDecided(entry.slot);
        return;
      default:
        return assertNever(msg);
    }
  }

  private handlePrepare(from: NodeId, msg: Extract<PaxosMsg, { type: 'prepare' }>): void {
    this.noteRound(msg.ballot.round);
    const outcome = this.acceptor.handlePrepare(msg.ballot, msg.fromSlot);
    this.ctx.send(from, outcome);
    if (outcome.type === 'promise' && from !== this.ctx.id) {
      // A candidate is at work: give it time before competing (dueling proposers).
      this.resetElectionTimer();
    }
    this.maybeStepDown();
  }

  private handlePromise(from: NodeId, msg: Extract<PaxosMsg, { type: 'promise' }>): void {
    if (this.role !== 'candidate' || this.phaseOne === undefined) return;
    if (!this.phaseOne.addPromise(from, msg)) return;
    if (this.phaseOne.promises.size >= this.quorum) this.becomeLeader();
  }

  private handleNack(msg: Extract<PaxosMsg, { type: 'nack' }>): void {
    this.noteRound(msg.promised.round);
    // Preemption (MP9): a higher promise exists, so our ballot can no longer win.
    if (this.role !== 'follower' && compareBallots(msg.promised, this.ballot) > 0) this.becomeFollower(null);
  }

  private handleAccept(from: NodeId, msg: Extract<PaxosMsg, { type: 'accept' }>): void {
    this.noteRound(msg.ballot.round);
    const outcome = this.acceptor.handleAccept(msg.ballot, msg.slot, msg.value);
    if (outcome.type === 'nack') {
      this.ctx.send(from, outcome);
      return;
    }
    // 2b to every learner (Paxos Made Simple §2.3, the n×n variant): each learns directly.
    for (const peer of this.ctx.peers) this.ctx.send(peer, { type: 'accepted', ballot: msg.ballot, slot: msg.slot, value: msg.value });
    // The sender of a 2a is the proposer that owns the ballot: follow it.
    if (from !== this.ctx.id) {
      this.leaderHint = from;
      this.resetElectionTimer();
    }
    this.maybeStepDown();
  }

  private handleAccepted(from: NodeId, msg: Extract<PaxosMsg, { type: 'accepted' }>): void {
    if (this.learner.handleAccepted(from, msg.ballot, msg.slot, msg.value)) this.onDecided(msg.slot);
  }

  private handleHeartbeat(from: NodeId, msg: Extract<PaxosMsg, { type: 'heartbeat' }>): void {
    this.noteRound(msg.ballot.round);
    if (compareBallots(msg.ballot, this.acceptor.promised) < 0) {
      // A deposed leader: tell it, so it stops proposing with a ballot that cannot win.
      this.ctx.send(from, { type: 'nack', ballot: msg.ballot, promised: this.acceptor.promised as Ballot });
      return;
    }
    if (this.role !== 'follower' && compareBallots(msg.ballot, this.ballot) > 0) this.becomeFollower(from);
    if (this.role === 'follower') {
      this.leaderHint = from;
      this.resetElectionTimer();
    }
    if (msg.decidedUpTo >= this.learner.firstUnchosen) this.ctx.send(from, { type: 'catch_up', fromSlot: this.learner.firstUnchosen });
  }

  private handleCatchUp(from: NodeId, msg: Extract<PaxosMsg, { type: 'catch_up' }>): void {
    const entries = this.learner.decidedFrom(msg.fromSlot, catchUpBatchMax);
    if (entries.length > 0) this.ctx.send(from, { type: 'decisions', entries });
  }

  // ------------------------------------------------------------------ timers

  onTimer(name: string): void {
    if (name === electionTimer) {
      if (this.role !== 'leader') this.becomeCandidate();
    } else if (name === heartbeatTimer) {
      if (this.role !== 'leader') return;
      this.broadcastHeartbeat();
      this.retransmitProposals();
      this.ctx.setTimer(heartbeatTimer, heartbeatMs);
    }
  }

  // ------------------------------------------------------------------ clients

  onRequest(req: ClientRequest): void {
    if (!isKvOp(req.op)) {
      this.ctx.reply(req.id, { type: 'fail', error: 'bad_op' });
      return;
    }
    if (this.role !== 'leader') {
      this.ctx.reply(req.id, this.notLeader());
      return;
    }
    const slot = this.waiting.get(req.id);
    if (slot !== undefined && this.proposals.has(slot)) return; // A retry of a request in flight.
    // A full window answers nothing: the client retries later (a 'fail' would claim it
    // never happens, which a retry of an applied request cannot promise).
    if (this.proposals.size >= proposalsInFlightMax) return;
    const request: ClientRequest<KvOp> = { id: req.id, client: req.client, seq: req.seq, op: req.op };
    while (this.learner.isDecided(this.nextSlot)) this.nextSlot++;
    const assigned = this.nextSlot++;
    this.waiting.set(req.id, assigned);
    this.propose(assigned, { type: 'client', request });
  }

  // ------------------------------------------------------------------ roles

  private becomeCandidate(): void {
    const round = this.roundMax + 1;
    this.roundMax = round;
    // Persist the round before the ballot leaves: a restart must number above it.
    this.ctx.disk.write(roundKey, round);
    this.ctx.disk.sync();
    // Paxos Made Simple §2.5: ballots must be unique per proposer; the node id breaks ties.
    const ballot: Ballot = { round, node: this.ctx.bug === 'ballot_without_node_id' ? 0 : this.ctx.id };
    if (this.role === 'leader') this.becomeFollower(null);
    this.role = 'candidate';
    this.ballot = ballot;
    this.leaderHint = null;
    if (this.ctx.bug === 'count_stale_promises' && this.phaseOne !== undefined) this.phaseOne.retarget(ballot);
    else this.phaseOne = new PhaseOne(ballot, this.learner.firstUnchosen, this.ctx.bug);
    this.ctx.log('candidate', formatBallot(ballot), 'from slot', this.phaseOne.fromSlot);
    for (const peer of this.ctx.peers) this.ctx.send(peer, { type: 'prepare', ballot, fromSlot: this.phaseOne.fromSlot });
    this.resetElectionTimer();
  }

  private becomeLeader(): void {
    const phaseOne = this.phaseOne;
    assert(phaseOne !== undefined && this.role === 'candidate', 'only a candidate becomes leader');
    assert(compareBallots(phaseOne.ballot, this.ballot) === 0, 'phase 1 is for the current ballot');
    this.role = 'leader';
    this.leaderHint = this.ctx.id;
    this.proposals.clear();
    if (this.ctx.bug !== 'count_stale_promises') this.phaseOne = undefined;
    this.ctx.cancelTimer(electionTimer);
    if (this.ctx.bug === 'skip_phase1_recovery') {
      this.nextSlot = this.learner.firstUnchosen;
    } else {
      // Phase 1 recovery: every reported slot gets the highest-ballot value, every hole
      // below the highest reported slot a no-op, so the log has no gaps (MP7).
      const { values, slotMax } = phaseOne.recover();
      for (let slot = phaseOne.fromSlot; slot <= slotMax; slot++) {
        if (this.learner.isDecided(slot)) continue;
        const value = this.ctx.bug === 'ignore_promise_values' ? noop : values.get(slot) ?? noop;
        this.propose(slot, value);
      }
      this.nextSlot = Math.max(slotMax + 1, this.learner.firstUnchosen);
    }
    this.ctx.log('leader', formatBallot(this.ballot), 'next slot', this.nextSlot);
    this.broadcastHeartbeat();
    this.ctx.setTimer(heartbeatTimer, heartbeatMs);
  }

  private becomeFollower(leader: NodeId | null): void {
    if (this.role === 'leader') this.ctx.log('step down from', formatBallot(this.ballot));
    this.role = 'follower';
    this.leaderHint = leader;
    if (this.ctx.bug !== 'count_stale_promises') this.phaseOne = undefined;
    this.proposals.clear();
    this.ctx.cancelTimer(heartbeatTimer);
    // Clients waiting here go elsewhere now; a retry keeps its id, sessions dedup it.
    for (const id of this.waiting.keys()) this.ctx.reply(id, this.notLeader());
    this.waiting.clear();
    this.resetElectionTimer();
  }

  /** A proposer whose own acceptor promised a higher ballot cannot win with its own. */
  private maybeStepDown(): void {
    if (this.role === 'follower') return;
    if (compareBallots(this.acceptor.promised, this.ballot) > 0) this.becomeFollower(this.acceptor.promised?.node ?? null);
  }

  // ------------------------------------------------------------------ phase 2

  private propose(slot: number, value: KvCommand): void {
    assert(this.role === 'leader' && this.ballot !== null, 'only a leader proposes');
    if (slot < 1) throw new AssertionError(`slot must be >= 1, got ${slot}`);
    this.proposals.set(slot, { value, sentMs: this.ctx.now() });
    for (const peer of this.ctx.peers) this.ctx.send(peer, { type: 'accept', ballot: this.ballot, slot, value });
  }

  private retransmitProposals(): void {
    const ballot = this.ballot;
    assert(ballot !== null, 'a leader has a ballot');
    const now = this.ctx.now();
    for (const [slot, proposal] of this.proposals) {
      if (now - proposal.sentMs < acceptRetransmitMs) continue;
      proposal.sentMs = now;
      for (const peer of this.ctx.peers) this.ctx.send(peer, { type: 'accept', ballot, slot, value: proposal.value });
    }
  }

  private broadcastHeartbeat(): void {
    assert(this.ballot !== null, 'a leader has a ballot');
    const msg: PaxosMsg = { type: 'heartbeat', ballot: this.ballot, decidedUpTo: this.learner.firstUnchosen - 1 };
    for (const peer of this.ctx.peers) if (peer !== this.ctx.id) this.ctx.send(peer, msg);
  }

  // ------------------------------------------------------------------ learning

  private onDecided(slot: number): void {
    this.proposals.delete(slot);
    this.applyDecided();
  }

  /** Applies decided slots in slot order, never past a hole (MP3). */
  private applyDecided(): void {
    while (this.learner.isDecided(this.lastApplied + 1)) {
      const slot = this.lastApplied + 1;
      const command = this.learner.decidedValue(slot) as KvCommand;
      const outcome = this.store.apply(command);
      this.lastApplied = slot;
      this.ctx.apply(slot, command, outcome.effect);
      if (command.type !== 'client') continue;
      const id = command.request.id;
      if (this.waiting.get(id) === undefined) continue;
      this.waiting.delete(id);
      if (outcome.result !== undefined) this.ctx.reply(id, outcome.result);
    }
    assert(this.lastApplied === this.learner.firstUnchosen - 1, 'applied exactly the decided prefix');
  }

  // ------------------------------------------------------------------ helpers

  private noteRound(round: number): void {
    if (round > this.roundMax) this.roundMax = round;
  }

  private resetElectionTimer(): void {
    this.ctx.setTimer(electionTimer, this.ctx.randomInt(electionTimeoutMsMin, electionTimeoutMsMax));
  }

  private notLeader(): ClientResult {
    const hint = this.leaderHint;
    return hint !== null && hint !== this.ctx.id ? { type: 'not_leader', leaderHint: hint } : { type: 'not_leader' };
  }

  inspect(): PaxosState {
    const slots: PaxosSlotState[] = [];
    const first = this.learner.firstUnchosen;
    for (let slot = first; slot < first + inspectSlotsMax; slot++) {
      const vote = this.acceptor.vote(slot);
      const decided = this.learner.decidedValue(slot);
      if (vote === undefined && decided === undefined) continue;
      slots.push({
        slot,
        accepted: vote === undefined ? null : { ballot: { round: vote.ballot.round, node: vote.ballot.node }, value: vote.value },
        decided: decided ?? null,
      });
    }
    return {
      role: this.role,
      ballot: copyBallot(this.ballot),
      leaderHint: this.leaderHint,
      promised: copyBallot(this.acceptor.promised),
      firstUnchosen: first,
      lastApplied: this.lastApplied,
      slots,
    };
  }
}
