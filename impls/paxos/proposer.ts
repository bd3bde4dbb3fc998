// The proposer's Phase 1 (Paxos Made Simple §2.2 P2c; Paxos Made Moderately Complex §3,
// the scout): collect promises for one ballot from a quorum, then choose for every slot
// the value the promises report at the highest ballot. Multi-Paxos runs this once for
// every slot from the leader's first unchosen slot on (Paxos Made Live §3).

import { assert } from '../../harness/assert.ts';
import type { NodeId } from '../../harness/types.ts';
import type { KvCommand } from '../shared/kv-store.ts';
import { compareBallots, sameBallot, type Ballot } from './ballot.ts';
import type { AcceptedEntry } from './messages.ts';

export interface Promise1b {
  ballot: Ballot;
  fromSlot: number;
  accepted: AcceptedEntry[];
}

export class PhaseOne {
  /** acceptor → its promise; an acceptor counts once. */
  readonly promises = new Map<NodeId, Promise1b>();

  constructor(
    public ballot: Ballot,
    public readonly fromSlot: number,
    private readonly bug: string | undefined,
  ) {
    assert(fromSlot >= 1, `phase 1 fromSlot must be >= 1, got ${fromSlot}`);
  }

  /** Records a promise; returns whether it counted toward this ballot's quorum. */
  addPromise(from: NodeId, promise: Promise1b): boolean {
    // Only promises for this very ballot count (P11: stale 1b's describe an older past).
    const counts = sameBallot(promise.ballot, this.ballot) || (this.bug === 'count_stale_promises' && promise.ballot.node === this.ballot.node);
    if (!counts) return false;
    this.promises.set(from, promise);
    return true;
  }

  /** Carries the promises over to a new ballot: only the count_stale_promises bug does. */
  retarget(ballot: Ballot): void {
    assert(compareBallots(ballot, this.ballot) > 0, 'a new ballot must be higher');
    this.ballot = ballot;
  }

  /**
   * Per slot from fromSlot on, the value to re-propose: the one accepted at the highest
   * ballot among the promises (P2c); slots nobody reported below the highest reported one
   * are holes, filled by the caller with no-ops. Returns the highest reported slot too.
   */
  recover(): { values: Map<number, KvCommand>; slotMax: number } {
    const best = new Map<number, { ballot: Ballot; value: KvCommand }>();
    let slotMax = this.fromSlot - 1;
    // Promises in acceptor order: a deterministic order that does not depend on arrival.
    const acceptors = [...this.promises.keys()].sort((a, b) => a - b);
    const order = this.bug === 'adopt_first_not_highest' ? [...this.promises.keys()] : acceptors;
    for (const acceptor of order) {
      const promise = this.promises.get(acceptor) as Promise1b;
      for (const entry of promise.accepted) {
        if (entry.slot < this.fromSlot) continue;
        slotMax = Math.max(slotMax, entry.slot);
        const current = best.get(entry.slot);
        const better = current === undefined || (this.bug !== 'adopt_first_not_highest' && compareBallots(entry.ballot, current.ballot) > 0);
        if (better) best.set(entry.slot, { ballot: entry.ballot, value: entry.value });
      }
    }
    const values = new Map<number, KvCommand>();
    for (const [slot, { value }] of best) values.set(slot, value);
    return { values, slotMax };
  }
}
