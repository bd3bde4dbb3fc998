// Hand-made schedules that put a Raft cluster into one precise situation, shared by the
// regression and bug suites. Each returns the facts a test needs to check that the
// situation really arose, so a pin cannot pass by no longer reaching it. Not a test file.

import { expect } from 'vitest';
import type { Simulation } from '../../../harness/index.ts';
import type { NodeId } from '../../../harness/types.ts';
import type { RaftBug } from '../../../impls/raft/index.ts';
import { allNodes, checkOneLeader, newRaftSim, one, stateOf, submitAndWait, termOf, waitForLeader } from './helpers.ts';

/** How long the old leadership's last heartbeat spends in flight: long enough for a new election. */
const delayedHeartbeatMs = 1_500;

function messagesSentBy(sim: Simulation, id: NodeId): number {
  return sim.stats().perNode[id]?.sent ?? 0;
}

export interface StaleRejectionRead {
  sim: Simulation;
  /** The node that leads term `term`, then term `term + 1`. */
  leader: NodeId;
  term: number;
  /** The leader's term when its delayed term-`term` heartbeat arrived (term + 1 when the situation arose). */
  leaderTermAtArrival: number;
  /** The value of "r" the majority wrote while the leader was paused, and what the leader's read returned. */
  newValue: string;
  readValue: string | undefined;
}

/**
 * The stale read that explore found in the correct Raft (seed 198; docs/raft.md). A leader
 * of term T runs three ReadIndex rounds, so its heartbeats carry readSeq 3; one such
 * heartbeat is delayed 1.5 s. Meanwhile the leader crashes, restarts with a fast clock and
 * wins term T+1, where its read counter starts again at 0. The delayed term-T heartbeat then
 * reaches a follower already in term T+1, which rejects it with term T+1. If that rejection
 * echoes readSeq 3, the leader of T+1 takes it as its follower confirming its own rounds 1..3
 * before it ran them. The leader is then paused right after hearing a follower (so
 * check-quorum keeps it leader for one more window), the majority elects a new leader and
 * writes "v2", and the resumed, isolated old leader answers a read: a correct one cannot
 * confirm the round and steps down; one holding the echoed readSeq serves the stale "v1".
 */
export function staleRejectionRead(seed: number, bug?: RaftBug): StaleRejectionRead {
  const sim = newRaftSim({ seed, bug, nodes: 3 });
  const leader = checkOneLeader(sim);
  const term = termOf(sim, leader);
  const followers = allNodes(sim).filter((n) => n !== leader);
  one(sim, { f: 'put', key: 'r', value: 'v0' }, 3);
  for (let round = 1; round <= 3; round++) {
    const read = submitAndWait(sim, { f: 'get', key: 'r' }, { node: leader });
    expect(read.result, `ReadIndex round ${round} of leader ${leader}`).toEqual({ type: 'ok', value: 'v0' });
  }

  // Whatever the leader sends next (a heartbeat with readSeq 3) arrives late.
  const sentBefore = messagesSentBy(sim, leader);
  sim.setNetwork({ delayMs: [delayedHeartbeatMs, delayedHeartbeatMs] });
  const sent = sim.runUntil(() => messagesSentBy(sim, leader) > sentBefore, { timeoutMs: 200 });
  expect(sent, `leader ${leader} sent a heartbeat within 200 ms`).toBe(true);
  const arrivalMs = sim.now + delayedHeartbeatMs;
  sim.setNetwork({ delayMs: [1, 10] });

  // The leader comes back first: its clock runs fast, the followers' slow (restarts re-arm
  // their timers at the new rates and forget the old leader, so they grant its pre-vote).
  sim.crash(leader);
  sim.setClockDrift(leader, 0.2);
  for (const n of followers) {
    sim.setClockDrift(n, 5);
    sim.restart(n);
  }
  sim.restart(leader);
  const reelected = sim.runUntil(() => stateOf(sim, leader)?.role === 'leader', { timeoutMs: 1_000 });
  expect(reelected, `node ${leader} leads again within 1 s`).toBe(true);
  for (const n of allNodes(sim)) sim.setClockDrift(n, 1);
  sim.runFor(arrivalMs + 20 - sim.now);
  const leaderTermAtArrival = stateOf(sim, leader)?.role === 'leader' ? termOf(sim, leader) : -1;

  // Pause the leader in the very event it applies "v1": it has just heard a follower, so on
  // resume its check-quorum passes once more and it stays leader for another window.
  const put = sim.submit({ f: 'put', key: 'r', value: 'v1' }, { node: leader });
  const applied = sim.runUntil(() => sim.applied(leader).some((e) => (e.command as { request?: { id?: string } }).request?.id === put.id), { timeoutMs: 1_000 });
  expect(applied, `leader ${leader} applied v1`).toBe(true);
  sim.pause(leader);
  sim.partition([[leader], followers]);
  const next = waitForLeader(sim, followers);
  expect(next, 'a new leader among the majority').toBeDefined();
  const newValue = 'v2';
  const write = submitAndWait(sim, { f: 'put', key: 'r', value: newValue }, { node: next as NodeId });
  expect(write.status, 'the majority wrote v2').toBe('ok');
  // Strictly after v2 completed, so raft-stale-read (which orders by time) sees it too.
  sim.runFor(10);

  sim.resume(leader);
  const read = submitAndWait(sim, { f: 'get', key: 'r' }, { node: leader });
  sim.heal();
  sim.runFor(2_000);
  return { sim, leader, term, leaderTermAtArrival, newValue, readValue: read.result?.type === 'ok' && typeof read.result.value === 'string' ? read.result.value : undefined };
}
