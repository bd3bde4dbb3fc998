// The Raft log in memory: entries after the last snapshot, with 1-based indices as in the
// Raft paper (index 0 is the empty prefix, term 0). Entries are frozen and shared: the
// node hands the same objects to inspect() snapshots, so checkers can compare them by
// reference and never see one change.

import { AssertionError } from '../../harness/assert.ts';
import type { KvCommand } from '../shared/kv-store.ts';

export interface RaftEntry {
  readonly term: number;
  readonly command: KvCommand;
}

export function makeEntry(term: number, command: KvCommand): RaftEntry {
  if (!(Number.isInteger(term) && term >= 1)) throw new AssertionError(`entries carry a positive term, got ${term}`);
  return Object.freeze({ term, command });
}

export class RaftLog {
  private entries: RaftEntry[] = [];
  /** A copy handed out by view(); rebuilt after any change so handed-out arrays never change. */
  private cachedView: readonly RaftEntry[] | undefined;
  private snapIndex = 0;
  private snapTerm = 0;

  get snapshotIndex(): number {
    return this.snapIndex;
  }

  get snapshotTerm(): number {
    return this.snapTerm;
  }

  get lastIndex(): number {
    return this.snapIndex + this.entries.length;
  }

  get lastTerm(): number {
    return this.termAt(this.lastIndex) as number;
  }

  /** The term at `index`, or undefined when it was compacted away or is beyond the log. */
  termAt(index: number): number | undefined {
    if (index === this.snapIndex) return this.snapTerm;
    if (index < this.snapIndex || index > this.lastIndex) return undefined;
    return (this.entries[index - this.snapIndex - 1] as RaftEntry).term;
  }

  entryAt(index: number): RaftEntry | undefined {
    if (index <= this.snapIndex || index > this.lastIndex) return undefined;
    return this.entries[index - this.snapIndex - 1];
  }

  /** Entries from..to inclusive (both inside the log, after the snapshot). */
  slice(from: number, to: number): RaftEntry[] {
    if (!(from > this.snapIndex && to <= this.lastIndex)) throw new AssertionError(`slice ${from}..${to} outside (${this.snapIndex}, ${this.lastIndex}]`);
    if (to < from) return [];
    return this.entries.slice(from - this.snapIndex - 1, to - this.snapIndex);
  }

  append(entries: readonly RaftEntry[]): void {
    if (entries.length === 0) return;
    for (const e of entries) this.entries.push(Object.isFrozen(e) ? e : makeEntry(e.term, e.command));
    this.cachedView = undefined;
  }

  /** Removes the entries at index..lastIndex (Raft §5.3: delete the conflicting entry and all that follow). */
  truncateFrom(index: number): void {
    if (!(index > this.snapIndex)) throw new AssertionError(`cannot truncate at ${index}: compacted up to ${this.snapIndex}`);
    if (index > this.lastIndex) return;
    this.entries.length = index - this.snapIndex - 1;
    this.cachedView = undefined;
  }

  /** Drops the entries up to `index`, now covered by a snapshot whose last entry has `term` (Raft §7). */
  compactTo(index: number, term: number): void {
    if (!(index >= this.snapIndex && index <= this.lastIndex)) throw new AssertionError(`compact to ${index} outside [${this.snapIndex}, ${this.lastIndex}]`);
    this.entries = this.entries.slice(index - this.snapIndex);
    this.snapIndex = index;
    this.snapTerm = term;
    this.cachedView = undefined;
  }

  /** Replaces the whole log with an empty one based at a snapshot (InstallSnapshot, Raft §7). */
  resetTo(index: number, term: number): void {
    this.entries = [];
    this.snapIndex = index;
    this.snapTerm = term;
    this.cachedView = undefined;
  }

  /** The first index of the run of entries with the same term as `index` (fast backup hint). */
  firstIndexOfTermAt(index: number): number {
    const term = this.termAt(index);
    if (term === undefined) throw new AssertionError(`no term at ${index}`);
    let first = index;
    while (first - 1 > this.snapIndex && this.termAt(first - 1) === term) first--;
    return first;
  }

  /** The last index holding `term`, if the log (after the snapshot) has one. */
  lastIndexOfTerm(term: number): number | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const t = (this.entries[i] as RaftEntry).term;
      if (t === term) return this.snapIndex + i + 1;
      if (t < term) return undefined;
    }
    return undefined;
  }

  /** Whether a candidate's log (lastLogIndex, lastLogTerm) is at least as up-to-date as ours (Raft §5.4.1). */
  candidateIsUpToDate(lastLogIndex: number, lastLogTerm: number): boolean {
    const myTerm = this.lastTerm;
    return lastLogTerm > myTerm || (lastLogTerm === myTerm && lastLogIndex >= this.lastIndex);
  }

  /** Entries after the snapshot as a fresh array that is never mutated afterwards. */
  view(): readonly RaftEntry[] {
    if (this.cachedView === undefined) this.cachedView = Object.freeze(this.entries.slice());
    return this.cachedView;
  }
}
