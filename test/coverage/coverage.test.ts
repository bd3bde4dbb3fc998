// Proves the coverage of a run is a function of the run and says what it claims to: the
// cached state abstraction equals a plain recomputation from every node's latest snapshot
// (a property test over drawn snapshot sequences), the same run gives the same points, a
// delivery from an older term is a different feature from one of the same term, a node's
// ctx.cover(label) adds a point, and collecting never changes the trace.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StateAbstraction, emptyAbstract, relate } from '../../harness/coverage/abstract-state.ts';
import { CoverageCollector } from '../../harness/coverage/collector.ts';
import { hashString } from '../../harness/coverage/hash.ts';
import { buildScenario, runScenario, scenarioWith } from '../../harness/scenario/scenario.ts';
import { testSeed } from '../../harness/test-seed.ts';
import type { Algorithm, Observation } from '../../harness/types.ts';
import { raft } from '../../impls/raft/index.ts';

const seed = testSeed(3, 'coverage seed');

type Snapshot = { role: string; term: number; ballot: { round: number; node: number }; log: number[]; flag: boolean; hint: number | null };

/** The abstraction by its definition, with no caching: each field against every peer's latest snapshot. */
function reference(node: number, s: Snapshot, latest: (Snapshot | undefined)[]): number[] {
  const rank = (own: number | number[], key: 'term' | 'ballot'): number => {
    let above = 0;
    let level = 0;
    let below = 0;
    latest.forEach((other, peer) => {
      if (peer === node || other === undefined) return;
      const theirs = key === 'term' ? other.term : [other.ballot.round, other.ballot.node];
      const a = typeof own === 'number' ? [own] : own;
      const b = typeof theirs === 'number' ? [theirs] : theirs;
      let c = 0;
      for (let i = 0; i < Math.min(a.length, b.length) && c === 0; i++) c = Math.sign((a[i] as number) - (b[i] as number));
      if (c > 0) above++;
      else if (c === 0) level++;
      else below++;
    });
    const zero = (typeof own === 'number' ? own === 0 : own.every((x) => x === 0)) ? 100 : 0;
    if (above + level + below === 0) return 10 + zero;
    if (below === 0) return (above > 0 && level === 0 ? 20 : 21) + zero;
    if (above === 0 && level === 0) return 22 + zero;
    return 23 + zero;
  };
  const size = (n: number): number => 40 + (n <= 0 ? 0 : 32 - Math.clz32(n));
  return [hashString(s.role), rank(s.term, 'term'), rank([s.ballot.round, s.ballot.node], 'ballot'), size(s.log.length), s.flag ? 1 : 2, s.hint === null ? 3 : rank(s.hint, 'term' as never)];
}

describe('coverage', () => {
  it('the cached state abstraction equals a plain recomputation, for any sequence of snapshots', () => {
    const nodes = 4;
    const arbSnapshot = fc.record({
      role: fc.constantFrom('leader', 'follower', 'candidate'),
      term: fc.integer({ min: 0, max: 3 }),
      ballot: fc.record({ round: fc.integer({ min: 0, max: 2 }), node: fc.integer({ min: 0, max: 3 }) }),
      log: fc.array(fc.integer(), { maxLength: 9 }),
      flag: fc.boolean(),
      hint: fc.constant(null),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: nodes - 1 }), arbSnapshot, fc.boolean()), { minLength: 1, maxLength: 60 }), (steps) => {
        const abstraction = new StateAbstraction(nodes);
        const latest: (Snapshot | undefined)[] = new Array(nodes).fill(undefined);
        const out = emptyAbstract();
        let previous: Snapshot | undefined;
        for (const [node, drawn, reuse] of steps) {
          // Sometimes the very same object again, or one that shares its parts: the caches' cases.
          const snapshot: Snapshot = reuse && previous !== undefined ? { ...previous, term: drawn.term } : drawn;
          previous = snapshot;
          latest[node] = snapshot;
          abstraction.abstractInto(node, snapshot, out);
          expect([...out.codes.slice(0, out.length)]).toEqual(reference(node, snapshot, latest));
        }
      }),
      { numRuns: 200, seed },
    );
  });

  it('relates a message field to the receiver’s: older, same, newer', () => {
    expect([relate(1, 2), relate(2, 2), relate(3, 2)]).toEqual([0, 1, 2]);
    expect(relate({ round: 1, node: 4 }, { round: 2, node: 0 })).toBe(0);
    expect(relate('x', 2)).toBeUndefined();
  });

  it('gives the same points for the same run, and collecting leaves the trace alone', () => {
    const scenario = buildScenario({ impl: 'raft', algorithm: raft, seed, ops: 40, durationMs: 8_000 });
    const a = runScenario(scenario, raft, { coverage: true });
    const b = runScenario(scenario, raft, { coverage: true });
    const plain = runScenario(scenario, raft);
    expect(a.coverage?.points.length).toBeGreaterThan(100);
    expect(a.coverage?.points).toEqual(b.coverage?.points);
    expect(a.traceHash).toBe(plain.traceHash);
  });

  it('tells a delivery from an older term from one of the same term', () => {
    const points = (msgTerm: number): number[] => {
      const c = new CoverageCollector(2);
      const obs: Observation[] = [
        { type: 'node_state', timeMs: 1, node: 0, incarnation: 0, state: { role: 'leader', term: 3 } },
        { type: 'node_state', timeMs: 1, node: 1, incarnation: 0, state: { role: 'follower', term: 3 } },
        { type: 'deliver', timeMs: 2, from: 1, to: 0, msg: { type: 'reply', term: msgTerm }, msgId: 1, sentMs: 1, duplicate: false },
      ];
      for (const o of obs) c.observe(o);
      return c.finish([]).points;
    };
    const same = points(3);
    const older = points(2);
    expect(older).not.toEqual(same);
    expect(older.filter((p) => !same.includes(p)).length).toBeGreaterThan(0);
    const landmarks = (() => {
      const c = new CoverageCollector(2);
      c.observe({ type: 'node_state', timeMs: 1, node: 0, incarnation: 0, state: { role: 'leader', term: 3 } });
      c.observe({ type: 'deliver', timeMs: 7, from: 1, to: 0, msg: { type: 'reply', term: 2 }, msgId: 1, sentMs: 1, duplicate: false });
      return c.finish([]).landmarks;
    })();
    // An older-term delivery is a moment an aimed mutation may send an operation at.
    expect(landmarks.anomalies).toEqual([{ timeMs: 7, node: 0 }]);
  });

  it('counts a node’s ctx.cover(label) as a point of its own', () => {
    const marker = (label: string | undefined): Algorithm<never, { role: string }> => ({
      name: 'marker',
      createNode: (ctx) => ({
        start: () => {
          if (label !== undefined) ctx.cover(label);
        },
        onMessage: () => {},
        onTimer: () => {},
        onRequest: () => {},
        inspect: () => ({ role: 'follower' }),
      }),
    });
    const run = (label: string | undefined) => {
      const algorithm = marker(label);
      return runScenario(scenarioWith({ impl: 'marker', algorithm, seed, nodes: 2, durationMs: 100, faultPlan: [] }), algorithm, { coverage: true });
    };
    const without = run(undefined).coverage?.points ?? [];
    const withLabel = run('read served in a new term').coverage?.points ?? [];
    expect(withLabel.length).toBeGreaterThan(without.length);
    expect(run('another label').coverage?.points).not.toEqual(withLabel);
  });
});
