// Test helper: fast-check arbitraries for small well-formed histories, and the seed the
// property tests run with (FAULTLINE_SEED, or a fixed one so CI is repeatable).

import fc from 'fast-check';
import type { History, HistoryEvent } from '../../../checkers/history.ts';

export const propertySeed: number = process.env.FAULTLINE_SEED !== undefined ? Number(process.env.FAULTLINE_SEED) : 424242;

/**
 * `kv-append` is the kv model on one key, mostly appends and gets whose answers are
 * short strings over the appended letters: the shape where the search prunes reads that
 * no sequence of appends can satisfy any more, so the pruning meets brute force often.
 */
export type Flavour = 'register' | 'cas-register' | 'etcd' | 'kv' | 'kv-append';

/** The model each flavour is checked with. */
export function flavourModel(flavour: Flavour): string {
  return flavour === 'kv-append' ? 'kv' : flavour;
}

interface Command {
  process: number;
  pick: number;
  a: number;
  b: number;
  outcome: number;
}

const command = (processes: number): fc.Arbitrary<Command> =>
  fc.record({
    process: fc.nat({ max: processes - 1 }),
    pick: fc.nat({ max: 11 }),
    a: fc.nat({ max: 5 }),
    b: fc.nat({ max: 5 }),
    outcome: fc.nat({ max: 7 }),
  });

const kvValues = ['', 'a', 'b', 'ab', 'ba', 'aa'];
const appendAnswers = ['', 'a', 'b', 'ab', 'ba', 'aa', 'bb', 'aab', 'aba', 'baa', 'abb', 'bab', 'bba', 'abab', 'baba', 'abba', 'baab'];
/** kv-append picks: mostly append and get, now and then a put or a cas. */
const appendOps = ['append', 'get', 'append', 'get', 'append', 'get', 'append', 'get', 'append', 'get', 'put', 'cas'];

/**
 * Random interleavings of invocations and completions over up to `processes` processes
 * (so up to that many concurrent operations), with random answers: some linearizable,
 * many not. Pending invocations at the end stay pending.
 */
export function arbitraryHistory(flavour: Flavour, processes = 4, eventsMax = 16): fc.Arbitrary<History> {
  return fc.array(command(processes), { maxLength: eventsMax }).map((commands) => build(flavour, commands));
}

function build(flavour: Flavour, commands: readonly Command[]): History {
  const history: History = [];
  const open = new Map<number, HistoryEvent>();
  if (flavour === 'kv-append') return buildAppend(commands);
  const kv = flavour === 'kv';
  const value = (n: number): unknown => (kv ? kvValues[n % 3] : n % 3);
  for (const c of commands) {
    const pending = open.get(c.process);
    const time = history.length;
    if (pending === undefined) {
      const fs = kv ? ['get', 'put', 'append', 'cas'] : flavour === 'register' ? ['read', 'write'] : ['read', 'write', 'cas'];
      const f = fs[c.pick % fs.length] as string;
      const ev: HistoryEvent = { type: 'invoke', process: c.process, time, f };
      if (kv) ev.key = String(c.pick % 2);
      if (f === 'write' || f === 'put' || f === 'append') ev.value = value(c.a);
      if (f === 'cas') {
        ev.expected = value(c.a);
        ev.value = value(c.b);
      }
      history.push(ev);
      open.set(c.process, ev);
    } else {
      const type = (['ok', 'ok', 'ok', 'ok', 'fail', 'fail', 'info', 'ok'] as const)[c.outcome] ?? 'ok';
      const ev: HistoryEvent = { type, process: c.process, time, f: pending.f };
      if (pending.key !== undefined) ev.key = pending.key;
      if ((pending.f === 'read' || pending.f === 'get') && type === 'ok') {
        ev.value = kv ? kvValues[c.a] : c.a === 5 ? null : c.a % 3;
      }
      if (type === 'fail' && pending.f === 'cas' && c.b % 2 === 0) ev.error = 'cas_mismatch';
      history.push(ev);
      open.delete(c.process);
    }
  }
  return history;
}

function buildAppend(commands: readonly Command[]): History {
  const history: History = [];
  const open = new Map<number, HistoryEvent>();
  for (const c of commands) {
    const pending = open.get(c.process);
    const time = history.length;
    if (pending === undefined) {
      const f = appendOps[c.pick] as string;
      const ev: HistoryEvent = { type: 'invoke', process: c.process, time, f, key: 'k' };
      if (f === 'append') ev.value = c.a % 2 === 0 ? 'a' : 'b';
      if (f === 'put') ev.value = kvValues[c.a % 3];
      if (f === 'cas') {
        ev.expected = kvValues[c.a];
        ev.value = kvValues[c.b % 3];
      }
      history.push(ev);
      open.set(c.process, ev);
    } else {
      const type = (['ok', 'ok', 'ok', 'ok', 'ok', 'fail', 'info', 'ok'] as const)[c.outcome] ?? 'ok';
      const ev: HistoryEvent = { type, process: c.process, time, f: pending.f, key: 'k' };
      if (pending.f === 'get' && type === 'ok') ev.value = appendAnswers[(c.a * 6 + c.b) % appendAnswers.length];
      if (type === 'fail' && pending.f === 'cas' && c.b % 2 === 0) ev.error = 'cas_mismatch';
      history.push(ev);
      open.delete(c.process);
    }
  }
  return history;
}
