// The job a k-means run solves, as plain data: the data set's parameters (every node
// regenerates the same points from them, see dataset.ts), how points are split into
// partitions, and the iteration bound. The coordinator publishes it in inspect(), so the
// checkers can rebuild the data set and the sequential answer without trusting the nodes.

import type { NodeId } from '../../harness/types.ts';

export interface KmeansSpec {
  /** Seed of the data set's PRNG (mulberry32); fixed, so every node and checker agrees. */
  datasetSeed: number;
  pointCount: number;
  dims: number;
  /** k: clusters generated, and centroids searched for. */
  clusterCount: number;
  /** True cluster centres are uniform in [-centerRange, centerRange] per dimension. */
  centerRange: number;
  /** Standard deviation of each point around its cluster centre, per dimension. */
  spread: number;
  /** Point i belongs to partition i mod partitionCount. */
  partitionCount: number;
  /** Lloyd steps the coordinator runs at most before it stops unconverged. */
  iterationsMax: number;
}

/** Named bounds (STYLE.md): the largest job a run may be configured with. */
export const pointCountMax = 100_000;
export const dimsMax = 8;
export const clusterCountMax = 8;
export const partitionCountMax = 256;
export const iterationsMaxBound = 200;

/**
 * The job every run solves. 2 003 points (not a multiple of 16, so partitions differ in
 * size and a partition counted twice shows in the counts), 4 dimensions, 5 clusters that
 * overlap a little (so Lloyd needs several steps), 16 partitions over 3 to 4 workers.
 */
export const defaultSpec: KmeansSpec = Object.freeze({
  datasetSeed: 0x6b6d6e73, // "kmns"
  pointCount: 2_003,
  dims: 4,
  clusterCount: 5,
  centerRange: 6,
  spread: 2,
  partitionCount: 16,
  iterationsMax: 50,
});

export function validateSpec(spec: KmeansSpec): void {
  const int = (v: number, min: number, max: number): boolean => Number.isInteger(v) && v >= min && v <= max;
  if (!int(spec.datasetSeed, 0, 0xffff_ffff)) throw new RangeError(`datasetSeed must be a 32-bit unsigned integer, got ${spec.datasetSeed}`);
  if (!int(spec.dims, 1, dimsMax)) throw new RangeError(`dims must be in 1..${dimsMax}, got ${spec.dims}`);
  if (!int(spec.clusterCount, 1, clusterCountMax)) throw new RangeError(`clusterCount must be in 1..${clusterCountMax}, got ${spec.clusterCount}`);
  if (!int(spec.pointCount, spec.clusterCount, pointCountMax)) throw new RangeError(`pointCount must be in ${spec.clusterCount}..${pointCountMax}, got ${spec.pointCount}`);
  if (!int(spec.partitionCount, 1, partitionCountMax)) throw new RangeError(`partitionCount must be in 1..${partitionCountMax}, got ${spec.partitionCount}`);
  if (!int(spec.iterationsMax, 1, iterationsMaxBound)) throw new RangeError(`iterationsMax must be in 1..${iterationsMaxBound}, got ${spec.iterationsMax}`);
  if (!(spec.centerRange > 0 && spec.spread > 0)) throw new RangeError('centerRange and spread must be positive');
}

/** The distribution function: point i → partition i mod partitionCount. */
export function partitionOfPoint(spec: KmeansSpec, index: number): number {
  return index % spec.partitionCount;
}

/**
 * The worker that owns partition p at the start of every iteration: workers[p mod W].
 * The coordinator moves a partition to the next worker in this list when its owner is
 * silent (coordinator.ts); any worker can compute any partition.
 */
export function homeWorker(workers: readonly NodeId[], partition: number): NodeId {
  const worker = workers[partition % workers.length];
  if (worker === undefined) throw new RangeError('homeWorker: no workers');
  return worker;
}
