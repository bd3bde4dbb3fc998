// Proves each k-means checker on hand-made coordinator snapshots: it accepts a run that
// follows the sequential reference exactly and flags one planted defect each (centroids
// off by 1e-6, an extra iteration, a risen objective, a wrong count, a coordinator that
// goes back or forgets it finished, a job never finished), so none of them is vacuous.

import { describe, expect, it } from 'vitest';
import {
  ReferenceRun,
  kmeansCheckers,
  kmeansCountsChecker,
  kmeansObjectiveChecker,
  kmeansProgressChecker,
  kmeansSequentialChecker,
  kmeansTerminationChecker,
  type CoordinatorView,
} from '../../../checkers/kmeans/index.ts';
import type { Checker, Observation, RunEnd, Violation } from '../../../checkers/types.ts';
import { defaultSpec } from '../../../impls/kmeans/spec.ts';
import { datasetFor } from '../../../impls/kmeans/dataset.ts';

const spec = defaultSpec;
const points = datasetFor(spec).points;
const initial = [0, 400, 800, 1200, 1600].map((i) => Array.from(points.subarray(i * spec.dims, (i + 1) * spec.dims)));
const reference = new ReferenceRun(spec, initial);
const stop = reference.stop();

/** The coordinator's snapshot after `t` correct steps. */
function view(t: number): CoordinatorView {
  const done = t === stop.iteration;
  return {
    spec,
    iteration: t,
    centroids: reference.centroidsAt(t) as number[][],
    initialCentroids: initial,
    objectives: Array.from({ length: t }, (_, i) => reference.costAt(i) as number),
    countsTotals: Array.from({ length: t }, () => spec.pointCount),
    done,
    status: done ? stop.status : 'running',
  };
}

function observation(state: CoordinatorView | { role: 'worker' }, timeMs: number, incarnation = 0): Observation {
  const payload = 'spec' in state ? { role: 'coordinator', ...state } : state;
  return { type: 'node_state', timeMs, node: 0, incarnation, state: payload };
}

const end: RunEnd = { timeMs: 1_000, nodeCount: 4, history: [], applied: [], submitted: new Map() };

/** Feeds snapshots to a fresh instance; returns every violation, finish() included. */
function judge(checker: Checker, states: readonly (CoordinatorView | { role: 'worker' })[], incarnations?: readonly number[]): Violation[] {
  const instance = checker.create({ nodeCount: 4 });
  const out: Violation[] = [];
  states.forEach((s, i) => out.push(...(instance.observe?.(observation(s, i * 10, incarnations?.[i] ?? 0)) ?? [])));
  out.push(...(instance.finish?.(end) ?? []));
  return out;
}

const correctRun = Array.from({ length: stop.iteration + 1 }, (_, t) => view(t));

describe('kmeans checkers', () => {
  it('the reference run converges within the iteration bound', () => {
    expect(stop.iteration).toBeGreaterThan(1);
    expect(stop.iteration).toBeLessThanOrEqual(spec.iterationsMax);
  });

  it('are all quiet on a correct run, worker snapshots mixed in', () => {
    const states = correctRun.flatMap((v) => [v, { role: 'worker' as const }]);
    for (const checker of kmeansCheckers) expect(judge(checker, states), checker.name).toEqual([]);
  });

  it('kmeans-sequential flags centroids off by 1e-6 and a run past the sequential stop', () => {
    const off = view(2);
    const nudged = off.centroids.map((c, k) => (k === 1 ? c.map((x, d) => (d === 0 ? x + 1e-6 : x)) : c));
    const found = judge(kmeansSequentialChecker, [view(0), view(1), { ...off, centroids: nudged }]);
    expect(found.map((v) => v.checker)).toEqual(['kmeans-sequential']);
    expect(found[0]?.message).toMatch(/after iteration 2 differ/);
    const last = view(stop.iteration);
    const beyond = { ...last, iteration: stop.iteration + 1, done: false, status: 'running' as const };
    expect(judge(kmeansSequentialChecker, [last, beyond])[0]?.message).toMatch(/sequential run stops/);
    const early = { ...view(1), done: true, status: 'converged' as const };
    expect(judge(kmeansSequentialChecker, [early])[0]?.message).toMatch(/stopped \(converged\) at iteration 1/);
  });

  it('kmeans-sequential flags a wrong objective value', () => {
    const v = view(3);
    const objectives = v.objectives.map((o, i) => (i === 1 ? o * 1.001 : o));
    expect(judge(kmeansSequentialChecker, [{ ...v, objectives }])[0]?.message).toMatch(/objective of iteration 1/);
  });

  it('kmeans-objective flags an objective that rises, and tolerates noise below 1e-9', () => {
    const v = view(3);
    const risen = [v.objectives[0] as number, (v.objectives[0] as number) * 1.01, v.objectives[2] as number];
    expect(judge(kmeansObjectiveChecker, [{ ...v, objectives: risen }])[0]?.message).toMatch(/rose from .* at iteration 0/);
    const noise = [100, 100 * (1 + 1e-12), 50];
    expect(judge(kmeansObjectiveChecker, [{ ...v, objectives: noise }])).toEqual([]);
  });

  it('kmeans-counts flags an iteration that did not count every point once', () => {
    const v = view(3);
    expect(judge(kmeansCountsChecker, [{ ...v, countsTotals: [spec.pointCount, spec.pointCount + 1, spec.pointCount] }])[0]?.message).toMatch(
      /iteration 1 counted 2004 points, the data set has 2003/,
    );
  });

  it('kmeans-progress flags going back, un-finishing, and new initial centroids', () => {
    expect(judge(kmeansProgressChecker, [view(3), view(1)], [0, 1])[0]?.message).toMatch(/went back from iteration 3 to 1/);
    const last = view(stop.iteration);
    expect(judge(kmeansProgressChecker, [last, { ...last, done: false, status: 'running' }])[0]?.message).toMatch(/finished .* then ran again/);
    const moved = initial.map((c) => c.map((x) => x + 1));
    expect(judge(kmeansProgressChecker, [view(0), { ...view(1), initialCentroids: moved }])[0]?.message).toMatch(/initial centroids changed/);
    // The same values in a fresh array (read back from disk after a restart) are fine.
    expect(judge(kmeansProgressChecker, [view(1), { ...view(1), initialCentroids: initial.map((c) => [...c]) }], [0, 1])).toEqual([]);
  });

  it('kmeans-termination flags a job that never finished, or a coordinator never seen', () => {
    expect(judge(kmeansTerminationChecker, [view(0), view(1)])[0]?.message).toMatch(/still at iteration 1/);
    expect(judge(kmeansTerminationChecker, [{ role: 'worker' }])[0]?.message).toMatch(/no coordinator snapshot/);
  });
});
