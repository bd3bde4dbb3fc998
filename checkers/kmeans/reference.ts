// The oracle: a sequential Lloyd's k-means, written apart from impls/kmeans (checkers
// never import implementations, and an independent rewrite is a better oracle). It
// regenerates the data set from the spec the coordinator publishes (the generator is part
// of the algorithm's spec, docs/kmeans.md) and sums in the spec's fixed order: per
// partition (point i is in partition i mod P) in index order, then partitions in order.
// That order makes the distributed result equal to this one exactly, not approximately.

import type { KmeansSpecView, Matrix } from './snapshot.ts';

/** mulberry32, as the spec states it: 32-bit state, floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The data set: centre coordinates first (cluster-major), then per point its cluster and coordinates. */
export function referenceDataset(spec: KmeansSpecView): Float64Array {
  const next = mulberry32(spec.datasetSeed);
  const centers: number[] = [];
  for (let j = 0; j < spec.clusterCount * spec.dims; j++) centers.push(spec.centerRange * (2 * next() - 1));
  const points = new Float64Array(spec.pointCount * spec.dims);
  for (let i = 0; i < spec.pointCount; i++) {
    const cluster = Math.floor(next() * spec.clusterCount);
    for (let d = 0; d < spec.dims; d++) {
      // Box–Muller, cosine branch.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angle = 2 * Math.PI * next();
      points[i * spec.dims + d] = (centers[cluster * spec.dims + d] as number) + spec.spread * (radius * Math.cos(angle));
    }
  }
  return points;
}

/** One data set kept (a run has one spec): regeneration is the checker's largest fixed cost. */
let cached: { key: string; points: Float64Array } | undefined;

function datasetOf(spec: KmeansSpecView): Float64Array {
  const key = JSON.stringify([spec.datasetSeed, spec.pointCount, spec.dims, spec.clusterCount, spec.centerRange, spec.spread]);
  if (cached?.key !== key) cached = { key, points: referenceDataset(spec) };
  return cached.points;
}

export interface ReferenceStep {
  centroids: number[][];
  /** The objective of the step's input centroids. */
  cost: number;
  countsTotal: number;
}

/** One sequential Lloyd step in the spec's summation order. */
export function lloydStep(spec: KmeansSpecView, points: Float64Array, centroids: Matrix): ReferenceStep {
  const { dims, clusterCount: k, partitionCount: parts, pointCount: n } = spec;
  const total = new Float64Array(k * dims);
  const counts = new Array<number>(k).fill(0);
  let cost = 0;
  const partSum = new Float64Array(k * dims);
  for (let p = 0; p < parts; p++) {
    partSum.fill(0);
    let partCost = 0;
    for (let i = p; i < n; i += parts) {
      let nearest = 0;
      let nearestDistance2 = Infinity;
      for (let j = 0; j < k; j++) {
        const c = centroids[j] as readonly number[];
        let distance2 = 0;
        for (let d = 0; d < dims; d++) {
          const diff = (points[i * dims + d] as number) - (c[d] as number);
          distance2 += diff * diff;
        }
        // Strictly nearer: a tie goes to the lowest cluster index.
        if (distance2 < nearestDistance2) {
          nearest = j;
          nearestDistance2 = distance2;
        }
      }
      for (let d = 0; d < dims; d++) partSum[nearest * dims + d] = (partSum[nearest * dims + d] as number) + (points[i * dims + d] as number);
      counts[nearest] = (counts[nearest] as number) + 1;
      partCost += nearestDistance2;
    }
    for (let j = 0; j < total.length; j++) total[j] = (total[j] as number) + (partSum[j] as number);
    cost += partCost;
  }
  const next = centroids.map((c, j) => {
    const count = counts[j] as number;
    // An empty cluster keeps its centroid.
    return count === 0 ? [...c] : Array.from(total.subarray(j * dims, (j + 1) * dims), (s) => s / count);
  });
  return { centroids: next, cost, countsTotal: counts.reduce((a, b) => a + b, 0) };
}

/** The sequential run from given initial centroids, computed step by step as asked for. */
export class ReferenceRun {
  private readonly points: Float64Array;
  /** centroids[t]: after t steps. */
  private readonly centroids: Matrix[];
  /** costs[t]: the objective of centroids[t]. */
  private readonly costs: number[] = [];
  private stopped: { iteration: number; status: 'converged' | 'iteration_limit' } | undefined;

  constructor(
    readonly spec: KmeansSpecView,
    initialCentroids: Matrix,
  ) {
    this.points = datasetOf(spec);
    this.centroids = [initialCentroids];
  }

  /** Where the sequential run stops (converged: a step leaves every centroid unchanged). */
  stop(): { iteration: number; status: 'converged' | 'iteration_limit' } {
    while (this.stopped === undefined) this.extend();
    return this.stopped;
  }

  /** Centroids after t steps, or undefined if the sequential run stops earlier. */
  centroidsAt(t: number): Matrix | undefined {
    while (this.centroids.length <= t && this.stopped === undefined) this.extend();
    return this.centroids[t];
  }

  /** The objective of the centroids after t steps (the coordinator's objectives[t]). */
  costAt(t: number): number | undefined {
    while (this.costs.length <= t && this.stopped === undefined) this.extend();
    return this.costs[t];
  }

  private extend(): void {
    const t = this.centroids.length - 1;
    const current = this.centroids[t] as Matrix;
    const step = lloydStep(this.spec, this.points, current);
    this.costs.push(step.cost);
    this.centroids.push(step.centroids);
    const unchanged = step.centroids.every((c, j) => c.every((x, d) => x === (current[j] as readonly number[])[d]));
    if (unchanged) this.stopped = { iteration: t + 1, status: 'converged' };
    else if (t + 1 >= this.spec.iterationsMax) this.stopped = { iteration: t + 1, status: 'iteration_limit' };
  }
}

/** Checker tolerance: 1e-9 relative (absolute below 1). The implementation aims for 0. */
export const toleranceRelative = 1e-9;

export function closeTo(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= toleranceRelative * Math.max(1, Math.abs(expected));
}

/** The largest coordinate difference between two centroid sets (Infinity if shapes differ). */
export function maxDifference(a: Matrix, b: Matrix): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let j = 0; j < a.length; j++) {
    const x = a[j] as readonly number[];
    const y = b[j] as readonly number[];
    if (x.length !== y.length) return Infinity;
    for (let d = 0; d < x.length; d++) worst = Math.max(worst, Math.abs((x[d] as number) - (y[d] as number)));
  }
  return worst;
}

export function centroidsClose(actual: Matrix, expected: Matrix): boolean {
  if (actual.length !== expected.length) return false;
  return actual.every((c, j) => {
    const e = expected[j] as readonly number[];
    return c.length === e.length && c.every((x, d) => closeTo(x, e[d] as number));
  });
}
