// What proposers may propose (Paxos Made Simple §2.2 P2b; docs/invariants.md P9, MP4, MP6, MP7):
// - ballots are unique: no two proposers prepare the same ballot, and a proposer's ballots
//   only grow, across its restarts too (a restarted proposer numbers above every ballot it
//   used, or two of its incarnations may propose two values under one ballot);
// - one value per (ballot, slot): all 2a's of one ballot in one slot carry the same value;
// - once v is chosen in slot s at ballot b, every 2a in s at a ballot above b carries v.
// The first is checked at each prepare, before any value can collide; the last both ways
// round: at each 2a against what is already chosen, and when a value becomes chosen
// against every earlier 2a at higher ballots.

import type { Checker, CheckerInstance, CheckerSetup, Observation, Violation } from '../types.ts';
import { dataText, sameData } from '../plain-data.ts';
import { ChosenLedger, type ChosenValue } from './chosen.ts';
import { abbreviate, compareBallots, formatBallot, majority, parsePhaseMsg, ViolationBudget, type ObservedBallot } from './observed.ts';

const name = 'paxos-proposal';

interface Proposed {
  ballot: ObservedBallot;
  value: unknown;
  json: string;
  node: number;
  timeMs: number;
}

class ProposalInstance implements CheckerInstance {
  private readonly ledger: ChosenLedger;
  /** slot → ballot → the first 2a seen. */
  private readonly proposed = new Map<number, Map<string, Proposed>>();
  /** (ballot, slot, value) conflicts already reported. */
  private readonly conflicts = new Set<string>();
  private readonly budget = new ViolationBudget();
  /** Per node, the highest ballot it prepared, in which incarnation and when. */
  private readonly prepared = new Map<number, { ballot: ObservedBallot; incarnation: number; timeMs: number }>();
  /** Per ballot, the node that prepared it first. */
  private readonly owners = new Map<string, { node: number; timeMs: number }>();
  /** Per node, its current incarnation (from restarts). */
  private readonly incarnations = new Map<number, number>();

  constructor(setup: CheckerSetup) {
    this.ledger = new ChosenLedger(majority(setup.nodeCount));
  }

  observe(obs: Observation): Violation[] | undefined {
    if (obs.type === 'restart') {
      this.incarnations.set(obs.node, obs.incarnation);
      return undefined;
    }
    if (obs.type !== 'send') return undefined;
    const msg = parsePhaseMsg(obs.msg);
    if (msg?.type === 'prepare') return this.onPrepare(obs.from, msg.ballot, obs.timeMs);
    if (msg?.type === 'accepted') {
      const made = this.ledger.recordVote(obs.from, msg.ballot, msg.slot, msg.value, obs.timeMs);
      return made === undefined ? undefined : this.onChosen(msg.slot, made, obs.timeMs);
    }
    if (msg?.type !== 'accept') return undefined;
    const { slot, ballot } = msg;
    let bySlot = this.proposed.get(slot);
    if (bySlot === undefined) {
      bySlot = new Map();
      this.proposed.set(slot, bySlot);
    }
    const key = formatBallot(ballot);
    const first = bySlot.get(key);
    // The same 2a again (broadcast copies, retransmissions): equal data, nothing to encode.
    if (first !== undefined && sameData(first.value, msg.value)) return undefined;
    const json = dataText(msg.value);
    const out: Violation[] = [];
    if (first === undefined) {
      bySlot.set(key, { ballot, value: msg.value, json, node: obs.from, timeMs: obs.timeMs });
    } else if (first.json !== json) {
      const conflict = `${key}@${slot}|${json}`;
      if (this.conflicts.has(conflict)) return undefined; // Broadcast copies of one 2a.
      this.conflicts.add(conflict);
      if (this.budget.take()) {
        out.push({
          checker: name,
          timeMs: obs.timeMs,
          nodes: first.node === obs.from ? [obs.from] : [first.node, obs.from],
          message: `two different values proposed at ballot ${key} in slot ${slot}: ${abbreviate(first.json)} by node ${first.node} (t=${first.timeMs} ms) and ${abbreviate(json)} by node ${obs.from} (one value per ballot and slot)`,
          details: { slot, ballot, first: first.json, second: json },
        });
      }
      return out;
    } else {
      return undefined; // The same 2a again (broadcast copies, retransmissions).
    }
    const chosen = this.ledger.chosen.get(slot);
    if (chosen !== undefined && compareBallots(ballot, chosen.ballot) > 0 && chosen.json !== json && this.budget.take()) {
      out.push(this.p2b(slot, chosen, { ballot, value: msg.value, json, node: obs.from, timeMs: obs.timeMs }, obs.timeMs));
    }
    return out;
  }

  /** Ballots are unique and grow: one owner each, and never again from a later incarnation. */
  private onPrepare(node: number, ballot: ObservedBallot, timeMs: number): Violation[] | undefined {
    const key = formatBallot(ballot);
    const incarnation = this.incarnations.get(node) ?? 0;
    const out: Violation[] = [];
    const owner = this.owners.get(key);
    if (owner === undefined) this.owners.set(key, { node, timeMs });
    else if (owner.node !== node && this.budget.take()) {
      out.push({
        checker: name,
        timeMs,
        nodes: [owner.node, node],
        message: `nodes ${owner.node} and ${node} both prepared ballot ${key} (t=${owner.timeMs} ms and t=${timeMs} ms): ballots must be unique per proposer (P9), or two may propose two values under one`,
        details: { ballot, nodes: [owner.node, node] },
      });
    }
    const before = this.prepared.get(node);
    if (before !== undefined) {
      const c = compareBallots(ballot, before.ballot);
      // The same ballot again in one incarnation is a retransmission; anything else goes back.
      const reused = c < 0 || (c === 0 && incarnation !== before.incarnation);
      if (reused && this.budget.take()) {
        const restarted = incarnation !== before.incarnation ? ', after a restart: a restarted proposer must number above every ballot it used (P-M8)' : '';
        out.push({
          checker: name,
          timeMs,
          nodes: [node],
          message: `node ${node} prepared ballot ${key} at t=${timeMs} ms, but it had prepared ${formatBallot(before.ballot)} at t=${before.timeMs} ms${restarted}`,
          details: { ballot, before: before.ballot },
        });
      }
    }
    if (before === undefined || compareBallots(ballot, before.ballot) > 0 || incarnation !== before.incarnation) {
      if (before === undefined || compareBallots(ballot, before.ballot) >= 0) this.prepared.set(node, { ballot, incarnation, timeMs });
    }
    return out.length > 0 ? out : undefined;
  }

  private onChosen(slot: number, made: ChosenValue, timeMs: number): Violation[] {
    const out: Violation[] = [];
    const bySlot = this.proposed.get(slot);
    if (bySlot === undefined) return out;
    for (const p of bySlot.values()) {
      if (compareBallots(p.ballot, made.ballot) > 0 && p.json !== made.json && this.budget.take()) out.push(this.p2b(slot, made, p, timeMs));
    }
    return out;
  }

  private p2b(slot: number, chosen: ChosenValue, p: Proposed, timeMs: number): Violation {
    return {
      checker: name,
      timeMs,
      nodes: [p.node],
      message: `node ${p.node} proposed ${abbreviate(p.json)} in slot ${slot} at ballot ${formatBallot(p.ballot)} (t=${p.timeMs} ms), but ${abbreviate(chosen.json)} is chosen there at the lower ballot ${formatBallot(chosen.ballot)} (P2b)`,
      details: { slot, chosen: chosen.value, chosenBallot: chosen.ballot, proposedBallot: p.ballot, proposed: p.json },
    };
  }
}

export const paxosProposalChecker: Checker = {
  name,
  describe: 'Multi-Paxos proposals: unique ballots that only grow (across restarts too), one value per (ballot, slot), and every proposal above a chosen ballot carries the chosen value (P2b)',
  observes: ['send', 'restart'],
  create: (setup) => new ProposalInstance(setup),
};
