// Raft exploration throughput (npm run bench; never part of npm test): seeds per second
// for the standard scenario (5 nodes, 3 clients, 60 s virtual, 500 operations, swarm
// faults, every checker) and the ratio of virtual to wall time, with the same seeds run
// without the Raft invariant checkers and without linearizability as baselines in the
// same process, so the checkers' share is a ratio, not a guess. The three cases run in
// alternating rounds (their order rotates each round): this machine's speed drifts by
// up to 2x within minutes, and only interleaved ratios survive that.
import { afterAll, bench, describe } from 'vitest';
import { buildScenario, runScenario } from '../harness/scenario/scenario.ts';
import { wallNowMs } from '../harness/wall-clock.ts';
import { median } from './median.ts';
import { algorithms } from '../impls/index.ts';
import type { Algorithm } from '../harness/types.ts';

const raft = algorithms.raft as Algorithm;
const seeds = Array.from({ length: 12 }, (_, i) => i + 1);
const rounds = 4;

interface Case {
  name: string;
  algorithm: Algorithm;
  linearizability: boolean;
  wallMs: number[];
  virtualMs: number;
  events: number;
}

const cases: Case[] = [
  { name: 'every checker', algorithm: raft, linearizability: true, wallMs: [], virtualMs: 0, events: 0 },
  { name: 'no Raft invariant checkers', algorithm: { ...raft, checkers: [] }, linearizability: true, wallMs: [], virtualMs: 0, events: 0 },
  { name: 'no checkers but rsm (no linearizability)', algorithm: { ...raft, checkers: [] }, linearizability: false, wallMs: [], virtualMs: 0, events: 0 },
];

function sweep(c: Case): void {
  const start = wallNowMs();
  let virtualMs = 0;
  let events = 0;
  for (const seed of seeds) {
    const scenario = buildScenario({ impl: 'raft', algorithm: c.algorithm, seed, clients: 3, ops: 500, durationMs: 60_000 });
    const outcome = runScenario(scenario, c.algorithm, c.linearizability ? {} : { historyChecker: null });
    virtualMs += outcome.stats.virtualMs;
    events += outcome.stats.events;
  }
  c.wallMs.push(wallNowMs() - start);
  c.virtualMs = virtualMs;
  c.events = events;
}

describe('raft exploration, standard scenario', () => {
  bench(
    `${cases.length} cases x ${rounds} alternating rounds of ${seeds.length} seeds`,
    () => {
      for (const c of cases) sweep(c); // warm-up round, not counted
      for (const c of cases) c.wallMs.length = 0;
      for (let round = 0; round < rounds; round++) {
        for (let k = 0; k < cases.length; k++) sweep(cases[(round + k) % cases.length] as Case);
      }
    },
    { iterations: 1, warmupIterations: 0, time: 0 },
  );
});

afterAll(() => {
  const full = cases[0] as Case;
  console.log(`\nRaft exploration, standard scenario (${rounds} alternating rounds of ${seeds.length} seeds, Node ${process.version})`);
  console.table(
    cases.map((c) => {
      const best = Math.min(...c.wallMs);
      return {
        case: c.name,
        seedsPerSecBest: Number(((seeds.length * 1000) / best).toFixed(2)),
        seedsPerSecMedian: Number(((seeds.length * 1000) / median(c.wallMs)).toFixed(2)),
        virtualToWallBest: Math.round(c.virtualMs / best),
        eventsPerSecBest: Math.round((c.events * 1000) / best),
        // Same-round ratios: each round ran every case back to back.
        speedupVsFull: Number(median(c.wallMs.map((ms, i) => (full.wallMs[i] as number) / ms)).toFixed(2)),
      };
    }),
  );
});
