// Proves the liveness phase: after the heal every pending operation must complete and a
// fresh probe per client must succeed; a test-only algorithm that stops answering after
// its first restart fails with checker 'liveness', and the correct primary passes.
import { describe, expect, it } from 'vitest';
import { runScenario, scenarioWith } from '../../harness/scenario/scenario.ts';
import { generateWorkload } from '../../harness/scenario/workload.ts';
import { Rng } from '../../harness/rng.ts';
import type { FaultPlan } from '../../harness/scenario/fault-plan.ts';
import type { Algorithm } from '../../harness/types.ts';
import { KvStore, isKvOp } from '../../impls/shared/kv-store.ts';
import { primary } from '../../impls/primary/index.ts';
import { testSeed } from '../../harness/test-seed.ts';

const seed = testSeed(5, 'liveness seed');

/** Node 0 serves every request, until it has been restarted once: then it never answers again. */
const sulky: Algorithm<never, { role: string }> = {
  name: 'sulky',
  workload: 'kv',
  createNode: (ctx) => {
    const store = new KvStore();
    let index = 0;
    let sulking = false;
    return {
      start: () => {
        sulking = ctx.disk.read('booted') === true;
        ctx.disk.write('booted', true);
        ctx.disk.sync();
      },
      onMessage: () => {},
      onTimer: () => {},
      onRequest: (req) => {
        if (ctx.id !== 0) return ctx.reply(req.id, { type: 'not_leader', leaderHint: 0 });
        if (sulking || !isKvOp(req.op)) return;
        const command = { type: 'client' as const, request: { ...req, op: req.op } };
        const outcome = store.apply(command);
        ctx.apply(++index, command, outcome.effect);
        if (outcome.result) ctx.reply(req.id, outcome.result);
      },
      inspect: () => ({ role: ctx.id === 0 ? 'leader' : 'follower' }),
    };
  },
};

const plan: FaultPlan = [{ type: 'crash', atMs: 2_000, durationMs: 500, node: 0 }];

function scenarioFor(algorithm: Algorithm) {
  const workload = generateWorkload('kv', { clients: 3, ops: 30, keyCount: 2, durationMs: 5_000 }, new Rng(seed));
  return scenarioWith({ impl: algorithm.name, algorithm, seed, nodes: 3, durationMs: 5_000, faultPlan: plan, workload });
}

describe('liveness phase', () => {
  it('fails an algorithm that never answers after the heal, naming the stuck operations', () => {
    const outcome = runScenario(scenarioFor(sulky), sulky);
    const liveness = outcome.violations.filter((v) => v.checker === 'liveness');
    expect(liveness).toHaveLength(1);
    expect(liveness[0]?.message).toMatch(/^no progress after heal: /);
    expect(liveness[0]?.message).toContain('healed at t=5000 ms');
  });

  it('passes the correct primary under the same faults', () => {
    const outcome = runScenario(scenarioFor(primary), primary);
    expect(outcome.violations).toEqual([]);
  });
});
