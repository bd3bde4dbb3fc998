// A simulated disk with fsync semantics: `write` lands in a volatile buffer, `sync` makes
// every buffered write durable, and a crash throws the buffer away. Values are deep-copied
// on write and read (structuredClone semantics) so a node cannot mutate what it stored.

import { assert } from './assert.ts';
import type { Disk } from './types.ts';

export class SimDisk implements Disk {
  private durable = new Map<string, unknown>();
  private pending = new Map<string, unknown>();
  writes = 0;
  syncs = 0;
  /** When set (bug variants, nemesis), `sync` does nothing: every write stays volatile. */
  syncDisabled = false;
  /** Told of every sync and how many writes it made durable (the simulation's observers). */
  onSync: ((writes: number) => void) | undefined;

  read<T = unknown>(key: string): T | undefined {
    const value = this.pending.has(key) ? this.pending.get(key) : this.durable.get(key);
    return value === undefined ? undefined : (copyStored(value) as T);
  }

  write(key: string, value: unknown): void {
    assert(typeof key === 'string', 'disk keys are strings');
    this.writes++;
    this.pending.set(key, value === undefined ? undefined : copyStored(value));
  }

  sync(): void {
    this.syncs++;
    if (this.syncDisabled) {
      this.onSync?.(0);
      return;
    }
    const writes = this.pending.size;
    for (const [key, value] of this.pending) {
      if (value === undefined) this.durable.delete(key);
      else this.durable.set(key, value);
    }
    this.pending.clear();
    this.onSync?.(writes);
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
    for (const key of [...this.durable.keys()].sort()) out[key] = copyStored(this.durable.get(key));
    return out;
  }
}

/**
 * structuredClone, with plain objects and arrays copied by hand: a node writes small
 * records many times per virtual second, and structuredClone's serializer costs far more
 * than the copy itself for them. Anything else (Map, Date, typed arrays, class
 * instances), and any value nested deeper than a record is (a cycle, say), goes to
 * structuredClone whole, so the semantics are its own.
 */
export function copyStored(value: unknown): unknown {
  try {
    return copyPlain(value, 0);
  } catch (error) {
    if (error === notPlain) return structuredClone(value);
    throw error;
  }
}

/** Past this depth the copy is structuredClone's, which also handles cycles. */
const storedDepthMax = 64;
const notPlain = new Error('not plain data');

function copyPlain(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'function' || typeof value === 'symbol') throw notPlain;
    return value;
  }
  if (depth >= storedDepthMax) throw notPlain;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) throw notPlain;
    const n = value.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      if (!(i in value)) throw notPlain; // holes: structuredClone's business
      out[i] = copyPlain(value[i], depth + 1);
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw notPlain;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__') throw notPlain;
    out[key] = copyPlain((value as Record<string, unknown>)[key], depth + 1);
  }
  return out;
}
