// The coordinator's inspect() snapshot as the k-means checkers read it. Checkers import
// nothing of impls/, so this restates the shape (impls/kmeans/state.ts) and checks it: a
// snapshot that is not a coordinator's, or is malformed, is simply not used.

export interface KmeansSpecView {
  datasetSeed: number;
  pointCount: number;
  dims: number;
  clusterCount: number;
  centerRange: number;
  spread: number;
  partitionCount: number;
  iterationsMax: number;
}

export type Matrix = readonly (readonly number[])[];

export interface CoordinatorView {
  spec: KmeansSpecView;
  /** Lloyd steps completed; `centroids` are the centroids after that many steps. */
  iteration: number;
  centroids: Matrix;
  initialCentroids: Matrix;
  /** objectives[i]: the objective of step i's input centroids. */
  objectives: readonly number[];
  /** countsTotals[i]: points counted in step i. */
  countsTotals: readonly number[];
  done: boolean;
  status: 'running' | 'converged' | 'iteration_limit';
}

const specFields = ['datasetSeed', 'pointCount', 'dims', 'clusterCount', 'centerRange', 'spread', 'partitionCount', 'iterationsMax'] as const;

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'number');
}

function isMatrix(value: unknown): value is number[][] {
  return Array.isArray(value) && value.every(isNumberArray);
}

/** The snapshot as a coordinator's, or undefined when it is a worker's (or malformed). */
export function coordinatorView(state: unknown): CoordinatorView | undefined {
  if (state === null || typeof state !== 'object') return undefined;
  const s = state as Record<string, unknown>;
  if (s.role !== 'coordinator') return undefined;
  const spec = s.spec as Record<string, unknown> | undefined;
  if (spec === null || typeof spec !== 'object' || !specFields.every((f) => typeof spec[f] === 'number')) return undefined;
  if (typeof s.iteration !== 'number' || typeof s.done !== 'boolean') return undefined;
  if (s.status !== 'running' && s.status !== 'converged' && s.status !== 'iteration_limit') return undefined;
  if (!isMatrix(s.centroids) || !isMatrix(s.initialCentroids) || !isNumberArray(s.objectives) || !isNumberArray(s.countsTotals)) return undefined;
  return state as CoordinatorView;
}
