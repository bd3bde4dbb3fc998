// Ballots ("proposal numbers" in Paxos Made Simple §2.2): a (round, node) pair, unique
// because each proposer only ever numbers ballots with its own id, and totally ordered by
// round then node. `null` stands for "no ballot yet" and sorts below every ballot.

import type { NodeId } from '../../harness/types.ts';

export interface Ballot {
  round: number;
  node: NodeId;
}

/** Negative, zero or positive as a is below, equal to or above b; null is the lowest. */
export function compareBallots(a: Ballot | null, b: Ballot | null): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  return a.round !== b.round ? a.round - b.round : a.node - b.node;
}

export function sameBallot(a: Ballot | null, b: Ballot | null): boolean {
  return compareBallots(a, b) === 0;
}

/** "round.node", as ballots appear in logs and violation messages. */
export function formatBallot(b: Ballot | null): string {
  return b === null ? 'none' : `${b.round}.${b.node}`;
}

export function copyBallot(b: Ballot | null): Ballot | null {
  return b === null ? null : { round: b.round, node: b.node };
}
