// Proves each Paxos checker (checkers/paxos) flags its invariant on a hand-written
// observation sequence and stays quiet on the legal variant of the same sequence.

import { describe, expect, it } from 'vitest';
import type { Checker, Observation, Violation } from '../../../checkers/types.ts';
import { paxosAcceptorChecker, paxosAgreementChecker, paxosLearnerChecker, paxosProposalChecker, paxosValidityChecker } from '../../../checkers/paxos/index.ts';

const nodeCount = 3;
const b = (round: number, node: number) => ({ round, node });
const cmd = (id: string, value: string) => ({ type: 'client', request: { id, client: 0, seq: 1, op: { f: 'put', key: 'x', value } } });
const vote = (from: number, ballot: { round: number; node: number }, slot: number, value: unknown, timeMs = 1): Observation => ({
  type: 'send',
  timeMs,
  from,
  to: 0,
  msg: { type: 'accepted', ballot, slot, value },
});
const propose = (from: number, ballot: { round: number; node: number }, slot: number, value: unknown, timeMs = 1): Observation => ({
  type: 'send',
  timeMs,
  from,
  to: 0,
  msg: { type: 'accept', ballot, slot, value },
});
const state = (node: number, promised: { round: number; node: number } | null, incarnation = 0, timeMs = 1): Observation => ({
  type: 'node_state',
  timeMs,
  node,
  incarnation,
  state: { role: 'follower', promised },
});

function run(checker: Checker, observations: Observation[]): Violation[] {
  const instance = checker.create({ nodeCount });
  const out: Violation[] = [];
  for (const o of observations) out.push(...(instance.observe?.(o) ?? []));
  return out;
}

describe('paxos checkers', () => {
  const v = cmd('c0-1', 'v');
  const w = cmd('c1-1', 'w');

  it('paxos-agreement: two values chosen in one slot at different ballots', () => {
    const chosenTwice = [vote(0, b(1, 0), 1, v), vote(1, b(1, 0), 1, v), vote(1, b(2, 2), 1, w), vote(2, b(2, 2), 1, w)];
    expect(run(paxosAgreementChecker, chosenTwice).map((x) => x.checker)).toEqual(['paxos-agreement']);
    const sameValue = [vote(0, b(1, 0), 1, v), vote(1, b(1, 0), 1, v), vote(1, b(2, 2), 1, v), vote(2, b(2, 2), 1, v)];
    expect(run(paxosAgreementChecker, sameValue)).toEqual([]);
    // Votes for one value at mixed ballots are no majority: nothing is chosen.
    expect(run(paxosAgreementChecker, [vote(0, b(1, 0), 1, v), vote(1, b(2, 2), 1, v), vote(2, b(2, 2), 1, w), vote(0, b(3, 0), 1, w)])).toEqual([]);
  });

  it('paxos-validity: a vote for a value no client sent', () => {
    const request: Observation = { type: 'request', timeMs: 0, node: 0, requestId: 'c0-1', client: 0, seq: 1, op: { f: 'put', key: 'x', value: 'v' } };
    expect(run(paxosValidityChecker, [request, vote(0, b(1, 0), 1, v), vote(0, b(1, 0), 2, { type: 'noop' })])).toEqual([]);
    expect(run(paxosValidityChecker, [request, vote(0, b(1, 0), 1, w)]).map((x) => x.checker)).toEqual(['paxos-validity']);
    expect(run(paxosValidityChecker, [request, vote(0, b(1, 0), 1, cmd('c0-1', 'changed'))])[0]?.message).toMatch(/but the client sent/);
  });

  it('paxos-acceptor: promise decrease across restart, vote below promise, vote not raising the promise, forgotten vote', () => {
    const restart: Observation = { type: 'restart', timeMs: 2, node: 1, incarnation: 1, disk: {} };
    expect(run(paxosAcceptorChecker, [state(1, b(2, 0)), restart, state(1, b(1, 0), 1)])[0]?.message).toMatch(/went down from 2\.0 to 1\.0 after restart/);
    expect(run(paxosAcceptorChecker, [state(1, b(2, 0)), vote(1, b(1, 0), 1, v)])[0]?.message).toMatch(/below its promise/);
    expect(run(paxosAcceptorChecker, [state(1, b(1, 0)), vote(1, b(2, 0), 1, v), state(1, b(1, 0))])[0]?.message).toMatch(/promise stayed/);
    expect(run(paxosAcceptorChecker, [state(1, b(1, 0)), vote(1, b(2, 0), 1, v), state(1, b(2, 0))])).toEqual([]);
    const promise = (accepted: unknown[]): Observation => ({ type: 'send', timeMs: 3, from: 1, to: 2, msg: { type: 'promise', ballot: b(3, 2), fromSlot: 1, accepted } });
    expect(run(paxosAcceptorChecker, [state(1, b(2, 0)), vote(1, b(2, 0), 1, v), state(1, b(2, 0)), promise([])])[0]?.message).toMatch(/forgotten vote/);
    expect(run(paxosAcceptorChecker, [state(1, b(2, 0)), vote(1, b(2, 0), 1, v), state(1, b(2, 0)), promise([{ slot: 1, ballot: b(2, 0), value: v }])])).toEqual([]);
  });

  it('paxos-proposal: two values under one ballot, and a proposal above a chosen ballot with another value', () => {
    expect(run(paxosProposalChecker, [propose(0, b(1, 0), 1, v), propose(0, b(1, 0), 1, v), propose(0, b(1, 0), 1, w)])[0]?.message).toMatch(/two different values proposed at ballot 1\.0/);
    const chosen = [propose(0, b(1, 0), 1, v), vote(0, b(1, 0), 1, v), vote(1, b(1, 0), 1, v)];
    expect(run(paxosProposalChecker, [...chosen, propose(2, b(2, 2), 1, v)])).toEqual([]);
    expect(run(paxosProposalChecker, [...chosen, propose(2, b(2, 2), 1, w)])[0]?.message).toMatch(/is chosen there at the lower ballot 1\.0/);
    // Checked the other way round too: the higher proposal came first, then v was chosen.
    expect(run(paxosProposalChecker, [propose(2, b(2, 2), 1, w), ...chosen]).map((x) => x.checker)).toEqual(['paxos-proposal']);
  });

  it('paxos-learner: applying a value before it is chosen, or another value than the chosen one', () => {
    const apply = (value: unknown): Observation => ({ type: 'apply', timeMs: 5, node: 2, incarnation: 0, index: 1, command: value, commandKey: JSON.stringify(value), effect: 'applied' });
    const chosen = [vote(0, b(1, 0), 1, v), vote(1, b(1, 0), 1, v)];
    expect(run(paxosLearnerChecker, [...chosen, apply(v)])).toEqual([]);
    expect(run(paxosLearnerChecker, [vote(0, b(1, 0), 1, v), apply(v)])[0]?.message).toMatch(/no value had been chosen/);
    expect(run(paxosLearnerChecker, [vote(0, b(1, 0), 1, v), vote(1, b(2, 1), 1, v), apply(v)]).map((x) => x.checker)).toEqual(['paxos-learner']);
    expect(run(paxosLearnerChecker, [...chosen, apply(w)])[0]?.message).toMatch(/was chosen there at ballot 1\.0/);
  });
});
