// Proves integers beyond Number.MAX_SAFE_INTEGER stay exact in every reader: each is read
// as its decimal text, so a write of 9007199254740993 followed by a read of
// 9007199254740992 — equal as doubles — is not linearizable under every model, in EDN,
// Porcupine etcd and kv logs and JSON Lines, and the explanation names both numbers;
// safe integers and floats read as before, and the JSON reader agrees with JSON.parse on
// everything else (fast-check).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson } from '../../../checkers/formats/json-parse.ts';
import { checkHistory, models, readHistory, type HistoryFormat } from '../../../checkers/linearizability.ts';
import { propertySeed } from '../linearizability/histories.ts';

const written = '9007199254740993'; // 2^53 + 1: the double nearest is 2^53
const readBack = '9007199254740992'; // 2^53

/** write(w) then read → r, in each format; `f` names are the model's. */
function history(format: HistoryFormat, w: string, r: string, write = 'write', read = 'read'): string {
  switch (format) {
    case 'jepsen-edn':
      return `[{:process 0, :type :invoke, :f :${write}, :value ${w}}\n {:process 0, :type :ok, :f :${write}, :value ${w}}\n` +
        ` {:process 1, :type :invoke, :f :${read}, :value nil}\n {:process 1, :type :ok, :f :${read}, :value ${r}}]\n`;
    case 'porcupine-kv':
      return `{:process 0, :type :invoke, :f :${write}, :key "k", :value ${w}}\n{:process 0, :type :ok, :f :${write}, :key "k", :value ${w}}\n` +
        `{:process 1, :type :invoke, :f :${read}, :key "k", :value nil}\n{:process 1, :type :ok, :f :${read}, :key "k", :value ${r}}\n`;
    case 'porcupine-etcd':
      return `INFO  jepsen.util - 0\t:invoke\t:${write}\t${w}\nINFO  jepsen.util - 0\t:ok\t:${write}\t${w}\n` +
        `INFO  jepsen.util - 1\t:invoke\t:${read}\tnil\nINFO  jepsen.util - 1\t:ok\t:${read}\t${r}\n`;
    case 'jsonl':
      return `{"type":"invoke","process":0,"time":0,"f":"${write}","key":"k","value":${w}}\n{"type":"ok","process":0,"time":1,"f":"${write}","key":"k","value":${w}}\n` +
        `{"type":"invoke","process":1,"time":2,"f":"${read}","key":"k"}\n{"type":"ok","process":1,"time":3,"f":"${read}","key":"k","value":${r}}\n`;
  }
}

const formats: HistoryFormat[] = ['jepsen-edn', 'porcupine-kv', 'porcupine-etcd', 'jsonl'];

describe('big integers compare exactly', () => {
  for (const format of formats) {
    for (const model of ['register', 'cas-register', 'etcd']) {
      it(`${format} under ${model}: 2^53 + 1 written, 2^53 read is not linearizable`, () => {
        const bad = readHistory(history(format, written, readBack), 'big', format);
        expect(bad.history[0]!.value).toBe(written);
        expect(bad.history[3]!.value).toBe(readBack);
        const result = checkHistory(bad.history, models[model]!, { source: 'big', lines: bad.lines });
        expect(result.verdict).toBe('not_linearizable');
        if (result.verdict === 'not_linearizable') {
          expect(result.partitions[0]!.explanation).toContain(readBack);
          expect(result.partitions[0]!.explanation).toContain(written);
        }
        const good = readHistory(history(format, written, written), 'big', format);
        expect(checkHistory(good.history, models[model]!).verdict).toBe('linearizable');
      });
    }
    it(`${format} under kv: put 2^53 + 1, get 2^53 is not linearizable`, () => {
      const bad = readHistory(history(format, written, readBack, 'put', 'get'), 'big', format);
      expect(checkHistory(bad.history, models.kv!).verdict).toBe('not_linearizable');
      const good = readHistory(history(format, written, written, 'put', 'get'), 'big', format);
      expect(checkHistory(good.history, models.kv!).verdict).toBe('linearizable');
    });
  }

  it('negative, N-suffixed and very long integers are exact; safe ones stay numbers', () => {
    const cases: [string, unknown][] = [
      ['-9007199254740993', '-9007199254740993'],
      ['9007199254740993N', written],
      ['+9007199254740993', written],
      ['5N', 5],
      ['9007199254740991', 9007199254740991],
      ['-9007199254740991', -9007199254740991],
      ['12345678901234567890123456789', '12345678901234567890123456789'],
      ['1.5', 1.5],
      ['9007199254740993.0', 9007199254740992],
      ['1e20', 1e20],
    ];
    for (const [token, value] of cases) {
      const edn = readHistory(`[{:process 0, :type :invoke, :f :write, :value ${token}}]`, 'x', 'jepsen-edn');
      expect(edn.history[0]!.value, `EDN ${token}`).toBe(value);
      const etcd = readHistory(`INFO  jepsen.util - 0\t:invoke\t:write\t${token}\n`, 'x', 'porcupine-etcd');
      expect(etcd.history[0]!.value, `etcd ${token}`).toBe(value);
      if (/[N+]/.test(token)) continue; // not JSON
      const json = readHistory(`{"type":"invoke","process":0,"time":0,"f":"write","value":${token}}\n`, 'x', 'jsonl');
      expect(json.history[0]!.value, `JSON ${token}`).toBe(value);
    }
  });

  it('inside collections and cas arguments too', () => {
    const edn = readHistory(`[{:process 0, :type :invoke, :f :cas, :value [${written} ${readBack}]}]`, 'x', 'jepsen-edn');
    expect(edn.history[0]).toMatchObject({ expected: written, value: readBack });
    const etcd = readHistory(`INFO  jepsen.util - 0\t:invoke\t:cas\t[${written} ${readBack}]\n`, 'x', 'porcupine-etcd');
    expect(etcd.history[0]).toMatchObject({ expected: written, value: readBack });
    const json = readHistory(`{"type":"invoke","process":0,"time":0,"f":"cas","expected":${written},"value":[1,{"a":${readBack}},"${written}"]}`, 'x', 'jsonl');
    expect(json.history[0]).toMatchObject({ expected: written, value: [1, { a: readBack }, written] });
  });

  it('a big process id is bad input; a big time is kept as the nearest number', () => {
    expect(() => readHistory(`[{:process ${written}, :type :invoke, :f :read}]`, 'x', 'jepsen-edn')).toThrow(/^x:1: expected :process to be a safe integer, got 9007199254740993$/);
    expect(() => readHistory(`INFO  jepsen.util - ${written}\t:invoke\t:read\tnil\n`, 'x', 'porcupine-etcd')).toThrow(/^x:1: expected the process to be a safe integer, got 9007199254740993$/);
    expect(() => readHistory(`{"type":"invoke","process":${written},"time":0,"f":"read"}`, 'x', 'jsonl')).toThrow(/^x:1: expected "process" to be a safe integer, got 9007199254740993$/);
    const json = readHistory(`{"type":"invoke","process":0,"time":${written},"f":"read"}`, 'x', 'jsonl');
    expect(json.history[0]!.time).toBe(2 ** 53);
  });

  it('the JSON reader agrees with JSON.parse wherever no integer is beyond the safe range', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'medium' }), (text) => {
        fc.pre(!/\d{16}/.test(text));
        expect(parseJson(text, 'x', 1)).toEqual(JSON.parse(text));
      }),
      { seed: propertySeed, numRuns: 1_000 },
    );
  });

  it('and with JSON.parse, on what it rejects', () => {
    for (const text of ['{"a":1,}', '[1 2]', '{"a" 1}', '01', '1.', '.5', '-', '"\u0001"', '"\\x"', 'tru', '[1]]', '', '{"a":1', '"\\ud800"x', 'NaN']) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(() => parseJson(text, 'x', 1), text).toThrow(/^x:1: malformed JSON/);
    }
  });
});
