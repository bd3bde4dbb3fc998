// Hand-made schedules shared by the scenario and bug suites: each puts a Multi-Paxos
// cluster into a precise state that a classic mistake turns into a safety violation.

import type { Simulation } from '../../../harness/index.ts';
import { doOp, makeSim, stateOf, waitForLeader } from './helpers.ts';

/**
 * Makes node `id` the next to time out: its timers run `factor` times as fast, and a
 * restart re-arms the election timer it already had (drift applies to timers set after it).
 */
function hurry(sim: Simulation, id: number, factor = 0.2): void {
  sim.setClockDrift(id, factor);
  sim.restart(id);
}

export interface TakeoverOutcome {
  sim: Simulation;
  /** The value chosen in slot 2 at the second ballot (what a correct takeover keeps). */
  chosenOp: unknown;
  /** The final value of key "x" read after the takeover, if the read completed. */
  readValue: unknown;
}

/**
 * Leader failover with partially accepted slots (MUTANTS.md P-M2's three ballots):
 * node 1 leads and gets "stale" accepted in slot 2 by itself and node 0 only; the majority
 * {2,3,4} elects another leader, whose Phase 1 sees no vote in slot 2, so it gets "fresh"
 * chosen there at a higher ballot. Then node 1 and that leader crash, and node 0 — which
 * never learned slot 2 — takes over with {0, two of 2..4}. Its own promise (reporting the
 * stale vote) arrives first; only the one at the highest ballot ("fresh") may be re-proposed.
 */
export function takeoverWithPartialSlots(seed: number, bug?: string): TakeoverOutcome {
  const sim = makeSim({ seed, bug, network: { delayMs: [5, 5] }, client: { requestTimeoutMs: 60_000 } });
  hurry(sim, 1);
  const first = waitForLeader(sim);
  if (first !== 1) throw new Error(`expected node 1 to lead first, got ${first}`);
  sim.setClockDrift(1, 1);
  doOp(sim, { f: 'put', key: 'x', value: 'init' }, { node: 1 });
  sim.runFor(100);
  sim.partition([
    [0, 1],
    [2, 3, 4],
  ]);
  sim.submit({ f: 'put', key: 'x', value: 'stale' }, { node: 1 });
  sim.runFor(50);
  const second = waitForLeader(sim, 5_000, [2, 3, 4]);
  const fresh = { f: 'put', key: 'x', value: 'fresh' };
  doOp(sim, fresh, { node: second, timeoutMs: 5_000 });
  sim.runFor(100);
  sim.crash(1);
  sim.crash(second);
  sim.heal();
  hurry(sim, 0, 0.1);
  waitForLeader(sim, 5_000, [0]);
  sim.setClockDrift(0, 1);
  sim.runFor(500);
  const read = doOp(sim, { f: 'get', key: 'x' }, { node: 0, timeoutMs: 5_000 });
  return { sim, chosenOp: fresh, readValue: read.result?.type === 'ok' ? read.result.value : undefined };
}

/**
 * A leader's proposal dies with it: node 1 leads, is cut off, proposes "lost" in the next
 * slot (nobody receives the 2a, not even its own acceptor), crashes and restarts at once, and — its timers hurried —
 * runs Phase 1 again before anyone else. A correct proposer uses a new, higher ballot; one
 * that reuses its old ballot now proposes a different value under the same ballot and slot.
 */
export function restartedLeaderProposesAgain(seed: number, bug?: string): Simulation {
  const sim = makeSim({ seed, bug, network: { delayMs: [5, 5] }});
  hurry(sim, 1);
  const first = waitForLeader(sim);
  if (first !== 1) throw new Error(`expected node 1 to lead first, got ${first}`);
  doOp(sim, { f: 'put', key: 'x', value: 'init' }, { node: 1 });
  sim.partition([[1], [0, 2, 3, 4]]);
  sim.submit({ f: 'put', key: 'x', value: 'lost' }, { node: 1 });
  // The request arrives after 5 ms and the 2a's leave at once; crash before even node 1's
  // own acceptor receives its 2a (5 ms later), so no acceptor remembers "lost".
  sim.runFor(7);
  sim.crash(1);
  sim.runFor(20);
  sim.heal();
  hurry(sim, 1, 0.1);
  waitForLeader(sim, 5_000, [1]);
  sim.setClockDrift(1, 1);
  doOp(sim, { f: 'put', key: 'x', value: 'again' }, { node: 1, timeoutMs: 5_000 });
  sim.runFor(200);
  return sim;
}

/**
 * An acceptor crashes right after promising a new ballot, before it accepts anything under
 * it: the leader is crashed, and the first follower seen promising the next candidate's
 * ballot is crashed and restarted at once. Returns that follower and the ballot it promised.
 */
export function crashBetweenPromiseAndAccept(seed: number, bug?: string): { sim: Simulation; acceptor: number; promisedRound: number } {
  const sim = makeSim({ seed, bug });
  const leader = waitForLeader(sim);
  doOp(sim, { f: 'put', key: 'x', value: 'a' });
  const round = stateOf(sim, leader)?.promised?.round ?? 0;
  sim.crash(leader);
  let acceptor = -1;
  let promisedRound = 0;
  const seen = sim.runUntil(
    () => {
      for (let id = 0; id < sim.nodeCount; id++) {
        const s = stateOf(sim, id);
        if (s === undefined || s.role !== 'follower' || (s.promised?.round ?? 0) <= round) continue;
        acceptor = id;
        promisedRound = s.promised?.round ?? 0;
        return true;
      }
      return false;
    },
    { timeoutMs: 5_000 },
  );
  if (!seen) throw new Error('no follower promised a new ballot');
  sim.restart(acceptor);
  sim.restart(leader);
  sim.runFor(1_000);
  return { sim, acceptor, promisedRound };
}

/** Cuts every link except those inside a group and the one-way links in `open` (from, to). */
function linksOnly(sim: Simulation, groups: readonly (readonly number[])[], open: readonly (readonly [number, number])[]): void {
  sim.heal();
  const groupOf = (id: number): number => groups.findIndex((g) => g.includes(id));
  for (let from = 0; from < sim.nodeCount; from++) {
    for (let to = 0; to < sim.nodeCount; to++) {
      if (from === to) continue;
      const same = groupOf(from) !== -1 && groupOf(from) === groupOf(to);
      if (!same && !open.some(([f, t]) => f === from && t === to)) sim.cutOneWay(from, to);
    }
  }
}

function ballotAbove(a: { round: number; node: number } | null | undefined, b: { round: number; node: number } | null | undefined): boolean {
  if (a === null || a === undefined) return false;
  if (b === null || b === undefined) return true;
  return a.round !== b.round ? a.round > b.round : a.node > b.node;
}

export interface StalePromiseOutcome {
  sim: Simulation;
  /** The slot where "v" was chosen, and whether node 1 (which never learned it) led again after. */
  slot: number;
  staleCandidateLed: boolean;
}

/**
 * A promise for an older ballot counted toward a newer one (count_stale_promises,
 * docs/paxos.md). Node 1 runs Phase 1 with only node 0 in reach: node 0 promises one of
 * node 1's ballots, reporting no vote. Then node 1 is cut off; nodes 0, 2 and 3 elect a
 * leader, whose "v" is chosen in slot 1 (so node 0 accepted it). Node 1 hears that leader's
 * heartbeats only, and so numbers its next ballot above it. Finally node 1 runs Phase 1
 * again with only node 4 (slow, so it never competes) in reach. A correct candidate has two
 * promises for its ballot (its own and node 4's) and cannot lead. One that still counts
 * node 0's stale promise has three, leads, recovers nothing in slot 1 and proposes "w"
 * there at a ballot above the one "v" was chosen at (paxos-proposal, P2b).
 */
export function stalePromiseCounted(seed: number, bug?: string): StalePromiseOutcome {
  const sim = makeSim({ seed, bug, network: { delayMs: [5, 5] } });
  const [a, x, others, d] = [0, 1, [2, 3], 4] as const;
  sim.partition([[x, a], [...others], [d]]);
  hurry(sim, x);
  sim.setClockDrift(d, 5);
  sim.restart(d);
  const promised = sim.runUntil(() => stateOf(sim, a)?.promised?.node === x, { timeoutMs: 1_000 });
  if (!promised) throw new Error(`node ${a} never promised a ballot of node ${x}`);
  // The promise reaches node 1 5 ms later, while it is still a candidate (its timeout is >= 30 ms).
  sim.runFor(6);
  sim.setClockDrift(x, 1);

  const majority = [a, ...others];
  sim.partition([majority, [x], [d]]);
  const leader = waitForLeader(sim, 5_000, majority);
  const put = doOp(sim, { f: 'put', key: 'x', value: 'v' }, { node: leader, timeoutMs: 5_000 });
  if (put.status !== 'ok') throw new Error(`put v did not complete (${put.status})`);
  const slot = sim.applied(leader).find((e) => (e.command as { request?: { id?: string } }).request?.id === put.id)?.index ?? 0;
  // Only nodes 0, 2 and 3 could vote, so all three did; node 0's vote is on its disk.
  const vote = sim.durableDisk(a)[`acc/${slot}`] as { value?: { request?: { id?: string } } } | undefined;
  if (vote?.value?.request?.id !== put.id) throw new Error(`node ${a} did not accept v in slot ${slot}`);

  // Only the leader's heartbeats reach node 1: it learns the ballot, never the decision.
  linksOnly(sim, [majority], [[leader, x]]);
  const learned = sim.runUntil(() => stateOf(sim, x)?.leaderHint === leader || ballotAbove(stateOf(sim, x)?.ballot, stateOf(sim, leader)?.ballot), { timeoutMs: 2_000 });
  if (!learned) throw new Error(`node ${x} never heard of node ${leader}'s ballot`);
  if ((stateOf(sim, x)?.firstUnchosen ?? 0) > slot) throw new Error(`node ${x} learned slot ${slot}`);

  sim.partition([[x, d], majority]);
  const staleCandidateLed = sim.runUntil(() => stateOf(sim, x)?.role === 'leader', { timeoutMs: 2_000 });
  sim.submit({ f: 'put', key: 'x', value: 'w' }, { node: x });
  sim.runFor(500);
  sim.heal();
  sim.setClockDrift(d, 1);
  sim.runFor(3_000);
  return { sim, slot, staleCandidateLed };
}
