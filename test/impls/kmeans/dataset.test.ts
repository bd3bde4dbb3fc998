// Proves the pure parts of k-means agree with the checkers' independent copies, bit for
// bit: the implementation's data set generator against the checker's, one distributed
// Lloyd step (partition sums combined in partition order) against the checker's
// sequential step, and that the distribution function puts every point in one partition.

import { describe, expect, it } from 'vitest';
import { lloydStep, referenceDataset } from '../../../checkers/kmeans/index.ts';
import { datasetFor, generateDataset } from '../../../impls/kmeans/dataset.ts';
import { combine, partitionSums, sameCentroids } from '../../../impls/kmeans/lloyd.ts';
import { defaultSpec, homeWorker, partitionOfPoint, validateSpec, type KmeansSpec } from '../../../impls/kmeans/spec.ts';
import { seedFromEnv } from '../../support/seed.ts';

const seed = seedFromEnv(3);
const specs: KmeansSpec[] = [
  defaultSpec,
  { ...defaultSpec, datasetSeed: seed >>> 0, pointCount: 517, dims: 8, clusterCount: 8, partitionCount: 7 },
  { ...defaultSpec, datasetSeed: (seed + 1) >>> 0, pointCount: 64, dims: 2, clusterCount: 3, partitionCount: 64 },
];

function centroidsFrom(points: Float64Array, spec: KmeansSpec, indices: readonly number[]): number[][] {
  return indices.map((i) => Array.from(points.subarray(i * spec.dims, (i + 1) * spec.dims)));
}

describe('kmeans data set', () => {
  it('is the same as the checker’s independent generator, bit for bit', () => {
    for (const spec of specs) expect(Array.from(generateDataset(spec).points)).toEqual(Array.from(referenceDataset(spec)));
  });

  it('is deterministic, memoised, and differs by seed', () => {
    expect(datasetFor(defaultSpec)).toBe(datasetFor(defaultSpec));
    expect(generateDataset(defaultSpec).points).toEqual(datasetFor(defaultSpec).points);
    expect(generateDataset({ ...defaultSpec, datasetSeed: 1 }).points).not.toEqual(datasetFor(defaultSpec).points);
  });

  it('puts every point in exactly one partition, and gives every partition a home worker', () => {
    const spec = defaultSpec;
    const sizes = new Array<number>(spec.partitionCount).fill(0);
    for (let i = 0; i < spec.pointCount; i++) sizes[partitionOfPoint(spec, i)]! += 1;
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(spec.pointCount);
    // Partition sizes differ (2003 = 16 · 125 + 3), so a doubled partition changes the count.
    expect(new Set(sizes).size).toBe(2);
    expect(Array.from({ length: spec.partitionCount }, (_, p) => homeWorker([1, 2, 3], p)).slice(0, 4)).toEqual([1, 2, 3, 1]);
  });

  it('rejects a spec outside the named bounds', () => {
    expect(() => validateSpec({ ...defaultSpec, dims: 9 })).toThrow(/dims/);
    expect(() => validateSpec({ ...defaultSpec, clusterCount: 0 })).toThrow(/clusterCount/);
    expect(() => validateSpec({ ...defaultSpec, pointCount: 2 })).toThrow(/pointCount/);
  });
});

describe('one Lloyd step', () => {
  it('combined from partitions in partition order equals the sequential step exactly, in any arrival order', () => {
    for (const spec of specs) {
      const dataset = datasetFor(spec);
      let centroids = centroidsFrom(dataset.points, spec, Array.from({ length: spec.clusterCount }, (_, k) => (k * 7) % spec.pointCount));
      for (let step = 0; step < 5; step++) {
        const parts = Array.from({ length: spec.partitionCount }, (_, p) => ({ partition: p, ...partitionSums(dataset, p, centroids) }));
        // Replies arrive in any order; the coordinator sorts them by partition before adding.
        const shuffled = [...parts].reverse().sort((a, b) => a.partition - b.partition);
        const distributed = combine(spec, centroids, shuffled);
        const sequential = lloydStep(spec, referenceDataset(spec), centroids);
        expect(distributed.centroids).toEqual(sequential.centroids);
        expect(distributed.cost).toBe(sequential.cost);
        expect(distributed.counts.reduce((a, b) => a + b, 0)).toBe(spec.pointCount);
        centroids = distributed.centroids.map((c) => [...c]);
      }
    }
  });

  it('keeps an empty cluster’s centroid and reports convergence only on an exact fixed point', () => {
    const spec = defaultSpec;
    const dataset = datasetFor(spec);
    const far = [1e6, 1e6, 1e6, 1e6];
    const centroids = [...centroidsFrom(dataset.points, spec, [0, 1, 2, 3]), far];
    const parts = Array.from({ length: spec.partitionCount }, (_, p) => partitionSums(dataset, p, centroids));
    const next = combine(spec, centroids, parts);
    expect(next.counts[4]).toBe(0);
    expect(next.centroids[4]).toEqual(far);
    expect(sameCentroids(next.centroids, centroids)).toBe(false);
    expect(sameCentroids(next.centroids, next.centroids.map((c) => [...c]))).toBe(true);
  });
});
