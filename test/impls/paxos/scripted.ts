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
