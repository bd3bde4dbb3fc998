// The Multi-Paxos invariant checkers (INVARIANTS.md §2–3). They read only observations
// (checkers/types.ts): 2b sends are votes, 2a sends proposals, 1b sends promises,
// inspect() snapshots show each acceptor's promise, applies show what learners learned.

import type { Checker } from '../types.ts';
import { paxosAcceptorChecker } from './acceptor.ts';
import { paxosAgreementChecker } from './agreement.ts';
import { paxosLearnerChecker } from './learner.ts';
import { paxosProposalChecker } from './proposal.ts';
import { paxosValidityChecker } from './validity.ts';

export { paxosAcceptorChecker, paxosAgreementChecker, paxosLearnerChecker, paxosProposalChecker, paxosValidityChecker };

export const paxosCheckers: Checker[] = [paxosAgreementChecker, paxosValidityChecker, paxosAcceptorChecker, paxosProposalChecker, paxosLearnerChecker];
