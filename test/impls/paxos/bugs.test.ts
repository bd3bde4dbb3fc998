// Proves every Multi-Paxos bug variant is caught by its named checker: a hand-made schedule
// where one exists (takeover with partially accepted slots, restarted leader, crash between
// promise and accept, a stale promise counted), otherwise seeded churn runs from
// FAULTLINE_SEED (or a fixed seed) until the checker fires, within a bounded number of
// seeds, then from the fixed seeds, which `npm test` proves catch it.

import { describe, expect, it } from 'vitest';
import type { Violation } from '../../../harness/index.ts';
import { paxos } from '../../../impls/paxos/index.ts';
import { makeSim, runChurn, seedFrom } from './helpers.ts';
import { crashBetweenPromiseAndAccept, restartedLeaderProposesAgain, stalePromiseCounted, takeoverWithPartialSlots } from './scripted.ts';

/** Churn seeds tried per bug before the test gives up. */
const seedsPerBugMax = 30;
const churnMs = 8_000;

/** The checker that must catch each bug (others may fire too). */
const detectedBy: Record<string, string> = {
  ignore_promise_values: 'paxos-proposal',
  adopt_first_not_highest: 'paxos-proposal',
  promise_not_persisted: 'paxos-acceptor',
  accepted_not_persisted: 'paxos-acceptor',
  accept_below_promise: 'paxos-acceptor',
  accept_does_not_raise_promise: 'paxos-acceptor',
  count_stale_promises: 'paxos-proposal',
  ballot_without_node_id: 'paxos-proposal',
  reuse_ballot_after_restart: 'paxos-proposal',
  learner_mixes_ballots: 'paxos-learner',
  skip_phase1_recovery: 'paxos-proposal',
  minority_quorum: 'paxos-learner',
  no_dedup: 'rsm',
};

function checkersOf(violations: readonly Violation[]): string[] {
  return [...new Set(violations.map((v) => v.checker))].sort();
}

/** The churn base seed without FAULTLINE_SEED: `npm test` proves each churned bug is caught from it. */
const defaultBase = 1;

/**
 * Runs churn with `bug` from the base seed on until `checker` reports; returns the seed.
 * When none of those seeds catches it, the default seeds are tried too, so a run from any
 * FAULTLINE_SEED passes whenever the default run does (churn finds some bugs in one seed
 * out of four or five: thirty new seeds alone would miss now and then).
 */
function churnUntilCaught(bug: string, checker: string, base: number): number | undefined {
  const bases = base === defaultBase ? [base] : [base, defaultBase];
  for (const from of bases) {
    for (let seed = from; seed < from + seedsPerBugMax; seed++) {
      const sim = makeSim({ seed, bug, stopOnViolation: false });
      runChurn(sim, seed, { durationMs: churnMs });
      if (sim.check().some((v) => v.checker === checker)) return seed;
    }
  }
  return undefined;
}

describe('paxos bug variants', () => {
  it('names a detecting checker for every bug', () => {
    expect(Object.keys(detectedBy).sort()).toEqual(Object.keys(paxos.bugs ?? {}).sort());
  });

  it.each([['ignore_promise_values'], ['adopt_first_not_highest']])('%s: a takeover with partially accepted slots re-proposes the wrong value', (bug) => {
    const correct = takeoverWithPartialSlots(3);
    expect(correct.sim.check()).toEqual([]);
    const { sim } = takeoverWithPartialSlots(3, bug);
    expect(checkersOf(sim.check())).toContain(detectedBy[bug]);
  });

  it('reuse_ballot_after_restart: a restarted leader prepares its old ballot again, then proposes a second value under it', () => {
    const sim = restartedLeaderProposesAgain(5, 'reuse_ballot_after_restart');
    const v = sim.check().filter((x) => x.checker === 'paxos-proposal');
    // Caught at the prepare, before any value collides; the collision follows.
    expect(v[0]?.message).toMatch(/^node 1 prepared ballot 1\.1 at t=\d+ ms, but it had prepared 1\.1 at t=\d+ ms, after a restart/);
    expect(v.some((x) => /two different values proposed at ballot 1\.1 in slot 2/.test(x.message))).toBe(true);
    expect(restartedLeaderProposesAgain(5).check().filter((x) => x.checker === 'paxos-proposal')).toEqual([]);
  });

  it('promise_not_persisted: an acceptor restarted between promise and accept forgets its promise', () => {
    const { sim, acceptor } = crashBetweenPromiseAndAccept(23, 'promise_not_persisted');
    const v = sim.check().filter((x) => x.checker === 'paxos-acceptor');
    expect(v[0]?.nodes).toEqual([acceptor]);
    expect(v[0]?.message).toMatch(/promise went down .* after restart/);
  });

  it('count_stale_promises: a candidate still counting an old promise leads without a quorum and proposes over a chosen value', () => {
    const seed = seedFrom(1, 'bug count_stale_promises');
    const correct = stalePromiseCounted(seed);
    expect(correct.staleCandidateLed, 'a correct candidate with two fresh promises never leads').toBe(false);
    expect(correct.sim.check()).toEqual([]);
    const buggy = stalePromiseCounted(seed, 'count_stale_promises');
    expect(buggy.staleCandidateLed).toBe(true);
    const v = buggy.sim.check().filter((x) => x.checker === 'paxos-proposal');
    expect(v[0]?.message).toMatch(new RegExp(`proposed .* in slot ${buggy.slot} at ballot .*, but .* is chosen there at the lower ballot`));
  });

  // These need a rare interleaving that this churn does not produce within its seed budget
  // (the swarm nemesis of harness/scenario does find adopt_first_not_highest; churn finds
  // count_stale_promises in about one seed of twelve); their scripted schedules above pin
  // them instead.
  const scriptedOnly = ['reuse_ballot_after_restart', 'adopt_first_not_highest', 'count_stale_promises'];
  const churned = Object.keys(detectedBy).filter((b) => !scriptedOnly.includes(b));
  it.each(churned.map((b) => [b]))('%s: seeded churn exposes it', (bug) => {
    const checker = detectedBy[bug] as string;
    const base = seedFrom(defaultBase, `bug ${bug}`);
    const seed = churnUntilCaught(bug, checker, base);
    const tried = base === defaultBase ? `${base}..${base + seedsPerBugMax - 1}` : `${base}..${base + seedsPerBugMax - 1} and ${defaultBase}..${defaultBase + seedsPerBugMax - 1}`;
    expect(seed, `${checker} never caught ${bug} in seeds ${tried}`).toBeDefined();
    if (seed !== undefined && (seed < base || seed >= base + seedsPerBugMax)) console.log(`[paxos bug ${bug}] not caught in seeds ${base}..${base + seedsPerBugMax - 1}; caught at default seed ${seed}`);
  });
});
