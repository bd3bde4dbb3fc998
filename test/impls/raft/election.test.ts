// Proves Raft leader election (MIT 6.5840 3A and the pre-vote/check-quorum extensions):
// scripted partitions in virtual time, asserting one leader per term, stable terms, and
// sim.check() clean (every checker) after each scenario.
import { describe, expect, it } from 'vitest';
import { raftConfig } from '../../../impls/raft/index.ts';
import { Rng } from '../../../harness/index.ts';
import { allNodes, checkOneLeader, expectClean, leadersAmong, newRaftSim, one, seedFromEnv, termOf, uniqueValue } from './helpers.ts';

const seed = seedFromEnv(2101);

describe('raft election', () => {
  it('elects one leader at start and keeps the term stable without failures', () => {
    const sim = newRaftSim({ seed, nodes: 3 });
    const leader = checkOneLeader(sim);
    const term = termOf(sim, leader);
    expect(term).toBeGreaterThanOrEqual(1);
    sim.runFor(2 * raftConfig.electionTimeoutMsMax);
    expect(termOf(sim, leader)).toBe(term);
    expect(checkOneLeader(sim)).toBe(leader);
    for (const id of allNodes(sim)) expect(termOf(sim, id)).toBe(term);
    expectClean(sim);
  });

  it('re-elects after the leader is cut off, and a rejoining old leader does not disturb the new one', () => {
    const sim = newRaftSim({ seed: seed + 1, nodes: 3 });
    const leader1 = checkOneLeader(sim);
    sim.disconnect(leader1);
    const others = allNodes(sim).filter((n) => n !== leader1);
    const leader2 = checkOneLeader(sim, others);
    sim.connect(leader1);
    sim.runFor(1000);
    expect(checkOneLeader(sim)).toBe(leader2);
    // No quorum: no leader.
    const follower = others.find((n) => n !== leader2) as number;
    sim.disconnect(leader2);
    sim.disconnect(follower);
    sim.runFor(2 * raftConfig.electionTimeoutMsMax);
    expect(leadersAmong(sim, [leader1])).toEqual([]);
    sim.connect(follower);
    checkOneLeader(sim, [leader1, follower]);
    sim.connect(leader2);
    checkOneLeader(sim);
    expectClean(sim);
  });

  it('elects a leader after each of many random 3-of-7 isolations', () => {
    const sim = newRaftSim({ seed: seed + 2, nodes: 7 });
    const rng = new Rng(seed + 2).fork('isolations');
    checkOneLeader(sim);
    for (let iteration = 0; iteration < 10; iteration++) {
      const cut = rng.shuffle(allNodes(sim)).slice(0, 3);
      for (const id of cut) sim.disconnect(id);
      checkOneLeader(sim, allNodes(sim).filter((n) => !cut.includes(n)));
      for (const id of cut) sim.connect(id);
    }
    checkOneLeader(sim);
    expectClean(sim);
  });

  it('pre-vote: a partitioned follower neither raises its term nor deposes the leader when it rejoins', () => {
    const sim = newRaftSim({ seed: seed + 3 });
    const leader = checkOneLeader(sim);
    one(sim, { f: 'put', key: 'k', value: uniqueValue() }, 5);
    const term = termOf(sim, leader);
    const loner = (leader + 1) % 5;
    sim.disconnect(loner);
    sim.runFor(5000);
    expect(termOf(sim, loner)).toBe(term);
    sim.connect(loner);
    sim.runFor(3000);
    expect(checkOneLeader(sim)).toBe(leader);
    expect(termOf(sim, leader)).toBe(term);
    expectClean(sim);
  });

  it('check-quorum: a leader cut off from the majority steps down, the majority elects another', () => {
    const sim = newRaftSim({ seed: seed + 4 });
    const leader = checkOneLeader(sim);
    const buddy = (leader + 1) % 5;
    const majority = allNodes(sim).filter((n) => n !== leader && n !== buddy);
    sim.partition([[leader, buddy], majority]);
    const stepped = sim.runUntil(() => leadersAmong(sim, [leader]).length === 0, { timeoutMs: raftConfig.checkQuorumMs * 2 + 50 });
    expect(stepped).toBe(true);
    const leader2 = checkOneLeader(sim, majority);
    one(sim, { f: 'put', key: 'k', value: uniqueValue() }, 3);
    sim.heal();
    sim.runFor(1000);
    expect(checkOneLeader(sim)).toBe(leader2);
    expectClean(sim);
  });

  it('idle leader sends at most 10 heartbeats per second per follower', () => {
    const sim = newRaftSim({ seed: seed + 5, nodes: 3 });
    const leader = checkOneLeader(sim);
    one(sim, { f: 'put', key: 'k', value: uniqueValue() }, 3);
    sim.runFor(500);
    const windowMs = 3000;
    const before = sim.stats().perNode[leader]?.sent ?? 0;
    const beforeAll = sim.stats().messagesSent;
    sim.runFor(windowMs);
    const sent = (sim.stats().perNode[leader]?.sent ?? 0) - before;
    const followers = sim.nodeCount - 1;
    expect(sent / followers / (windowMs / 1000)).toBeLessThanOrEqual(10);
    // MIT TestCount: at most 60 RPCs per idle second for 3 servers (we count replies as messages too).
    // (one heartbeat per follower of slack for where the window falls).
    expect(sim.stats().messagesSent - beforeAll).toBeLessThanOrEqual(2 * followers * (10 * (windowMs / 1000) + 1));
    expectClean(sim);
  });
});
