// Durable Raft state on ctx.disk (Raft Fig. 2 "persistent state on all servers"):
// currentTerm and votedFor in one record (one atomic write, MUTANTS.md M3), the log as
// one key per entry plus the last index (so an append writes O(new entries), not the
// whole log), and the latest snapshot with its last included index and term. Writes are
// volatile until sync(); callers sync before any message that depends on them.

import { assert } from '../../harness/assert.ts';
import type { Disk, NodeId } from '../../harness/types.ts';
import type { KvSnapshot } from '../shared/kv-store.ts';
import type { RaftEntry } from './log.ts';

export interface HardState {
  term: number;
  votedFor: NodeId | null;
}

export interface StoredSnapshot {
  index: number;
  term: number;
  state: KvSnapshot;
}

const hardKey = 'raft/hard';
const snapshotKey = 'raft/snapshot';
const lastKey = 'raft/last';
const entryKey = (index: number): string => `raft/entry/${index}`;

export interface LoadedState {
  hard: HardState;
  snapshot: StoredSnapshot | undefined;
  /** Entries snapshot.index+1 .. last. */
  entries: RaftEntry[];
}

export class RaftStorage {
  constructor(private readonly disk: Disk) {}

  load(): LoadedState {
    const hard = this.disk.read<HardState>(hardKey) ?? { term: 0, votedFor: null };
    const snapshot = this.disk.read<StoredSnapshot>(snapshotKey);
    const first = (snapshot?.index ?? 0) + 1;
    const last = this.disk.read<number>(lastKey) ?? 0;
    const entries: RaftEntry[] = [];
    for (let i = first; i <= last; i++) {
      const entry = this.disk.read<RaftEntry>(entryKey(i));
      assert(entry !== undefined, `disk holds raft/last = ${last} but no entry ${i}`);
      entries.push(entry);
    }
    return { hard, snapshot, entries };
  }

  writeHardState(hard: HardState): void {
    this.disk.write(hardKey, { term: hard.term, votedFor: hard.votedFor });
  }

  /**
   * Writes entries `from`..`from + entries.length - 1` and the new last index, and deletes
   * keys of a longer previous log (previousLast) that a truncation removed.
   */
  writeEntries(from: number, entries: readonly RaftEntry[], previousLast: number): void {
    entries.forEach((entry, k) => this.disk.write(entryKey(from + k), entry));
    const last = from + entries.length - 1;
    for (let i = Math.max(last + 1, from); i <= previousLast; i++) this.disk.write(entryKey(i), undefined);
    this.disk.write(lastKey, last);
  }

  /** Stores a snapshot and deletes the entry keys in (firstDeleted - 1, lastDeleted]. */
  writeSnapshot(snapshot: StoredSnapshot, firstDeleted: number, lastDeleted: number, last: number): void {
    this.disk.write(snapshotKey, snapshot);
    for (let i = firstDeleted; i <= lastDeleted; i++) this.disk.write(entryKey(i), undefined);
    this.disk.write(lastKey, last);
  }

  sync(): void {
    this.disk.sync();
  }
}
