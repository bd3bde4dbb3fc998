// Pins Raft bugs that exploration found in the correct implementation: each fixture is
// the (shrunk) failure record as it was found, and the test replays it and requires every
// checker to pass now. The record's own violations say what used to go wrong.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replayRecord } from '../../../harness/explore/replay.ts';
import { readRecordFile } from '../../../harness/record/write.ts';
import { raft } from '../../../impls/raft/index.ts';

function fixture(name: string) {
  const read = readRecordFile(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));
  if (read.type === 'error') throw new Error(read.message);
  return read.record;
}

describe('raft regressions found by explore', () => {
  it('a stale-term AppendEntries rejection no longer confirms a later leadership’s ReadIndex round (seed 198)', () => {
    const record = fixture('stale-read-after-term-change.json');
    // As found: a deposed-then-isolated leader served a read its new term never confirmed.
    expect(record.violations.map((v) => v.checker)).toEqual(['linearizability']);
    const { outcome } = replayRecord(record, raft);
    expect(outcome.violations).toEqual([]);
  });

  it('a paused follower may take a stale older-term leader’s entry over one committed later, without a false alarm (seed 3622)', () => {
    const record = fixture('stale-leader-overwrites-unknown-commit.json');
    // As found: R15's "known committed" form fired, though the entry was committed in term 3
    // and the node had only reached term 2, so no leader it followed had to hold it.
    expect(record.violations.map((v) => v.checker)).toEqual(['raft-no-truncation-below-commit']);
    const { outcome } = replayRecord(record, raft);
    expect(outcome.violations).toEqual([]);
  });
});
