// Proves the simulator's core promises through the public scripting API: determinism of
// the trace hash (in-process and across processes), network rates, partitions and heal,
// disk sync semantics, crash clearing timers, pause/resume, the determinism guard,
// implementation errors and the event budget all behave as DESIGN.md says.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../harness/index.ts';
import { pingpong } from '../../impls/pingpong/index.ts';
import { broadcaster, cheater, diskProbe, storm, thrower } from '../support/algorithms.ts';
import { seedFromEnv } from '../support/seed.ts';

const seed = seedFromEnv(1234);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function pingpongHash(s: number | string, ms = 5_000): string {
  const sim = new Simulation({ algorithm: pingpong, nodes: 5, seed: s, network: { delayMs: [1, 20], dropRate: 0.05, duplicateRate: 0.05 } });
  sim.runFor(ms);
  return sim.traceHash;
}

describe('determinism', () => {
  it('gives the same trace hash for the same seed in one process', () => {
    expect(pingpongHash(seed)).toBe(pingpongHash(seed));
  });

  it('gives different traces for different seeds', () => {
    const hashes = new Set([seed, seed + 1, seed + 2, seed + 3].map((s) => pingpongHash(s)));
    expect(hashes.size).toBe(4);
  });

  it('gives the same trace hash in a second process', () => {
    const script = `import { Simulation } from './harness/index.ts'; import { pingpong } from './impls/pingpong/index.ts';
      const sim = new Simulation({ algorithm: pingpong, nodes: 5, seed: ${JSON.stringify(seed)}, network: { delayMs: [1, 20], dropRate: 0.05, duplicateRate: 0.05 } });
      sim.runFor(5000); process.stdout.write(sim.traceHash);`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(out).toBe(pingpongHash(seed));
  });
});

describe('network', () => {
  it('drops and duplicates at the configured rates over many messages', () => {
    const sim = new Simulation({ algorithm: broadcaster(5), nodes: 4, seed, network: { delayMs: [1, 3], dropRate: 0.2, duplicateRate: 0.1 } });
    sim.runFor(20_000);
    const stats = sim.stats();
    expect(stats.messagesSent).toBeGreaterThan(40_000);
    const dropRate = stats.messagesDropped / stats.messagesSent;
    expect(dropRate).toBeGreaterThan(0.19);
    expect(dropRate).toBeLessThan(0.21);
    const dupRate = stats.messagesDuplicated / (stats.messagesSent - stats.messagesDropped);
    expect(dupRate).toBeGreaterThan(0.09);
    expect(dupRate).toBeLessThan(0.11);
    // Every message that was not lost arrives (in flight ones aside), duplicates included.
    expect(stats.messagesDelivered).toBeGreaterThan(stats.messagesSent - stats.messagesDropped);
    expect(stats.bytesSent).toBeGreaterThan(stats.messagesSent * 5);
  });

  it('delivers nothing across a partition and everything after heal', () => {
    const sim = new Simulation({ algorithm: broadcaster(10), nodes: 5, seed });
    sim.runFor(100);
    sim.partition([[0, 1], [2, 3, 4]]);
    sim.runFor(20); // let messages sent before the cut drain
    const before = sim.inspect(0) as { received: [number, number][] };
    const beforeCount = before.received.length;
    sim.runFor(1_000);
    const during = (sim.inspect(0) as { received: [number, number][] }).received.slice(beforeCount);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every(([from]) => from === 1)).toBe(true);
    sim.heal();
    sim.runFor(15);
    const afterHealStart = (sim.inspect(0) as { received: [number, number][] }).received.length;
    sim.runFor(1_000);
    const after = (sim.inspect(0) as { received: [number, number][] }).received.slice(afterHealStart);
    for (const peer of [1, 2, 3, 4]) expect(after.filter(([from]) => from === peer).length).toBeGreaterThanOrEqual(99);
    // No loss configured: everything sent across healed links arrived.
    expect(sim.stats().messagesDropped).toBe(sim.stats().perNode.reduce((n, t) => n + t.dropped, 0));
  });

  it('one-way cuts block one direction only; disconnect isolates a running node', () => {
    const sim = new Simulation({ algorithm: broadcaster(10), nodes: 3, seed });
    sim.cutOneWay(0, 1);
    sim.runFor(500);
    const at1 = (sim.inspect(1) as { received: [number, number][] }).received;
    const at0 = (sim.inspect(0) as { received: [number, number][] }).received;
    expect(at1.some(([from]) => from === 0)).toBe(false);
    expect(at0.some(([from]) => from === 1)).toBe(true);
    sim.heal();
    sim.disconnect(2);
    const n0 = (sim.inspect(0) as { received: [number, number][] }).received.length;
    sim.runFor(500);
    const fresh = (sim.inspect(0) as { received: [number, number][] }).received.slice(n0 + 2);
    expect(fresh.some(([from]) => from === 2)).toBe(false);
    expect(sim.isUp(2)).toBe(true);
  });
});

describe('nodes', () => {
  it('loses unsynced disk writes on crash and keeps synced ones; crash cancels timers', () => {
    const sim = new Simulation({ algorithm: diskProbe, nodes: 1, seed, recordTrace: true });
    sim.runFor(50);
    sim.crash(0);
    expect(sim.durableDisk(0)).toEqual({ booted: true, synced: 'kept' });
    sim.restart(0);
    sim.runFor(500);
    const state = sim.inspect(0) as { found: Record<string, unknown>; timersFired: string[] };
    expect(state.found).toEqual({ synced: 'kept', unsynced: undefined, booted: true });
    expect(state.timersFired).toEqual([]);
    expect(sim.trace?.some((e) => e.type === 'timer')).toBe(false);
  });

  it('a node that is not crashed fires its timers', () => {
    const sim = new Simulation({ algorithm: diskProbe, nodes: 1, seed });
    sim.runFor(500);
    expect((sim.inspect(0) as { timersFired: string[] }).timersFired).toEqual(['first-boot-timer']);
  });

  it('a paused node processes nothing; its messages wait and arrive on resume', () => {
    const sim = new Simulation({ algorithm: broadcaster(10), nodes: 3, seed });
    sim.runFor(100);
    sim.pause(2);
    const n = (sim.inspect(2) as { received: unknown[] }).received.length;
    sim.runFor(1_000);
    expect((sim.inspect(2) as { received: unknown[] }).received.length).toBe(n);
    sim.resume(2);
    sim.runFor(1);
    expect((sim.inspect(2) as { received: unknown[] }).received.length).toBeGreaterThanOrEqual(n + 150);
  });

  it('clock drift scales timers', () => {
    const fast = new Simulation({ algorithm: broadcaster(10), nodes: 2, seed });
    fast.setClockDrift(0, 0.5);
    fast.runFor(1_000);
    const slow = new Simulation({ algorithm: broadcaster(10), nodes: 2, seed });
    slow.setClockDrift(0, 2);
    slow.runFor(1_000);
    const fromZero = (sim: Simulation): number => (sim.inspect(1) as { received: [number, number][] }).received.filter(([f]) => f === 0).length;
    expect(fromZero(fast)).toBeGreaterThan(3 * fromZero(slow));
  });
});

describe('failures are runs, not crashes', () => {
  for (const api of ['Math.random', 'Date.now', 'setTimeout', 'new Date()'] as const) {
    it(`a node calling ${api} fails the run with a message naming it`, () => {
      const sim = new Simulation({ algorithm: cheater(api), nodes: 2, seed });
      sim.runFor(100);
      expect(sim.failed).toBe(true);
      const [v] = sim.check();
      expect(v?.checker).toBe('determinism');
      expect(v?.message).toContain(api);
      expect(v?.message).toMatch(/node [01] called/);
      // Outside node code the APIs still work.
      expect(typeof Math.random()).toBe('number');
      expect(Date.now()).toBeGreaterThan(0);
    });
  }

  it('a node that throws yields a failed run carrying the error', () => {
    const sim = new Simulation({ algorithm: thrower, nodes: 2, seed });
    sim.runFor(100);
    expect(sim.failed).toBe(true);
    expect(sim.seed).toBe(String(seed));
    const [v] = sim.check();
    expect(v?.checker).toBe('implementation-error');
    expect(v?.message).toMatch(/node 1 threw in onMessage at t=\d+ ms: TypeError: cannot read the thing/);
    expect(v?.nodes).toEqual([1]);
  });

  it('an endless algorithm stops at the event budget', () => {
    const sim = new Simulation({ algorithm: storm, nodes: 2, seed, eventsMax: 10_000, network: { delayMs: [0, 0] } });
    sim.runFor(1_000);
    expect(sim.failed).toBe(true);
    expect(sim.check()[0]?.message).toMatch(/event budget exceeded: 10000 events/);
  });
});
