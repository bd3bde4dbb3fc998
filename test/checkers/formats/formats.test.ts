// Proves the readers parse each outside format (auto-detected), reject malformed input
// with a HistoryFormatError naming file:line, and that the JSONL and EDN writers round
// trip: a history written then read back is the same history.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { History, HistoryEvent } from '../../../checkers/history.ts';
import {
  HistoryFormatError,
  detectFormat,
  generateKvHistory,
  readHistory,
  writeJepsenEdn,
  writeJsonLines,
} from '../../../checkers/linearizability.ts';
import { propertySeed } from '../linearizability/histories.ts';

const etcdLog = [
  'INFO  jepsen.util - 2\t:invoke\t:cas\t[3 0]',
  'INFO  jepsen.util - 4\t:invoke\t:read\tnil',
  'INFO  jepsen.util - 2\t:fail\t:cas\t[3 0]',
  'INFO  jepsen.util - 4\t:ok\t:read\tnil',
  'INFO  jepsen.util - 7     :invoke :write   2',
  'INFO  jepsen.util - 7\t:info\t:write\t:timed-out',
].join('\n');

const knossos = `; a comment
[{:process 0, :type :invoke, :f :write, :value 1}
 {:process 0, :type :ok, :f :write, :value 1}
 {:process :nemesis, :type :info, :f :start, :value nil}
 {:process 1  :type :invoke, :f :cas, :value [1 2]} ; trailing comment
 {:process 1,
  :type :ok,
  :f :cas,
  :value [1 2]}]
`;

describe('readers', () => {
  it('porcupine-etcd: process, type, f, value; :timed-out is an error', () => {
    const r = readHistory(etcdLog, 'etcd.log');
    expect(r.format).toBe('porcupine-etcd');
    expect(r.history[0]).toEqual({ type: 'invoke', process: 2, time: 0, f: 'cas', expected: 3, value: 0 });
    expect(r.history[3]).toEqual({ type: 'ok', process: 4, time: 3, f: 'read', value: null });
    expect(r.history[4]).toEqual({ type: 'invoke', process: 7, time: 4, f: 'write', value: 2 });
    expect(r.history[5]).toEqual({ type: 'info', process: 7, time: 5, f: 'write', error: 'timed-out' });
    expect(r.lines).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('porcupine-etcd named for a file with text but no event line is refused; an empty one is empty', () => {
    expect(() => readHistory('{"type":"invoke","process":1,"time":0,"f":"get"}\n', 'h.jsonl', 'porcupine-etcd')).toThrow(/h\.jsonl:1: no `jepsen\.util - ` event line/);
    expect(readHistory('\n\n', 'empty.log', 'porcupine-etcd').history).toEqual([]);
  });

  it('jepsen-edn: vector of maps, comments, commas, nemesis skipped, multi-line maps', () => {
    const r = readHistory(knossos, 'h.edn');
    expect(r.format).toBe('jepsen-edn');
    expect(r.history).toHaveLength(4);
    expect(r.history[2]).toMatchObject({ type: 'invoke', process: 1, f: 'cas', expected: 1, value: 2 });
    expect(r.lines).toEqual([2, 3, 5, 6]);
  });

  it('jepsen-edn: a list works as well as a vector', () => {
    const r = readHistory('({:type :invoke, :f :read, :value nil, :process 0}\n {:type :ok, :f :read, :value 3, :process 0})', 'l.edn');
    expect(r.history.map((e) => e.value)).toEqual([null, 3]);
  });

  it('porcupine-kv: one EDN map per line with string keys and values', () => {
    const text = '{:process 9, :type :invoke, :f :append, :key "0", :value "x 9 0 y"}\n{:process 9, :type :ok, :f :append, :key "0", :value "x 9 0 y"}\n';
    const r = readHistory(text, 'c.txt');
    expect(r.format).toBe('porcupine-kv');
    expect(r.history[0]).toEqual({ type: 'invoke', process: 9, time: 0, f: 'append', key: '0', value: 'x 9 0 y' });
  });

  it('jsonl: one HistoryEvent per line', () => {
    const text = '{"type":"invoke","process":1,"time":5,"f":"put","key":"k","value":"v","requestId":"r1"}\n\n{"type":"ok","process":1,"time":9,"f":"put","key":"k"}\n';
    const r = readHistory(text, 'h.jsonl');
    expect(r.format).toBe('jsonl');
    expect(r.history).toEqual([
      { type: 'invoke', process: 1, time: 5, f: 'put', key: 'k', value: 'v', requestId: 'r1' },
      { type: 'ok', process: 1, time: 9, f: 'put', key: 'k' },
    ]);
    expect(r.lines).toEqual([1, 3]);
  });

  it('detects nothing in prose', () => {
    expect(detectFormat('hello world')).toBeUndefined();
    expect(() => readHistory('hello world', 'x.txt')).toThrow(/^x\.txt:1: cannot tell the format/);
  });
});

describe('malformed input names file and line', () => {
  const cases: [string, string, string, RegExp][] = [
    ['bad type', 'bad.edn', '[{:process 0, :type :invoke, :f :read}\n\n {:process 0, :type :oops, :f :read}]', /^bad\.edn:3: expected :type to be one of :invoke :ok :fail :info, got :oops$/],
    ['unclosed vector', 'open.edn', '[{:process 0, :type :invoke, :f :read}\n {:process 0, :type :ok, :f :read}', /^open\.edn:1: unterminated form: missing \]$/],
    ['mismatched bracket', 'mm.edn', '[{:process 0, :type :invoke, :f :read)]', /^mm\.edn:1: expected } to close/],
    ['string process', 'p.edn', '[{:process 1.5, :type :invoke, :f :read}]', /^p\.edn:1: expected :process to be an integer, got 1.5$/],
    ['not a map', 'v.edn', '[{:process 0, :type :invoke, :f :read}\n 42]', /^v\.edn:2: expected an operation map/],
    ['bad json', 'h.jsonl', '{"type":"invoke","process":0,"time":0,"f":"get"}\n{"type":', /^h\.jsonl:2: malformed JSON/],
    ['json missing time', 'h.jsonl', '{"type":"invoke","process":0,"f":"get"}', /^h\.jsonl:1: expected "time" to be a number, got undefined$/],
    ['etcd bad type', 'e.log', 'INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:done\t:read\t3', /^e\.log:2: expected the type to be one of :invoke :ok :fail :info, got :done$/],
  ];
  for (const [name, file, text, pattern] of cases) {
    it(name, () => {
      let error: unknown;
      try {
        readHistory(text, file);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(HistoryFormatError);
      expect((error as Error).message).toMatch(pattern);
    });
  }

  it('a completion with no invocation is caught when pairing, with the source line', async () => {
    const { checkHistory, models } = await import('../../../checkers/linearizability.ts');
    const r = readHistory('[{:process 0, :type :invoke, :f :read}\n {:process 1, :type :ok, :f :read, :value 0}]', 'pair.edn');
    expect(() => checkHistory(r.history, models['cas-register']!, { source: 'pair.edn', lines: r.lines })).toThrow(
      /^pair\.edn:2: ok read for process 1, which has no pending invocation$/,
    );
  });
});

describe('writers round trip', () => {
  const eventArb: fc.Arbitrary<HistoryEvent> = fc
    .record(
      {
        type: fc.constantFrom('invoke', 'ok', 'fail', 'info'),
        process: fc.nat({ max: 1000 }),
        time: fc.nat(),
        f: fc.constantFrom('get', 'put', 'append', 'cas', 'read', 'write'),
        key: fc.string(),
        value: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        expected: fc.string(),
        error: fc.constantFrom('cas_mismatch', 'timeout', 'not_leader'),
        requestId: fc.string(),
      },
      { requiredKeys: ['type', 'process', 'time', 'f'] },
    )
    .map((e) => {
      // A cas's expected travels as Jepsen's [expected new]; `expected` only with cas.
      const out = { ...e } as HistoryEvent;
      if (out.f !== 'cas') delete out.expected;
      if (out.f === 'cas' && out.expected !== undefined && out.value === undefined) out.value = null;
      return out;
    });

  it('JSON Lines', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 20 }), (h: History) => {
        expect(readHistory(writeJsonLines(h), 'rt.jsonl', 'jsonl').history).toEqual(h);
      }),
      { seed: propertySeed, numRuns: 200 },
    );
  });

  it('Jepsen EDN', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 20 }), (h: History) => {
        expect(readHistory(writeJepsenEdn(h), 'rt.edn', 'jepsen-edn').history).toEqual(h);
      }),
      { seed: propertySeed, numRuns: 200 },
    );
  });

  it('a generated faultline history survives both, auto-detected', () => {
    const h = generateKvHistory({ ops: 300, keys: 3, clients: 5, seed: 7, infoPerMille: 50 });
    expect(readHistory(writeJsonLines(h), 'g.jsonl').history).toEqual(h);
    const edn = readHistory(writeJepsenEdn(h), 'g.edn');
    expect(edn.format).toBe('jepsen-edn');
    expect(edn.history).toEqual(h);
  });
});
