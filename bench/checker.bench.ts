// Benchmarks the linearizability checker (npm run bench; never part of npm test): every
// corpus history timed on its own (parsing excluded) with totals, then the targets —
// the 20 etcd logs, etcd_002, c50-ok, c50-bad, and generated 10,000- and 100,000-op kv
// histories (10 keys, 20 clients) to show growth. Prints a table before vitest's own.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { bench, describe } from 'vitest';
import type { History } from '../checkers/history.ts';
import { checkHistory, generateKvHistory, models, readHistory, type AnyModel } from '../checkers/linearizability.ts';

const corpusDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/corpus');

interface Case {
  file: string;
  model: AnyModel;
  history: History;
}

const cases: Case[] = existsSync(join(corpusDir, 'verdicts.tsv'))
  ? readFileSync(join(corpusDir, 'verdicts.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const [file = '', model = ''] = line.split('\t');
        return { file, model: models[model] as AnyModel, history: readHistory(readFileSync(join(corpusDir, file), 'utf8'), file).history };
      })
  : [];

const kv10k = generateKvHistory({ ops: 10_000, keys: 10, clients: 20, seed: 1 });
const kv100k = generateKvHistory({ ops: 100_000, keys: 10, clients: 20, seed: 1 });

/** Best of `runs` wall times in ms, and the result of the last run. */
function time(c: { model: AnyModel; history: History }, runs: number): { ms: number; verdict: string; steps: number; ops: number } {
  let best = Infinity;
  let last = checkHistory(c.history, c.model);
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = checkHistory(c.history, c.model);
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, verdict: last.verdict, steps: last.steps, ops: last.ops };
}

function printTable(): void {
  const rows: string[] = [];
  const pad = (s: string, n: number): string => s.padEnd(n);
  const lpad = (s: string, n: number): string => s.padStart(n);
  rows.push(`${pad('history', 52)} ${pad('verdict', 17)} ${lpad('ops', 7)} ${lpad('steps', 9)} ${lpad('ms', 9)}`);
  const totals = new Map<string, number>();
  let peakRss = process.memoryUsage().rss;
  const add = (name: string, group: string, r: ReturnType<typeof time>): void => {
    rows.push(`${pad(name, 52)} ${pad(r.verdict, 17)} ${lpad(String(r.ops), 7)} ${lpad(String(r.steps), 9)} ${lpad(r.ms.toFixed(2), 9)}`);
    totals.set(group, (totals.get(group) ?? 0) + r.ms);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  for (const c of cases) add(c.file, c.file.split('/')[0] ?? '', time(c, 3));
  add('generated kv 10,000 ops (10 keys, 20 clients)', 'kv 10k', time({ model: models.kv as AnyModel, history: kv10k }, 3));
  add('generated kv 100,000 ops (10 keys, 20 clients)', 'kv 100k', time({ model: models.kv as AnyModel, history: kv100k }, 1));
  rows.push('');
  for (const [group, ms] of totals) rows.push(`total ${pad(group, 46)} ${lpad(ms.toFixed(2), 37)} ms`);
  rows.push(`peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);
  console.log(`\nlinearizability checker, best of 3 (100k: 1 run), parsing excluded, one core\n${rows.join('\n')}\n`);
}

const byName = (suffix: string): Case[] => cases.filter((c) => c.file.endsWith(suffix));
const etcd = cases.filter((c) => c.file.startsWith('porcupine-etcd/'));

describe('linearizability checker', () => {
  printTable();
  if (cases.length > 0) {
    bench('20 porcupine etcd logs', () => {
      for (const c of etcd) checkHistory(c.history, c.model);
    }, { iterations: 10, time: 0 });
    for (const name of ['etcd_002.log', 'c50-ok.txt', 'c50-bad.txt']) {
      const [c] = byName(name);
      if (c !== undefined) bench(name, () => void checkHistory(c.history, c.model), { iterations: 5, time: 0 });
    }
    bench('whole corpus', () => {
      for (const c of cases) checkHistory(c.history, c.model);
    }, { iterations: 3, time: 0 });
  }
  bench('generated kv 10,000 ops', () => void checkHistory(kv10k, models.kv as AnyModel), { iterations: 3, time: 0 });
  bench('generated kv 100,000 ops', () => void checkHistory(kv100k, models.kv as AnyModel), { iterations: 1, time: 0, warmupIterations: 0 });
});
