// The inspect() snapshots: plain data for the checkers (checkers/kmeans/) and reports.
// Arrays in a snapshot are never mutated afterwards: the nodes replace them instead.

import type { Centroids } from './lloyd.ts';
import type { KmeansSpec } from './spec.ts';

export type CoordinatorStatus = 'running' | 'converged' | 'iteration_limit';

/** The coordinator's durable record: written and synced before each iteration starts. */
export interface CoordinatorRecord {
  /** Lloyd steps completed; `centroids` are the centroids after that many steps. */
  iteration: number;
  centroids: Centroids;
  initialCentroids: Centroids;
  /** objectives[i]: the k-means objective (sum of squared distances) of step i's input centroids. */
  objectives: readonly number[];
  /** countsTotals[i]: points assigned to some cluster in step i (must be pointCount). */
  countsTotals: readonly number[];
  status: CoordinatorStatus;
}

export interface CoordinatorState extends CoordinatorRecord {
  role: 'coordinator';
  spec: KmeansSpec;
  done: boolean;
  /** Partitions counted so far in the current iteration. */
  partitionsCounted: number;
  /** Partitions moved to another worker (since this incarnation started). */
  reassignments: number;
}

export interface WorkerState {
  role: 'worker';
  /** The newest iteration this worker was asked about (-1: none since it started). */
  iteration: number;
  pending: number;
  partitionsComputed: number;
}

export type KmeansState = CoordinatorState | WorkerState;
