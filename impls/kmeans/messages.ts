// Messages between the coordinator (node 0) and the workers. Everything carries the
// iteration it belongs to, so a reordered, duplicated or late message can be recognised
// and dropped by whoever receives it.

import type { PartitionSums } from './lloyd.ts';

/** One partition's contribution to one iteration: counted exactly once by the coordinator. */
export interface PartitionResult extends PartitionSums {
  partition: number;
}

export type KmeansMsg =
  /** Coordinator → worker: compute these partitions under the iteration's centroids. */
  | { type: 'compute'; iteration: number; centroids: number[][]; partitions: number[] }
  /** Worker → coordinator: the results of every partition of one batch, one entry each. */
  | { type: 'partials'; iteration: number; results: PartitionResult[] };
