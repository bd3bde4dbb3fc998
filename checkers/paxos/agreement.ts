// MP1 / P1 per-slot agreement (Paxos Made Simple §2.1 "only a single value is chosen"):
// from every vote ever cast (2b sends), no slot ever has two different values chosen,
// whatever ballots they were chosen at.

import type { Checker, CheckerInstance, CheckerSetup, Observation, Violation } from '../types.ts';
import { ChosenLedger } from './chosen.ts';
import { abbreviate, formatBallot, majority, parsePhaseMsg, ViolationBudget } from './observed.ts';

const name = 'paxos-agreement';

class AgreementInstance implements CheckerInstance {
  private readonly ledger: ChosenLedger;
  private readonly budget = new ViolationBudget();

  constructor(setup: CheckerSetup) {
    this.ledger = new ChosenLedger(majority(setup.nodeCount));
  }

  observe(obs: Observation): Violation[] | undefined {
    if (obs.type !== 'send') return undefined;
    const msg = parsePhaseMsg(obs.msg);
    if (msg?.type !== 'accepted') return undefined;
    const made = this.ledger.recordVote(obs.from, msg.ballot, msg.slot, msg.value, obs.timeMs);
    if (made === undefined) return undefined;
    const first = this.ledger.chosen.get(msg.slot);
    if (first === undefined || first.json === made.json || !this.budget.take()) return undefined;
    return [
      {
        checker: name,
        timeMs: obs.timeMs,
        nodes: [obs.from],
        message: `two values chosen in slot ${msg.slot}: ${abbreviate(first.json)} at ballot ${formatBallot(first.ballot)} (t=${first.timeMs} ms) and ${abbreviate(made.json)} at ballot ${formatBallot(made.ballot)}, completed by acceptor ${obs.from}'s vote`,
        details: { slot: msg.slot, first, second: made },
      },
    ];
  }
}

export const paxosAgreementChecker: Checker = {
  name,
  describe: 'Multi-Paxos per-slot agreement: at most one value is ever chosen (a majority of same-ballot votes) per slot',
  observes: ['send'],
  create: (setup) => new AgreementInstance(setup),
};
