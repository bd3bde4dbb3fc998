// MP2 / P2 validity (Paxos Made Simple §2.1 "only a value that has been proposed may be
// chosen"): every value an acceptor votes for — so every value that can be chosen — is a
// no-op or a client request that reached some node with exactly that op.

import type { Checker, CheckerInstance, Observation, Violation } from '../types.ts';
import { dataText, sameData } from '../plain-data.ts';
import { abbreviate, parsePhaseMsg, ViolationBudget } from './observed.ts';

const name = 'paxos-validity';

class ValidityInstance implements CheckerInstance {
  /** request id → the op (and its JSON, made when first needed), from the requests nodes received. */
  private readonly requests = new Map<string, { op: unknown; json: string | undefined }>();
  private readonly budget = new ViolationBudget();

  observe(obs: Observation): Violation[] | undefined {
    if (obs.type === 'request') {
      this.requests.set(obs.requestId, { op: obs.op, json: undefined });
      return undefined;
    }
    if (obs.type !== 'send') return undefined;
    const msg = parsePhaseMsg(obs.msg);
    if (msg?.type !== 'accepted') return undefined;
    const problem = this.invalid(msg.value);
    if (problem === undefined || !this.budget.take()) return undefined;
    return [{ checker: name, timeMs: obs.timeMs, nodes: [obs.from], message: `acceptor ${obs.from} voted in slot ${msg.slot} for ${problem}`, details: { slot: msg.slot, value: msg.value } }];
  }

  /** Why `value` could not have been proposed, or undefined when it could. */
  private invalid(value: unknown): string | undefined {
    const v = value as { type?: unknown; request?: { id?: unknown; op?: unknown } } | null;
    if (v !== null && typeof v === 'object' && v.type === 'noop') return undefined;
    if (v === null || typeof v !== 'object' || v.type !== 'client' || typeof v.request?.id !== 'string') {
      return `${abbreviate(dataText(value))}, which is neither a no-op nor a client command`;
    }
    const sent = this.requests.get(v.request.id);
    if (sent === undefined) return `request ${v.request.id}, which no node ever received from a client`;
    // Every acceptor votes for a copy of the same op: equal data needs no encoding.
    if (sameData(sent.op, v.request.op)) return undefined;
    sent.json ??= dataText(sent.op);
    const got = dataText(v.request.op);
    if (got !== sent.json) return `request ${v.request.id} with op ${abbreviate(got)}, but the client sent ${abbreviate(sent.json)}`;
    return undefined;
  }
}

export const paxosValidityChecker: Checker = {
  name,
  describe: 'Multi-Paxos validity: every voted (hence every chosen) value is a no-op or a submitted client request',
  observes: ['request', 'send'],
  create: () => new ValidityInstance(),
};
