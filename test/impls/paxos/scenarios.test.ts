// Proves the Multi-Paxos kv service is safe and live under hand-made fault schedules
// (failover with partially accepted slots, dueling proposers, crash between promise and
// accept, minority partitions, long-partition catch-up, duplication and reordering),
// driven through the scripting API; every scenario ends with sim.check() == [].

import { describe, expect, it } from 'vitest';
import type { OpHandle } from '../../../harness/index.ts';
import { all, allApplied, doOp, leaders, makeSim, stateOf, waitForLeader } from './helpers.ts';
import { crashBetweenPromiseAndAccept, restartedLeaderProposesAgain, takeoverWithPartialSlots } from './scripted.ts';

describe('paxos scenarios', () => {
  it('elects one leader, serves reads and writes through the log, redirects clients', () => {
    const sim = makeSim({ seed: 11 });
    const leader = waitForLeader(sim);
    expect(leaders(sim)).toEqual([leader]);
    const follower = (leader + 1) % 5;
    for (let i = 0; i < 5; i++) expect(doOp(sim, { f: 'append', key: 'x', value: `${i}` }, { node: follower }).status).toBe('ok');
    const read = doOp(sim, { f: 'get', key: 'x' }, { node: follower });
    expect(read.result).toEqual({ type: 'ok', value: '01234' });
    expect(doOp(sim, { f: 'cas', key: 'x', expected: 'nope', value: 'y' }).result).toEqual({ type: 'fail', error: 'cas_mismatch' });
    sim.runFor(500);
    expect(allApplied(sim, all(sim), 7)).toBe(true);
    // inspect() is plain data and fresh: changing one snapshot does not change the next.
    const s = stateOf(sim, leader);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    if (s?.promised) s.promised.round = -1;
    expect(stateOf(sim, leader)?.promised?.round).toBeGreaterThan(0);
    expect(sim.check()).toEqual([]);
  });

  it('keeps the highest-ballot value of a partially accepted slot across a failover', () => {
    const { sim, readValue } = takeoverWithPartialSlots(3);
    expect(readValue).toBe('fresh');
    expect(sim.check()).toEqual([]);
  });

  it('re-proposes a dead leader\'s unfinished slot with a new ballot after a restart', () => {
    const sim = restartedLeaderProposesAgain(5);
    expect(stateOf(sim, 1)?.role).toBe('leader');
    expect(stateOf(sim, 1)?.ballot?.round).toBeGreaterThan(1);
    expect(sim.check()).toEqual([]);
  });

  it('settles dueling proposers and makes progress', () => {
    const sim = makeSim({ seed: 17 });
    const first = waitForLeader(sim);
    doOp(sim, { f: 'put', key: 'k', value: 'a' });
    // Two followers whose timers run 20x fast keep preempting each other's Phase 1.
    const [a, b] = all(sim).filter((id) => id !== first);
    sim.setClockDrift(a as number, 0.05);
    sim.setClockDrift(b as number, 0.05);
    sim.crash(first);
    sim.restart(a as number);
    sim.restart(b as number);
    sim.runFor(300);
    sim.setClockDrift(a as number, 1);
    sim.setClockDrift(b as number, 1);
    sim.restart(first);
    waitForLeader(sim, 10_000);
    expect(doOp(sim, { f: 'put', key: 'k', value: 'b' }).status).toBe('ok');
    expect(doOp(sim, { f: 'get', key: 'k' }).result).toEqual({ type: 'ok', value: 'b' });
    expect(sim.check()).toEqual([]);
  });

  it('keeps an acceptor\'s promise when it crashes between promise and accept', () => {
    const { sim, acceptor, promisedRound } = crashBetweenPromiseAndAccept(23);
    expect(stateOf(sim, acceptor)?.promised?.round ?? 0).toBeGreaterThanOrEqual(promisedRound);
    expect(doOp(sim, { f: 'put', key: 'x', value: 'b' }).status).toBe('ok');
    expect(sim.check()).toEqual([]);
  });

  it('makes no progress in a minority partition and recovers after healing', () => {
    const sim = makeSim({ seed: 29, client: { requestTimeoutMs: 60_000 } });
    const leader = waitForLeader(sim);
    doOp(sim, { f: 'put', key: 'x', value: 'a' });
    sim.runFor(200);
    const other = (leader + 1) % 5;
    const minority = [leader, other];
    const majority = all(sim).filter((id) => !minority.includes(id));
    sim.partition([minority, majority]);
    const applied = stateOf(sim, leader)?.lastApplied ?? 0;
    const stuck = sim.submit({ f: 'put', key: 'x', value: 'minority' }, { node: leader });
    sim.runFor(3_000);
    expect(stuck.status).toBe('pending');
    expect(stateOf(sim, leader)?.lastApplied).toBe(applied);
    expect(stateOf(sim, other)?.lastApplied).toBe(applied);
    // The majority elects its own leader and goes on.
    const next = waitForLeader(sim, 5_000, majority);
    expect(doOp(sim, { f: 'put', key: 'y', value: 'majority' }, { node: next }).status).toBe('ok');
    sim.heal();
    sim.runUntil(() => stuck.status !== 'pending', { timeoutMs: 10_000 });
    expect(stuck.status).toBe('ok');
    expect(doOp(sim, { f: 'get', key: 'x' }).result).toEqual({ type: 'ok', value: 'minority' });
    expect(sim.check()).toEqual([]);
  });

  it('catches a replica up after a long partition and after a restart', () => {
    const sim = makeSim({ seed: 31 });
    waitForLeader(sim);
    const lagging = 4;
    sim.partition([[0, 1, 2, 3], [lagging]]);
    const leader = waitForLeader(sim, 5_000, [0, 1, 2, 3]);
    for (let i = 0; i < 100; i++) expect(doOp(sim, { f: 'append', key: `k${i % 3}`, value: `${i},` }, { node: leader }).status).toBe('ok');
    const target = stateOf(sim, leader)?.lastApplied ?? 0;
    expect(stateOf(sim, lagging)?.lastApplied ?? 0).toBeLessThan(target);
    sim.heal();
    expect(sim.runUntil(() => allApplied(sim, all(sim), target), { timeoutMs: 5_000 })).toBe(true);
    sim.restart(2);
    expect(sim.runUntil(() => allApplied(sim, all(sim), target), { timeoutMs: 5_000 })).toBe(true);
    expect(sim.check()).toEqual([]);
  });

  it('stays safe and converges under message duplication and reordering', () => {
    const sim = makeSim({ seed: 37, network: { duplicateRate: 0.3, delayMs: [1, 80] } });
    waitForLeader(sim, 10_000);
    const handles: OpHandle[] = [];
    for (let round = 0; round < 10; round++) {
      for (let p = 0; p < 4; p++) handles.push(sim.submit({ f: 'append', key: `k${p}`, value: `${round}.` }, { process: p }));
      sim.runUntil(() => handles.every((h) => h.status !== 'pending'), { timeoutMs: 30_000 });
    }
    expect(handles.every((h) => h.status === 'ok')).toBe(true);
    expect(sim.stats().messagesDuplicated).toBeGreaterThan(0);
    sim.setNetwork({ duplicateRate: 0, delayMs: [1, 10] });
    const target = Math.max(...all(sim).map((id) => stateOf(sim, id)?.lastApplied ?? 0));
    expect(sim.runUntil(() => allApplied(sim, all(sim), target), { timeoutMs: 5_000 })).toBe(true);
    expect(doOp(sim, { f: 'get', key: 'k0' }).result).toEqual({ type: 'ok', value: '0.1.2.3.4.5.6.7.8.9.' });
    expect(sim.check()).toEqual([]);
  });
});
