// MP8 / P3 "learn only chosen" (Paxos Made Simple §2.1 "a process never learns that a value
// has been chosen unless it actually has been"): every slot a replica applies, and every
// decision it hands another replica in catch-up, carries the value already chosen there.
// A learner that decides on votes from mixed ballots, or on too few votes, fails here
// at the faulty step, before two replicas ever disagree.

import type { Checker, CheckerInstance, CheckerSetup, Observation, Violation } from '../types.ts';
import { dataText, sameData } from '../plain-data.ts';
import { ChosenLedger } from './chosen.ts';
import { abbreviate, formatBallot, majority, parsePhaseMsg, ViolationBudget } from './observed.ts';

const name = 'paxos-learner';

class LearnerInstance implements CheckerInstance {
  private readonly ledger: ChosenLedger;
  private readonly budget = new ViolationBudget();

  constructor(setup: CheckerSetup) {
    this.ledger = new ChosenLedger(majority(setup.nodeCount));
  }

  observe(obs: Observation): Violation[] | undefined {
    if (obs.type === 'apply') return this.judge(obs.node, obs.index, obs.command, obs.timeMs, 'applied');
    if (obs.type !== 'send') return undefined;
    const msg = parsePhaseMsg(obs.msg);
    if (msg?.type === 'accepted') {
      this.ledger.recordVote(obs.from, msg.ballot, msg.slot, msg.value, obs.timeMs);
      return undefined;
    }
    if (msg?.type !== 'decisions') return undefined;
    const out: Violation[] = [];
    for (const e of msg.entries) out.push(...(this.judge(obs.from, e.slot, e.value, obs.timeMs, `told node ${obs.to} was decided`) ?? []));
    return out;
  }

  private judge(node: number, slot: number, value: unknown, timeMs: number, what: string): Violation[] | undefined {
    const chosen = this.ledger.chosen.get(slot);
    if (chosen !== undefined && sameData(chosen.value, value)) return undefined;
    const json = dataText(value);
    if (chosen !== undefined && chosen.json === json) return undefined;
    if (!this.budget.take()) return undefined;
    const message =
      chosen === undefined
        ? `node ${node} ${what} ${abbreviate(json)} in slot ${slot} at t=${timeMs} ms, but no value had been chosen there (no majority of same-ballot votes)`
        : `node ${node} ${what} ${abbreviate(json)} in slot ${slot} at t=${timeMs} ms, but ${abbreviate(chosen.json)} was chosen there at ballot ${formatBallot(chosen.ballot)}`;
    return [{ checker: name, timeMs, nodes: [node], message, details: { slot, value, chosen: chosen?.value } }];
  }
}

export const paxosLearnerChecker: Checker = {
  name,
  describe: 'Multi-Paxos learners learn only chosen values: every applied or shared decision was chosen by a same-ballot majority',
  observes: ['send', 'apply'],
  create: (setup) => new LearnerInstance(setup),
};
