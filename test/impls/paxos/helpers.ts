// Shared helpers of the Multi-Paxos scenario suites: building a simulation, finding the
// leader, driving a small kv workload, and waiting for every replica to apply a slot.

import { Simulation, type SimulationOptions } from '../../../harness/index.ts';
import type { OpHandle } from '../../../harness/client.ts';
import { paxos, type PaxosState } from '../../../impls/paxos/index.ts';
import { Rng } from '../../../harness/rng.ts';
import { assert } from '../../../harness/assert.ts';

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

export interface ChurnOptions {
  /** Length of the faulty phase (virtual ms). */
  durationMs: number;
  /** A fault decision every stepMs. */
  stepMs?: number;
  /** Concurrent client processes. */
  clients?: number;
  /** Fault kinds enabled (all by default). */
  faults?: readonly ('crash' | 'partition' | 'loss' | 'duplicate' | 'one_way')[];
  /**
   * Calm windows: the last `forMs` of every `everyMs` heal everything, restart crashed
   * nodes, clean the network and start no fault, while the workload goes on. Off by
   * default (and then the fault rolls are exactly those of a run without the option).
   */
  calm?: { everyMs: number; forMs: number };
}

export interface ChurnOutcome {
  /** Whether a final operation completed and every node applied the same prefix after healing. */
  progressed: boolean;
  ops: number;
  /** The calm windows the run had, in virtual time. */
  calmWindows: { startMs: number; endMs: number }[];
}

/**
 * A seeded churn run: clients keep operations in flight while crashes/restarts, random
 * partitions, one-way cuts, loss and duplication come and go; then everything heals, every
 * node restarts, and a final write must complete and reach every replica.
 */
export function runChurn(sim: Simulation, seed: number, options: ChurnOptions): ChurnOutcome {
  const rng = new Rng(seed).fork('paxos-churn');
  const stepMs = options.stepMs ?? 250;
  const clients = options.clients ?? 3;
  const faults = new Set(options.faults ?? ['crash', 'partition', 'loss', 'duplicate', 'one_way']);
  const n = sim.nodeCount;
  const minority = Math.floor((n - 1) / 2);
  const down = new Set<number>();
  let opNext = 0;
  const submitIdle = (): void => {
    for (let k = 0; k < clients; k++) {
      if (!sim.processIdle(k)) continue;
      const key = `k${rng.int(3)}`;
      const roll = rng.int(4);
      const value = `v${opNext++}`;
      const op = roll === 0 ? { f: 'get', key } : roll === 1 ? { f: 'put', key, value } : roll === 2 ? { f: 'append', key, value } : { f: 'cas', key, expected: '', value };
      sim.submit(op, { process: k, node: rng.int(n) });
    }
  };
  const calm = options.calm;
  if (calm !== undefined) assert(calm.forMs > 0 && calm.forMs < calm.everyMs && calm.forMs % stepMs === 0 && calm.everyMs % stepMs === 0, 'calm windows are whole steps inside their period');
  const calmWindows: { startMs: number; endMs: number }[] = [];
  for (let t = 0; t < options.durationMs; t += stepMs) {
    submitIdle();
    if (calm !== undefined && t % calm.everyMs >= calm.everyMs - calm.forMs) {
      if (t % calm.everyMs === calm.everyMs - calm.forMs) {
        sim.heal();
        sim.setNetwork({ dropRate: 0, duplicateRate: 0, delayMs: [1, 10] });
        for (const id of [...down].sort((a, b) => a - b)) sim.restart(id);
        down.clear();
        calmWindows.push({ startMs: sim.now, endMs: Math.min(sim.now + calm.forMs, sim.now + options.durationMs - t) });
      }
      sim.runFor(stepMs);
      continue;
    }
    const roll = rng.int(10);
    if (roll < 3 && faults.has('crash')) {
      const id = rng.int(n);
      if (down.has(id)) {
        sim.restart(id);
        down.delete(id);
      } else if (down.size < minority) {
        sim.crash(id);
        down.add(id);
      }
    } else if (roll < 5 && faults.has('partition')) {
      if (rng.int(2) === 0) sim.heal();
      else {
        const order = [...Array(n).keys()].map((id) => ({ id, key: rng.int(1000) })).sort((a, b) => a.key - b.key || a.id - b.id).map((x) => x.id);
        const cut = 1 + rng.int(n - 1);
        sim.partition([order.slice(0, cut), order.slice(cut)]);
      }
    } else if (roll < 6 && faults.has('one_way')) {
      const from = rng.int(n);
      const to = (from + 1 + rng.int(n - 1)) % n;
      sim.cutOneWay(from, to);
    } else if (roll < 8 && (faults.has('loss') || faults.has('duplicate'))) {
      sim.setNetwork({
        dropRate: faults.has('loss') ? rng.int(4) * 0.05 : 0,
        duplicateRate: faults.has('duplicate') ? rng.int(3) * 0.1 : 0,
        delayMs: [1, 5 + rng.int(40)],
      });
    }
    sim.runFor(stepMs);
  }
  sim.heal();
  sim.setNetwork({ dropRate: 0, duplicateRate: 0, delayMs: [1, 10] });
  for (const id of down) sim.restart(id);
  sim.runUntil(() => sim.pendingOperations === 0, { timeoutMs: 60_000 });
  const final = doOp(sim, { f: 'put', key: 'final', value: `final-${seed}` }, { timeoutMs: 20_000 });
  const target = Math.max(...all(sim).map((id) => stateOf(sim, id)?.lastApplied ?? 0));
  const converged = sim.runUntil(() => allApplied(sim, all(sim), target), { timeoutMs: 10_000 });
  return { progressed: final.status === 'ok' && converged, ops: opNext, calmWindows };
}
