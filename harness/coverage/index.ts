// Coverage of a run for guided exploration: features any algorithm yields (abstract node
// states and transitions, deliveries against the receiver's state, crashes, operations),
// plus the labels an algorithm marks with ctx.cover(label).

export { CoverageCollector, landmarksPerListMax, type CoverageLandmarks, type RunCoverage } from './collector.ts';
export { messageKind } from '../message-kind.ts';
