// Workloads: what the clients do. A workload spec is explicit data stored in the record:
// one list of steps per client slot (process), each step an operation and the think time
// before it. Clients submit one operation at a time per slot; the spec, not a generator,
// drives the run, so a record replays after the generators change and shrinking can drop
// single operations or whole clients.

import { assert } from '../assert.ts';
import type { Rng } from '../rng.ts';
import type { WorkloadName } from '../types.ts';
import { kvWorkload } from './kv-workload.ts';

/** One client step: wait `thinkMs` after the previous operation completed, then submit `op`. */
export interface WorkloadStep {
  thinkMs: number;
  op: unknown;
}

export interface WorkloadSlot {
  steps: WorkloadStep[];
}

/** The stored workload of a run (record field `workload`). */
export interface WorkloadSpec {
  type: WorkloadName;
  /** Keys the operations touch (for descriptions; the ops name their keys themselves). */
  keys: string[];
  slots: WorkloadSlot[];
}

/** What shapes a generated workload (`run --ops`, concurrency...). */
export interface WorkloadParams {
  /** Concurrent client processes. */
  clients: number;
  /** Operations over all clients. */
  ops: number;
  keyCount: number;
  /** Relative weights of the operation kinds (workload-specific names, e.g. get/put/append/cas). */
  mix?: Readonly<Record<string, number>>;
  /** The fault phase the operations are spread over. */
  durationMs: number;
}

/** A workload kind: generation, validation of stored specs, and the probes the liveness phase sends. */
export interface Workload {
  name: WorkloadName;
  generate(params: WorkloadParams, rng: Rng): WorkloadSpec;
  /** Why `op` is not an operation of this workload, or undefined. */
  validateOp(op: unknown): string | undefined;
  /**
   * The operations client slot `slot` sends, one after the other, once the cluster is healed:
   * each kind the workload has (kv: a read, a write, a read), each of which must be
   * answered (liveness probes). Written values are unique, so the history checker can tell
   * a probe's write from every other.
   */
  probeOps(spec: WorkloadSpec, slot: number): unknown[];
  /** A seed's operation mix (relative weights by kind), when the run does not fix one. */
  drawMix?(rng: Rng): Record<string, number>;
  /**
   * Operations a guided mutation may send at a moment it chose, from a client slot of its
   * own (kv: a get, or a put of a value nothing else writes); one of them is sent.
   */
  aimedOps?(spec: WorkloadSpec, slot: number): unknown[];
}

export const workloads: Readonly<Record<WorkloadName, Workload>> = {
  kv: kvWorkload,
};

/** Bounds of a workload (STYLE.md: named bounds). */
export const clientsMax = 64;
export const opsPerRunMax = 100_000;
export const thinkMsMax = 3_600_000;

export const defaultWorkloadParams = { clients: 5, ops: 200, keyCount: 3 } as const;

export function workloadOpCount(spec: WorkloadSpec): number {
  let n = 0;
  for (const slot of spec.slots) n += slot.steps.length;
  return n;
}

/** Why `value` is not a valid workload spec, or undefined. */
export function validateWorkload(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'workload must be an object';
  const w = value as Record<string, unknown>;
  if (typeof w.type !== 'string' || !Object.hasOwn(workloads, w.type)) return `workload.type must be one of ${Object.keys(workloads).join(', ')}`;
  const workload = workloads[w.type as WorkloadName];
  if (!Array.isArray(w.keys) || w.keys.some((k) => typeof k !== 'string')) return 'workload.keys must be an array of strings';
  if (!Array.isArray(w.slots)) return 'workload.slots must be an array';
  if (w.slots.length > clientsMax) return `workload has ${w.slots.length} clients, more than clientsMax (${clientsMax})`;
  let total = 0;
  for (let s = 0; s < w.slots.length; s++) {
    const slot = w.slots[s] as { steps?: unknown } | null;
    if (slot === null || typeof slot !== 'object' || !Array.isArray(slot.steps)) return `workload.slots[${s}].steps must be an array`;
    for (let i = 0; i < slot.steps.length; i++) {
      const step = slot.steps[i] as { thinkMs?: unknown; op?: unknown } | null;
      const where = `workload.slots[${s}].steps[${i}]`;
      if (step === null || typeof step !== 'object') return `${where} must be an object`;
      if (typeof step.thinkMs !== 'number' || !Number.isInteger(step.thinkMs) || step.thinkMs < 0 || step.thinkMs > thinkMsMax) return `${where}.thinkMs must be an integer in 0..${thinkMsMax}`;
      const problem = workload.validateOp(step.op);
      if (problem !== undefined) return `${where}.op: ${problem}`;
      total++;
    }
  }
  if (total > opsPerRunMax) return `workload has ${total} operations, more than opsPerRunMax (${opsPerRunMax})`;
  return undefined;
}

/** Generates a workload of kind `name` from the seed's workload stream. */
export function generateWorkload(name: WorkloadName, params: WorkloadParams, rng: Rng): WorkloadSpec {
  assert(Number.isInteger(params.clients) && params.clients >= 1 && params.clients <= clientsMax, `clients must be an integer in 1..${clientsMax}, got ${params.clients}`);
  assert(Number.isInteger(params.ops) && params.ops >= 0 && params.ops <= opsPerRunMax, `ops must be an integer in 0..${opsPerRunMax}, got ${params.ops}`);
  assert(Number.isInteger(params.keyCount) && params.keyCount >= 1, `keys must be a positive integer, got ${params.keyCount}`);
  return workloads[name].generate(params, rng);
}
