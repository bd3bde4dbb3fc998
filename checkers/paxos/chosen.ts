// The ghost state behind Paxos agreement (INVARIANTS.md §2.2): every vote ever cast, from
// the 2b messages acceptors send (a 2b is sent only after the vote is recorded, and is
// observed even if the network drops it), and per slot the value(s) chosen, where
// chosenAt(b, v) ≡ a majority of acceptors voted (b, v) (TLA+ Voting.tla ChosenAt).

import { canonical, compareBallots, formatBallot, type ObservedBallot } from './observed.ts';

export interface ChosenValue {
  ballot: ObservedBallot;
  value: unknown;
  json: string;
  timeMs: number;
}

interface Tally {
  voters: Set<number>;
}

export class ChosenLedger {
  /** slot → "ballot|value" → voters. */
  private readonly tallies = new Map<number, Map<string, Tally>>();
  /** slot → the first value seen chosen there (at its lowest ballot so far). */
  readonly chosen = new Map<number, ChosenValue>();

  constructor(private readonly quorum: number) {}

  /**
   * Records acceptor `from`'s vote; returns the (slot, ballot, value) it made chosen, if
   * this vote completed a majority (it may be a second, different value: a violation the
   * caller reports).
   */
  recordVote(from: number, ballot: ObservedBallot, slot: number, value: unknown, timeMs: number): ChosenValue | undefined {
    const json = canonical(value);
    let bySlot = this.tallies.get(slot);
    if (bySlot === undefined) {
      bySlot = new Map();
      this.tallies.set(slot, bySlot);
    }
    const key = `${formatBallot(ballot)}|${json}`;
    let tally = bySlot.get(key);
    if (tally === undefined) {
      tally = { voters: new Set() };
      bySlot.set(key, tally);
    }
    if (tally.voters.has(from)) return undefined;
    tally.voters.add(from);
    if (tally.voters.size !== this.quorum) return undefined;
    const made: ChosenValue = { ballot, value, json, timeMs };
    const first = this.chosen.get(slot);
    if (first === undefined || (first.json === json && compareBallots(ballot, first.ballot) < 0)) this.chosen.set(slot, made);
    return made;
  }
}
