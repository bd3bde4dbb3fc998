// Raft exploration throughput (npm run bench; never part of npm test): seeds per second
// for the standard scenario (5 nodes, 3 clients, 60 s virtual, 500 operations, swarm
// faults, every checker) and the ratio of virtual to wall time, with the same seeds run
// without the Raft invariant checkers and without linearizability as baselines in the
// same process, so the checkers' share is a ratio, not a guess.
import { afterAll, bench, describe } from 'vitest';
import { buildScenario, runScenario } from '../harness/scenario/scenario.ts';
import { wallNowMs } from '../harness/wall-clock.ts';
import { algorithms } from '../impls/index.ts';
import type { Algorithm } from '../harness/types.ts';

const raft = algorithms.raft as Algorithm;
const seeds = Array.from({ length: 12 }, (_, i) => i + 1);
const rows = new Map<string, { seeds: number; wallMs: number; virtualMs: number; events: number }>();

function sweep(name: string, algorithm: Algorithm, linearizability: boolean): void {
  const start = wallNowMs();
  let virtualMs = 0;
  let events = 0;
  for (const seed of seeds) {
    const scenario = buildScenario({ impl: 'raft', algorithm, seed, clients: 3, ops: 500, durationMs: 60_000 });
    const outcome = runScenario(scenario, algorithm, linearizability ? {} : { historyChecker: null });
    virtualMs += outcome.stats.virtualMs;
    events += outcome.stats.events;
  }
  const wallMs = wallNowMs() - start;
  const best = rows.get(name);
  if (best === undefined || wallMs < best.wallMs) rows.set(name, { seeds: seeds.length, wallMs, virtualMs, events });
}

describe('raft exploration, standard scenario', () => {
  bench('every checker', () => sweep('every checker', raft, true), { iterations: 2, warmupIterations: 0 });
  bench('no Raft invariant checkers', () => sweep('no Raft invariant checkers', { ...raft, checkers: [] }, true), { iterations: 2, warmupIterations: 0 });
  bench('no checkers but rsm (no linearizability)', () => sweep('no checkers but rsm (no linearizability)', { ...raft, checkers: [] }, false), { iterations: 2, warmupIterations: 0 });
});

afterAll(() => {
  const full = rows.get('every checker');
  console.log('\nRaft exploration, standard scenario (best of runs, 12 seeds each)');
  console.table(
    [...rows.entries()].map(([name, r]) => ({
      case: name,
      seedsPerSec: Number(((r.seeds * 1000) / r.wallMs).toFixed(2)),
      virtualToWall: Math.round(r.virtualMs / r.wallMs),
      eventsPerSec: Math.round((r.events * 1000) / r.wallMs),
      ratioToFull: full ? Number((full.wallMs / r.wallMs).toFixed(2)) : null,
    })),
  );
});
