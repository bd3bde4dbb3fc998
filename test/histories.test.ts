// Proves every saved record in histories/ still reproduces: replayed from its stored
// options, fault plan and workload, it gives the recorded trace hash and the recorded
// verdict (the same checkers fail). A record that drifts means the algorithm, a checker
// or the harness changed behaviour: re-record it on purpose, never silently.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveAlgorithm } from '../harness/cli/resolve-impl.ts';
import { replayRecord } from '../harness/explore/replay.ts';
import { readRecordFile } from '../harness/record/write.ts';

const dir = fileURLToPath(new URL('../histories', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json') && !f.startsWith('explore-summary'))
  .sort();

describe('histories/', () => {
  it('holds living example records', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(`${file} replays to its recorded trace and verdict`, async () => {
      const read = readRecordFile(join(dir, file));
      if (read.type === 'error') throw new Error(read.message);
      const { record } = read;
      const { algorithm } = await resolveAlgorithm(record.impl);
      const replay = replayRecord(record, algorithm);
      const checkers = (vs: { checker: string }[]) => [...new Set(vs.map((v) => v.checker))].sort();
      expect(checkers(replay.outcome.violations), 'the same checkers fail').toEqual(checkers(record.violations));
      expect(replay.outcome.traceHash, `trace of ${file} changed; if on purpose: npx faultline replay --update histories/${file}`).toBe(record.traceHash);
    });
  }
});
