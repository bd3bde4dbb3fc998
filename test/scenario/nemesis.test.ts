// Proves the swarm nemesis is a pure function of the seed, stays inside the fault model
// unless asked, and yields valid plans; checked over many seeds (from FAULTLINE_SEED).
import { describe, expect, it } from 'vitest';
import { Rng } from '../../harness/rng.ts';
import { drawFaultPlan, drawSwarm, formatSwarm, parseFaultSelection, swarmKinds, type FaultSelection } from '../../harness/scenario/nemesis.ts';
import { validateFaultPlan } from '../../harness/scenario/fault-plan.ts';
import { testSeed } from '../../harness/test-seed.ts';

const base = testSeed(1000, 'nemesis seeds start');

function draw(seed: number, selection: FaultSelection, nodes = 5, durationMs = 60_000) {
  const rng = new Rng(seed);
  const swarm = drawSwarm(selection, rng.fork('swarm'), durationMs);
  return { swarm, plan: drawFaultPlan(swarm, rng.fork('faults'), nodes, durationMs) };
}

describe('swarm nemesis', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = draw(base, { type: 'swarm' });
    expect(draw(base, { type: 'swarm' })).toEqual(a);
    const others = Array.from({ length: 10 }, (_, i) => JSON.stringify(draw(base + 1 + i, { type: 'swarm' }).swarm.enabled.map((c) => c.kind)));
    expect(new Set(others).size).toBeGreaterThan(3);
  });

  it('draws valid plans within the fault phase, never the lying disk', () => {
    for (let seed = base; seed < base + 200; seed++) {
      const { swarm, plan } = draw(seed, { type: 'swarm' }, 1 + (seed % 7));
      expect(validateFaultPlan(plan, 1 + (seed % 7))).toBeUndefined();
      expect(swarm.enabled.length).toBeGreaterThan(0);
      for (const e of plan) {
        expect(e.type).not.toBe('disk_no_sync');
        expect(e.atMs + e.durationMs).toBeLessThanOrEqual(60_000);
      }
    }
  });

  it('turns on exactly the kinds of a --faults list', () => {
    const parsed = parseFaultSelection('crash,drop');
    expect(parsed.type).toBe('ok');
    if (parsed.type !== 'ok') return;
    const { swarm, plan } = draw(base, parsed.selection);
    expect(swarm.enabled.map((c) => c.kind)).toEqual(['crash', 'drop']);
    expect(new Set(plan.map((e) => e.type))).toEqual(new Set(['crash', 'network']));
  });

  it('parses none, swarm, groups, and rejects unknown kinds', () => {
    expect(parseFaultSelection('none')).toEqual({ type: 'ok', selection: { type: 'none' } });
    expect(draw(base, { type: 'none' }).plan).toEqual([]);
    const group = parseFaultSelection('network');
    expect(group.type === 'ok' && group.selection.type === 'list' && group.selection.kinds).toEqual(['drop', 'duplicate', 'delay']);
    const bad = parseFaultSelection('crash,teleport');
    expect(bad.type).toBe('error');
    expect(bad.type === 'error' && bad.message).toContain('unknown fault kind "teleport"');
  });

  it('prints the swarm configuration as a block with every pool kind', () => {
    const text = formatSwarm(draw(base, { type: 'swarm' }).swarm);
    expect(text.split('\n')[0]).toBe('swarm:');
    for (const kind of swarmKinds) expect(text).toContain(kind);
  });
});
