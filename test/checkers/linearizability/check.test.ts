// Proves the shape of verdicts (tagged union, counts, failure detail an HTML report can
// draw), the step budget (unknown, reproducibly, never a hang), round-robin stopping at
// the first illegal partition, a 10,000-op generated history in well under 2 s, and the
// tidy rule that checkers/ uses no wall clock, randomness or harness imports.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { History } from '../../../checkers/history.ts';
import { checkHistory, generateKvHistory, models } from '../../../checkers/linearizability.ts';

const here = dirname(fileURLToPath(import.meta.url));

describe('verdicts', () => {
  const stale: History = [
    { type: 'invoke', process: 0, time: 10, f: 'put', key: 'k', value: 'a' },
    { type: 'ok', process: 0, time: 20, f: 'put', key: 'k' },
    { type: 'invoke', process: 1, time: 30, f: 'put', key: 'k', value: 'b' },
    { type: 'ok', process: 1, time: 40, f: 'put', key: 'k' },
    { type: 'invoke', process: 2, time: 50, f: 'get', key: 'k' },
    { type: 'ok', process: 2, time: 60, f: 'get', key: 'k', value: 'a' },
  ];

  it('not linearizable: longest prefix with states, stuck ops, explanation', () => {
    const r = checkHistory(stale, models.kv!);
    expect(r.verdict).toBe('not_linearizable');
    if (r.verdict !== 'not_linearizable') return;
    expect(r).toMatchObject({ ops: 3, partitionCount: 1 });
    const [failure] = r.partitions;
    expect(failure!.key).toBe('k');
    expect(failure!.prefix.map((p) => [p.op.description, p.stateAfter])).toEqual([
      ['put("a")', '"a"'],
      ['put("b")', '"b"'],
    ]);
    expect(failure!.blocking).toMatchObject({ process: 2, description: 'get → "a"', callTime: 50, returnTime: 60 });
    expect(failure!.explanation).toBe(
      'key "k": get → "a" by process 2 (t=50..60) cannot be linearized after put("b") by process 1 (t=30..40) (state "b"); longest linearizable prefix has 2 of 3 operations',
    );
    // Plain data: survives JSON.
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('unknown when the step budget is spent, with the same step count every time', () => {
    const h = generateKvHistory({ ops: 2000, keys: 1, clients: 20, seed: 3 });
    const a = checkHistory(h, models.kv!, { budget: 500 });
    const b = checkHistory(h, models.kv!, { budget: 500 });
    expect(a).toMatchObject({ verdict: 'unknown', reason: 'step_budget', steps: 500 });
    expect(b).toEqual(a);
  });

  it('stops at the first illegal partition; reports every one when asked', () => {
    const h: History = [];
    for (let k = 0; k < 5; k++) {
      h.push({ type: 'invoke', process: k, time: h.length, f: 'get', key: String(k) });
      h.push({ type: 'ok', process: k, time: h.length, f: 'get', key: String(k), value: k % 2 === 0 ? 'nope' : '' });
    }
    const first = checkHistory(h, models.kv!);
    expect(first.verdict === 'not_linearizable' && first.partitions.map((p) => p.key)).toEqual(['0']);
    const all = checkHistory(h, models.kv!, { stopAtFirstFailure: false });
    expect(all.verdict === 'not_linearizable' && all.partitions.map((p) => p.key)).toEqual(['0', '2', '4']);
  });

  it('an empty history is linearizable', () => {
    expect(checkHistory([], models.etcd!)).toMatchObject({ verdict: 'linearizable', ops: 0, partitionCount: 0 });
  });
});

describe('scale', () => {
  it('a 10,000-op kv history over 10 keys with 20 clients: linearizable in well under 2 s', () => {
    const h = generateKvHistory({ ops: 10_000, keys: 10, clients: 20, seed: 1, infoPerMille: 5 });
    const r = checkHistory(h, models.kv!);
    expect(r.verdict).toBe('linearizable');
    expect(r.ops).toBeGreaterThan(9000);
  }, 6_000);

  it('the same history with one corrupted get is caught', () => {
    const h = generateKvHistory({ ops: 10_000, keys: 10, clients: 20, seed: 1, corruptGet: true });
    expect(checkHistory(h, models.kv!).verdict).toBe('not_linearizable');
  }, 6_000);
});

describe('tidy', () => {
  const banned: [RegExp, string][] = [
    [/Math\.random/, 'Math.random is banned here, use a seeded integer PRNG'],
    [/\bDate\b/, 'Date is banned here, use event times from the history'],
    [/setTimeout|setInterval/, 'timers are banned here, bound work by model steps'],
    [/performance\.now|process\.hrtime/, 'wall clocks are banned here, bound work by model steps'],
    [/\bcrypto\b/, 'crypto is banned here, hash with checkers/models/hash.ts'],
    [/from ['"][./]*harness\//, 'checkers/ must not import harness/'],
  ];
  const root = resolve(here, '../../../checkers');
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  for (const dir of ['linearizability', 'models', 'formats']) walk(join(root, dir));
  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s', (_, file) => {
    const text = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => !/^\s*(\/\/|\*)/.test(l))
      .join('\n');
    for (const [pattern, message] of banned) expect(text, message).not.toMatch(pattern);
  });
});
