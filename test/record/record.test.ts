// Proves records round-trip (write, read, replay to the same trace), are written
// atomically without ever overwriting another record, and that every kind of corrupted
// record is refused with one message naming the problem.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRecord, parseRecord, scenarioOfRecord, type FailureRecord } from '../../harness/record/record.ts';
import { readRecordFile, recordFileName, writeRecordFile, writeRecordInDir } from '../../harness/record/write.ts';
import { buildScenario, runScenario } from '../../harness/scenario/scenario.ts';
import { replayRecord } from '../../harness/explore/replay.ts';
import { primary } from '../../impls/primary/index.ts';
import { testSeed } from '../../harness/test-seed.ts';
import { tempDir } from '../support/temp.ts';

const seed = testSeed(1, 'record seed');

/** Seeds tried for a failing run (a crash before the first write loses nothing). */
const seedsTriedMax = 20;

function failingRecord(): FailureRecord {
  for (let s = seed; s < seed + seedsTriedMax; s++) {
    const scenario = buildScenario({ impl: 'primary', algorithm: primary, bug: 'no_sync', seed: s, faults: { type: 'list', kinds: ['crash_leader'] }, ops: 60, durationMs: 20_000 });
    const outcome = runScenario(scenario, primary);
    if (outcome.verdict === 'violation') return makeRecord(scenario, outcome, { origin: { command: 'test' } });
  }
  throw new Error(`no failing seed in ${seed}..${seed + seedsTriedMax - 1}`);
}

describe('records', () => {
  const record = failingRecord();
  const dir = tempDir('faultline-record-');

  it('round-trips through a file and replays to the identical trace', () => {
    expect(record.violations.length).toBeGreaterThan(0);
    const path = writeRecordInDir(dir, record);
    expect(path).toBe(join(dir, `primary-no_sync-${record.seed}.json`));
    const read = readRecordFile(path);
    expect(read.type).toBe('ok');
    if (read.type !== 'ok') return;
    expect(read.record).toEqual(JSON.parse(JSON.stringify(record)));
    expect(scenarioOfRecord(read.record).faultPlan).toEqual(record.faultPlan);
    const replay = replayRecord(read.record, primary);
    expect(replay.identical).toBe(true);
    expect(replay.outcome.violations).toEqual(record.violations);
  });

  it('never overwrites: a second record of the same seed gets -2, then -3, and leaves no temp files', () => {
    const sub = tempDir('faultline-names-');
    const paths = [writeRecordInDir(sub, record), writeRecordInDir(sub, record), writeRecordInDir(sub, record)];
    expect(paths.map((p) => p.slice(sub.length + 1))).toEqual([`primary-no_sync-${record.seed}.json`, `primary-no_sync-${record.seed}-2.json`, `primary-no_sync-${record.seed}-3.json`]);
    expect(readdirSync(sub).sort()).toEqual(paths.map((p) => p.slice(sub.length + 1)).sort());
    const explicit = writeRecordFile(join(sub, 'mine.json'), record);
    expect(writeRecordFile(explicit, record)).toBe(join(sub, 'mine-2.json'));
    expect(recordFileName({ impl: './my/algo.ts', seed: 9 })).toBe('algo-9.json');
  });

  it('refuses each kind of corrupted record with one line naming the problem', () => {
    const good = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
    const cases: [string, string, RegExp][] = [
      ['bad json', '{"format": "faultline-record", ', /not valid JSON/],
      ['not an object', '[1, 2]', /not a faultline record/],
      ['wrong format', JSON.stringify({ ...good, format: 'jepsen' }), /format is "jepsen"/],
      ['unknown version', JSON.stringify({ ...good, version: 99 }), /unknown record version 99/],
      ['missing field', JSON.stringify({ ...good, faultPlan: undefined }), /missing field "faultPlan"/],
      ['bad seed', JSON.stringify({ ...good, seed: -1 }), /"seed"/],
      ['bad trace hash', JSON.stringify({ ...good, traceHash: 'xyz' }), /traceHash/],
      ['bad fault', JSON.stringify({ ...good, faultPlan: [{ type: 'meteor', atMs: 0, durationMs: 1 }] }), /faultPlan\[0\]: unknown fault type "meteor"/],
      ['fault on missing node', JSON.stringify({ ...good, faultPlan: [{ type: 'crash', atMs: 0, durationMs: 1, node: 17 }] }), /faultPlan\[0\]/],
      ['bad options', JSON.stringify({ ...good, options: { ...(good.options as object), nodes: 0 } }), /options.nodes/],
      ['bad workload', JSON.stringify({ ...good, workload: { type: 'kv', keys: [], slots: 'many' } }), /workload.slots/],
    ];
    for (const [name, text, pattern] of cases) {
      const result = parseRecord(text, 'x.json');
      expect(result.type, name).toBe('error');
      if (result.type === 'error') {
        expect(result.message, name).toMatch(pattern);
        expect(result.message, name).not.toContain('\n');
        expect(result.message.startsWith('x.json: '), name).toBe(true);
      }
    }
    const missing = readRecordFile(join(dir, 'nope.json'));
    expect(missing.type === 'error' && missing.message).toMatch(/no such file/);
    writeFileSync(join(dir, 'empty.json'), '');
    expect(readRecordFile(join(dir, 'empty.json')).type).toBe('error');
    expect(readFileSync(join(dir, `primary-no_sync-${record.seed}.json`), 'utf8').startsWith('{')).toBe(true);
  });
});
