// Proves Raft persistence and safety under crashes (MIT 6.5840 3C): crash/restart of all
// nodes, the Figure 8 scenario (reliable, and with loss plus long reordering) and churn,
// all driven by a seeded Rng in virtual time; sim.check() (every checker) must stay clean
// and the cluster must agree again once the faults stop.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../harness/index.ts';
import type { OpHandle, Simulation } from '../../../harness/index.ts';
import { allNodes, checkOneLeader, expectClean, leadersAmong, newRaftSim, one, seedFromEnv, stateOf, submitAndWait, uniqueValue } from './helpers.ts';

const seed = seedFromEnv(2301);

function restartAll(sim: Simulation): void {
  for (const id of allNodes(sim)) if (!sim.isUp(id)) sim.restart(id);
}

describe('raft persistence', () => {
  it('survives a crash and restart of every node, keeping every committed write', () => {
    const sim = newRaftSim({ seed, nodes: 3 });
    checkOneLeader(sim);
    const values: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 3; i++) {
        const v = uniqueValue();
        values.push(v);
        one(sim, { f: 'append', key: 'p', value: v }, 3);
      }
      for (const id of allNodes(sim)) sim.crash(id);
      sim.runFor(100);
      for (const id of allNodes(sim)) sim.restart(id);
      checkOneLeader(sim);
    }
    expect(submitAndWait(sim, { f: 'get', key: 'p' }).result).toEqual({ type: 'ok', value: values.join('') });
    expectClean(sim);
  });

  it('keeps agreement while a leader and a follower crash and restart repeatedly', () => {
    const sim = newRaftSim({ seed: seed + 1 });
    const rng = new Rng(seed + 1).fork('crashes');
    let leader = checkOneLeader(sim);
    for (let round = 0; round < 5; round++) {
      one(sim, { f: 'append', key: 'p', value: uniqueValue() }, 5);
      const follower = rng.pick(allNodes(sim).filter((n) => n !== leader));
      sim.crash(leader);
      sim.crash(follower);
      one(sim, { f: 'append', key: 'p', value: uniqueValue() }, 3);
      sim.restart(leader);
      sim.restart(follower);
      leader = checkOneLeader(sim);
    }
    one(sim, { f: 'append', key: 'p', value: uniqueValue() }, 5);
    expectClean(sim);
  });

  it('Figure 8 (reliable network): leaders crash right after appending; nothing committed is lost', () => {
    const sim = newRaftSim({ seed: seed + 2 });
    const rng = new Rng(seed + 2).fork('figure8');
    checkOneLeader(sim);
    let up = 5;
    for (let iteration = 0; iteration < 300; iteration++) {
      const leader = leadersAmong(sim)[0]?.id;
      if (leader !== undefined) sim.submit({ f: 'append', key: 'f', value: uniqueValue() }, { node: leader });
      sim.runFor(rng.chance(1, 10) ? rng.range(0, 500) : rng.range(0, 13));
      if (leader !== undefined && sim.isUp(leader)) {
        sim.crash(leader);
        up--;
      }
      if (up < 3) {
        const down = allNodes(sim).filter((n) => !sim.isUp(n));
        sim.restart(rng.pick(down));
        up++;
      }
    }
    restartAll(sim);
    one(sim, { f: 'append', key: 'f', value: uniqueValue() }, 5);
    expectClean(sim);
  });

  it('Figure 8 with 10% loss and long reordering', () => {
    const sim = newRaftSim({ seed: seed + 3, network: { dropRate: 0.1, delayMs: [1, 400] } });
    const rng = new Rng(seed + 3).fork('figure8u');
    for (let i = 0; i < 10; i++) sim.submit({ f: 'append', key: 'u', value: uniqueValue() });
    sim.runFor(2000);
    let connected = 5;
    const isolated = new Set<number>();
    for (let iteration = 0; iteration < 200; iteration++) {
      if (iteration === 150) sim.setNetwork({ delayMs: [1, 2200] });
      const leader = leadersAmong(sim).find((l) => !isolated.has(l.id))?.id;
      if (leader !== undefined) sim.submit({ f: 'append', key: 'u', value: uniqueValue() }, { node: leader });
      sim.runFor(rng.chance(1, 10) ? rng.range(0, 500) : rng.range(0, 13));
      if (leader !== undefined && rng.chance(1, 2)) {
        sim.disconnect(leader);
        isolated.add(leader);
        connected--;
      }
      if (connected < 3) {
        const s = rng.pick([...isolated].sort((a, b) => a - b));
        sim.connect(s);
        isolated.delete(s);
        connected++;
      }
    }
    sim.setNetwork({ dropRate: 0, delayMs: [1, 10] });
    for (const s of isolated) sim.connect(s);
    one(sim, { f: 'append', key: 'u', value: uniqueValue() }, 5, 20_000);
    expectClean(sim);
  });

  it('churn: random crashes, restarts and partitions under a concurrent workload', () => {
    const sim = newRaftSim({ seed: seed + 4, network: { dropRate: 0.02, delayMs: [1, 20] } });
    const rng = new Rng(seed + 4).fork('churn');
    const handles: OpHandle[] = [];
    for (let step = 0; step < 60; step++) {
      // Three client processes, one operation each at a time (keeps the linearizability search small).
      for (let k = 0; k < 3; k++) {
        if (!sim.processIdle(k)) continue;
        const key = `k${rng.int(3)}`;
        const f = rng.pick(['append', 'put', 'get'] as const);
        handles.push(sim.submit(f === 'get' ? { f, key } : { f, key, value: uniqueValue() }, { process: k }));
      }
      const action = rng.int(10);
      const node = rng.int(5);
      if (action === 0) sim.crash(node);
      else if (action === 1 || action === 2) sim.restart(node);
      else if (action === 3) {
        const minority = rng.shuffle(allNodes(sim)).slice(0, 2);
        sim.partition([minority, allNodes(sim).filter((n) => !minority.includes(n))]);
      }
      else if (action === 4) sim.heal();
      sim.runFor(rng.range(20, 250));
    }
    sim.heal();
    restartAll(sim);
    sim.setNetwork({ dropRate: 0 });
    sim.runUntil(() => handles.every((h) => h.status !== 'pending'), { timeoutMs: 60_000 });
    expect(handles.filter((h) => h.status === 'pending')).toEqual([]);
    one(sim, { f: 'append', key: 'k0', value: uniqueValue() }, 5);
    expect(allNodes(sim).every((n) => (stateOf(sim, n)?.commitIndex ?? 0) > 0)).toBe(true);
    expectClean(sim);
  });
});
