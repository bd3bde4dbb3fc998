// Shared by the k-means suites: building a simulation, reading the coordinator, and a
// seeded fault schedule driven through the scripting API (drop, duplicate, long delays,
// partitions, pauses, crashes and restarts of workers and of the coordinator), always
// healed at the end and followed by a quiet period.

import { Simulation, type Violation } from '../../../harness/index.ts';
import type { NodeId } from '../../../harness/types.ts';
import { kmeans, type CoordinatorState } from '../../../impls/kmeans/index.ts';
import { mulberry32 } from '../../../impls/kmeans/dataset.ts';

export const nodeCount = 4;

export function makeSim(seed: number, bug?: string, network?: ConstructorParameters<typeof Simulation>[0]['network']): Simulation {
  return new Simulation({ algorithm: kmeans, nodes: nodeCount, seed, bug, ...(network ? { network } : {}) });
}

export function coordinator(sim: Simulation): CoordinatorState {
  const state = sim.inspect(0) as CoordinatorState | { role: 'crashed' };
  if (state.role !== 'coordinator') throw new Error('node 0 is not up');
  return state;
}

/** Runs until the coordinator reports done (false if it has not within timeoutMs). */
export function runToDone(sim: Simulation, timeoutMs = 10_000): boolean {
  return sim.runUntil(() => sim.isUp(0) && coordinator(sim).done, { timeoutMs });
}

export function checkersOf(violations: readonly Violation[]): string[] {
  return [...new Set(violations.map((v) => v.checker))].sort();
}

/** Virtual ms of faults in a sweep run, and the healed quiet time after them. */
export const faultPhaseMs = 1_500;
export const quietMs = 3_000;
/** Fault windows per sweep run. */
const faultWindowsMax = 6;

/**
 * A seeded fault schedule over the first `faultPhaseMs` (the job takes ~0.2–1 s healthy,
 * so faults land mid-job): a bad network throughout, plus windows that crash, pause,
 * partition or isolate random nodes, node 0 included. Then everything heals.
 */
export function runWithFaults(sim: Simulation, seed: number): void {
  const random = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const pick = (): NodeId => int(0, nodeCount - 1);
  sim.setNetwork({ dropRate: [0, 0.1, 0.3][int(0, 2)] as number, duplicateRate: [0, 0.1, 0.3][int(0, 2)] as number, delayMs: [1, [10, 40, 150][int(0, 2)] as number] });
  const windows = int(1, faultWindowsMax);
  for (let w = 0; w < windows; w++) {
    const atMs = int(0, faultPhaseMs - 200);
    const endMs = Math.min(faultPhaseMs, atMs + int(20, 600));
    const node = pick();
    switch (int(0, 3)) {
      case 0:
        sim.at(atMs, () => sim.crash(node));
        sim.at(endMs, () => sim.restart(node));
        break;
      case 1:
        sim.at(atMs, () => sim.pause(node));
        sim.at(endMs, () => sim.resume(node));
        break;
      case 2: {
        const other = (node + int(1, nodeCount - 1)) % nodeCount;
        sim.at(atMs, () => sim.partition([[node, other], [0, 1, 2, 3].filter((n) => n !== node && n !== other)]));
        sim.at(endMs, () => sim.heal());
        break;
      }
      default:
        sim.at(atMs, () => sim.disconnect(node));
        sim.at(endMs, () => sim.connect(node));
    }
  }
  sim.runFor(faultPhaseMs);
  // Heal everything: the liveness half of the run.
  sim.heal();
  sim.setNetwork({ dropRate: 0, duplicateRate: 0, delayMs: [1, 10] });
  for (let id = 0; id < nodeCount; id++) {
    sim.connect(id);
    if (sim.isPaused(id)) sim.resume(id);
    if (!sim.isUp(id)) sim.restart(id);
  }
  sim.runFor(quietMs);
}
