// The Raft checkers (INVARIANTS.md §1): `raft` checks every invariant of names.ts during
// the run; `raft-stale-read` judges the client history at the end. Both are stateful per
// run (a fresh instance per Simulation) and import nothing of the harness.

import type { Checker, ObservationType } from '../types.ts';
import { RaftCheckerInstance } from './checker.ts';
import type { RaftInvariant } from './names.ts';
import { staleReadsAtEnd } from './stale-read.ts';

export { raftInvariants, type RaftInvariant } from './names.ts';
export { findStaleReads } from './stale-read.ts';
export { RaftCheckerInstance, violationsPerInvariantMax } from './checker.ts';
export type { RaftView, RaftEntryView } from './view.ts';

const observes: readonly ObservationType[] = ['node_state', 'send', 'deliver', 'apply', 'crash', 'restart'];

/** The invariant checker, optionally limited to some invariants (for benchmarks). */
export function createRaftChecker(invariants?: readonly RaftInvariant[]): Checker {
  return {
    name: 'raft',
    describe: 'Raft safety invariants (election safety, log matching, leader completeness, state machine safety and the local lemmas R2, R6-R12, R15-R17)',
    observes,
    create: (setup) => new RaftCheckerInstance(setup, invariants),
  };
}

export const raftChecker: Checker = createRaftChecker();

export const staleReadChecker: Checker = {
  name: 'raft-stale-read',
  describe: 'no read returns a value overwritten by a write that completed before the read began (put-only keys with distinct values)',
  observes: [],
  create: () => ({ finish: staleReadsAtEnd }),
};

export const raftCheckers: Checker[] = [raftChecker, staleReadChecker];
