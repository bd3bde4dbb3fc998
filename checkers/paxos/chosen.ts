// The ghost state behind Paxos agreement (INVARIANTS.md §2.2): every vote ever cast, from
// the 2b messages acceptors send (a 2b is sent only after the vote is recorded, and is
// observed even if the network drops it), and per slot the value(s) chosen, where
// chosenAt(b, v) ≡ a majority of acceptors voted (b, v) (TLA+ Voting.tla ChosenAt).

import { dataText, sameData } from '../plain-data.ts';
import { compareBallots, type ObservedBallot } from './observed.ts';

export interface ChosenValue {
  ballot: ObservedBallot;
  value: unknown;
  json: string;
  timeMs: number;
}

interface Tally {
  ballot: ObservedBallot;
  value: unknown;
  voters: Set<number>;
}

export class ChosenLedger {
  /**
   * slot → one tally per (ballot, value) voted there. Values compare as data (votes are
   * wire copies, so no two are the same object): a vote costs no encoding; only a value
   * that becomes chosen is written out as JSON, once.
   */
  private readonly tallies = new Map<number, Tally[]>();
  /** slot → the first value seen chosen there (at its lowest ballot so far). */
  readonly chosen = new Map<number, ChosenValue>();

  constructor(private readonly quorum: number) {}

  /**
   * Records acceptor `from`'s vote; returns the (slot, ballot, value) it made chosen, if
   * this vote completed a majority (it may be a second, different value: a violation the
   * caller reports).
   */
  recordVote(from: number, ballot: ObservedBallot, slot: number, value: unknown, timeMs: number): ChosenValue | undefined {
    let bySlot = this.tallies.get(slot);
    if (bySlot === undefined) {
      bySlot = [];
      this.tallies.set(slot, bySlot);
    }
    let tally = bySlot.find((t) => compareBallots(t.ballot, ballot) === 0 && sameData(t.value, value));
    if (tally === undefined) {
      tally = { ballot, value, voters: new Set() };
      bySlot.push(tally);
    }
    if (tally.voters.has(from)) return undefined;
    tally.voters.add(from);
    if (tally.voters.size !== this.quorum) return undefined;
    const made: ChosenValue = { ballot, value, json: dataText(value), timeMs };
    const first = this.chosen.get(slot);
    if (first === undefined || (first.json === made.json && compareBallots(ballot, first.ballot) < 0)) this.chosen.set(slot, made);
    return made;
  }
}
