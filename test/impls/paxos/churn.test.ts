// Proves the correct Multi-Paxos stays safe (sim.check() == []) and live under seeded
// random churn — crashes and restarts, partitions, one-way cuts, loss, duplication,
// reordering — over a few seeds starting at FAULTLINE_SEED (or a fixed seed), and that
// after healing a final write completes and every replica applies the same log.

import { describe, expect, it } from 'vitest';
import { makeSim, runChurn, seedFrom } from './helpers.ts';

const seedCount = 6;
const churnMs = 20_000;

describe('paxos under churn', () => {
  const base = seedFrom(1000, 'churn');
  it.each([...Array(seedCount).keys()].map((i) => [base + i]))('seed %i: clean and makes progress after healing', (seed) => {
    const sim = makeSim({ seed });
    const outcome = runChurn(sim, seed, { durationMs: churnMs });
    expect(sim.check()).toEqual([]);
    expect(outcome.progressed).toBe(true);
    // Clients retry an op while the cluster is unavailable (they give up only after
    // attemptsMax timeouts), so progress is counted in completed operations.
    expect(sim.operations.filter((h) => h.status === 'ok').length).toBeGreaterThanOrEqual(8);
  });
});
