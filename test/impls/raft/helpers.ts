// Helpers for the Raft scenario suites, in the spirit of the MIT 6.5840 tester's
// config.go (checkOneLeader, one, nCommitted), driven through the public scripting API in
// virtual time. Not a test file itself.

import { expect } from 'vitest';
import { Simulation, type OpHandle, type SimulationOptions } from '../../../harness/index.ts';
import type { KvOp, NodeId, Violation } from '../../../harness/types.ts';
import { createRaft, raft, type RaftOptions, type RaftState } from '../../../impls/raft/index.ts';
import { seedFromEnv } from '../../support/seed.ts';

export { seedFromEnv };

/** MIT: a leader must be elected within 5 s of a failure. */
export const electionWaitMsMax = 5_000;
/** MIT one(): agreement within 10 s. */
export const agreementWaitMsMax = 10_000;

export interface RaftSimOptions extends Partial<Omit<SimulationOptions, 'algorithm' | 'seed'>> {
  seed: number;
  raft?: RaftOptions;
}

export function newRaftSim(options: RaftSimOptions): Simulation {
  const { raft: raftOptions, ...rest } = options;
  return new Simulation({ nodes: 5, ...rest, algorithm: raftOptions ? createRaft(raftOptions) : raft });
}

export function stateOf(sim: Simulation, id: NodeId): RaftState | undefined {
  if (!sim.isUp(id)) return undefined;
  const s = sim.inspect(id) as RaftState | { role: 'crashed' };
  return 'term' in s ? s : undefined;
}

/** Leaders among `nodes` (default: every node that is up), with their terms. */
export function leadersAmong(sim: Simulation, nodes?: readonly NodeId[]): { id: NodeId; term: number }[] {
  const ids = nodes ?? Array.from({ length: sim.nodeCount }, (_, i) => i);
  const out: { id: NodeId; term: number }[] = [];
  for (const id of ids) {
    const s = stateOf(sim, id);
    if (s?.role === 'leader') out.push({ id, term: s.term });
  }
  return out;
}

/** The leader of the highest term among `nodes` if exactly one node leads that term. */
function soleLeader(sim: Simulation, nodes?: readonly NodeId[]): NodeId | undefined {
  const leaders = leadersAmong(sim, nodes);
  if (leaders.length === 0) return undefined;
  const top = Math.max(...leaders.map((l) => l.term));
  const atTop = leaders.filter((l) => l.term === top);
  return atTop.length === 1 ? atTop[0]?.id : undefined;
}

/**
 * MIT checkOneLeader: runs until `nodes` (default: all up) have one leader in their
 * highest term, reporting a 'liveness' violation (and returning undefined) when none
 * appears within `timeoutMs`.
 */
export function waitForLeader(sim: Simulation, nodes?: readonly NodeId[], timeoutMs = electionWaitMsMax): NodeId | undefined {
  const start = sim.now;
  const ok = sim.runUntil(() => soleLeader(sim, nodes) !== undefined, { timeoutMs });
  if (!ok) {
    sim.report({ checker: 'liveness', timeMs: sim.now, message: `no single leader among nodes ${(nodes ?? []).join(',') || 'all'} within ${timeoutMs} ms of t=${start} ms` });
    return undefined;
  }
  return soleLeader(sim, nodes);
}

export function checkOneLeader(sim: Simulation, nodes?: readonly NodeId[]): NodeId {
  const leader = waitForLeader(sim, nodes);
  expect(leader, `a leader within ${electionWaitMsMax} ms`).toBeDefined();
  return leader as NodeId;
}

export function termOf(sim: Simulation, id: NodeId): number {
  return stateOf(sim, id)?.term ?? -1;
}

/** Submits and runs until the operation completes (ok/fail/info) or timeoutMs passes. */
export function submitAndWait(sim: Simulation, op: KvOp, options: { node?: NodeId; timeoutMs?: number } = {}): OpHandle {
  const h = sim.submit(op, options.node === undefined ? {} : { node: options.node });
  sim.runUntil(() => h.status !== 'pending', { timeoutMs: options.timeoutMs ?? agreementWaitMsMax });
  return h;
}

/** How many nodes applied request `requestId`, and at which index. */
export function appliedBy(sim: Simulation, requestId: string): { count: number; index: number | undefined } {
  let count = 0;
  let index: number | undefined;
  for (let id = 0; id < sim.nodeCount; id++) {
    const hit = sim.applied(id).find((e) => (e.command as { request?: { id?: string } } | undefined)?.request?.id === requestId);
    if (hit) {
      count++;
      index = hit.index;
    }
  }
  return { count, index };
}

/**
 * MIT one(): submits `op` (retrying through the client) until it completes ok and at
 * least `expectedNodes` nodes applied it; returns its log index.
 */
export function one(sim: Simulation, op: KvOp, expectedNodes: number, timeoutMs = agreementWaitMsMax): number {
  const h = sim.submit(op);
  const done = sim.runUntil(() => h.status === 'ok' && holders(sim, h.id) >= expectedNodes, { timeoutMs });
  expect(done, `one(${JSON.stringify(op)}) reached ${expectedNodes} nodes within ${timeoutMs} ms (status ${h.status}, on ${holders(sim, h.id)})`).toBe(true);
  return appliedBy(sim, h.id).index as number;
}

/** Nodes whose state machine includes request `requestId`: applied it, or installed a snapshot past it. */
function holders(sim: Simulation, requestId: string): number {
  const { index } = appliedBy(sim, requestId);
  if (index === undefined) return 0;
  let count = 0;
  for (let id = 0; id < sim.nodeCount; id++) {
    const s = stateOf(sim, id);
    if (s !== undefined && s.lastApplied >= index) count++;
  }
  return count;
}

export function expectClean(sim: Simulation): void {
  const violations = sim.check();
  expect(violations.map((v) => `${v.checker}: ${v.message}`)).toEqual([]);
}

/** The violations of one checker (e.g. 'raft-figure8-commit'). */
export function violationsOf(violations: readonly Violation[], checker: string): Violation[] {
  return violations.filter((v) => v.checker === checker);
}

export function allNodes(sim: Simulation): NodeId[] {
  return Array.from({ length: sim.nodeCount }, (_, i) => i);
}

let valueCounter = 0;
/** A value never used before in this process, so reads and appends are unambiguous. */
export function uniqueValue(prefix = 'v'): string {
  valueCounter++;
  return `${prefix}${valueCounter}`;
}
