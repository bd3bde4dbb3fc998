// How the Raft checkers read a node: the shape of a Raft node's inspect() snapshot
// (INVARIANTS.md §1.0) and small helpers over it. Checkers import nothing of the harness
// or of the implementation; any algorithm whose snapshots have this shape can be checked.
// Log indices are 1-based; `log` holds the entries after the snapshot.

import { sameData } from '../plain-data.ts';
import type { NodeId } from '../types.ts';

export interface RaftEntryView {
  readonly term: number;
  readonly command: unknown;
}

export interface RaftView {
  role: 'leader' | 'candidate' | 'follower' | string;
  term: number;
  votedFor: NodeId | null;
  log: readonly RaftEntryView[];
  snapshotIndex: number;
  snapshotTerm: number;
  commitIndex: number;
  lastApplied: number;
}

/** The snapshot as a RaftView, or undefined when it does not have the shape (e.g. a crashed node). */
export function asRaftView(state: unknown): RaftView | undefined {
  if (state === null || typeof state !== 'object') return undefined;
  const s = state as Partial<RaftView>;
  if (typeof s.term !== 'number' || !Array.isArray(s.log) || typeof s.commitIndex !== 'number') return undefined;
  return s as RaftView;
}

export function lastIndexOf(v: RaftView): number {
  return v.snapshotIndex + v.log.length;
}

/** termAt(i, n) of INVARIANTS.md §1.0: undefined for compacted or missing indices. */
export function termAt(v: RaftView, n: number): number | undefined {
  if (n === 0) return 0;
  if (n === v.snapshotIndex) return v.snapshotTerm;
  return v.log[n - v.snapshotIndex - 1]?.term;
}

export function entryAt(v: RaftView, n: number): RaftEntryView | undefined {
  if (n <= v.snapshotIndex) return undefined;
  return v.log[n - v.snapshotIndex - 1];
}

export function lastTermOf(v: RaftView): number {
  return termAt(v, lastIndexOf(v)) ?? 0;
}

/** Raft §5.4.1: a log ending (aIndex, aTerm) is at least as up-to-date as one ending (bIndex, bTerm). */
export function atLeastAsUpToDate(aIndex: number, aTerm: number, bIndex: number, bTerm: number): boolean {
  return aTerm > bTerm || (aTerm === bTerm && aIndex >= bIndex);
}

/** Same term and same command. Shared entry objects compare by reference first. */
export function sameEntry(a: RaftEntryView, b: RaftEntryView): boolean {
  return a === b || (a.term === b.term && sameData(a.command, b.command));
}

export function abbreviate(s: string): string {
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}
