// The acceptor's local rules (Paxos Made Simple §2.2 P1a; INVARIANTS.md P5, P6, P10, MP4,
// MP5), judged at the step that breaks them:
// - its promise never decreases, within an incarnation or across a restart (it must be
//   synced before the 1b leaves);
// - it never votes below its promise, and a vote raises the promise to the vote's ballot;
// - a 1b for ballot b from slot f reports, for every slot >= f it ever voted in, a vote at
//   least as high as its highest vote there (a vote forgotten by a restart is a lie).
// Promises come from the inspect() snapshots (`promised`); votes from 2b sends; reports
// from 1b sends.

import type { Checker, CheckerInstance, Observation, Violation } from '../types.ts';
import { compareBallots, formatBallot, parsePhaseMsg, promisedOf, ViolationBudget, type ObservedBallot } from './observed.ts';

const name = 'paxos-acceptor';

interface AcceptorGhost {
  /** The highest promise the acceptor ever showed or implied (never decreases). */
  promisedMax: ObservedBallot | null;
  /** Its promise in the latest snapshot of this incarnation; undefined right after a crash. */
  promisedNow: ObservedBallot | null | undefined;
  /** The highest ballot it voted at in the handler now running (checked at the next snapshot). */
  votedInStep: { ballot: ObservedBallot; slot: number } | undefined;
  /** slot → the highest ballot it ever voted at there. */
  votes: Map<number, ObservedBallot>;
  /** The last 2b seen, so the n copies of one broadcast count once. */
  lastVoteKey: string;
  incarnation: number;
}

class AcceptorInstance implements CheckerInstance {
  private readonly ghosts = new Map<number, AcceptorGhost>();
  private readonly budget = new ViolationBudget();

  private ghost(node: number): AcceptorGhost {
    let g = this.ghosts.get(node);
    if (g === undefined) {
      g = { promisedMax: null, promisedNow: undefined, votedInStep: undefined, votes: new Map(), lastVoteKey: '', incarnation: 0 };
      this.ghosts.set(node, g);
    }
    return g;
  }

  observe(obs: Observation): Violation[] | undefined {
    switch (obs.type) {
      case 'crash':
      case 'restart': {
        const g = this.ghost(obs.node);
        g.promisedNow = undefined;
        g.votedInStep = undefined;
        g.lastVoteKey = '';
        g.incarnation = obs.incarnation;
        return undefined;
      }
      case 'node_state':
        return this.onState(obs.node, obs.incarnation, promisedOf(obs.state), obs.timeMs);
      case 'send':
        return this.onSend(obs.from, obs.msg, obs.timeMs);
      default:
        return undefined;
    }
  }

  private onState(node: number, incarnation: number, promised: ObservedBallot | null | undefined, timeMs: number): Violation[] | undefined {
    if (promised === undefined) return undefined;
    const g = this.ghost(node);
    const out: Violation[] = [];
    const restarted = g.promisedNow === undefined && incarnation > 0;
    if (compareBallots(promised, g.promisedMax) < 0 && this.budget.take()) {
      out.push({
        checker: name,
        timeMs,
        nodes: [node],
        message: `acceptor ${node}'s promise went down from ${formatBallot(g.promisedMax)} to ${formatBallot(promised)}${restarted ? ` after restart (incarnation ${incarnation}): the promise was not persisted` : ''} at t=${timeMs} ms`,
        details: { before: g.promisedMax, after: promised, incarnation },
      });
      g.promisedMax = promised; // Report the drop once; judge later steps from here.
    }
    if (g.votedInStep !== undefined && compareBallots(promised, g.votedInStep.ballot) < 0 && this.budget.take()) {
      out.push({
        checker: name,
        timeMs,
        nodes: [node],
        message: `acceptor ${node} accepted ballot ${formatBallot(g.votedInStep.ballot)} in slot ${g.votedInStep.slot} but its promise stayed at ${formatBallot(promised)} (accepting must raise the promise) at t=${timeMs} ms`,
        details: { slot: g.votedInStep.slot, accepted: g.votedInStep.ballot, promised },
      });
    }
    g.votedInStep = undefined;
    g.promisedNow = promised;
    if (compareBallots(promised, g.promisedMax) > 0) g.promisedMax = promised;
    return out;
  }

  private onSend(from: number, raw: unknown, timeMs: number): Violation[] | undefined {
    const msg = parsePhaseMsg(raw);
    if (msg === undefined) return undefined;
    const g = this.ghost(from);
    if (msg.type === 'accepted') {
      const key = `${formatBallot(msg.ballot)}@${msg.slot}`;
      if (key === g.lastVoteKey) return undefined;
      g.lastVoteKey = key;
      const out: Violation[] = [];
      const promise = g.promisedNow ?? null;
      if (compareBallots(msg.ballot, promise) < 0 && this.budget.take()) {
        out.push({
          checker: name,
          timeMs,
          nodes: [from],
          message: `acceptor ${from} accepted ballot ${formatBallot(msg.ballot)} in slot ${msg.slot} below its promise ${formatBallot(promise)} at t=${timeMs} ms`,
          details: { slot: msg.slot, ballot: msg.ballot, promised: promise },
        });
      }
      if (g.votedInStep === undefined || compareBallots(msg.ballot, g.votedInStep.ballot) > 0) g.votedInStep = { ballot: msg.ballot, slot: msg.slot };
      const prior = g.votes.get(msg.slot);
      if (prior === undefined || compareBallots(msg.ballot, prior) > 0) g.votes.set(msg.slot, msg.ballot);
      return out;
    }
    if (msg.type !== 'promise') return undefined;
    // A 1b for ballot b is itself a promise: the acceptor may never go below b again.
    if (compareBallots(msg.ballot, g.promisedMax) > 0) g.promisedMax = msg.ballot;
    const reported = new Map<number, ObservedBallot>();
    for (const e of msg.accepted) reported.set(e.slot, e.ballot);
    const out: Violation[] = [];
    for (const [slot, voted] of g.votes) {
      if (slot < msg.fromSlot) continue;
      const said = reported.get(slot) ?? null;
      if (compareBallots(said, voted) >= 0 || !this.budget.take()) continue;
      out.push({
        checker: name,
        timeMs,
        nodes: [from],
        message: `acceptor ${from} promised ballot ${formatBallot(msg.ballot)} from slot ${msg.fromSlot} reporting ${said === null ? 'no vote' : `a vote at ${formatBallot(said)}`} in slot ${slot}, but it had voted there at ballot ${formatBallot(voted)} (a forgotten vote) at t=${timeMs} ms`,
        details: { slot, reported: said, voted, ballot: msg.ballot },
      });
    }
    return out;
  }
}

export const paxosAcceptorChecker: Checker = {
  name,
  describe: 'Paxos acceptors: promises never decrease (across restarts too), no vote below the promise, votes raise the promise, promises report every vote',
  observes: ['node_state', 'send', 'crash', 'restart'],
  create: () => new AcceptorInstance(),
};
