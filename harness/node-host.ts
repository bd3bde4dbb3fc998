// Hosts one node: its current incarnation, timers, disk, random stream, clock drift and
// pause state. The simulation owns scheduling; the host owns what survives what.

import { SimDisk } from './disk.ts';
import type { Rng } from './rng.ts';
import type { AppliedEntry, Node, NodeId } from './types.ts';

export class NodeHost {
  readonly id: NodeId;
  readonly disk = new SimDisk();
  readonly rng: Rng;
  /** Bumps on every restart; events addressed to an older incarnation are ignored. */
  incarnation = 0;
  up = true;
  paused = false;
  /** Clock drift: timers set for `ms` fire after `ms * drift` of virtual time. */
  drift = 1;
  node: Node<unknown, unknown> | undefined;
  /** Live timers: name → token of the scheduled event that may fire it. */
  readonly timers = new Map<string, number>();
  /** Events that arrived while paused, replayed in order on resume. */
  held: unknown[] = [];
  readonly applied: AppliedEntry[] = [];

  constructor(id: NodeId, rng: Rng) {
    this.id = id;
    this.rng = rng;
  }

  /** Volatile state and timers are gone; unsynced disk writes are lost. */
  crash(): number {
    this.up = false;
    this.paused = false;
    this.held = [];
    this.timers.clear();
    this.node = undefined;
    return this.disk.crash();
  }
}
