// Proves every saved record in histories/ still reproduces: replayed from its stored
// options, fault plan and workload, it gives the recorded trace hash and the recorded
// verdict (the same checkers fail). A record that drifts means the algorithm, a checker
// or the harness changed behaviour: re-record it on purpose, never silently. Records live
// only here: a test scans the source folders and fails on a record file anywhere else, so
// no test can replay a record without this check that it still reproduces.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveAlgorithm } from '../harness/cli/resolve-impl.ts';
import { replayRecord } from '../harness/explore/replay.ts';
import { readRecordFile } from '../harness/record/write.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'histories');
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
      // The trace first: once it drifts, the verdict below says nothing about the recorded run.
      expect(replay.identical, `trace of histories/${file} changed (recorded ${record.traceHash}, now ${replay.outcome.traceHash}); if on purpose: npx faultline replay --update histories/${file}`).toBe(true);
      const checkers = (vs: { checker: string }[]) => [...new Set(vs.map((v) => v.checker))].sort();
      expect(checkers(replay.outcome.violations), 'the same checkers fail').toEqual(checkers(record.violations));
    });
  }
});

/** Folders of the repository whose files are ours (not dependencies, outputs or histories/ itself). */
const sourceFolders = ['bench', 'bin', 'checkers', 'docs', 'examples', 'harness', 'impls', 'scripts', 'test'];

function jsonFiles(folder: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(join(root, folder)).sort();
  } catch {
    return out;
  }
  for (const name of entries) {
    const path = join(folder, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...jsonFiles(path));
    else if (name.endsWith('.json')) out.push(path);
  }
  return out;
}

function isRecord(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === 'faultline-record';
  } catch {
    return false;
  }
}

describe('records outside histories/', () => {
  it('none: a record kept anywhere else would be replayed without the check above', () => {
    const strays = sourceFolders.flatMap(jsonFiles).filter((f) => isRecord(readFileSync(join(root, f), 'utf8')));
    expect(strays.map((f) => relative(root, join(root, f))), 'move each into histories/ (or pin the bug with a scripted scenario, docs/plugging-in.md §7)').toEqual([]);
  });
});
