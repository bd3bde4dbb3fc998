// Proves the fault driver plays plans as written: leader targets resolve through
// inspect().role at fault time (and the log says to which node), overlapping windows
// compose, the majorities ring leaves every node a majority, a message window hits its
// kind (and link) only, and healAll undoes it all.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../harness/simulation.ts';
import { defaultNetwork } from '../../harness/network.ts';
import { FaultDriver } from '../../harness/scenario/fault-driver.ts';
import type { FaultPlan } from '../../harness/scenario/fault-plan.ts';
import { runScenario, scenarioWith } from '../../harness/scenario/scenario.ts';
import type { Algorithm } from '../../harness/types.ts';
import { testSeed } from '../../harness/test-seed.ts';

const seed = testSeed(11, 'fault driver seed');

/** Node `leader` says it leads; every node pings every other every 10 ms. */
function fixedLeader(leader: number): Algorithm<{ n: number }, { role: string }> {
  return {
    name: 'fixed-leader',
    createNode: (ctx) => {
      const tick = (): void => {
        for (const p of ctx.peers) if (p !== ctx.id) ctx.send(p, { n: 1 });
        ctx.setTimer('tick', 10);
      };
      return { start: tick, onMessage: () => {}, onTimer: tick, onRequest: () => {}, inspect: () => ({ role: ctx.id === leader ? 'leader' : 'follower' }) };
    },
  };
}

function run(plan: FaultPlan, nodes = 5) {
  const algorithm = fixedLeader(3);
  return runScenario(scenarioWith({ impl: 'fixed-leader', algorithm, seed, nodes, durationMs: 3_000, faultPlan: plan }), algorithm, { recordTrace: true });
}

describe('fault driver', () => {
  it('aims a leader fault at the node whose inspect() says leader, and logs it', () => {
    const outcome = run([{ type: 'crash', atMs: 1_000, durationMs: 500, node: 'leader' }]);
    expect(outcome.faultLog.map((e) => e.text)).toEqual(['crash leader @1000ms+500ms: leader is node 3']);
    const lifecycle = (outcome.trace ?? []).filter((e) => e.type === 'crash' || e.type === 'restart').map((e) => [e.type, e.timeMs, 'node' in e ? e.node : -1]);
    expect(lifecycle).toEqual([
      ['crash', 1_000, 3],
      ['restart', 1_500, 3],
    ]);
  });

  it('keeps a node down until the last overlapping crash window closes', () => {
    const outcome = run([
      { type: 'crash', atMs: 100, durationMs: 400, node: 1 },
      { type: 'crash', atMs: 300, durationMs: 400, node: 1 },
    ]);
    const restarts = (outcome.trace ?? []).filter((e) => e.type === 'restart').map((e) => e.timeMs);
    expect(restarts).toEqual([700]);
  });

  it('cuts a majorities ring so that every node still reaches a majority, and no two the same one', () => {
    const n = 5;
    const outcome = run([{ type: 'ring', atMs: 100, durationMs: 200, order: [4, 2, 0, 3, 1] }], n);
    const cuts = (outcome.trace ?? []).filter((e) => e.type === 'partition' && e.timeMs === 100).map((e) => (e.type === 'partition' ? e.description : ''));
    const blocked = new Set(cuts);
    const views = Array.from({ length: n }, (_, a) => [...Array(n).keys()].filter((b) => b === a || !blocked.has(`${a}->${b}`)).join(','));
    for (const view of views) expect(view.split(',').length).toBeGreaterThanOrEqual(3);
    expect(new Set(views).size).toBe(n);
    expect((outcome.trace ?? []).some((e) => e.type === 'heal' && e.timeMs === 300)).toBe(true);
  });

  it('drops, within a message window, only messages of its kind on its link', () => {
    type Msg = { type: 'ping' | 'pong' };
    const talker: Algorithm<Msg, { role: string }> = {
      name: 'talker',
      createNode: (ctx) => {
        const tick = (): void => {
          for (const p of ctx.peers) if (p !== ctx.id) ctx.send(p, { type: ctx.id === 0 ? 'ping' : 'pong' });
          ctx.setTimer('tick', 10);
        };
        return { start: tick, onMessage: () => {}, onTimer: tick, onRequest: () => {}, inspect: () => ({ role: 'follower' }) };
      },
    };
    const scenario = scenarioWith({ impl: 'talker', algorithm: talker, seed, nodes: 3, durationMs: 2_000, faultPlan: [{ type: 'message', atMs: 500, durationMs: 1_000, kind: 'ping', to: 1, dropRate: 1 }] });
    const trace = runScenario(scenario, talker, { recordTrace: true }).trace ?? [];
    const sent = new Map<number, { from: number; to: number; kind: string; timeMs: number }>();
    for (const e of trace) if (e.type === 'send') sent.set(e.msgId, { from: e.from, to: e.to, kind: (e.msg as Msg).type, timeMs: e.timeMs });
    const lost = trace.filter((e) => e.type === 'drop' && e.reason === 'loss').map((e) => sent.get(e.type === 'drop' ? e.msgId : -1));
    expect(lost.length).toBeGreaterThan(50);
    // Every loss is a ping to node 1 sent inside the window; nothing else was lost.
    for (const m of lost) {
      expect(m).toMatchObject({ from: 0, to: 1, kind: 'ping' });
      expect(m?.timeMs).toBeGreaterThanOrEqual(500);
      expect(m?.timeMs).toBeLessThan(1_500);
    }
    const pingsToTwo = [...sent.values()].filter((m) => m.kind === 'ping' && m.to === 2 && m.timeMs >= 500 && m.timeMs < 1_500);
    expect(pingsToTwo.length).toBeGreaterThan(50);
  });

  it('heals everything at the end of the fault phase', () => {
    const algorithm = fixedLeader(0);
    const sim = new Simulation({ algorithm, nodes: 5, seed });
    const plan: FaultPlan = [
      { type: 'partition', atMs: 10, durationMs: 10_000, groups: [[0, 1], [2, 3, 4]] },
      { type: 'crash', atMs: 20, durationMs: 10_000, node: 2 },
      { type: 'pause', atMs: 30, durationMs: 10_000, node: 3 },
      { type: 'clock_drift', atMs: 40, durationMs: 10_000, node: 4, factor: 4 },
      { type: 'network', atMs: 50, durationMs: 10_000, dropRate: 0.5, delayMs: [100, 1_000] },
      { type: 'disk_no_sync', atMs: 60, durationMs: 10_000, node: 1 },
    ];
    const driver = new FaultDriver(sim, plan, defaultNetwork, 1_000);
    driver.schedule();
    sim.runFor(1_000);
    expect(sim.networkHealed).toBe(false);
    expect(sim.isUp(2)).toBe(false);
    expect(sim.isPaused(3)).toBe(true);
    driver.healAll();
    expect(sim.networkHealed).toBe(true);
    for (let id = 0; id < 5; id++) {
      expect(sim.isUp(id)).toBe(true);
      expect(sim.isPaused(id)).toBe(false);
    }
    expect(sim.networkConfig).toEqual(defaultNetwork);
  });
});
