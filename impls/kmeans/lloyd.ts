// One Lloyd step, split the way the cluster computes it. A worker turns one partition
// into per-cluster sums, counts and cost (points in index order); the coordinator adds the
// partitions' results in partition order and divides. Fixing both orders makes the
// floating-point result a function of the data alone, so the distributed run equals the
// sequential one bit for bit, whatever order replies arrive in (docs/kmeans.md).

import { assert } from '../../harness/assert.ts';
import type { Dataset } from './dataset.ts';
import type { KmeansSpec } from './spec.ts';

/** Centroids as plain data: centroids[k][d]. Never mutated once built. */
export type Centroids = readonly (readonly number[])[];

/** What one partition contributes to one Lloyd step under given centroids. */
export interface PartitionSums {
  /** sums[k][d]: sum of coordinate d over the partition's points nearest to centroid k. */
  sums: number[][];
  counts: number[];
  /** Sum over the partition's points of the squared distance to their nearest centroid. */
  cost: number;
}

/** The nearest centroid: smallest squared distance, the lowest k on a tie. */
export function nearestCentroid(points: Float64Array, offset: number, centroids: Centroids, dims: number): { k: number; distance2: number } {
  let best = 0;
  let bestDistance2 = Infinity;
  for (let k = 0; k < centroids.length; k++) {
    const c = centroids[k] as readonly number[];
    let distance2 = 0;
    for (let d = 0; d < dims; d++) {
      const diff = (points[offset + d] as number) - (c[d] as number);
      distance2 += diff * diff;
    }
    if (distance2 < bestDistance2) {
      best = k;
      bestDistance2 = distance2;
    }
  }
  return { k: best, distance2: bestDistance2 };
}

/** A worker's job: the sums of one partition (points p, p + P, p + 2P, … in that order). */
export function partitionSums(dataset: Dataset, partition: number, centroids: Centroids): PartitionSums {
  const { dims, clusterCount, partitionCount, pointCount } = dataset.spec;
  assert(Number.isInteger(partition) && partition >= 0 && partition < partitionCount, `partition ${partition} out of 0..${partitionCount - 1}`);
  assert(centroids.length === clusterCount, `expected ${clusterCount} centroids, got ${centroids.length}`);
  const sums = Array.from({ length: clusterCount }, () => new Array<number>(dims).fill(0));
  const counts = new Array<number>(clusterCount).fill(0);
  let cost = 0;
  const points = dataset.points;
  for (let i = partition; i < pointCount; i += partitionCount) {
    const offset = i * dims;
    // nearestCentroid, inlined: this loop is the whole run's compute budget.
    let best = 0;
    let bestDistance2 = Infinity;
    for (let k = 0; k < clusterCount; k++) {
      const c = centroids[k] as readonly number[];
      let distance2 = 0;
      for (let d = 0; d < dims; d++) {
        const diff = (points[offset + d] as number) - (c[d] as number);
        distance2 += diff * diff;
      }
      if (distance2 < bestDistance2) {
        best = k;
        bestDistance2 = distance2;
      }
    }
    const sum = sums[best] as number[];
    for (let d = 0; d < dims; d++) sum[d] = (sum[d] as number) + (points[offset + d] as number);
    counts[best] = (counts[best] as number) + 1;
    cost += bestDistance2;
  }
  return { sums, counts, cost };
}

/** The outcome of one step: the next centroids and what the step measured. */
export interface StepResult {
  centroids: Centroids;
  /** Cost of the step's input centroids (the k-means objective at this iteration). */
  cost: number;
  counts: number[];
}

/**
 * The coordinator's job: add the partitions' sums in the order given (the caller passes
 * them in partition order) and divide. An empty cluster keeps its centroid, so the
 * objective still never increases.
 */
export function combine(spec: KmeansSpec, previous: Centroids, parts: readonly PartitionSums[]): StepResult {
  const { dims, clusterCount } = spec;
  const sums = Array.from({ length: clusterCount }, () => new Array<number>(dims).fill(0));
  const counts = new Array<number>(clusterCount).fill(0);
  let cost = 0;
  for (const part of parts) {
    for (let k = 0; k < clusterCount; k++) {
      const sum = sums[k] as number[];
      const partSum = part.sums[k] as number[];
      for (let d = 0; d < dims; d++) sum[d] = (sum[d] as number) + (partSum[d] as number);
      counts[k] = (counts[k] as number) + (part.counts[k] as number);
    }
    cost += part.cost;
  }
  const centroids = sums.map((sum, k) => {
    const count = counts[k] as number;
    return count === 0 ? [...(previous[k] as readonly number[])] : sum.map((s) => s / count);
  });
  return { centroids, cost, counts };
}

/** Whether two centroid sets are identical, bit for bit (the convergence test: shift 0). */
export function sameCentroids(a: Centroids, b: Centroids): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as readonly number[];
    const y = b[k] as readonly number[];
    if (x.length !== y.length) return false;
    for (let d = 0; d < x.length; d++) if (x[d] !== y[d]) return false;
  }
  return true;
}
