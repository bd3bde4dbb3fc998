// fast-check arbitraries for fault plans and workloads, so a user can write
//
//   fc.assert(fc.property(arbFaultPlan({ nodes: 5 }), arbWorkload(), (plan, workload) =>
//     runScenario(scenarioWith({ impl: 'raft', algorithm: raft, seed: 1, faultPlan: plan, workload }), raft).verdict === 'ok'));
//
// Both are built from fast-check's own combinators (records, arrays, integers), so a
// failing plan shrinks the fast-check way: fewer events, earlier and shorter windows,
// lower node ids; a workload shrinks to fewer clients and operations.

import fc from 'fast-check';
import type { NodeId } from './types.ts';
import type { FaultEvent, FaultPlan, FaultTarget } from './scenario/fault-plan.ts';
import { faultKinds, swarmKinds, type FaultKind } from './scenario/nemesis.ts';
import type { WorkloadSpec, WorkloadStep } from './scenario/workload.ts';

export interface ArbFaultPlanOptions {
  nodes?: number;
  /** The fault phase the windows fall in (virtual ms). */
  durationMs?: number;
  /** Longest window (virtual ms). */
  windowMsMax?: number;
  faultsMax?: number;
  /** Kinds to draw from (default: every kind inside the fault model, as the swarm). */
  kinds?: readonly FaultKind[];
}

const arbRate = fc.constantFrom(0.05, 0.1, 0.2, 0.5, 1);

function arbPermutation(n: number): fc.Arbitrary<NodeId[]> {
  const ids = Array.from({ length: n }, (_, i) => i);
  return fc.shuffledSubarray(ids, { minLength: n, maxLength: n });
}

/** One fault window of the given kind. */
export function arbFaultEvent(kind: FaultKind, options: ArbFaultPlanOptions = {}): fc.Arbitrary<FaultEvent> {
  const n = options.nodes ?? 5;
  const durationMs = options.durationMs ?? 10_000;
  const window = { atMs: fc.integer({ min: 0, max: Math.max(0, durationMs - 1) }), durationMs: fc.integer({ min: 1, max: options.windowMsMax ?? Math.max(1, Math.floor(durationMs / 2)) }) };
  const node = fc.integer({ min: 0, max: n - 1 });
  const leader = fc.constant<FaultTarget>('leader');
  switch (kind) {
    case 'partition':
      // A side assignment per node; shrinking moves nodes to side 0 (a heal, in the limit).
      return fc.record({ ...window, sides: fc.array(fc.boolean(), { minLength: n, maxLength: n }) }).map(({ atMs, durationMs: d, sides }): FaultEvent => {
        const a: NodeId[] = [];
        const b: NodeId[] = [];
        sides.forEach((side, id) => (side ? b : a).push(id));
        return { type: 'partition', atMs, durationMs: d, groups: b.length === 0 ? [a] : [a, b] };
      });
    case 'isolate':
      return fc.record({ type: fc.constant('isolate' as const), ...window, node });
    case 'isolate_leader':
      return fc.record({ type: fc.constant('isolate' as const), ...window, node: leader });
    case 'ring':
      return fc.record({ type: fc.constant('ring' as const), ...window, order: arbPermutation(n) });
    case 'bridge':
      return fc.record({ type: fc.constant('bridge' as const), ...window, order: arbPermutation(n) });
    case 'one_way':
      return fc
        .record({ ...window, from: node, to: node })
        .filter((e) => e.from !== e.to || n < 2)
        .map((e): FaultEvent => (e.from === e.to ? { type: 'isolate', atMs: e.atMs, durationMs: e.durationMs, node: e.from } : { type: 'one_way', ...e }));
    case 'crash':
      return fc.record({ type: fc.constant('crash' as const), ...window, node });
    case 'crash_leader':
      return fc.record({ type: fc.constant('crash' as const), ...window, node: leader });
    case 'pause':
      return fc.record({ type: fc.constant('pause' as const), ...window, node });
    case 'pause_leader':
      return fc.record({ type: fc.constant('pause' as const), ...window, node: leader });
    case 'clock_drift':
      return fc.record({ type: fc.constant('clock_drift' as const), ...window, node, factor: fc.constantFrom(0.5, 2, 4) });
    case 'drop':
      return fc.record({ type: fc.constant('network' as const), ...window, dropRate: arbRate });
    case 'duplicate':
      return fc.record({ type: fc.constant('network' as const), ...window, duplicateRate: arbRate });
    case 'delay':
      return fc.record({ type: fc.constant('network' as const), ...window, delayMs: fc.integer({ min: 10, max: 2_000 }).map((max): [number, number] => [Math.floor(max / 10), max]) });
    case 'disk_no_sync':
      return fc.record({ type: fc.constant('disk_no_sync' as const), ...window, node });
    default:
      return fc.constant<FaultEvent>({ type: 'crash', atMs: 0, durationMs: 1, node: 0 });
  }
}

/** A fault plan: up to `faultsMax` windows of the given kinds. */
export function arbFaultPlan(options: ArbFaultPlanOptions = {}): fc.Arbitrary<FaultPlan> {
  const kinds = (options.kinds ?? swarmKinds).filter((k) => (faultKinds as readonly string[]).includes(k));
  const events = kinds.map((k) => arbFaultEvent(k, options));
  const event = events.length === 1 ? (events[0] as fc.Arbitrary<FaultEvent>) : fc.oneof(...events);
  return fc.array(event, { maxLength: options.faultsMax ?? 8 });
}

export interface ArbWorkloadOptions {
  clientsMax?: number;
  opsPerClientMax?: number;
  keys?: number;
  thinkMsMax?: number;
}

/** A kv workload; values stay unique per (slot, step) however it shrinks. */
export function arbWorkload(options: ArbWorkloadOptions = {}): fc.Arbitrary<WorkloadSpec> {
  const keyCount = options.keys ?? 3;
  const keys = Array.from({ length: keyCount }, (_, i) => `k${i}`);
  const step = fc.record({
    f: fc.constantFrom('get', 'put', 'append', 'cas'),
    key: fc.integer({ min: 0, max: keyCount - 1 }),
    thinkMs: fc.integer({ min: 0, max: options.thinkMsMax ?? 500 }),
    expectEmpty: fc.boolean(),
  });
  const slot = fc.array(step, { maxLength: options.opsPerClientMax ?? 10 });
  return fc.array(slot, { minLength: 1, maxLength: options.clientsMax ?? 3 }).map((slots): WorkloadSpec => ({
    type: 'kv',
    keys,
    slots: slots.map((steps, k) => ({
      steps: steps.map((s, i): WorkloadStep => {
        const key = keys[s.key] as string;
        const token = `${k}.${i}`;
        switch (s.f) {
          case 'get':
            return { thinkMs: s.thinkMs, op: { f: 'get', key } };
          case 'put':
            return { thinkMs: s.thinkMs, op: { f: 'put', key, value: `p${token}y` } };
          case 'append':
            return { thinkMs: s.thinkMs, op: { f: 'append', key, value: `x${token}y` } };
          default:
            return { thinkMs: s.thinkMs, op: { f: 'cas', key, expected: s.expectEmpty ? '' : `p${k}.${Math.max(0, i - 1)}y`, value: `c${token}y` } };
        }
      }),
    })),
  }));
}
