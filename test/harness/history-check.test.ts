// Proves that a kv-workload simulation judges its client history for linearizability in
// sim.check(): the primary example's no_sync bug loses an acknowledged write across a
// crash and the checker says so; the correct primary stays clean under the same script.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../harness/index.ts';
import { primary } from '../../impls/primary/index.ts';
import { seedFromEnv } from '../support/seed.ts';

const seed = seedFromEnv(5);

function script(bug: string | undefined): Simulation {
  const sim = new Simulation({ algorithm: primary, nodes: 3, seed, bug });
  const put = sim.submit({ f: 'put', key: 'k', value: 'v1' });
  sim.runUntil(() => put.status !== 'pending', { timeoutMs: 2_000 });
  sim.crash(0);
  sim.restart(0);
  const get = sim.submit({ f: 'get', key: 'k' });
  sim.runUntil(() => get.status !== 'pending', { timeoutMs: 2_000 });
  return sim;
}

describe('history check', () => {
  it('flags a lost acknowledged write as not linearizable (bug no_sync)', () => {
    const sim = script('no_sync');
    const violations = sim.check();
    expect(violations.map((v) => v.checker)).toContain('linearizability');
    expect(violations.find((v) => v.checker === 'linearizability')?.message).toMatch(/not linearizable on key "k"/);
    expect(sim.historyVerdict?.verdict).toBe('not_linearizable');
  });

  it('passes the correct primary under the same script', () => {
    const sim = script(undefined);
    expect(sim.check()).toEqual([]);
    expect(sim.historyVerdict?.verdict).toBe('linearizable');
  });

  it('can be turned off', () => {
    const sim = new Simulation({ algorithm: primary, nodes: 1, seed, historyChecker: null });
    sim.submit({ f: 'get', key: 'k' });
    sim.runFor(100);
    expect(sim.check()).toEqual([]);
    expect(sim.historyVerdict).toBeUndefined();
  });
});
