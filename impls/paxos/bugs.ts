// Deliberate-bug variants (MUTANTS.md §2, P-M1..P-M13): each one is a classic Paxos
// mistake that some checker of checkers/paxos (or the shared rsm checker) must catch.

export const paxosBugs = {
  ignore_promise_values:
    'a new leader fills every slot its promises reported with a no-op instead of the reported value (P-M1)',
  adopt_first_not_highest:
    'a new leader re-proposes the value of the first promise that reported a slot, not the one accepted at the highest ballot (P-M2)',
  promise_not_persisted: 'an acceptor answers prepare without syncing its promise: a restart forgets it (P-M3)',
  accepted_not_persisted: 'an acceptor answers accept without syncing the accepted value: a restart forgets its vote (P-M4)',
  accept_below_promise: 'an acceptor accepts any ballot, even one below its promise (P-M5)',
  accept_does_not_raise_promise: 'accepting a ballot does not raise the promise to it (P-M6)',
  count_stale_promises:
    'a candidate keeps counting promises made to its earlier ballots toward its new ballot (P-M7)',
  ballot_without_node_id:
    'ballots carry no node-id tiebreak: two proposers that pick the same round use the same ballot and may propose two values under it (P-M8)',
  reuse_ballot_after_restart:
    'after a restart the proposer resumes with the last ballot it used instead of a higher one: two incarnations propose under one ballot (P-M8)',
  learner_mixes_ballots: 'a learner counts 2b votes per value across different ballots, not per ballot (P-M9)',
  skip_phase1_recovery:
    'a new leader ignores what its promises reported and assigns new commands from its own first unchosen slot (P-M10)',
  minority_quorum: 'quorums are floor(n/2) nodes instead of a majority: two quorums need not intersect',
  no_dedup: 'client retries are applied again (no client sessions) (P-M13)',
} as const;

export type PaxosBug = keyof typeof paxosBugs;

export function hasBug(bug: string | undefined, name: PaxosBug): boolean {
  return bug === name;
}
