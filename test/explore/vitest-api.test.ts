// Proves the user-facing vitest API: exploreSeeds passes a clean algorithm, and on a
// failing one saves a record and throws a message in STYLE.md form that ends with the
// replay command; testSeed honours FAULTLINE_SEED.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ExplorationFailure, exploreSeeds, testSeed } from '../../harness/vitest.ts';
import { tempDir } from '../support/temp.ts';

describe('exploreSeeds', () => {
  const saved = process.env.FAULTLINE_SEED;
  afterEach(() => {
    if (saved === undefined) delete process.env.FAULTLINE_SEED;
    else process.env.FAULTLINE_SEED = saved;
  });

  it('sweeps a clean algorithm without throwing, with either strategy', () => {
    const result = exploreSeeds({ algorithm: 'primary', seeds: 5, ops: 40, durationMs: 10_000, out: false });
    expect(result.seedsRun).toBe(5);
    const guided = exploreSeeds({ algorithm: 'primary', seeds: 20, ops: 40, durationMs: 10_000, out: false, strategy: 'guided' });
    expect(guided.seedsRun).toBe(20);
    expect(() => exploreSeeds({ algorithm: 'primary', seeds: 1, out: false, strategy: 'clever' as never })).toThrow(/strategy must be swarm or guided/);
  });

  it('throws at a failure with the seed, the record and the replay command', () => {
    const out = tempDir('faultline-vitest-');
    let thrown: unknown;
    try {
      exploreSeeds({ algorithm: 'primary', bug: 'no_sync', seeds: 40, faults: 'crash_leader', ops: 60, durationMs: 20_000, out });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ExplorationFailure);
    const failure = thrown as ExplorationFailure;
    const record = failure.failures[0]?.record as string;
    expect(existsSync(record)).toBe(true);
    const lines = failure.message.split('\n');
    expect(lines[1]).toMatch(/^✗ primary \(bug: no_sync\) · /);
    expect(failure.message).toContain(`seed ${failure.failures[0]?.seed} · 3 nodes · faults: `);
    expect(lines[lines.length - 1]).toBe(`  replay: npx faultline replay ${record}`);
  });

  it('starts at FAULTLINE_SEED when it is set', () => {
    process.env.FAULTLINE_SEED = '900';
    expect(testSeed(1)).toBe(900);
    const result = exploreSeeds({ algorithm: 'primary', seeds: [1, 3], ops: 20, durationMs: 5_000, out: false });
    expect([result.firstSeed, result.lastSeed]).toEqual([900, 902]);
    process.env.FAULTLINE_SEED = 'x';
    expect(() => testSeed(1)).toThrow(/FAULTLINE_SEED must be a non-negative integer/);
  });
});
