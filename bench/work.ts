// The work the benches time, in one module so the same code runs in the bench runner and
// in the CLI-loaded worker (bench/cli-loaded.ts): the standard Raft scenario over a few
// seeds, and ping-pong for a stretch of virtual time.
import { Simulation } from '../harness/index.ts';
import { buildScenario, runScenario } from '../harness/scenario/scenario.ts';
import { kvMixDefault } from '../harness/scenario/kv-workload.ts';
import type { Algorithm } from '../harness/types.ts';
import { wallNowMs } from '../harness/wall-clock.ts';
import { algorithms } from '../impls/index.ts';
import { pingpong } from '../impls/pingpong/index.ts';

export interface SweepRequest {
  seeds: number;
  /** The Raft invariant checkers on (every checker) or off. */
  raftCheckers: boolean;
  /** The linearizability check of the history on or off (the RSM checker always runs). */
  linearizability: boolean;
  /** Collect each run's coverage, as explore does (harness/coverage). */
  coverage?: boolean;
}

export interface SweepFigures {
  wallMs: number;
  virtualMs: number;
  events: number;
}

/**
 * Seeds 1..n of the standard scenario: 5 nodes, 3 clients, 3 keys, the default mix, 60 s
 * virtual, 500 operations, swarm faults. Every dimension of the shape is fixed, so the
 * scenario stays the same as explore's swarm learns to vary them.
 */
export function standardRaftSweep(request: SweepRequest): SweepFigures {
  const raft = algorithms.raft as Algorithm;
  const algorithm = request.raftCheckers ? raft : { ...raft, checkers: [] };
  const start = wallNowMs();
  let virtualMs = 0;
  let events = 0;
  for (let seed = 1; seed <= request.seeds; seed++) {
    const scenario = buildScenario({ impl: 'raft', algorithm, seed, nodes: 5, clients: 3, keyCount: 3, mix: kvMixDefault, ops: 500, durationMs: 60_000 });
    const outcome = runScenario(scenario, algorithm, { ...(request.linearizability ? {} : { historyChecker: null }), coverage: request.coverage === true });
    if (outcome.verdict !== 'ok') throw new Error(`bench: raft seed ${seed} failed: ${outcome.violations[0]?.message ?? ''}`);
    virtualMs += outcome.stats.virtualMs;
    events += outcome.stats.events;
  }
  return { wallMs: wallNowMs() - start, virtualMs, events };
}

/** Ping-pong on 5 nodes for `virtualMs` of virtual time. */
export function pingPongRun(virtualMs: number): SweepFigures {
  const start = wallNowMs();
  const sim = new Simulation({ algorithm: pingpong, nodes: 5, seed: 1, network: { delayMs: [1, 10] } });
  sim.runFor(virtualMs);
  return { wallMs: wallNowMs() - start, virtualMs, events: sim.stats().events };
}
