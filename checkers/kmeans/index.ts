// The k-means checkers (docs/kmeans.md): they judge the coordinator's inspect() snapshots
// against a sequential Lloyd run they compute themselves, and against properties any
// correct Lloyd run has.

import type { Checker } from '../types.ts';
import { kmeansCountsChecker } from './counts.ts';
import { kmeansObjectiveChecker } from './objective.ts';
import { kmeansProgressChecker } from './progress.ts';
import { kmeansSequentialChecker } from './sequential.ts';
import { kmeansTerminationChecker } from './termination.ts';

export { kmeansCountsChecker, kmeansObjectiveChecker, kmeansProgressChecker, kmeansSequentialChecker, kmeansTerminationChecker };
export { ReferenceRun, closeTo, lloydStep, referenceDataset } from './reference.ts';
export { coordinatorView, type CoordinatorView, type KmeansSpecView } from './snapshot.ts';

export const kmeansCheckers: Checker[] = [
  kmeansSequentialChecker,
  kmeansObjectiveChecker,
  kmeansCountsChecker,
  kmeansProgressChecker,
  kmeansTerminationChecker,
];
