// Pins the two bugs that explore found in the correct Raft and in its checker
// (docs/raft.md, "Regressions"): each test runs a scripted schedule (scripted.ts) that
// recreates the situation, asserts that the situation really arose, then asserts the
// fixed verdict. Each fails when its fix is reverted; neither replays a record, whose
// trace a fix is bound to change.
import { describe, expect, it } from 'vitest';
import { expectClean, seedFromEnv } from './helpers.ts';
import { staleLeaderOverwritesUnknownCommit, staleRejectionRead } from './scripted.ts';

const seed = seedFromEnv(1);

function checkersOf(violations: readonly { checker: string }[]): string[] {
  return [...new Set(violations.map((v) => v.checker))].sort();
}

describe('raft regressions found by explore', () => {
  it('a stale-term AppendEntries rejection does not confirm a later leadership’s ReadIndex round (explore seed 198)', () => {
    const run = staleRejectionRead(seed);
    // The situation: the delayed heartbeat of term T reached a follower while its sender led term T+1.
    expect(run.leaderTermAtArrival, `node ${run.leader} leads term ${run.term + 1} when its term-${run.term} heartbeat arrives`).toBe(run.term + 1);
    // rejectStaleTerm (impls/raft/node.ts) echoes nothing, so the isolated leader cannot serve the read.
    expectClean(run.sim);
    expect(run.readValue, 'the read, answered after the isolated leader stepped down').toBe(run.newValue);

    // The echoing reply, kept as a bug variant, serves the stale value.
    const buggy = staleRejectionRead(seed, 'stale_reject_echoes_request');
    expect(buggy.readValue).toBe('v1');
    expect(checkersOf(buggy.sim.check())).toEqual(['linearizability', 'raft-stale-read']);
  });

  it('a follower still in an older term may take a stale leader’s entry over one committed in a later term, without a false alarm (explore seed 3622)', () => {
    const run = staleLeaderOverwritesUnknownCommit(seed);
    const { index, entryTerm, commitTerm, staleTerm } = run;
    // The situation: the follower replaced the entry committed by term commitTerm with the stale leader's, while in an older term.
    expect(entryTerm, 'the committed entry predates the stale leader').toBeLessThan(staleTerm);
    expect(staleTerm, 'the stale leader’s term is below the commit term').toBeLessThan(commitTerm);
    expect({ followerTerm: run.followerTermThen, entryTermAtIndex: run.followerEntryTermThen }, `the follower's term and its entry at ${index} after the stale AppendEntries`).toEqual({ followerTerm: staleTerm, entryTermAtIndex: staleTerm });
    // R15's known-committed form (checkers/raft/checker.ts) applies only to nodes in a term above the commit term.
    expectClean(run.sim);
  });
});
