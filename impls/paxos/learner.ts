// The learner role (Paxos Made Simple §2.3): a slot is decided once a quorum of acceptors
// sent 2b for the same ballot (TLA+ Voting.tla ChosenAt(b, v) quantifies over one ballot),
// or when a replica that decided it says so (catch-up). Decisions are written to disk
// (`dec/<slot>`; no sync needed: a lost decision is learned again) so that a restart
// re-applies its decided prefix without asking anyone.

import { AssertionError } from '../../harness/assert.ts';
import type { Disk, NodeId } from '../../harness/types.ts';
import type { KvCommand } from '../shared/kv-store.ts';
import { formatBallot, type Ballot } from './ballot.ts';

function decKey(slot: number): string {
  return `dec/${slot}`;
}

interface Tally {
  value: KvCommand;
  voters: Set<NodeId>;
}

export class Learner {
  /** slot → decided value. Kept for every slot: lagging replicas catch up from it. */
  private readonly decided = new Map<number, KvCommand>();
  /** slot → tally key → votes; dropped once the slot is decided. */
  private readonly tallies = new Map<number, Map<string, Tally>>();
  /** The lowest slot not known decided here (1-based). */
  firstUnchosen = 1;
  /** The highest slot known decided here (may lie above a hole). */
  decidedMax = 0;

  constructor(
    private readonly disk: Disk,
    private readonly quorum: number,
    private readonly bug: string | undefined,
  ) {}

  /** Reads back the durable decided prefix; returns its length. */
  restore(): number {
    for (let slot = 1; ; slot++) {
      const value = this.disk.read<KvCommand>(decKey(slot));
      if (value === undefined) break;
      this.recordDecision(slot, value, false);
    }
    return this.firstUnchosen - 1;
  }

  isDecided(slot: number): boolean {
    return this.decided.has(slot);
  }

  decidedValue(slot: number): KvCommand | undefined {
    return this.decided.get(slot);
  }

  /** A 2b from `acceptor`; returns true when it decided the slot. */
  handleAccepted(acceptor: NodeId, ballot: Ballot, slot: number, value: KvCommand): boolean {
    if (this.decided.has(slot)) return false;
    let bySlot = this.tallies.get(slot);
    if (bySlot === undefined) {
      bySlot = new Map();
      this.tallies.set(slot, bySlot);
    }
    // The tally is per ballot (MP8); the bug tallies per value, across ballots (P-M9).
    const key = this.bug === 'learner_mixes_ballots' ? JSON.stringify(value) : formatBallot(ballot);
    let tally = bySlot.get(key);
    if (tally === undefined) {
      tally = { value, voters: new Set() };
      bySlot.set(key, tally);
    }
    tally.voters.add(acceptor);
    if (tally.voters.size < this.quorum) return false;
    this.recordDecision(slot, tally.value, true);
    return true;
  }

  /** A decision reported by another replica (catch-up); returns true if it was new. */
  handleDecided(slot: number, value: KvCommand): boolean {
    if (this.decided.has(slot)) return false;
    this.recordDecision(slot, value, true);
    return true;
  }

  /** Decided slots from `fromSlot` on, in order, at most `max`, stopping at a hole. */
  decidedFrom(fromSlot: number, max: number): { slot: number; value: KvCommand }[] {
    const out: { slot: number; value: KvCommand }[] = [];
    for (let slot = fromSlot; out.length < max; slot++) {
      const value = this.decided.get(slot);
      if (value === undefined) break;
      out.push({ slot, value });
    }
    return out;
  }

  private recordDecision(slot: number, value: KvCommand, persist: boolean): void {
    if (this.decided.has(slot)) throw new AssertionError(`slot ${slot} decided twice`);
    this.decided.set(slot, value);
    this.tallies.delete(slot);
    if (persist) this.disk.write(decKey(slot), value);
    if (slot > this.decidedMax) this.decidedMax = slot;
    while (this.decided.has(this.firstUnchosen)) this.firstUnchosen++;
  }
}
