// Proves Raft log compaction (MIT 6.5840 3D) with a 20-entry snapshot threshold: a
// lagging node is caught up by InstallSnapshot, a crash during install recovers, every
// node restarts from its snapshot plus log tail, and sim.check() (every checker) is clean.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../harness/index.ts';
import { allNodes, checkOneLeader, expectClean, newRaftSim, one, seedFromEnv, stateOf, submitAndWait, uniqueValue } from './helpers.ts';

const seed = seedFromEnv(2401);
const raftOptions = { snapshotThresholdEntries: 20 };

describe('raft snapshots', () => {
  it('installs a snapshot on a node that fell behind the leader\'s compacted log', () => {
    const sim = newRaftSim({ seed, nodes: 3, raft: raftOptions });
    const leader = checkOneLeader(sim);
    const lagger = (leader + 1) % 3;
    sim.disconnect(lagger);
    const values: string[] = [];
    for (let i = 0; i < 60; i++) {
      const v = uniqueValue();
      values.push(v);
      sim.submit({ f: 'append', key: 's', value: v }, { process: 0 });
      sim.runUntil(() => sim.processIdle(0), { timeoutMs: 5000 });
    }
    expect(stateOf(sim, leader)?.snapshotIndex ?? 0).toBeGreaterThanOrEqual(40);
    sim.connect(lagger);
    const target = stateOf(sim, leader)?.commitIndex ?? 0;
    expect(sim.runUntil(() => (stateOf(sim, lagger)?.lastApplied ?? 0) >= target, { timeoutMs: 2000 })).toBe(true);
    expect(stateOf(sim, lagger)?.snapshotIndex ?? 0).toBeGreaterThan(0);
    // The lagger now serves the same state once it leads.
    sim.disconnect(leader);
    checkOneLeader(sim, allNodes(sim).filter((n) => n !== leader));
    expect(submitAndWait(sim, { f: 'get', key: 's' }).result).toEqual({ type: 'ok', value: values.join('') });
    sim.connect(leader);
    one(sim, { f: 'append', key: 's', value: uniqueValue() }, 3);
    expectClean(sim);
  });

  it('recovers when the receiving node crashes in the middle of catching up', () => {
    const sim = newRaftSim({ seed: seed + 1, raft: raftOptions, network: { delayMs: [5, 30] } });
    const rng = new Rng(seed + 1).fork('install-crash');
    const leader = checkOneLeader(sim);
    const lagger = (leader + 2) % 5;
    sim.disconnect(lagger);
    for (let i = 0; i < 80; i++) sim.submit({ f: 'put', key: `k${i % 4}`, value: uniqueValue() });
    sim.runFor(3000);
    for (let round = 0; round < 5; round++) {
      sim.connect(lagger);
      sim.runFor(rng.range(1, 40));
      sim.crash(lagger);
      sim.runFor(50);
      sim.restart(lagger);
    }
    one(sim, { f: 'put', key: 'k0', value: uniqueValue() }, 5);
    expect(stateOf(sim, lagger)?.snapshotIndex ?? 0).toBeGreaterThan(0);
    expectClean(sim);
  });

  it('every node restarts from its snapshot plus log tail, twice', () => {
    const sim = newRaftSim({ seed: seed + 2, nodes: 3, raft: raftOptions });
    checkOneLeader(sim);
    const values: string[] = [];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 45; i++) {
        const v = uniqueValue();
        values.push(v);
        sim.submit({ f: 'append', key: 'all', value: v }, { process: 0 });
        sim.runUntil(() => sim.processIdle(0), { timeoutMs: 5000 });
      }
      sim.runFor(200);
      for (const id of allNodes(sim)) sim.crash(id);
      for (const id of allNodes(sim)) sim.restart(id);
      for (const id of allNodes(sim)) expect(stateOf(sim, id)?.snapshotIndex ?? 0).toBeGreaterThan(0);
      checkOneLeader(sim);
    }
    expect(submitAndWait(sim, { f: 'get', key: 'all' }).result).toEqual({ type: 'ok', value: values.join('') });
    expectClean(sim);
  });

  it('snapshots under loss, duplication, reordering and crashes', () => {
    const sim = newRaftSim({ seed: seed + 3, raft: raftOptions, network: { dropRate: 0.05, duplicateRate: 0.05, delayMs: [1, 60] } });
    const rng = new Rng(seed + 3).fork('snap-churn');
    for (let step = 0; step < 50; step++) {
      for (let k = 0; k < 2; k++) if (sim.processIdle(k)) sim.submit({ f: 'append', key: `x${k}`, value: uniqueValue() }, { process: k });
      const node = rng.int(5);
      const action = rng.int(8);
      if (action === 0) sim.crash(node);
      else if (action === 1) sim.restart(node);
      else if (action === 2) sim.disconnect(node);
      else if (action === 3) sim.connect(node);
      sim.runFor(rng.range(20, 200));
    }
    for (const id of allNodes(sim)) {
      sim.connect(id);
      if (!sim.isUp(id)) sim.restart(id);
    }
    sim.setNetwork({ dropRate: 0, duplicateRate: 0 });
    one(sim, { f: 'append', key: 'x0', value: uniqueValue() }, 5, 20_000);
    expectClean(sim);
  });
});
