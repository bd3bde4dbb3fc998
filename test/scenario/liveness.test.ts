// Proves each step of the liveness phase fails the run when, and only when, its property
// breaks: test-only algorithms that go quiet after a restart (pending operations give up on
// a healed cluster), that stop answering at the heal (probes), whose backup stops applying
// after a restart (replicas never converge), and whose leader rotates or never emerges
// (no stable leader) each fail with checker 'liveness' naming what and where; the correct
// primary passes the same scenarios, and the share of operations that gave up during the
// faults is reported.
import { describe, expect, it } from 'vitest';
import { runScenario, scenarioWith } from '../../harness/scenario/scenario.ts';
import { generateWorkload } from '../../harness/scenario/workload.ts';
import { Rng } from '../../harness/rng.ts';
import type { FaultPlan } from '../../harness/scenario/fault-plan.ts';
import type { Algorithm, NodeContext } from '../../harness/types.ts';
import { KvStore, isKvOp } from '../../impls/shared/kv-store.ts';
import { primary } from '../../impls/primary/index.ts';
import { testSeed } from '../../harness/test-seed.ts';

const seed = testSeed(5, 'liveness seed');
const durationMs = 5_000;

/** Node 0 serves every request from a kv store; `serve` decides whether it answers this one. */
function singleServer(name: string, serve: (ctx: NodeContext<never>, restarted: boolean) => boolean): Algorithm<never, { role: string }> {
  return {
    name,
    workload: 'kv',
    defaults: { electionTimeoutMs: 100 },
    createNode: (ctx) => {
      const store = new KvStore();
      let index = 0;
      let restarted = false;
      return {
        start: () => {
          restarted = ctx.disk.read('booted') === true;
          ctx.disk.write('booted', true);
          ctx.disk.sync();
        },
        onMessage: () => {},
        onTimer: () => {},
        onRequest: (req) => {
          if (ctx.id !== 0) return ctx.reply(req.id, { type: 'not_leader', leaderHint: 0 });
          if (!serve(ctx, restarted) || !isKvOp(req.op)) return;
          const command = { type: 'client' as const, request: { ...req, op: req.op } };
          const outcome = store.apply(command);
          ctx.apply(++index, command, outcome.effect);
          if (outcome.result) ctx.reply(req.id, outcome.result);
        },
        inspect: () => ({ role: ctx.id === 0 ? 'leader' : 'follower' }),
      };
    },
  };
}

/** Answers until its first restart, then never again. */
const sulky = singleServer('sulky', (_ctx, restarted) => !restarted);
/** Answers everything sent before the heal, nothing after it. */
const quitter = singleServer('quitter', (ctx) => ctx.now() < durationMs);

type CopyMsg = { index: number };

/** Node 0 serves and copies each applied index to every backup; backup 2 stops applying after it restarts. */
const forgetfulBackup: Algorithm<CopyMsg, { role: string }> = {
  name: 'forgetful-backup',
  workload: 'kv',
  defaults: { electionTimeoutMs: 100 },
  createNode: (ctx) => {
    const store = new KvStore();
    let index = 0;
    let restarted = false;
    return {
      start: () => {
        restarted = ctx.disk.read('booted') === true;
        ctx.disk.write('booted', true);
        ctx.disk.sync();
        index = 0;
      },
      onMessage: (_from, msg) => {
        if (ctx.id === 2 && restarted) return;
        // A backup takes the primary's position (a restarted one catches up from it).
        for (let i = index + 1; i <= msg.index; i++) ctx.apply(i, { copy: i });
        index = Math.max(index, msg.index);
      },
      onTimer: () => {
        for (const p of ctx.peers) if (p !== 0) ctx.send(p, { index });
        ctx.setTimer('copy', 20);
      },
      onRequest: (req) => {
        if (ctx.id !== 0) return ctx.reply(req.id, { type: 'not_leader', leaderHint: 0 });
        if (!isKvOp(req.op)) return;
        const outcome = store.apply({ type: 'client', request: { ...req, op: req.op } });
        if (ctx.peers.length > 0 && index === 0) ctx.setTimer('copy', 20);
        index++;
        ctx.apply(index, { copy: index }, outcome.effect);
        if (outcome.result) ctx.reply(req.id, outcome.result);
      },
      inspect: () => ({ role: ctx.id === 0 ? 'leader' : 'follower' }),
    };
  },
};

/** Node 0 serves and copies its position to the backups only while it serves a request. */
const copyOnWrite: Algorithm<CopyMsg, { role: string }> = {
  name: 'copy-on-write',
  workload: 'kv',
  defaults: { electionTimeoutMs: 100 },
  createNode: (ctx) => {
    const store = new KvStore();
    let index = 0;
    return {
      start: () => {},
      onMessage: (_from, msg) => {
        for (let i = index + 1; i <= msg.index; i++) ctx.apply(i, { copy: i });
        index = Math.max(index, msg.index);
      },
      onTimer: () => {},
      onRequest: (req) => {
        if (ctx.id !== 0) return ctx.reply(req.id, { type: 'not_leader', leaderHint: 0 });
        if (!isKvOp(req.op)) return;
        const outcome = store.apply({ type: 'client', request: { ...req, op: req.op } });
        index++;
        ctx.apply(index, { copy: index }, outcome.effect);
        for (const p of ctx.peers) if (p !== 0) ctx.send(p, { index });
        if (outcome.result) ctx.reply(req.id, outcome.result);
      },
      inspect: () => ({ role: ctx.id === 0 ? 'leader' : 'follower' }),
    };
  },
};

/** No kv; the leader role moves to the next node every 300 ms (or, `nobody`, never exists). */
function rotating(nobody: boolean): Algorithm<never, { role: string; term: number }> {
  return {
    name: nobody ? 'leaderless' : 'rotating',
    defaults: { electionTimeoutMs: 100 },
    createNode: (ctx) => {
      const term = (): number => Math.floor(ctx.now() / 300);
      const tick = (): void => ctx.setTimer('tick', 50);
      return {
        start: tick,
        onMessage: () => {},
        onTimer: tick,
        onRequest: () => {},
        inspect: () => ({ role: !nobody && term() % ctx.peers.length === ctx.id ? 'leader' : 'follower', term: term() }),
      };
    },
  };
}

const crashNode0: FaultPlan = [{ type: 'crash', atMs: 2_000, durationMs: 500, node: 0 }];

function scenarioFor(algorithm: Algorithm, plan: FaultPlan = crashNode0) {
  const workload = algorithm.workload === undefined ? undefined : generateWorkload('kv', { clients: 3, ops: 30, keyCount: 2, durationMs }, new Rng(seed));
  return scenarioWith({ impl: algorithm.name, algorithm, seed, nodes: 3, durationMs, faultPlan: plan, workload });
}

function livenessOf(algorithm: Algorithm, plan?: FaultPlan) {
  const outcome = runScenario(scenarioFor(algorithm, plan), algorithm);
  return { outcome, liveness: outcome.violations.filter((v) => v.checker === 'liveness') };
}

describe('liveness phase', () => {
  it('fails operations that give up on the healed cluster, though the client renewed their budget', () => {
    const { liveness } = livenessOf(sulky);
    expect(liveness).toHaveLength(1);
    expect(liveness[0]?.message).toMatch(/^no progress after heal: \d+ operation\(s\) pending when the cluster healed at t=5000 ms got no answer from it/);
    expect(liveness[0]?.message).toMatch(/gave up at t=\d+ ms/);
  });

  it('fails probes that get no answer: one of each operation kind per client', () => {
    const { outcome, liveness } = livenessOf(quitter, []);
    expect(liveness).toHaveLength(1);
    expect(liveness[0]?.message).toMatch(/^no progress after heal: 3 of 3 probe operation\(s\) got no answer .*healed at t=5000 ms/);
    // Each client's probes go one after the other: the write follows only once the first read is answered.
    const probes = outcome.history.filter((e) => e.type === 'invoke' && e.time >= durationMs);
    expect(probes.map((e) => e.f)).toEqual(['get', 'get', 'get']);
  });

  it('fails replicas that never converge after the heal, naming the node behind', () => {
    const { liveness } = livenessOf(forgetfulBackup, [{ type: 'crash', atMs: 2_000, durationMs: 500, node: 2 }]);
    expect(liveness).toHaveLength(1);
    expect(liveness[0]?.message).toMatch(/^replicas did not converge after heal \(with no new operation\): .*node 2 had applied through index 0, while node 0, node 1 reached \d+/);
    expect(liveness[0]?.nodes).toEqual([2]);
  });

  it('fails backups that catch up only when a new write carries them, before any probe writes', () => {
    // The primary copies its position only while it serves a request: a backup cut off from
    // the last copies stays behind on a quiet, healed cluster.
    const { liveness } = livenessOf(copyOnWrite, [{ type: 'isolate', atMs: 3_000, durationMs: 2_000, node: 1 }]);
    expect(liveness).toHaveLength(1);
    expect(liveness[0]?.message).toMatch(/^replicas did not converge after heal \(with no new operation\): .*node 1 had applied through index \d+/);
  });

  it('passes the same backups when none of them forgets', () => {
    const { liveness } = livenessOf(forgetfulBackup, [{ type: 'crash', atMs: 2_000, durationMs: 500, node: 1 }]);
    expect(liveness).toEqual([]);
  });

  it('fails a leader that does not keep its role, and a cluster where none emerges', () => {
    const moving = livenessOf(rotating(false), []).liveness;
    expect(moving).toHaveLength(1);
    expect(moving[0]?.message).toMatch(/^no stable leader after heal: within 1000 ms \(10 election timeouts of 100 ms\) .* no leader kept its role for 1000 ms: the last leader did not stay: node \d led in epoch \d+ from t=\d+ ms, but (it became follower|node \d became leader \(epoch \d+\)) at t=\d+ ms/);
    const none = livenessOf(rotating(true), []).liveness;
    expect(none).toHaveLength(1);
    expect(none[0]?.message).toMatch(/^no stable leader after heal: within 1000 ms .* no node leads$/);
  });

  it('passes the correct primary, and reports what gave up during the faults', () => {
    const { outcome } = livenessOf(primary, [{ type: 'isolate', atMs: 1_000, durationMs: 3_500, node: 0 }]);
    expect(outcome.violations).toEqual([]);
    const report = outcome.liveness;
    expect(report?.opsInFaultPhase).toBeGreaterThan(0);
    expect(report?.opsGaveUpInFaultPhase).toBeLessThanOrEqual(report?.opsInFaultPhase ?? 0);
    expect(report?.leader?.node).toBe(0);
  });
});
