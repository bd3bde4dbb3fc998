// A grow-only counter (G-counter CRDT) kept on every node: each node counts its own
// increments, and gossip spreads the counts. Merging takes the larger count per node,
// so gossip may arrive late, twice or out of order and every node still converges.
// The example algorithm of docs/plugging-in.md: no clients, so no workload.

import { assertNever, type Algorithm, type Node, type NodeContext, type NodeId } from 'faultline';
import { convergenceChecker, monotonicChecker } from './checker.ts';

/** Every message is a union member tagged `type` (here there is one kind). */
export type GCounterMsg = { type: 'gossip'; counts: number[] };

/** What inspect() returns: counts[j] is how many increments of node j this node knows of. */
export interface GCounterState {
  counts: number[];
}

/** Each node increments this many times, then only gossips, so the run can settle. */
export const incrementsMax = 10;
const incrementMsMin = 500;
const incrementMsMax = 5_000;
const gossipMs = 300;

const bugs = {
  no_sync: 'counts are written to disk but never synced: a crash loses increments the node already gossiped',
  merge_overwrite: "gossip overwrites the sender's own count instead of keeping the larger one: a late message moves it backwards",
  push_on_change_only: 'a node gossips only right after it increments, never periodically: a lost message is never made up for',
};

class GCounterNode implements Node<GCounterMsg, GCounterState> {
  private counts: number[] = [];

  constructor(private readonly ctx: NodeContext<GCounterMsg>) {}

  start(): void {
    // Boot and every restart: volatile fields are gone, the disk has what was synced.
    this.counts = this.ctx.disk.read<number[]>('counts') ?? this.ctx.peers.map(() => 0);
    this.scheduleIncrement();
    if (this.ctx.bug !== 'push_on_change_only') this.ctx.setTimer('gossip', gossipMs);
  }

  onTimer(name: string): void {
    if (name === 'increment') {
      this.counts[this.ctx.id] = this.own() + 1;
      this.persist();
      this.scheduleIncrement();
      if (this.ctx.bug === 'push_on_change_only') this.broadcast();
    } else if (name === 'gossip') {
      this.broadcast();
      this.ctx.setTimer('gossip', gossipMs);
    }
  }

  onMessage(from: NodeId, msg: GCounterMsg): void {
    switch (msg.type) {
      case 'gossip':
        return this.handleGossip(from, msg.counts);
      default:
        // A new message kind that nobody handles is a compile error here.
        return assertNever(msg.type);
    }
  }

  onRequest(): void {
    // No workload: the harness runs no clients, so no request ever arrives.
  }

  inspect(): GCounterState {
    // A copy: the snapshot must not change when the node does.
    return { counts: [...this.counts] };
  }

  private handleGossip(from: NodeId, theirs: readonly number[]): void {
    let changed = false;
    for (const [j, count] of theirs.entries()) {
      const mine = this.counts[j] ?? 0;
      const merged = this.ctx.bug === 'merge_overwrite' && j === from ? count : Math.max(mine, count);
      if (merged !== mine) {
        this.counts[j] = merged;
        changed = true;
      }
    }
    if (changed) this.persist();
  }

  private own(): number {
    return this.counts[this.ctx.id] ?? 0;
  }

  private scheduleIncrement(): void {
    if (this.own() < incrementsMax) this.ctx.setTimer('increment', this.ctx.randomInt(incrementMsMin, incrementMsMax));
  }

  private broadcast(): void {
    for (const peer of this.ctx.peers) if (peer !== this.ctx.id) this.ctx.send(peer, { type: 'gossip', counts: [...this.counts] });
  }

  /** Only synced writes survive a crash; a count we gossip must be one we keep. */
  private persist(): void {
    this.ctx.disk.write('counts', this.counts);
    if (this.ctx.bug !== 'no_sync') this.ctx.disk.sync();
  }
}

export const gcounter: Algorithm<GCounterMsg, GCounterState> = {
  name: 'gcounter',
  describe: 'grow-only counter (CRDT): every node counts its increments, gossip merges by max',
  defaults: { nodes: 3 },
  checkers: [monotonicChecker, convergenceChecker],
  bugs,
  createNode: (ctx) => new GCounterNode(ctx),
};

export default gcounter;
