// Proves `check-history` per the CLI contract by calling checkHistoryCommand in-process
// on files written to a temp dir: one line (or JSON object) per file, exit 0/1/3, and
// bad input as one stderr line with exit 2 — nothing on stdout for bad options, the
// other files' verdicts for a bad file in a batch (test/cli/check-history.test.ts has
// the rest of the batch rules).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistoryCommand } from '../../../harness/cli/check-history.ts';
import { generateKvHistory, writeJepsenEdn, writeJsonLines } from '../../../checkers/linearizability.ts';
import { tempDir } from '../../support/temp.ts';

const dir = tempDir('faultline-check-history-');
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const good = file('good.jsonl', writeJsonLines(generateKvHistory({ ops: 200, keys: 3, clients: 5, seed: 1 })));
const bad = file('bad.edn', writeJepsenEdn(generateKvHistory({ ops: 200, keys: 3, clients: 5, seed: 1, corruptGet: true })));
const hard = file('hard.jsonl', writeJsonLines(generateKvHistory({ ops: 3000, keys: 1, clients: 30, seed: 2 })));
const malformed = file('malformed.edn', '[{:process 0, :type :invoke, :f :get, :key "k"}\n {:process 0, :type :oops, :f :get}]');

async function run(files: string[], opts: Parameters<typeof checkHistoryCommand>[1]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await checkHistoryCommand(files, opts, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('check-history', () => {
  it('exit 0 when every file is linearizable, one line each', async () => {
    const r = await run([good, good], { model: 'kv' });
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(2);
    expect(r.out).toMatch(/^✓ .*good\.jsonl: linearizable · \d+ ops · 3 partitions/);
    expect(r.err).toBe('');
  });

  it('exit 1 when some file is not, with the explanation on its line', async () => {
    const r = await run([good, bad], { model: 'kv' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ .*bad\.edn: not linearizable .*cannot be linearized/);
  });

  it('--json: one object per file with the contract fields', async () => {
    const r = await run([good, bad], { model: 'kv', json: true, format: 'auto' });
    const objects = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => o.verdict)).toEqual(['linearizable', 'not-linearizable']);
    for (const o of objects) {
      expect(o).toMatchObject({ file: expect.any(String), ops: expect.any(Number), partitions: 3, wallMs: expect.any(Number) });
    }
    expect(objects[1]!.failures).toBeInstanceOf(Array);
  });

  it('exit 3 when the budget runs out and nothing is known to be wrong', async () => {
    const r = await run([good, hard], { model: 'kv', budget: 1000, json: true });
    expect(r.code).toBe(3);
    expect(JSON.parse(r.out.trim().split('\n')[1]!)).toMatchObject({ verdict: 'unknown', reason: 'step_budget' });
  });

  // The last field: the stdout lines the good files still get.
  const badInput: [string, string[], Parameters<typeof checkHistoryCommand>[1], RegExp, number][] = [
    ['unknown model', [good], { model: 'queue' }, /unknown model "queue"/, 0],
    ['unknown format', [good], { model: 'kv', format: 'xml' }, /unknown format "xml"/, 0],
    ['bad budget', [good], { model: 'kv', budget: -5 }, /--budget must be a positive integer/, 0],
    ['missing file', [good, join(dir, 'nope.edn')], { model: 'kv' }, /cannot read .*nope\.edn: no such file/, 1],
    ['malformed file', [good, malformed], { model: 'kv' }, /malformed\.edn:2: expected :type to be one of :invoke :ok :fail :info, got :oops/, 1],
    ['wrong model for the ops', [good], { model: 'etcd' }, /good\.jsonl:\d+: etcd model has no operation/, 0],
  ];
  for (const [name, files, opts, pattern, goodLines] of badInput) {
    it(`exit 2 on ${name}: one stderr line, ${goodLines === 0 ? 'nothing on stdout' : "the good file's line on stdout"}`, async () => {
      const r = await run(files, opts);
      expect(r.code).toBe(2);
      expect(r.out === '' ? 0 : r.out.trim().split('\n').length).toBe(goodLines);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(pattern);
      expect(r.err).not.toMatch(/\n\s+at /);
    });
  }
});
