// Proves every reader is linear in the length of one token or line: a value, keyword,
// string, comment or run of whitespace of tokenCharsTest (200,000) characters in each
// format is read back exactly. A quadratic reader (edn-data grew each token one
// character at a time and re-scanned it: 12 s for 60,000 characters) takes minutes
// here; the only wall-clock element is the suite's timeout, a generous backstop that a
// linear reader misses by two orders of magnitude, so the verdicts do not depend on
// machine speed.

import { describe, expect, it } from 'vitest';
import { detectFormat, readHistory, type HistoryFormat } from '../../../checkers/linearizability.ts';

const tokenCharsTest = 200_000;
/** Backstop only: a linear reader needs well under a second for every case here. */
const backstopMs = 20_000;

const long = (c: string): string => c.repeat(tokenCharsTest);
const edn = (value: string): string => `[{:process 0, :type :invoke, :f :write, :value ${value}}]\n`;
const etcd = (value: string): string => `INFO  jepsen.util - 0\t:invoke\t:write\t${value}\n`;
const jsonl = (value: string): string => `{"type":"invoke","process":0,"time":0,"f":"write","value":${value}}\n`;

function valueOf(text: string, format: HistoryFormat): unknown {
  const { history } = readHistory(text, 'long', format);
  expect(history).toHaveLength(1);
  return history[0]!.value;
}

describe('one long token or line reads in linear time', { timeout: backstopMs }, () => {
  it('EDN: a long symbol, keyword, string and comment', () => {
    expect(valueOf(edn(long('a')), 'jepsen-edn')).toBe(long('a'));
    expect(valueOf(edn(`:${long('k')}`), 'jepsen-edn')).toBe(`:${long('k')}`);
    expect(valueOf(edn(`"${long('s')}"`), 'jepsen-edn')).toBe(long('s'));
    expect(valueOf(edn(`"${long('\\n')}"`), 'jepsen-edn')).toBe(long('\n'));
    expect(valueOf(`;${long('c')}\n${edn('1')}`, 'jepsen-edn')).toBe(1);
    expect(valueOf(edn(`[1${long(' ')}2]`), 'jepsen-edn')).toEqual([1, 2]);
  });

  it('EDN: a long :f keyword', () => {
    const { history } = readHistory(`[{:process 0, :type :invoke, :f :${long('f')}}]`, 'long', 'jepsen-edn');
    expect(history[0]!.f).toBe(long('f'));
  });

  it('EDN: a long integer finishes (its value is the big-integer suite\'s business)', () => {
    expect(() => valueOf(edn(long('7')), 'jepsen-edn')).not.toThrow();
  });

  it('Porcupine: a long value, and a long run of spaces inside and after it', () => {
    expect(valueOf(etcd(long('a')), 'porcupine-etcd')).toBe(long('a'));
    expect(valueOf(etcd(`[1${long(' ')}2]`), 'porcupine-etcd')).toEqual([1, 2]);
    expect(valueOf(etcd(`3${long(' ')}`), 'porcupine-etcd')).toBe(3);
    expect(valueOf(`INFO  jepsen.util -${long(' ')}0 :invoke :write 4\n`, 'porcupine-etcd')).toBe(4);
  });

  it('Porcupine: a line full of logger names that never match', () => {
    const text = `${'jepsen.util x '.repeat(tokenCharsTest / 14)}\n${etcd('5')}`;
    expect(() => readHistory(text, 'long', 'porcupine-etcd')).toThrow(/^long:1: expected `jepsen\.util - PROCESS/);
  });

  it('JSON Lines: a long string and a long number', () => {
    expect(valueOf(jsonl(`"${long('s')}"`), 'jsonl')).toBe(long('s'));
    expect(() => valueOf(jsonl(long('7')), 'jsonl')).not.toThrow();
    expect(valueOf(jsonl(`[1${long(' ')},2]`), 'jsonl')).toEqual([1, 2]);
  });

  it('format detection on a long first line', () => {
    expect(detectFormat(edn(long('a')))).toBe('jepsen-edn');
    expect(detectFormat(etcd(long('a')))).toBe('porcupine-etcd');
    expect(detectFormat(jsonl(long('7')))).toBe('jsonl');
  });
});
