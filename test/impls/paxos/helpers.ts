// Shared helpers of the Multi-Paxos scenario suites: building a simulation, finding the
// leader, driving a small kv workload, and waiting for every replica to apply a slot.

import { Simulation, type SimulationOptions } from '../../../harness/index.ts';
import type { OpHandle } from '../../../harness/client.ts';
import { paxos, type PaxosState } from '../../../impls/paxos/index.ts';

export function makeSim(options: Partial<SimulationOptions> & { seed: number | string }): Simulation {
  return new Simulation({ algorithm: paxos, nodes: 5, ...options });
}

export function stateOf(sim: Simulation, id: number): PaxosState | undefined {
  const s = sim.inspect(id) as PaxosState | { role: 'crashed' };
  return s.role === 'crashed' ? undefined : (s as PaxosState);
}

export function leaders(sim: Simulation): number[] {
  const out: number[] = [];
  for (let id = 0; id < sim.nodeCount; id++) if (stateOf(sim, id)?.role === 'leader') out.push(id);
  return out;
}

/** Runs until exactly one node (among `among`) leads; returns it. */
export function waitForLeader(sim: Simulation, timeoutMs = 5_000, among?: readonly number[]): number {
  const pool = among ?? [...Array(sim.nodeCount).keys()];
  const ok = sim.runUntil(() => pool.filter((id) => stateOf(sim, id)?.role === 'leader').length === 1, { timeoutMs });
  if (!ok) throw new Error(`no single leader among ${pool.join(',')} within ${timeoutMs} ms (t=${sim.now})`);
  return pool.find((id) => stateOf(sim, id)?.role === 'leader') as number;
}

/** Submits an op and runs until it completes (or the timeout passes). */
export function doOp(sim: Simulation, op: unknown, options: { node?: number; timeoutMs?: number } = {}): OpHandle {
  const h = sim.submit(op, options.node === undefined ? {} : { node: options.node });
  sim.runUntil(() => h.status !== 'pending', { timeoutMs: options.timeoutMs ?? 10_000 });
  return h;
}

/** Whether every node in `ids` applied at least `slot` slots. */
export function allApplied(sim: Simulation, ids: readonly number[], slot: number): boolean {
  return ids.every((id) => (stateOf(sim, id)?.lastApplied ?? -1) >= slot);
}

export function all(sim: Simulation): number[] {
  return [...Array(sim.nodeCount).keys()];
}

/** A seed from FAULTLINE_SEED when set, else the fixed default; printed either way. */
export function seedFrom(fallback: number, label: string): number {
  const env = process.env.FAULTLINE_SEED;
  const seed = env !== undefined && env !== '' ? Number(env) : fallback;
  console.log(`[paxos ${label}] seed ${seed}`);
  return seed;
}
