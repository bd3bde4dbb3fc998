// Proves every reader's HistoryFormatError is one clipped line — newlines, carriage
// returns and other control characters in the input or the file name come out escaped,
// long snippets are cut to errorDetailCharsMax — by feeding each format inputs built to
// put such text into the message, then random hostile text (fast-check) through the
// reader and every model's check, where nothing but HistoryFormatError may escape; and
// that a file starting with a UTF-8 byte-order mark reads exactly as the same file
// without it, in every format, auto-detected or named.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorDetailCharsMax, errorSourceCharsMax } from '../../../checkers/formats/errors.ts';
import { HistoryFormatError, checkHistory, historyFormats, models, readHistory, type HistoryFormat } from '../../../checkers/linearizability.ts';
import { propertySeed } from '../linearizability/histories.ts';

/** The message readHistory throws, or undefined if it read the text. */
function errorOf(text: string, source: string, format: HistoryFormat | 'auto' = 'auto'): string | undefined {
  try {
    readHistory(text, source, format);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(HistoryFormatError);
    return (e as Error).message;
  }
}

// Generous: the clipped source, ":line: " and the clipped detail.
const messageCharsMax = errorSourceCharsMax + 24 + errorDetailCharsMax;

function expectOneLine(message: string | undefined): void {
  expect(message).toBeDefined();
  expect(message).not.toMatch(/[\n\r\u2028\u2029\u0000-\u0008\u000b-\u001f\u007f]/);
  expect(message!.length).toBeLessThanOrEqual(messageCharsMax);
}

describe('every error is one line', () => {
  const cases: [string, string, string, HistoryFormat | 'auto'][] = [
    ['JSON with a carriage return inside a row', 'h.jsonl', '{"type":"invoke","process":0,"time":\r x}\n', 'jsonl'],
    ['JSON with U+2028 inside a row', 'h.jsonl', '{"type":"invoke","process":\u20280,]\n', 'jsonl'],
    ['JSON: a very long malformed row', 'h.jsonl', `{"type":"invoke","value":${'1'.repeat(100_000)}x}\n`, 'jsonl'],
    ['JSON: an unknown field named with newlines', 'h.jsonl', '{"type":"invoke","a\\nb\\nc":1}\n', 'jsonl'],
    ['EDN: a non-map form spanning lines', 'h.edn', '[(1\n2\n3)]', 'jepsen-edn'],
    ['EDN: a bad escape in a string spanning lines', 'h.edn', '[{:process 0, :type :invoke, :f :write, :value "a\nb\\q"}]', 'jepsen-edn'],
    ['EDN: a long :type value', 'h.edn', `[{:process 0, :type "${'x\n'.repeat(50_000)}", :f :read}]`, 'jepsen-edn'],
    ['EDN: a control character escape', 'h.edn', '[{:process 0, :type :oops\u001b[31m, :f :read}]', 'jepsen-edn'],
    ['Porcupine: a long malformed value', 'e.log', `INFO  jepsen.util - 0\t:invoke\t:write\t"\\q${'y'.repeat(100_000)}"\n`, 'porcupine-etcd'],
    ['Porcupine: a bad process with a carriage return', 'e.log', 'INFO  jepsen.util - x\r1\t:invoke\t:read\tnil\n', 'porcupine-etcd'],
    ['a file name with a newline', 'bad\nname.edn', '[{:process 0, :type :oops, :f :read}]', 'auto'],
    ['a very long file name', `${'d/'.repeat(5_000)}x.edn`, '[{:process 0, :type :oops, :f :read}]', 'auto'],
  ];
  for (const [name, source, text, format] of cases) {
    it(name, () => {
      const message = errorOf(text, source, format);
      expectOneLine(message);
      expect(message).toMatch(/:\d+: /);
    });
  }

  it('keeps the end of a long file name, where the name is', () => {
    expect(errorOf('[{:process 0, :type :oops, :f :read}]', `${'d/'.repeat(5_000)}x.edn`)).toMatch(/^….*d\/x\.edn:1: /);
  });

  it('escapes rather than drops: the newline in a snippet shows as \\n', () => {
    expect(errorOf('[(1\n2)]', 'h.edn', 'jepsen-edn')).toMatch(/\(1\\n2\)/);
  });

  it('random hostile text in every format gives a verdict or one short line, never another exception', () => {
    const alphabet = fc.constantFrom(
      ...'{}[]()#_:;,"\\ \t\n\r\u2028\u00a0\ufeffabcnil0123456789.eE+-NM'.split(''),
      ':type', ' :invoke', ' :ok', ' :fail', ' :info', ':process', ' :f', ' :read', ' :write', ' :cas', ' :get', ' :put', ' :value', ' :key',
      '"type"', '"invoke"', 'jepsen.util - ', '9007199254740993', '{:process 0 :type :invoke :f :write :value ', '{:process 0 :type :ok :f :write}',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }), fc.constantFrom<HistoryFormat | 'auto'>('auto', ...historyFormats), (parts, format) => {
        const text = parts.join('');
        const message = errorOf(text, 'fuzz.txt', format);
        if (message !== undefined) return expectOneLine(message);
        const { history, lines } = readHistory(text, 'fuzz.txt', format);
        for (const model of Object.values(models)) {
          try {
            checkHistory(history, model, { source: 'fuzz.txt', lines, budget: 10_000 });
          } catch (e) {
            expect(e).toBeInstanceOf(HistoryFormatError);
            expectOneLine((e as Error).message);
          }
        }
      }),
      { seed: propertySeed, numRuns: 2_000 },
    );
  });
});

describe('a UTF-8 byte-order mark at the start is accepted', () => {
  const bom = '\ufeff';
  const samples: [HistoryFormat, string][] = [
    ['porcupine-etcd', 'INFO  jepsen.util - 2\t:invoke\t:write\t3\nINFO  jepsen.util - 2\t:ok\t:write\t3\n'],
    ['porcupine-kv', '{:process 9, :type :invoke, :f :put, :key "0", :value "x"}\n{:process 9, :type :ok, :f :put, :key "0", :value "x"}\n'],
    ['jepsen-edn', '[{:process 0, :type :invoke, :f :write, :value 1}\n {:process 0, :type :ok, :f :write, :value 1}]\n'],
    ['jsonl', '{"type":"invoke","process":1,"time":5,"f":"put","key":"k","value":"v"}\n{"type":"ok","process":1,"time":9,"f":"put","key":"k"}\n'],
  ];
  for (const [format, text] of samples) {
    it(`${format}, auto-detected and named`, () => {
      const plain = readHistory(text, 'x', format);
      expect(plain.history.length).toBe(2);
      expect(readHistory(bom + text, 'x')).toEqual(plain);
      expect(readHistory(bom + text, 'x', format)).toEqual(plain);
    });
  }

  it('with CRLF line endings too', () => {
    for (const [format, text] of samples) {
      expect(readHistory(bom + text.replaceAll('\n', '\r\n'), 'x').history).toEqual(readHistory(text, 'x', format).history);
    }
  });
});
