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

function lastIndexOf(sim: Simulation, id: NodeId): number {
  const s = stateOf(sim, id);
  return s === undefined ? -1 : s.snapshotIndex + s.log.length;
}

function termAtIndex(sim: Simulation, id: NodeId, index: number): number | undefined {
  const s = stateOf(sim, id);
  if (s === undefined) return undefined;
  if (index === s.snapshotIndex) return s.snapshotTerm;
  return s.log[index - s.snapshotIndex - 1]?.term;
}

export interface StaleLeaderOverwrite {
  sim: Simulation;
  /** The index whose entry the follower replaced. */
  index: number;
  /** The term of the entry committed at `index`, and the term of the leader that committed it. */
  entryTerm: number;
  commitTerm: number;
  /** The stale leader's term: the term of the entry that replaced it, and the follower's term then. */
  staleTerm: number;
  /** What the follower held at `index` right after it handled the stale leader's AppendEntries. */
  followerTermThen: number;
  followerEntryTermThen: number | undefined;
}

/**
 * The situation of the checker false alarm that explore found (seed 3622; docs/raft.md, R15).
 * Five nodes; leader A of term 1 is cut off with follower P and appends e at index i, which
 * reaches P only. The other three elect S in a later term t; S appends its no-op at i and is
 * paused at once, before that no-op reaches anyone. A rejoins the two others, wins term > t
 * (only its log is up to date among them) and commits e at i. Then S resumes with only P in
 * reach: P, which never heard of A's new term, takes S's term-t AppendEntries and replaces e
 * (term 1) by S's no-op (term t) — legal, since only leaders of terms above the commit term
 * must hold e (Leader Completeness in its commit-term form), and P is at term t. A correct
 * checker reports nothing; afterwards A repairs P's log as usual.
 */
export function staleLeaderOverwritesUnknownCommit(seed: number): StaleLeaderOverwrite {
  const sim = newRaftSim({ seed });
  const a = checkOneLeader(sim);
  one(sim, { f: 'put', key: 'k', value: 'w0' }, 5);
  const index = lastIndexOf(sim, a) + 1;
  const p = (a + 1) % 5;
  const rest = allNodes(sim).filter((n) => n !== a && n !== p);
  sim.partition([[a, p], rest]);
  sim.submit({ f: 'put', key: 'k', value: 'e' }, { node: a });
  const reachedP = sim.runUntil(() => lastIndexOf(sim, p) >= index, { timeoutMs: 500 });
  expect(reachedP, `A's entry at ${index} reached P`).toBe(true);
  const entryTerm = termAtIndex(sim, p, index) as number;

  // waitForLeader stops in the event S became leader: its no-op's AppendEntries are still in
  // flight, and the new partition drops them on delivery.
  const s = waitForLeader(sim, rest);
  expect(s, 'a leader among the other three').toBeDefined();
  const staleLeader = s as NodeId;
  const staleTerm = termOf(sim, staleLeader);
  sim.pause(staleLeader);
  const others = rest.filter((n) => n !== staleLeader);
  sim.partition([[a, ...others], [staleLeader], [p]]);
  const committed = sim.runUntil(() => stateOf(sim, a)?.role === 'leader' && (stateOf(sim, a)?.commitIndex ?? 0) > index, { timeoutMs: 5_000 });
  expect(committed, `A leads again and commits past ${index}`).toBe(true);
  const commitTerm = termOf(sim, a);
  expect(termAtIndex(sim, a, index), `A committed its own entry at ${index}`).toBe(entryTerm);

  sim.partition([[a, ...others], [staleLeader, p]]);
  sim.resume(staleLeader);
  // P takes the stale leader's first heartbeat (1-10 ms); the stale leader steps down on its held check-quorum.
  sim.runUntil(() => termAtIndex(sim, p, index) !== entryTerm, { timeoutMs: 100 });
  const followerTermThen = termOf(sim, p);
  const followerEntryTermThen = termAtIndex(sim, p, index);
  sim.heal();
  sim.runFor(2_000);
  return { sim, index, entryTerm, commitTerm, staleTerm, followerTermThen, followerEntryTermThen };
}

/**
 * Three nodes; the leader crashes, and of the two others `candidate` comes back with a fast
 * clock and `voter` with a slow one (restarts re-arm their timers at the new rates and forget
 * the old leader, so each grants the other's pre-vote).
 */
function crashLeaderAndHurry(sim: Simulation): { old: NodeId; term: number; candidate: NodeId; voter: NodeId } {
  const old = checkOneLeader(sim);
  one(sim, { f: 'put', key: 'a', value: 'x' }, 3);
  const term = termOf(sim, old);
  const [voter, candidate] = allNodes(sim).filter((n) => n !== old) as [NodeId, NodeId];
  sim.crash(old);
  sim.setClockDrift(candidate, 0.2);
  sim.restart(candidate);
  sim.setClockDrift(voter, 5);
  sim.restart(voter);
  const stood = sim.runUntil(() => stateOf(sim, candidate)?.role === 'candidate', { timeoutMs: 1_000 });
  expect(stood, `node ${candidate} stands for term ${term + 1}`).toBe(true);
  expect(termOf(sim, candidate)).toBe(term + 1);
  return { old, term, candidate, voter };
}

export interface VoteAfterTimeout {
  sim: Simulation;
  candidate: NodeId;
  term: number;
  /** Who the candidate had voted for in `term` once its election timed out (itself, when correct). */
  votedForAfterTimeout: NodeId | null;
}

/**
 * A candidate whose election timed out is asked for its vote again in the same term. Node
 * `candidate` stands for term T (the old leader crashed), but its RequestVotes are cut, so
 * its election times out and it steps back to follower in T. Then the old leader restarts,
 * stands for T as well and asks it: a candidate keeps its self-vote for the whole term
 * (Raft Fig. 2, votedFor), so it refuses; one that cleared votedFor on stepping down votes
 * a second time in T (raft-vote-uniqueness).
 */
export function candidateAskedAgainAfterTimeout(seed: number, bug?: RaftBug): VoteAfterTimeout {
  // A constant delay keeps each link FIFO: the new leader's RequestVote reaches the node
  // before its first AppendEntries (whose no-op would make the node's log the longer one).
  const sim = newRaftSim({ seed, bug, nodes: 3, network: { delayMs: [5, 5] } });
  const { old, term, candidate } = crashLeaderAndHurry(sim);
  // Its RequestVotes are still in flight: cut them, and everything else it sends.
  for (const n of allNodes(sim)) if (n !== candidate) sim.cutOneWay(candidate, n);
  const steppedBack = sim.runUntil(() => stateOf(sim, candidate)?.preCandidate === true, { timeoutMs: 1_000 });
  expect(steppedBack, `node ${candidate}'s election timed out`).toBe(true);
  expect(termOf(sim, candidate)).toBe(term + 1);
  const votedForAfterTimeout = stateOf(sim, candidate)?.votedFor ?? null;
  sim.setClockDrift(old, 1);
  sim.restart(old);
  const elected = waitForLeader(sim, allNodes(sim).filter((n) => n !== candidate));
  expect(elected, 'a leader among the two others').toBeDefined();
  sim.heal();
  for (const n of allNodes(sim)) sim.setClockDrift(n, 1);
  sim.runFor(2_000);
  return { sim, candidate, term: term + 1, votedForAfterTimeout };
}

/** How long the voter's grant for the first election spends in flight (see staleGrantCounted). */
const delayedGrantMs = 250;

export interface StaleGrant {
  sim: Simulation;
  candidate: NodeId;
  /** The candidate's term when the delayed grant (of the term before) arrived, and its role then. */
  termAtArrival: number;
  roleAtArrival: string | undefined;
}

/**
 * A vote grant from an earlier election arrives while the candidate runs the next one.
 * Node `candidate` stands for term T; the voter grants it, but the grant takes 250 ms.
 * Meanwhile the candidate's election times out (60-120 ms, fast clock), it wins the voter's
 * pre-vote for T+1 and stands again, its clock now normal (so it stays candidate for at
 * least 300 ms), and the RequestVotes of T+1 are cut. Then the grant of T arrives: a
 * correct candidate ignores it (Raft Fig. 2: votes are per term); one that counts it leads
 * T+1 with a single vote of T+1, its own (raft-leader-votes).
 */
export function staleGrantCounted(seed: number, bug?: RaftBug): StaleGrant {
  const sim = newRaftSim({ seed, bug, nodes: 3 });
  const { old, term, candidate, voter } = crashLeaderAndHurry(sim);
  // The candidate's RequestVote is on its way (1-10 ms); the grant it draws is sent slow.
  sim.setNetwork({ delayMs: [delayedGrantMs, delayedGrantMs] });
  const granted = sim.runUntil(() => stateOf(sim, voter)?.votedFor === candidate && termOf(sim, voter) === term + 1, { timeoutMs: 100 });
  expect(granted, `node ${voter} granted its term-${term + 1} vote`).toBe(true);
  const arrivalMs = sim.now + delayedGrantMs;
  sim.setNetwork({ delayMs: [1, 10] });
  sim.setClockDrift(candidate, 1);
  const again = sim.runUntil(() => stateOf(sim, candidate)?.role === 'candidate' && termOf(sim, candidate) === term + 2, { timeoutMs: 1_000 });
  expect(again, `node ${candidate} stands again, for term ${term + 2}`).toBe(true);
  sim.cutOneWay(candidate, voter);
  sim.runFor(arrivalMs + 1 - sim.now);
  const termAtArrival = termOf(sim, candidate);
  const roleAtArrival = stateOf(sim, candidate)?.role;
  sim.heal();
  for (const n of allNodes(sim)) sim.setClockDrift(n, 1);
  sim.restart(old);
  sim.runFor(3_000);
  return { sim, candidate, termAtArrival, roleAtArrival };
}
