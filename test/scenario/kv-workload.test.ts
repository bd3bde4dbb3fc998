// Proves the kv workload is explicit, valid data with unique written values, spread over
// the fault phase, and that the runner submits one operation at a time per client slot,
// each its think time after the previous one completed.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../harness/rng.ts';
import { generateWorkload, validateWorkload, workloadOpCount } from '../../harness/scenario/workload.ts';
import { buildScenario, runScenario } from '../../harness/scenario/scenario.ts';
import { primary } from '../../impls/primary/index.ts';
import { testSeed } from '../../harness/test-seed.ts';

const seed = testSeed(7, 'kv workload seed');

describe('kv workload', () => {
  it('generates the requested clients and ops, with unique written values', () => {
    const spec = generateWorkload('kv', { clients: 4, ops: 101, keyCount: 3, durationMs: 10_000 }, new Rng(seed));
    expect(validateWorkload(spec)).toBeUndefined();
    expect(spec.slots).toHaveLength(4);
    expect(workloadOpCount(spec)).toBe(101);
    const written = spec.slots.flatMap((s) => s.steps.map((st) => st.op as { f: string; value?: string })).filter((op) => op.f !== 'get').map((op) => op.value);
    expect(new Set(written).size).toBe(written.length);
    expect(spec.slots.flatMap((s) => s.steps).every((st) => st.thinkMs >= 0 && st.thinkMs <= 2 * Math.ceil((10_000 * 3) / (4 * 26)))).toBe(true);
  });

  it('rejects malformed stored workloads with a message naming the field', () => {
    expect(validateWorkload({ type: 'queue', keys: [], slots: [] })).toContain('workload.type');
    expect(validateWorkload({ type: 'kv', keys: ['k0'], slots: [{ steps: [{ thinkMs: -1, op: { f: 'get', key: 'k0' } }] }] })).toContain('slots[0].steps[0].thinkMs');
    expect(validateWorkload({ type: 'kv', keys: ['k0'], slots: [{ steps: [{ thinkMs: 1, op: { f: 'put', key: 'k0' } }] }] })).toContain('needs a string value');
  });

  it('runs one operation at a time per slot, each slot its own process', () => {
    const scenario = buildScenario({ impl: 'primary', algorithm: primary, seed, faults: { type: 'none' }, ops: 40, clients: 4, durationMs: 20_000 });
    const outcome = runScenario(scenario, primary);
    expect(outcome.verdict).toBe('ok');
    const open = new Map<number, number>();
    for (const e of outcome.history) {
      if (e.type === 'invoke') {
        expect(open.get(e.process) ?? 0).toBe(0);
        open.set(e.process, 1);
      } else open.set(e.process, 0);
    }
    // Each slot ran a prefix of its steps, in order, then its liveness probes (a get, a put of
    // a value of its own, a get of that key).
    expect(new Set(outcome.history.map((e) => e.process))).toEqual(new Set([0, 1, 2, 3]));
    let ran = 0;
    scenario.workload?.slots.forEach((slot, k) => {
      const invoked = outcome.history.filter((e) => e.type === 'invoke' && e.process === k);
      const probes = invoked.splice(-3);
      expect(probes.map((e) => [e.f, e.key, e.value])).toEqual([
        ['get', probes[0]?.key, undefined],
        ['put', probes[0]?.key, `q${k}y`],
        ['get', probes[0]?.key, undefined],
      ]);
      expect(invoked.map((e) => [e.f, e.key])).toEqual(slot.steps.slice(0, invoked.length).map((st) => [(st.op as { f: string }).f, (st.op as { key: string }).key]));
      // Each step starts exactly its think time after the previous one completed (no polling lag).
      const completed = outcome.history.filter((e) => e.type !== 'invoke' && e.process === k);
      for (let i = 1; i < invoked.length; i++) expect((invoked[i] as { time: number }).time).toBe((completed[i - 1] as { time: number }).time + (slot.steps[i] as { thinkMs: number }).thinkMs);
      ran += invoked.length;
    });
    expect(ran).toBeGreaterThan(30);
  });
});
