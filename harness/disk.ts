// A simulated disk with fsync semantics: `write` lands in a volatile buffer, `sync` makes
// every buffered write durable, and a crash throws the buffer away. Values are deep-copied
// on write and read (structuredClone) so a node cannot mutate what it stored.

import { assert } from './assert.ts';
import type { Disk } from './types.ts';

export class SimDisk implements Disk {
  private durable = new Map<string, unknown>();
  private pending = new Map<string, unknown>();
  writes = 0;
  syncs = 0;
  /** When set (bug variants, nemesis), `sync` does nothing: every write stays volatile. */
  syncDisabled = false;

  read<T = unknown>(key: string): T | undefined {
    const value = this.pending.has(key) ? this.pending.get(key) : this.durable.get(key);
    return value === undefined ? undefined : (structuredClone(value) as T);
  }

  write(key: string, value: unknown): void {
    assert(typeof key === 'string', 'disk keys are strings');
    this.writes++;
    this.pending.set(key, value === undefined ? undefined : structuredClone(value));
  }

  sync(): void {
    this.syncs++;
    if (this.syncDisabled) return;
    for (const [key, value] of this.pending) {
      if (value === undefined) this.durable.delete(key);
      else this.durable.set(key, value);
    }
    this.pending.clear();
  }

  /** A crash: unsynced writes are lost. Returns how many were lost. */
  crash(): number {
    const lost = this.pending.size;
    this.pending.clear();
    return lost;
  }

  /** The durable contents, sorted by key, as plain data. */
  durableSnapshot(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of [...this.durable.keys()].sort()) out[key] = structuredClone(this.durable.get(key));
    return out;
  }
}
