// The acceptor role (Paxos Made Simple §2.2, P1a): one promise for every slot (Multi-Paxos
// runs Phase 1 once for the whole log) and per slot the highest-ballot vote. Both are
// synced to disk before any reply leaves, because a reply is a promise about the future
// that must survive a crash (Paxos Made Live §5.1: "acceptors must persist their state").
//
// Disk layout: `promised` → Ballot, `acc/<slot>` → { ballot, value }, `acc_slot_max` → the
// highest slot with a vote (so a restart can read every vote back).

import { AssertionError, assert } from '../../harness/assert.ts';
import type { Disk } from '../../harness/types.ts';
import type { KvCommand } from '../shared/kv-store.ts';
import { compareBallots, copyBallot, type Ballot } from './ballot.ts';
import type { AcceptedEntry, PaxosMsg } from './messages.ts';

/** Acceptor votes read back at restart are bounded by the slots ever used. */
const accSlotMaxKey = 'acc_slot_max';
const promisedKey = 'promised';

function accKey(slot: number): string {
  return `acc/${slot}`;
}

export interface Vote {
  ballot: Ballot;
  value: KvCommand;
}

export type PrepareOutcome = Extract<PaxosMsg, { type: 'promise' } | { type: 'nack' }>;
export type AcceptOutcome = { type: 'accepted'; vote: Vote } | Extract<PaxosMsg, { type: 'nack' }>;

export class Acceptor {
  promised: Ballot | null = null;
  private readonly votes = new Map<number, Vote>();
  private slotMax = 0;

  constructor(
    private readonly disk: Disk,
    private readonly bug: string | undefined,
  ) {}

  /** Reads the durable promise and votes back (boot and restart). */
  restore(): void {
    this.promised = copyBallot(this.disk.read<Ballot>(promisedKey) ?? null);
    this.slotMax = this.disk.read<number>(accSlotMaxKey) ?? 0;
    assert(Number.isInteger(this.slotMax) && this.slotMax >= 0, `acceptor: bad ${accSlotMaxKey} ${this.slotMax}`);
    for (let slot = 1; slot <= this.slotMax; slot++) {
      const vote = this.disk.read<Vote>(accKey(slot));
      if (vote !== undefined) this.votes.set(slot, vote);
    }
  }

  vote(slot: number): Vote | undefined {
    return this.votes.get(slot);
  }

  /** Phase 1b. `>=` lets a duplicated prepare of the promised ballot be answered again. */
  handlePrepare(ballot: Ballot, fromSlot: number): PrepareOutcome {
    assert(fromSlot >= 1, `prepare fromSlot must be >= 1, got ${fromSlot}`);
    if (compareBallots(ballot, this.promised) < 0) {
      return { type: 'nack', ballot, promised: this.promised as Ballot };
    }
    if (compareBallots(ballot, this.promised) > 0) {
      this.promised = copyBallot(ballot);
      this.disk.write(promisedKey, this.promised);
      // Persist before the promise leaves (P5): a forgotten promise lets a lower ballot win.
      if (this.bug !== 'promise_not_persisted') this.disk.sync();
    }
    const accepted: AcceptedEntry[] = [];
    for (let slot = fromSlot; slot <= this.slotMax; slot++) {
      const vote = this.votes.get(slot);
      if (vote !== undefined) accepted.push({ slot, ballot: vote.ballot, value: vote.value });
    }
    return { type: 'promise', ballot, fromSlot, accepted };
  }

  /** Phase 2b: accept unless a higher ballot was promised; accepting is also a promise (P-M6). */
  handleAccept(ballot: Ballot, slot: number, value: KvCommand): AcceptOutcome {
    if (!(Number.isInteger(slot) && slot >= 1)) throw new AssertionError(`accept slot must be a positive integer, got ${slot}`);
    if (compareBallots(ballot, this.promised) < 0 && this.bug !== 'accept_below_promise') {
      return { type: 'nack', ballot, promised: this.promised as Ballot };
    }
    if (compareBallots(ballot, this.promised) > 0 && this.bug !== 'accept_does_not_raise_promise') {
      this.promised = copyBallot(ballot);
      this.disk.write(promisedKey, this.promised);
    }
    const vote: Vote = { ballot: { round: ballot.round, node: ballot.node }, value };
    this.votes.set(slot, vote);
    this.disk.write(accKey(slot), vote);
    if (slot > this.slotMax) {
      this.slotMax = slot;
      this.disk.write(accSlotMaxKey, slot);
    }
    if (this.bug !== 'accepted_not_persisted') this.disk.sync();
    return { type: 'accepted', vote };
  }
}
