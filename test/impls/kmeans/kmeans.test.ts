// Proves distributed k-means computes exactly (bit for bit) what a sequential Lloyd run
// from the same initial centroids computes, finishes, and stays exact under each fault the
// protocol claims to handle: scripted scenarios (duplicates, loss, reordering by long
// delays, a crashed worker, a crashed coordinator, a paused worker, a partition) and a
// seeded sweep of mixed faults on every node, each healed and judged by sim.check().

import { describe, expect, it } from 'vitest';
import { ReferenceRun } from '../../../checkers/kmeans/index.ts';
import { Simulation } from '../../../harness/index.ts';
import { kmeans } from '../../../impls/kmeans/index.ts';
import { seedFromEnv } from '../../support/seed.ts';
import { checkersOf, coordinator, makeSim, runToDone, runWithFaults } from './helpers.ts';

const seed = seedFromEnv(7);
/** Seeds in the mixed-fault sweep. */
const sweepSeeds = 30;

/** The coordinator's final centroids equal the reference's final centroids, exactly. */
function expectExactlySequential(sim: ReturnType<typeof makeSim>): void {
  const state = coordinator(sim);
  const reference = new ReferenceRun(state.spec, state.initialCentroids);
  const stop = reference.stop();
  expect(state.done).toBe(true);
  expect(state.iteration).toBe(stop.iteration);
  expect(state.status).toBe(stop.status);
  expect(state.centroids).toEqual(reference.centroidsAt(stop.iteration));
  expect(state.objectives).toEqual(Array.from({ length: stop.iteration }, (_, i) => reference.costAt(i)));
}

describe('kmeans without faults', () => {
  it('converges to exactly the sequential result and every checker is quiet', () => {
    const sim = makeSim(seed);
    expect(runToDone(sim)).toBe(true);
    expect(sim.check()).toEqual([]);
    expectExactlySequential(sim);
    const state = coordinator(sim);
    expect(state.countsTotals).toEqual(state.objectives.map(() => state.spec.pointCount));
  });

  it('stops: no event after the job is done and workers drained', () => {
    const sim = makeSim(seed);
    runToDone(sim);
    sim.runFor(100);
    const events = sim.stats().events;
    sim.runFor(5_000);
    expect(sim.stats().events).toBe(events);
  });

  it('replays to the same trace hash, and other seeds start elsewhere', () => {
    const hash = (s: number): string => {
      const sim = makeSim(s);
      runToDone(sim);
      return sim.traceHash;
    };
    expect(hash(seed)).toBe(hash(seed));
    const initial = (s: number): string => JSON.stringify(coordinator(makeSim(s)).initialCentroids);
    expect(initial(seed)).not.toBe(initial(seed + 1));
  });

  it('runs with a single node (the coordinator computes every partition itself)', () => {
    const alone = new Simulation({ algorithm: kmeans, nodes: 1, seed });
    expect(runToDone(alone)).toBe(true);
    expect(alone.check()).toEqual([]);
  });
});

describe('kmeans under scripted faults', () => {
  it('ignores duplicated and late replies (30% duplicates, delays up to 80 ms)', () => {
    const sim = makeSim(seed, undefined, { duplicateRate: 0.3, delayMs: [1, 80] });
    // At most 50 iterations of a request, one compute batch (<= 16 ms) and a reply: <= 9 s.
    expect(runToDone(sim, 20_000)).toBe(true);
    expect(sim.stats().messagesDuplicated).toBeGreaterThan(10);
    expect(sim.check()).toEqual([]);
    expectExactlySequential(sim);
  });

  it('resends what is lost (30% loss)', () => {
    const sim = makeSim(seed, undefined, { dropRate: 0.3 });
    // Loss has no hard bound, but 60 s is five times the slowest of 400 seeds measured
    // (11 s, FAULTLINE_SEED=880191273 took 10.8 s: more than the 10 s this test once gave).
    expect(runToDone(sim, 60_000)).toBe(true);
    expect(sim.stats().messagesDropped).toBeGreaterThan(10);
    expect(sim.check()).toEqual([]);
    expectExactlySequential(sim);
  });

  it('moves a crashed worker’s partitions to the other workers', () => {
    const sim = makeSim(seed);
    sim.runFor(60);
    sim.crash(2);
    expect(runToDone(sim)).toBe(true);
    expect(coordinator(sim).reassignments).toBeGreaterThan(0);
    expect(sim.check()).toEqual([]);
    expectExactlySequential(sim);
  });

  it('resumes a crashed coordinator at the iteration it had reached, with the same centroids', () => {
    const sim = makeSim(seed);
    sim.runFor(60);
    const before = coordinator(sim);
    expect(before.iteration).toBeGreaterThan(0);
    sim.crash(0);
    sim.runFor(300);
    sim.restart(0);
    const after = coordinator(sim);
    expect(after.iteration).toBe(before.iteration);
    expect(after.centroids).toEqual(before.centroids);
    expect(runToDone(sim)).toBe(true);
    expect(sim.check()).toEqual([]);
    expectExactlySequential(sim);
  });

  it('a finished coordinator that restarts stays finished and sends nothing', () => {
    const sim = makeSim(seed);
    runToDone(sim);
    const sent = sim.stats().messagesSent;
    sim.restart(0);
    sim.runFor(1_000);
    expect(coordinator(sim).done).toBe(true);
    expect(sim.stats().messagesSent).toBe(sent);
    expect(sim.check()).toEqual([]);
  });

  it('drops the stale answers of a worker paused across iterations', () => {
    const sim = makeSim(seed);
    sim.runFor(30);
    sim.pause(1);
    sim.runFor(400);
    sim.resume(1);
    expect(runToDone(sim)).toBe(true);
    expect(sim.check()).toEqual([]);
    expectExactlySequential(sim);
  });

  it('waits out a partition that cuts the coordinator off, then finishes', () => {
    const sim = makeSim(seed);
    sim.runFor(40);
    sim.partition([[0], [1, 2, 3]]);
    sim.runFor(2_000);
    const stuck = coordinator(sim);
    expect(stuck.done).toBe(false);
    sim.heal();
    expect(runToDone(sim, 3_000)).toBe(true);
    expect(sim.check()).toEqual([]);
    expectExactlySequential(sim);
  });
});

describe('kmeans under a sweep of mixed faults', () => {
  it(`stays exact and finishes on ${sweepSeeds} seeds of loss, duplication, delay, partitions, pauses and crashes`, () => {
    const failures: string[] = [];
    for (let s = seed; s < seed + sweepSeeds; s++) {
      const sim = makeSim(s);
      runWithFaults(sim, s);
      const violations = sim.check();
      if (violations.length > 0) failures.push(`seed ${s}: ${checkersOf(violations).join(', ')}: ${violations[0]?.message}`);
      else expectExactlySequential(sim);
    }
    expect(failures).toEqual([]);
  });
});
