// Proves each k-means bug variant is caught by its named checker, and that the correct
// implementation stays clean under the very same scenario: a scripted fault (duplicates,
// late duplicates, a worker crashed for good, a coordinator restart) run from
// FAULTLINE_SEED (or a fixed seed) on, a bounded number of seeds until the checker fires.

import { describe, expect, it } from 'vitest';
import type { Simulation } from '../../../harness/index.ts';
import { kmeans } from '../../../impls/kmeans/index.ts';
import { seedFromEnv } from '../../support/seed.ts';
import { checkersOf, makeSim, runToDone } from './helpers.ts';

const base = seedFromEnv(11);
/** Seeds tried per bug before the test gives up. */
const seedsPerBugMax = 10;
/**
 * Virtual time a run gets to finish the job. A correct job runs at most iterationsMax (50)
 * iterations, each at most a request, one compute batch (<= 16 ms: pending partitions are
 * deduplicated) and a reply: <= 180 ms with the 80 ms delays below, about 100 ms when a
 * dead worker's partitions are resent and then reassigned. 20 s covers either with room,
 * so the correct run always finishes (5 s did not: some seeds' starts need all 50
 * iterations, e.g. FAULTLINE_SEED=317760 under 80 ms delays).
 */
const jobMsMax = 20_000;

interface BugCase {
  bug: string;
  /** The checker that must catch it (others may fire too). */
  checker: string;
  scenario: string;
  run(seed: number, bug: string | undefined): Simulation;
}

const cases: BugCase[] = [
  {
    bug: 'double_count_duplicate',
    checker: 'kmeans-sequential',
    scenario: '30% of messages duplicated',
    run: (seed, bug) => {
      const sim = makeSim(seed, bug, { duplicateRate: 0.3 });
      runToDone(sim, jobMsMax);
      return sim;
    },
  },
  {
    bug: 'mix_old_iteration',
    checker: 'kmeans-sequential',
    scenario: '30% duplicated with delays up to 80 ms, so copies arrive an iteration late',
    run: (seed, bug) => {
      const sim = makeSim(seed, bug, { duplicateRate: 0.3, delayMs: [1, 80] });
      runToDone(sim, jobMsMax);
      return sim;
    },
  },
  {
    bug: 'lose_crashed_partition',
    checker: 'kmeans-sequential',
    scenario: 'worker 2 crashes after a few iterations and stays down',
    run: (seed, bug) => {
      const sim = makeSim(seed, bug);
      sim.runFor(60);
      sim.crash(2);
      runToDone(sim, jobMsMax);
      return sim;
    },
  },
  {
    bug: 'forget_iteration_on_restart',
    checker: 'kmeans-progress',
    scenario: 'the coordinator crashes after a few iterations and restarts 40 ms later',
    run: (seed, bug) => {
      const sim = makeSim(seed, bug);
      sim.runFor(60);
      sim.crash(0);
      sim.runFor(40);
      sim.restart(0);
      runToDone(sim, jobMsMax);
      return sim;
    },
  },
];

describe('kmeans bug variants', () => {
  it('has a case for every declared bug', () => {
    expect(cases.map((c) => c.bug).sort()).toEqual(Object.keys(kmeans.bugs ?? {}).sort());
  });

  for (const c of cases) {
    it(`${c.bug} is caught by ${c.checker} (${c.scenario}); the correct version is clean there`, () => {
      let caught: { seed: number; checkers: string[] } | undefined;
      for (let seed = base; seed < base + seedsPerBugMax && caught === undefined; seed++) {
        const checkers = checkersOf(c.run(seed, c.bug).check());
        if (checkers.includes(c.checker)) caught = { seed, checkers };
      }
      expect(caught, `${c.bug} not caught in ${seedsPerBugMax} seeds from ${base}`).toBeDefined();
      const seed = (caught as { seed: number }).seed;
      const correct = c.run(seed, undefined);
      expect(correct.check(), `correct implementation, seed ${seed}`).toEqual([]);
    });
  }
});
