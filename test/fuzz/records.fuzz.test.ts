// Fuzzes records through the commands that read them (replay, shrink, report): a real
// record, damaged the ways files are damaged — a field set to a value of the wrong kind or
// size, a field removed, the text cut short, bytes spliced in, a byte-order mark, CRLF —
// must give a verdict or one line of bad input, and bad input writes nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRecord, type FailureRecord } from '../../harness/record/record.ts';
import { buildScenario, runScenario } from '../../harness/scenario/scenario.ts';
import { primary } from '../../impls/primary/index.ts';
import { kmeans } from '../../impls/kmeans/index.ts';
import { tempDir } from '../support/temp.ts';
import { failingRecord } from '../report/support.ts';
import { cli, expectContract, fuzzRuns, fuzzSeed, snapshot } from './support.ts';

const seed = fuzzSeed(7, 'records');

/** Two small real records: a failing one of a kv algorithm with a history, and a passing one without clients. */
function baseRecords(): FailureRecord[] {
  const failing = failingRecord(primary, { impl: 'primary', bug: 'no_sync', ops: 30, durationMs: 5_000, faults: { type: 'list', kinds: ['crash_leader'] } }, 1);
  const plain = buildScenario({ impl: 'kmeans', algorithm: kmeans, seed: 3, durationMs: 5_000, faults: { type: 'list', kinds: ['crash'] } });
  return [failing, makeRecord(plain, runScenario(plain, kmeans), { origin: { command: 'test' } })];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path into a JSON value, up to `depthMax` deep (the root excluded). */
function paths(value: Json, depthMax: number, prefix: (string | number)[] = []): (string | number)[][] {
  if (prefix.length >= depthMax || value === null || typeof value !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i).slice(0, 4) : Object.keys(value);
  return keys.flatMap((k) => {
    const path = [...prefix, k];
    return [path, ...paths((value as Record<string | number, Json>)[k] as Json, depthMax, path)];
  });
}

function setAt(root: Json, path: readonly (string | number)[], value: Json | undefined): Json {
  const copy = structuredClone(root);
  let at = copy as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) {
    if (Array.isArray(at)) at.splice(last as number, 1);
    else delete at[last];
  } else {
    at[last] = value;
  }
  return copy;
}

/** Values a damaged or hand-edited record holds: wrong kinds, edges, sizes. */
const oddValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, 0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, 1e300, -1e300, '', ' ', 'x', '../../etc/passwd', 'raft', 'primary', [], {}, [null], { format: 'faultline-record' }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.integer({ min: -5, max: 100 }),
);

type FieldDamage = { type: 'set'; path: number; value: Json } | { type: 'remove'; path: number };
type TextDamage = { type: 'cut'; at: number } | { type: 'splice'; at: number; text: string } | { type: 'bom' } | { type: 'crlf' };

const fieldDamage: fc.Arbitrary<FieldDamage> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('set' as const), path: fc.nat(), value: oddValue }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('remove' as const), path: fc.nat() }) },
);

const textDamage: fc.Arbitrary<TextDamage> = fc.oneof(
  fc.record({ type: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ type: fc.constant('splice' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 8 }) }),
  fc.constant({ type: 'bom' as const }),
  fc.constant({ type: 'crlf' as const }),
);

function withFieldDamage(json: Json, d: FieldDamage): Json {
  const all = paths(json, 4);
  const path = all[d.path % all.length] as (string | number)[];
  return setAt(json, path, d.type === 'set' ? d.value : undefined);
}

function withTextDamage(text: string, d: TextDamage): string {
  switch (d.type) {
    case 'cut':
      return text.slice(0, d.at % text.length);
    case 'splice': {
      const at = d.at % text.length;
      return `${text.slice(0, at)}${d.text}${text.slice(at)}`;
    }
    case 'bom':
      return `\uFEFF${text}`;
    case 'crlf':
      return text.replaceAll('\n', '\r\n');
  }
}

describe('fuzz: damaged records through replay, shrink and report', () => {
  const records = baseRecords();

  it('a verdict, or one line of bad input with nothing written', async () => {
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: records.length - 1 }),
        fc.array(fieldDamage, { maxLength: 2 }),
        fc.option(textDamage),
        fc.constantFrom('replay', 'shrink', 'report'),
        async (which, fields, textual, command) => {
        const dir = tempDir('faultline-fuzz-record-');
        const json = fields.reduce(withFieldDamage, records[which] as unknown as Json);
        const text = textual === null ? JSON.stringify(json, null, 2) : withTextDamage(JSON.stringify(json, null, 2), textual);
        const file = join(dir, 'record.json');
        writeFileSync(file, text);
        const before = snapshot(dir);
        const argv = command === 'replay' ? ['replay', file] : command === 'shrink' ? ['shrink', file, '--runs-max', '2', '--out', join(dir, 'small.json')] : ['report', file, '-o', join(dir, 'page.html')];
        const r = await cli(argv);
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
        expectContract(r);
        if (r.code === 2) {
          expect(r.out, 'nothing on stdout for bad input').toBe('');
          expect(snapshot(dir), 'nothing written for bad input').toEqual(before);
        }
      }),
      { seed, numRuns: fuzzRuns(120), endOnFailure: true },
    );
    // Both sides were exercised: damage that is refused, and damage a command still reads.
    expect(codes.get(2) ?? 0, `exit codes ${JSON.stringify([...codes])}`).toBeGreaterThan(0);
    expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0), `exit codes ${JSON.stringify([...codes])}`).toBeGreaterThan(0);
    console.log(`records fuzz: exit codes ${JSON.stringify([...codes].sort())}`);
  }, 240_000);
});
