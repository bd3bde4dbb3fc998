// Proves the search agrees with brute-force enumeration of every real-time-respecting
// order, by fast-check over small random histories (up to 8 concurrent ops) for each
// model; that histories from a sequential execution with effects inside their intervals
// are always linearizable; and that corrupting one read gives the verdict brute force gives.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { History } from '../../../checkers/history.ts';
import { checkHistory, generateKvHistory, models, pairOperations } from '../../../checkers/linearizability.ts';
import { bruteForceLinearizable } from './brute-force.ts';
import { arbitraryHistory, flavourModel, propertySeed, type Flavour } from './histories.ts';

console.log(`linearizability properties: seed ${propertySeed} (set FAULTLINE_SEED to change)`);

function agrees(model: string, history: History): boolean {
  const m = models[model]!;
  const fast = checkHistory(history, m).verdict;
  const slow = bruteForceLinearizable(m, pairOperations(history, m).ops);
  return (fast === 'linearizable') === slow && fast !== 'unknown';
}

describe('search = brute force on small histories', () => {
  for (const flavour of ['register', 'cas-register', 'etcd', 'kv', 'kv-append'] as Flavour[]) {
    it(`${flavour}`, () => {
      const verdicts = { linearizable: 0, not: 0 };
      const model = flavourModel(flavour);
      fc.assert(
        fc.property(arbitraryHistory(flavour, 8, 20), (h) => {
          const m = models[model]!;
          const slow = bruteForceLinearizable(m, pairOperations(h, m).ops);
          verdicts[slow ? 'linearizable' : 'not']++;
          return agrees(model, h);
        }),
        { seed: propertySeed, numRuns: 1500 },
      );
      // The generator must exercise both outcomes, or the agreement proves little.
      expect(verdicts.linearizable).toBeGreaterThan(100);
      expect(verdicts.not).toBeGreaterThan(100);
    });
  }
});

describe('sequential executions', () => {
  const small = fc.record({
    seed: fc.integer(),
    ops: fc.integer({ min: 1, max: 8 }),
    keys: fc.integer({ min: 1, max: 2 }),
    clients: fc.integer({ min: 1, max: 5 }),
    infoPerMille: fc.constantFrom(0, 200, 500),
  });

  it('are always linearizable (effect point inside each interval)', () => {
    fc.assert(
      fc.property(small, (o) => checkHistory(generateKvHistory(o), models.kv!).verdict === 'linearizable'),
      { seed: propertySeed, numRuns: 1000 },
    );
  });

  it('with one corrupted get: verdict as brute force decides', () => {
    const corrupted = small.chain((o) => {
      const h = generateKvHistory(o);
      const gets = h.map((e, i) => (e.type === 'ok' && e.f === 'get' ? i : -1)).filter((i) => i >= 0);
      return fc.tuple(fc.constant(h), fc.constantFrom(-1, ...gets), fc.constantFrom('', 'x 0 0 y', 'x 1 1 y', 'zz'));
    });
    fc.assert(
      fc.property(corrupted, ([h, index, value]) => {
        const copy = h.map((e) => ({ ...e }));
        if (index >= 0) copy[index]!.value = value;
        return agrees('kv', copy);
      }),
      { seed: propertySeed, numRuns: 1000 },
    );
  });

  it('a get of a value nobody wrote is never linearizable', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const h = generateKvHistory({ seed, ops: 8, keys: 2, clients: 4, corruptGet: true });
        const hasGet = h.some((e) => e.type === 'ok' && e.f === 'get');
        return !hasGet || checkHistory(h, models.kv!).verdict === 'not_linearizable';
      }),
      { seed: propertySeed, numRuns: 300 },
    );
  });

  it('brute-force reference sanity: a stale read after a completed write is caught', () => {
    const h: History = [
      { type: 'invoke', process: 0, time: 0, f: 'put', key: 'k', value: 'a' },
      { type: 'ok', process: 0, time: 1, f: 'put', key: 'k' },
      { type: 'invoke', process: 1, time: 2, f: 'get', key: 'k' },
      { type: 'ok', process: 1, time: 3, f: 'get', key: 'k', value: '' },
    ];
    expect(bruteForceLinearizable(models.kv!, pairOperations(h, models.kv!).ops)).toBe(false);
    expect(checkHistory(h, models.kv!).verdict).toBe('not_linearizable');
  });
});
