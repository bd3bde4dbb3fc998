// Proves each model's rule for ok, fail and info completions, by checking tiny
// hand-written histories whose verdict follows from that rule alone.

import { describe, expect, it } from 'vitest';
import type { History, HistoryEvent } from '../../../checkers/history.ts';
import { checkHistory, models } from '../../../checkers/linearizability.ts';

let clock = 0;
const ev = (type: HistoryEvent['type'], process: number, f: string, extra: Partial<HistoryEvent> = {}): HistoryEvent => ({
  type,
  process,
  time: clock++,
  f,
  ...extra,
});
const verdict = (model: string, h: History): string => checkHistory(h, models[model]!).verdict;

describe('kv', () => {
  it('keys start as "" and are independent', () => {
    const h = [
      ev('invoke', 0, 'put', { key: 'a', value: 'x' }),
      ev('ok', 0, 'put', { key: 'a' }),
      ev('invoke', 1, 'get', { key: 'b' }),
      ev('ok', 1, 'get', { key: 'b', value: '' }),
      ev('invoke', 1, 'append', { key: 'a', value: 'y' }),
      ev('ok', 1, 'append', { key: 'a' }),
      ev('invoke', 2, 'get', { key: 'a' }),
      ev('ok', 2, 'get', { key: 'a', value: 'xy' }),
    ];
    const r = checkHistory(h, models.kv!);
    expect(r.verdict).toBe('linearizable');
    expect(r.partitionCount).toBe(2);
  });

  it('a cas that failed with cas_mismatch asserts the compare failed', () => {
    const h = [
      ev('invoke', 0, 'put', { key: 'k', value: 'a' }),
      ev('ok', 0, 'put', { key: 'k' }),
      ev('invoke', 1, 'cas', { key: 'k', expected: 'a', value: 'b' }),
      ev('fail', 1, 'cas', { key: 'k', error: 'cas_mismatch' }),
    ];
    expect(verdict('kv', h)).toBe('not_linearizable');
  });

  it('any other fail means did not happen', () => {
    const h = [
      ev('invoke', 0, 'put', { key: 'k', value: 'a' }),
      ev('fail', 0, 'put', { key: 'k', error: 'not_leader' }),
      ev('invoke', 1, 'get', { key: 'k' }),
      ev('ok', 1, 'get', { key: 'k', value: '' }),
    ];
    expect(verdict('kv', h)).toBe('linearizable');
  });

  it('an info put may take effect later, or never', () => {
    const h = [
      ev('invoke', 0, 'put', { key: 'k', value: 'a' }),
      ev('info', 0, 'put', { key: 'k', error: 'timeout' }),
      ev('invoke', 1, 'get', { key: 'k' }),
      ev('ok', 1, 'get', { key: 'k', value: '' }),
      ev('invoke', 1, 'get', { key: 'k' }),
      ev('ok', 1, 'get', { key: 'k', value: 'a' }),
    ];
    expect(verdict('kv', h)).toBe('linearizable');
    // …but not before it was invoked.
    const early = [
      ev('invoke', 1, 'get', { key: 'k' }),
      ev('ok', 1, 'get', { key: 'k', value: 'a' }),
      ev('invoke', 0, 'put', { key: 'k', value: 'a' }),
      ev('info', 0, 'put', { key: 'k' }),
    ];
    expect(verdict('kv', early)).toBe('not_linearizable');
  });

  it('rejects an operation it does not know', () => {
    expect(() => checkHistory([ev('invoke', 0, 'scan', { key: 'k' })], models.kv!)).toThrow(/kv model has no operation "scan"/);
  });

  it('states the prefix order the search prunes with: append grows, put and cas reset', () => {
    const kv = models.kv!;
    const ok = { type: 'ok' };
    const get = (value: string): [unknown, unknown] => [{ f: 'get' }, { type: 'get', value }];
    expect(kv.grows?.({ f: 'append', value: 'a' }, ok)).toBe(true);
    expect(kv.grows?.(...get('a'))).toBe(true);
    expect(kv.grows?.({ f: 'cas', expected: 'a', value: 'b' }, { type: 'cas_mismatch' })).toBe(true);
    expect(kv.grows?.({ f: 'put', value: 'a' }, ok)).toBe(false);
    expect(kv.grows?.({ f: 'cas', expected: 'a', value: 'b' }, { type: 'unknown' })).toBe(false);
    expect(kv.resetsTo?.({ f: 'put', value: 'p' }, ok)).toBe('p');
    expect(kv.resetsTo?.({ f: 'cas', expected: 'a', value: 'b' }, ok)).toBe('b');
    expect(kv.reachable?.('ab', ...get('abc'))).toBe(true);
    expect(kv.reachable?.('ab', ...get('ab'))).toBe(true);
    expect(kv.reachable?.('ab', ...get('ba'))).toBe(false);
    expect(kv.reachable?.('abc', ...get('ab'))).toBe(false);
  });

  // Each of these is linearizable only through an order the read-pruning must not cut.
  it('a read pins the order of concurrent appends, whichever order it saw', () => {
    const h = [
      ev('invoke', 0, 'append', { key: 'k', value: 'a' }),
      ev('invoke', 1, 'append', { key: 'k', value: 'b' }),
      ev('invoke', 2, 'get', { key: 'k' }),
      ev('ok', 0, 'append', { key: 'k' }),
      ev('ok', 1, 'append', { key: 'k' }),
      ev('ok', 2, 'get', { key: 'k', value: 'ba' }),
    ];
    expect(verdict('kv', h)).toBe('linearizable');
    const stale = [...h, ev('invoke', 2, 'get', { key: 'k' }), ev('ok', 2, 'get', { key: 'k', value: 'b' })];
    expect(verdict('kv', stale)).toBe('not_linearizable');
  });

  it('a pending put or cas may reset the value before a read', () => {
    const put = [
      ev('invoke', 0, 'append', { key: 'k', value: 'a' }),
      ev('ok', 0, 'append', { key: 'k' }),
      ev('invoke', 1, 'put', { key: 'k', value: 'p' }),
      ev('invoke', 0, 'append', { key: 'k', value: 'b' }),
      ev('invoke', 2, 'get', { key: 'k' }),
      ev('ok', 0, 'append', { key: 'k' }),
      ev('ok', 2, 'get', { key: 'k', value: 'pb' }),
      ev('ok', 1, 'put', { key: 'k' }),
    ];
    expect(verdict('kv', put)).toBe('linearizable');
    const cas = [
      ev('invoke', 0, 'append', { key: 'k', value: 'a' }),
      ev('ok', 0, 'append', { key: 'k' }),
      ev('invoke', 1, 'cas', { key: 'k', expected: 'a', value: 'c' }),
      ev('invoke', 0, 'append', { key: 'k', value: 'b' }),
      ev('invoke', 2, 'get', { key: 'k' }),
      ev('ok', 0, 'append', { key: 'k' }),
      ev('ok', 2, 'get', { key: 'k', value: 'cb' }),
      ev('info', 1, 'cas', { key: 'k' }),
    ];
    expect(verdict('kv', cas)).toBe('linearizable');
    // An info put never completes, so it stays a possible reset for every later read.
    const info = [
      ev('invoke', 1, 'put', { key: 'k', value: 'p' }),
      ev('info', 1, 'put', { key: 'k' }),
      ev('invoke', 0, 'append', { key: 'k', value: 'a' }),
      ev('ok', 0, 'append', { key: 'k' }),
      ev('invoke', 0, 'append', { key: 'k', value: 'b' }),
      ev('ok', 0, 'append', { key: 'k' }),
      ev('invoke', 2, 'get', { key: 'k' }),
      ev('ok', 2, 'get', { key: 'k', value: 'pb' }),
    ];
    expect(verdict('kv', info)).toBe('linearizable');
  });
});

describe('etcd', () => {
  it('starts nil; a failed cas asserts the compare failed', () => {
    const read = [ev('invoke', 0, 'read'), ev('ok', 0, 'read', { value: null })];
    expect(verdict('etcd', read)).toBe('linearizable');
    const failedCasOnMatch = [
      ev('invoke', 0, 'write', { value: 1 }),
      ev('ok', 0, 'write', { value: 1 }),
      ev('invoke', 1, 'cas', { expected: 1, value: 2 }),
      ev('fail', 1, 'cas', { expected: 1, value: 2 }),
    ];
    expect(verdict('etcd', failedCasOnMatch)).toBe('not_linearizable');
  });

  it('a timed-out read tells nothing; an info cas has an unknown outcome', () => {
    const h = [
      ev('invoke', 0, 'read'),
      ev('fail', 0, 'read', { error: 'timed-out' }),
      ev('invoke', 1, 'cas', { expected: null, value: 3 }),
      ev('info', 1, 'cas', { error: 'timed-out' }),
      ev('invoke', 2, 'read'),
      ev('ok', 2, 'read', { value: 3 }),
    ];
    expect(verdict('etcd', h)).toBe('linearizable');
  });
});

describe('cas-register (Knossos rules, initial 0)', () => {
  it('fail means did not happen, even for a cas whose compare would have matched', () => {
    const h = [
      ev('invoke', 0, 'cas', { expected: 0, value: 1 }),
      ev('fail', 0, 'cas', { expected: 0, value: 1 }),
      ev('invoke', 1, 'read'),
      ev('ok', 1, 'read', { value: 0 }),
    ];
    expect(verdict('cas-register', h)).toBe('linearizable');
  });

  it('a read of nil tells nothing; invocation values are completed from the ok', () => {
    const h = [
      ev('invoke', 0, 'write', { value: null }),
      ev('ok', 0, 'write', { value: 4 }),
      ev('invoke', 1, 'read'),
      ev('ok', 1, 'read', { value: null }),
      ev('invoke', 1, 'read', { value: null }),
      ev('ok', 1, 'read', { value: 4 }),
    ];
    expect(verdict('cas-register', h)).toBe('linearizable');
  });
});

describe('register', () => {
  it('starts nil and a read must return exactly the value', () => {
    expect(verdict('register', [ev('invoke', 0, 'read'), ev('ok', 0, 'read', { value: 0 })])).toBe('not_linearizable');
    expect(verdict('register', [ev('invoke', 0, 'read'), ev('ok', 0, 'read', { value: null })])).toBe('linearizable');
  });
});

describe('every model states its fail and info rule', () => {
  for (const [name, m] of Object.entries(models)) {
    it(name, () => {
      expect(m.name).toBe(name);
      expect(m.failRule).toMatch(/fail/);
      expect(m.infoRule).toMatch(/info/);
    });
  }
});
