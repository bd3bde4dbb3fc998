// The data set generator, part of the algorithm's spec (docs/kmeans.md): a pure function
// of KmeansSpec, so every node rebuilds the identical points without a message and any
// worker can compute any partition. Its PRNG is mulberry32 (32-bit integer state) with
// Box–Muller normals, self-contained here because node code must not use the global random source and
// the data set must not depend on the run's seed.

import { validateSpec, type KmeansSpec } from './spec.ts';

export interface Dataset {
  spec: KmeansSpec;
  /** Point i, dimension d is at points[i * dims + d]. */
  points: Float64Array;
}

/** mulberry32: a 32-bit state PRNG; returns floats in [0, 1) with 32 random bits. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A standard normal from two uniforms (Box–Muller, cosine branch; 1 - u keeps log finite). */
function normal(uniform: () => number): number {
  const u1 = 1 - uniform();
  const u2 = uniform();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Draw order (the spec): every centre coordinate (cluster-major), then per point i in
 * order its cluster floor(u · k) and each coordinate centre + spread · normal.
 */
export function generateDataset(spec: KmeansSpec): Dataset {
  validateSpec(spec);
  const { dims, clusterCount, pointCount } = spec;
  const uniform = mulberry32(spec.datasetSeed);
  const centers = new Float64Array(clusterCount * dims);
  for (let j = 0; j < centers.length; j++) centers[j] = spec.centerRange * (2 * uniform() - 1);
  const points = new Float64Array(pointCount * dims);
  for (let i = 0; i < pointCount; i++) {
    const cluster = Math.floor(uniform() * clusterCount);
    for (let d = 0; d < dims; d++) points[i * dims + d] = (centers[cluster * dims + d] as number) + spec.spread * normal(uniform);
  }
  return { spec, points };
}

/** Data sets kept: a run uses one spec, so one slot is enough; it only saves regeneration. */
const cachedDatasetsMax = 1;
const cache = new Map<string, Dataset>();

/** generateDataset, memoised: the same spec gives the same (read-only) points. */
export function datasetFor(spec: KmeansSpec): Dataset {
  const key = JSON.stringify(spec);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const dataset = generateDataset(spec);
  if (cache.size >= cachedDatasetsMax) cache.clear();
  cache.set(key, dataset);
  return dataset;
}
