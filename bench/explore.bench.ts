// Raft exploration throughput (npm run bench; never part of npm test): seeds per second
// for the standard scenario (5 nodes, 3 clients, 60 s virtual, 500 operations, swarm
// faults, every checker) and the ratio of virtual to wall time. The sweeps run in a
// worker thread that loads the sources as `faultline explore` does (tsx,
// bench/cli-loaded.ts): that is what a user gets. Beside every checker, the same seeds
// run with coverage collected as explore collects it (its cost is a same-round ratio), and
// run without the Raft invariant checkers and without linearizability, so the checkers'
// share is a ratio, not a guess; and every checker once more in the bench runner itself,
// whose module transform (every cross-module reference becomes a getter call) makes the
// same code slower. The cases run in alternating rounds (their order rotates each
// round): this machine's speed drifts by up to 2x within minutes, and only interleaved
// ratios survive that.
import { afterAll, bench, describe } from 'vitest';
import { startCliLoaded, type CliLoaded } from './cli-loaded.ts';
import { median } from './median.ts';
import { standardRaftSweep, type SweepFigures, type SweepRequest } from './work.ts';

const seeds = 12;
const rounds = 4;

interface Case {
  name: string;
  request: SweepRequest;
  /** Runs in the CLI-loaded worker rather than in the bench runner. */
  cliLoaded: boolean;
  wallMs: number[];
  virtualMs: number;
  events: number;
}

const cases: Case[] = [
  { name: 'every checker', request: { seeds, raftCheckers: true, linearizability: true }, cliLoaded: true, wallMs: [], virtualMs: 0, events: 0 },
  { name: 'every checker + coverage (as explore runs)', request: { seeds, raftCheckers: true, linearizability: true, coverage: true }, cliLoaded: true, wallMs: [], virtualMs: 0, events: 0 },
  { name: 'no Raft invariant checkers', request: { seeds, raftCheckers: false, linearizability: true }, cliLoaded: true, wallMs: [], virtualMs: 0, events: 0 },
  { name: 'no checkers but rsm (no linearizability)', request: { seeds, raftCheckers: false, linearizability: false }, cliLoaded: true, wallMs: [], virtualMs: 0, events: 0 },
  { name: 'every checker, in the vitest runner', request: { seeds, raftCheckers: true, linearizability: true }, cliLoaded: false, wallMs: [], virtualMs: 0, events: 0 },
];

async function sweep(c: Case, cli: CliLoaded): Promise<void> {
  const figures: SweepFigures = c.cliLoaded ? await cli.standardRaftSweep(c.request) : standardRaftSweep(c.request);
  c.wallMs.push(figures.wallMs);
  c.virtualMs = figures.virtualMs;
  c.events = figures.events;
}

describe('raft exploration, standard scenario', () => {
  bench(
    `${cases.length} cases x ${rounds} alternating rounds of ${seeds} seeds`,
    async () => {
      const cli = await startCliLoaded();
      try {
        for (const c of cases) await sweep(c, cli); // warm-up round, not counted
        for (const c of cases) c.wallMs.length = 0;
        for (let round = 0; round < rounds; round++) {
          for (let k = 0; k < cases.length; k++) await sweep(cases[(round + k) % cases.length] as Case, cli);
        }
      } finally {
        await cli.close();
      }
    },
    { iterations: 1, warmupIterations: 0, time: 0 },
  );
});

afterAll(() => {
  const full = cases[0] as Case;
  console.log(`\nRaft exploration, standard scenario (${rounds} alternating rounds of ${seeds} seeds, Node ${process.version})`);
  console.table(
    cases.map((c) => {
      const best = Math.min(...c.wallMs);
      return {
        case: c.name,
        seedsPerSecBest: Number(((seeds * 1000) / best).toFixed(2)),
        seedsPerSecMedian: Number(((seeds * 1000) / median(c.wallMs)).toFixed(2)),
        virtualToWallBest: Math.round(c.virtualMs / best),
        eventsPerSecBest: Math.round((c.events * 1000) / best),
        // Same-round ratios: each round ran every case back to back.
        speedupVsFull: Number(median(c.wallMs.map((ms, i) => (full.wallMs[i] as number) / ms)).toFixed(2)),
      };
    }),
  );
});
