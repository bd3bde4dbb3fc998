// Proves the explore loop end to end in-process: on primary --bug no_sync with crash
// faults it finds a failure, saves a record that replays to the identical trace; the
// determinism self-check passes on a deterministic algorithm and pinpoints the first
// differing event of a leaky one; an exception in node code is a recorded failure that
// replays like any other.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explore } from '../../harness/explore/explore.ts';
import { checkDeterminism, sampledForDeterminism } from '../../harness/explore/determinism.ts';
import { replayRecord } from '../../harness/explore/replay.ts';
import { parseSeedRange, parseShard, shardSeeds } from '../../harness/explore/seeds.ts';
import { readRecordFile } from '../../harness/record/write.ts';
import { buildScenario, scenarioWith } from '../../harness/scenario/scenario.ts';
import type { Algorithm } from '../../harness/types.ts';
import { wallNowMs } from '../../harness/wall-clock.ts';
import { testSeed } from '../../harness/test-seed.ts';
import { primary } from '../../impls/primary/index.ts';
import { tempDir } from '../support/temp.ts';

const base = testSeed(1, 'explore seeds start');
const seedsSwept = 30;

function seedsFrom(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

describe('explore', () => {
  it('finds primary --bug no_sync under crash faults, saves records, and each replays identically', () => {
    const out = tempDir('faultline-explore-');
    const result = explore({
      algorithm: primary,
      seeds: seedsFrom(base, seedsSwept),
      scenarioOf: (seed) => buildScenario({ impl: 'primary', algorithm: primary, bug: 'no_sync', seed, faults: { type: 'list', kinds: ['crash', 'crash_leader'] }, ops: 60, durationMs: 20_000 }),
      maxFailures: 2,
      outDir: out,
      nowMs: wallNowMs,
    });
    expect(result.failures.length).toBeGreaterThan(0);
    expect(readdirSync(out)).toHaveLength(result.failures.length);
    for (const failure of result.failures) {
      expect(failure.record).toBe(join(out, `primary-no_sync-${failure.seed}.json`));
      const read = readRecordFile(failure.record as string);
      expect(read.type).toBe('ok');
      if (read.type !== 'ok') continue;
      expect(read.record.traceHash).toBe(failure.traceHash);
      const replay = replayRecord(read.record, primary);
      expect(replay.identical).toBe(true);
      expect(replay.outcome.violations.map((v) => v.checker)).toEqual(read.record.violations.map((v) => v.checker));
    }
  });

  it('passes the determinism self-check on the correct primary under the swarm', () => {
    const result = explore({
      algorithm: primary,
      seeds: seedsFrom(base, 8),
      scenarioOf: (seed) => buildScenario({ impl: 'primary', algorithm: primary, seed, ops: 60, durationMs: 20_000 }),
      checkDeterminism: true,
      nowMs: wallNowMs,
    });
    expect(result.failures).toEqual([]);
    expect(result.seedsRun).toBe(8);
  });

  it('names the first differing trace event of an algorithm that leaks state across runs', () => {
    let leaked = 0; // Module-level state: the second run starts where the first stopped.
    const leaky: Algorithm<{ n: number }> = {
      name: 'leaky',
      createNode: (ctx) => ({
        start: () => ctx.setTimer('t', 10),
        onMessage: () => {},
        onTimer: () => {
          if (ctx.id === 0) ctx.send(1, { n: leaked++ });
          ctx.setTimer('t', 10);
        },
        onRequest: () => {},
        inspect: () => ({}),
      }),
    };
    const scenario = scenarioWith({ impl: 'leaky', algorithm: leaky, seed: base, nodes: 2, durationMs: 100, faultPlan: [] });
    const result = checkDeterminism(scenario, leaky);
    expect(result.type).toBe('mismatch');
    if (result.type !== 'mismatch') return;
    expect(result.first?.type).toBe('send');
    expect(result.message).toMatch(/first differing trace event #\d+, a send from node 0 to node 1 at t=10 ms: msg\.n: \d+ then \d+/);
    expect(result.message).toContain('a third run differed again');
  });

  it('re-runs and compares a sample of seeds without --check-determinism, chosen by seed alone', () => {
    let leaked = 0;
    const leaky: Algorithm<{ n: number }> = {
      name: 'leaky',
      createNode: (ctx) => ({
        start: () => ctx.setTimer('t', 10),
        onMessage: () => {},
        onTimer: () => {
          if (ctx.id === 0 && ctx.now() < 50) ctx.send(1, { n: leaked++ });
          ctx.setTimer('t', 10);
        },
        onRequest: () => {},
        inspect: () => ({}),
      }),
    };
    const seeds = Array.from({ length: 400 }, (_, i) => i + 1);
    const result = explore({
      algorithm: leaky,
      seeds,
      scenarioOf: (seed) => scenarioWith({ impl: 'leaky', algorithm: leaky, seed, nodes: 2, durationMs: 100, faultPlan: [] }),
      nowMs: wallNowMs,
    });
    const sampled = seeds.filter(sampledForDeterminism);
    expect(sampled.length, 'the range holds some sampled seeds').toBeGreaterThan(0);
    expect(result.failures.map((f) => f.seed)).toEqual(sampled);
    for (const f of result.failures) expect(f.violations.map((v) => v.checker)).toEqual(['determinism']);
  });

  it('names the difference when only the first run of a process differs (a module-level cache)', () => {
    let warmed = false; // Set by the first run, never reset: runs two, three, … all agree.
    const cached: Algorithm<{ cold: boolean }> = {
      name: 'cached',
      createNode: (ctx) => ({
        start: () => ctx.setTimer('t', 10),
        onMessage: () => {},
        onTimer: () => {
          if (ctx.id === 0) ctx.send(1, { cold: !warmed });
          if (ctx.id === 1) warmed = true;
        },
        onRequest: () => {},
        inspect: () => ({}),
      }),
    };
    const scenario = scenarioWith({ impl: 'cached', algorithm: cached, seed: base, nodes: 2, durationMs: 100, faultPlan: [] });
    const result = checkDeterminism(scenario, cached);
    expect(result.type).toBe('mismatch');
    if (result.type !== 'mismatch') return;
    expect(result.message).toMatch(/first differing trace event #\d+, a send from node 0 to node 1 at t=10 ms: msg\.cold: true then false/);
    expect(result.message).toContain('a third run matched the second: the first run left state behind');
    expect(result.message).not.toContain('agree');
  });

  it('records an exception in node code as a failure that replays identically', () => {
    const fragile: Algorithm = {
      ...primary,
      name: 'fragile',
      createNode: (ctx) => {
        const node = primary.createNode(ctx);
        return {
          start: () => node.start(),
          onMessage: () => {},
          onTimer: (name) => node.onTimer(name),
          inspect: () => node.inspect(),
          onRequest: (req) => {
            if (ctx.now() > 3_000) throw new Error('out of cheese');
            node.onRequest(req);
          },
        };
      },
    };
    const out = tempDir('faultline-throw-');
    const result = explore({
      algorithm: fragile,
      seeds: [base],
      scenarioOf: (seed) => buildScenario({ impl: 'fragile', algorithm: fragile, seed, faults: { type: 'none' }, ops: 30, durationMs: 10_000 }),
      outDir: out,
      nowMs: wallNowMs,
    });
    expect(result.failures).toHaveLength(1);
    const violation = result.failures[0]?.violations[0];
    expect(violation?.checker).toBe('implementation-error');
    expect(violation?.message).toContain('out of cheese');
    const read = readRecordFile(result.failures[0]?.record as string);
    expect(read.type).toBe('ok');
    if (read.type === 'ok') expect(replayRecord(read.record, fragile).identical).toBe(true);
  });

  it('parses seed ranges and shards the way --seeds and --shard promise', () => {
    expect(parseSeedRange('3..7')).toEqual({ type: 'ok', value: { first: 3, last: 7 } });
    expect(parseSeedRange('42')).toEqual({ type: 'ok', value: { first: 42, last: 42 } });
    expect(parseSeedRange('7..3').type).toBe('error');
    expect(parseSeedRange('a..b').type).toBe('error');
    expect(parseShard('0/3').type).toBe('error');
    const shards = [1, 2, 3].map((index) => shardSeeds({ first: 10, last: 19 }, { index, count: 3 }));
    expect(shards).toEqual([
      [10, 13, 16, 19],
      [11, 14, 17],
      [12, 15, 18],
    ]);
  });
});
