// Proves shrinking: ddmin finds a 1-minimal failing subset, and shrinking a real
// primary --bug no_sync failure keeps the same checker failing while the scenario gets
// strictly smaller, and the shrunk record replays to its identical trace.
import { describe, expect, it } from 'vitest';
import { ddmin, scenarioSize, shrinkScenario } from '../../harness/explore/shrink.ts';
import { replayRecord } from '../../harness/explore/replay.ts';
import { makeRecord } from '../../harness/record/record.ts';
import { buildScenario, runScenario, type Scenario } from '../../harness/scenario/scenario.ts';
import { testSeed } from '../../harness/test-seed.ts';
import { primary } from '../../impls/primary/index.ts';

const base = testSeed(1, 'shrink seeds start');
const seedsTriedMax = 30;

function failingScenario(bug: 'no_sync' | 'no_dedup', kinds: ('crash' | 'crash_leader' | 'drop' | 'delay')[]): Scenario {
  for (let seed = base; seed < base + seedsTriedMax; seed++) {
    const scenario = buildScenario({ impl: 'primary', algorithm: primary, bug, seed, faults: { type: 'list', kinds }, ops: 80, durationMs: 30_000 });
    if (runScenario(scenario, primary).verdict === 'violation') return scenario;
  }
  throw new Error(`no failing seed for ${bug} in ${base}..${base + seedsTriedMax - 1}`);
}

describe('shrink', () => {
  it('ddmin returns a 1-minimal failing subset', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    let calls = 0;
    const kept = ddmin(items, (subset) => {
      calls++;
      return subset.includes(3) && subset.includes(17);
    });
    expect(kept).toEqual([3, 17]);
    expect(calls).toBeLessThan(100);
    expect(ddmin(items, () => true)).toEqual([]);
  });

  for (const [bug, kinds] of [
    ['no_sync', ['crash', 'crash_leader', 'drop']],
    ['no_dedup', ['drop', 'delay', 'crash']],
  ] as const) {
    it(`shrinks a primary --bug ${bug} failure, keeping its checker, and the result replays identically`, () => {
      const original = failingScenario(bug, [...kinds]);
      const result = shrinkScenario(original, primary);
      const before = scenarioSize(original);
      expect(result.outcome.violations.some((v) => v.checker === result.checker)).toBe(true);
      expect(result.after.faults).toBeLessThanOrEqual(before.faults);
      expect(result.after.ops).toBeLessThan(before.ops);
      expect(result.after.clients).toBeLessThanOrEqual(before.clients);
      expect(result.after.durationMs).toBeLessThanOrEqual(before.durationMs);
      const record = JSON.parse(JSON.stringify(makeRecord(result.scenario, result.outcome)));
      const replay = replayRecord(record, primary);
      expect(replay.identical).toBe(true);
      expect(replay.outcome.violations.map((v) => v.checker)).toContain(result.checker);
    });
  }
});
