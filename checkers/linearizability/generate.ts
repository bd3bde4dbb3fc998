// Deterministic generator of large kv histories for benchmarks and tests: `clients`
// clients run get/put/append/cas over `keys` keys against one in-memory store; each
// operation takes effect at a point strictly inside its invoke..completion interval, so
// the history is linearizable by construction (unless `corruptGet` breaks one read).
// Integer-only PRNG, seeded: the same options give the same history.

import type { History, HistoryEvent } from '../history.ts';

export interface KvHistoryOptions {
  /** Operations to invoke in total. */
  ops: number;
  keys: number;
  clients: number;
  seed: number;
  /** Per mille of operations whose completion is lost (recorded as info). */
  infoPerMille?: number;
  /** Replace one get's answer with a value no one wrote (makes the history not linearizable). */
  corruptGet?: boolean;
}

/** xorshift-multiply PRNG over 32-bit integers (splitmix32). */
function prng(seed: number): (n: number) => number {
  let s = seed | 0;
  return (n: number): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z = (z ^ (z >>> 16)) >>> 0;
    return z % n;
  };
}

type Pending = { invoke: HistoryEvent; applied: boolean; result: HistoryEvent | undefined };

export function generateKvHistory(options: KvHistoryOptions): History {
  const { ops, keys, clients } = options;
  const infoPerMille = options.infoPerMille ?? 0;
  const int = prng(options.seed);
  const store = new Map<string, string>();
  const history: History = [];
  const pending: (Pending | undefined)[] = new Array<Pending | undefined>(clients).fill(undefined);
  /** Jepsen convention: a client whose op ended in info gets a fresh process id. */
  const processOf = Array.from({ length: clients }, (_, c) => c);
  let invoked = 0;
  let open = 0;
  let time = 0;
  const stepsMax = ops * 10 + 1000;
  for (let step = 0; step < stepsMax && (invoked < ops || open > 0); step++) {
    const c = int(clients);
    const p = pending[c];
    time += 1 + int(3);
    if (p === undefined) {
      if (invoked >= ops) continue;
      const key = String(int(keys));
      const roll = int(100);
      const process = processOf[c] as number;
      const value = `x ${process} ${invoked} y`;
      let invoke: HistoryEvent;
      if (roll < 40) invoke = { type: 'invoke', process, time, f: 'get', key };
      else if (roll < 55) invoke = { type: 'invoke', process, time, f: 'put', key, value };
      else if (roll < 90) invoke = { type: 'invoke', process, time, f: 'append', key, value };
      else {
        const current = store.get(key) ?? '';
        invoke = { type: 'invoke', process, time, f: 'cas', key, expected: int(2) === 0 ? current : `x ${int(clients)} y`, value };
      }
      history.push(invoke);
      pending[c] = { invoke, applied: false, result: undefined };
      invoked++;
      open++;
    } else if (!p.applied) {
      p.applied = true;
      const ev = p.invoke;
      const key = ev.key as string;
      const current = store.get(key) ?? '';
      const base = { process: ev.process, f: ev.f, key };
      switch (ev.f) {
        case 'get':
          p.result = { type: 'ok', time: 0, ...base, value: current };
          break;
        case 'put':
          store.set(key, ev.value as string);
          p.result = { type: 'ok', time: 0, ...base };
          break;
        case 'append':
          store.set(key, current + (ev.value as string));
          p.result = { type: 'ok', time: 0, ...base };
          break;
        default:
          if (current === ev.expected) {
            store.set(key, ev.value as string);
            p.result = { type: 'ok', time: 0, ...base };
          } else {
            p.result = { type: 'fail', time: 0, ...base, error: 'cas_mismatch' };
          }
      }
    } else {
      const result = p.result as HistoryEvent;
      if (int(1000) < infoPerMille) {
        history.push({ type: 'info', time, process: result.process, f: result.f, key: result.key as string, error: 'timeout' });
        processOf[c] = (processOf[c] as number) + clients;
      } else {
        history.push({ ...result, time });
      }
      pending[c] = undefined;
      open--;
    }
  }
  if (options.corruptGet === true) {
    const gets = history.filter((e) => e.type === 'ok' && e.f === 'get');
    const victim = gets[int(Math.max(1, gets.length))];
    if (victim !== undefined) victim.value = `${String(victim.value)}corrupt`;
  }
  return history;
}
