// Proves every outside history in ../shared/corpus gets the verdict verdicts.tsv gives it,
// by reading each file with format auto-detection and checking it with the named model;
// rows added to the table are picked up without code changes.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkHistory, models, readHistory } from '../../../checkers/linearizability.ts';

const here = dirname(fileURLToPath(import.meta.url));
// test/checkers/linearizability → repo root → the shared folder beside the clone.
const corpusDir = resolve(here, '../../../../shared/corpus');
const table = join(corpusDir, 'verdicts.tsv');
const present = existsSync(table);

function rows(): { file: string; model: string; expected: string }[] {
  const lines = readFileSync(table, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const [header, ...body] = lines;
  expect(header?.split('\t')).toEqual(['file', 'model', 'expected']);
  return body.map((l) => {
    const [file = '', model = '', expected = ''] = l.split('\t').map((c) => c.trim());
    return { file, model, expected };
  });
}

describe.skipIf(!present)('outside corpus with known verdicts', () => {
  const all = present ? rows() : [];
  it('lists some histories', () => {
    expect(all.length).toBeGreaterThan(0);
  });
  for (const { file, model, expected } of all) {
    it(`${file} is ${expected} under ${model}`, () => {
      const m = models[model];
      expect(m, `model ${model}`).toBeDefined();
      const parsed = readHistory(readFileSync(join(corpusDir, file), 'utf8'), file);
      const result = checkHistory(parsed.history, m!, { source: file, lines: parsed.lines });
      const verdict = result.verdict === 'not_linearizable' ? 'not-linearizable' : result.verdict;
      expect(verdict).toBe(expected);
      if (result.verdict === 'not_linearizable') {
        const failure = result.partitions[0]!;
        expect(failure.explanation).toMatch(/cannot be linearized/);
        expect(failure.stuck.map((o) => o.id)).toContain(failure.blocking.id);
        expect(failure.prefix.length).toBeLessThan(failure.ops);
      }
    });
  }
});

if (!present) {
  it.skip(`corpus not found at ${corpusDir} (clone the repo beside shared/ to run it)`, () => {});
}
