// The replicated key-value state machine shared by every RSM implementation (Raft,
// Multi-Paxos, the primary example), with client sessions: one entry per client holding
// its last applied sequence number and that request's result, so a retried request (same
// client and seq) takes effect once and gets the same answer. The session table is part
// of the state, so it travels in snapshots (MUTANTS.md M14).

import type { ApplyEffect, ClientRequest, ClientResult, KvOp } from '../../harness/types.ts';

/** A log command: a client's request, or a no-op a new leader commits to settle its term. */
export type KvCommand = { type: 'client'; request: ClientRequest<KvOp> } | { type: 'noop' };

export interface KvSnapshot {
  data: [string, string][];
  sessions: [number, { seq: number; result: ClientResult }][];
}

export interface KvApplyOutcome {
  effect: ApplyEffect;
  /** The answer for the client, or undefined when nobody waits for one (a stale retry). */
  result: ClientResult | undefined;
}

export class KvStore {
  private data = new Map<string, string>();
  private sessions = new Map<number, { seq: number; result: ClientResult }>();

  /** @param dedup false only for the "no client dedup" bug variants. */
  constructor(private readonly dedup = true) {}

  apply(command: KvCommand): KvApplyOutcome {
    if (command.type === 'noop') return { effect: 'applied', result: undefined };
    const { client, seq, op } = command.request;
    if (this.dedup) {
      const session = this.sessions.get(client);
      if (session !== undefined && seq <= session.seq) {
        return { effect: 'duplicate', result: seq === session.seq ? session.result : undefined };
      }
    }
    const result = this.execute(op);
    this.sessions.set(client, { seq, result });
    return { effect: 'applied', result };
  }

  /** A read that does not go through the log (ReadIndex): no effect, no session entry. */
  read(key: string): string {
    return this.data.get(key) ?? '';
  }

  private execute(op: KvOp): ClientResult {
    const current = this.data.get(op.key) ?? '';
    switch (op.f) {
      case 'get':
        return { type: 'ok', value: current };
      case 'put':
        this.data.set(op.key, op.value);
        return { type: 'ok' };
      case 'append':
        this.data.set(op.key, current + op.value);
        return { type: 'ok' };
      case 'cas':
        if (current !== op.expected) return { type: 'fail', error: 'cas_mismatch' };
        this.data.set(op.key, op.value);
        return { type: 'ok' };
      default:
        return { type: 'fail', error: `unknown op ${(op as { f: unknown }).f}` };
    }
  }

  snapshot(): KvSnapshot {
    // Sorted so that equal states give equal snapshots (and equal trace hashes).
    return {
      data: [...this.data.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
      sessions: [...this.sessions.entries()].sort((a, b) => a[0] - b[0]),
    };
  }

  static restore(snapshot: KvSnapshot, dedup = true): KvStore {
    const store = new KvStore(dedup);
    store.data = new Map(snapshot.data);
    store.sessions = new Map(snapshot.sessions);
    return store;
  }
}

/** Whether `op` is a well-formed kv operation (servers reject anything else). */
export function isKvOp(op: unknown): op is KvOp {
  if (op === null || typeof op !== 'object') return false;
  const o = op as Record<string, unknown>;
  if (typeof o.key !== 'string') return false;
  switch (o.f) {
    case 'get':
      return true;
    case 'put':
    case 'append':
      return typeof o.value === 'string';
    case 'cas':
      return typeof o.value === 'string' && typeof o.expected === 'string';
    default:
      return false;
  }
}
