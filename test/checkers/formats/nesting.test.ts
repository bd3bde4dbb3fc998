// Proves nesting is bounded, not a stack overflow: a value nested nestingDepthMax deep
// (counting the file's own vector and op map) reads, checks and is described in a
// failure explanation; one level more, or 10,000, is a HistoryFormatError naming the
// line, in every format and for every kind of EDN nesting (vector, list, map, set, tag,
// discard), never a RangeError.

import { describe, expect, it } from 'vitest';
import { nestingDepthMax } from '../../../checkers/formats/limits.ts';
import { HistoryFormatError, checkHistory, models, readHistory, type HistoryFormat } from '../../../checkers/linearizability.ts';

const deepTest = 10_000;

/** `[[…[1]…]]` with `depth` brackets. */
const nested = (depth: number, open = '[', close = ']'): string => `${open.repeat(depth)}1${close.repeat(depth)}`;

// The op map inside the file's vector holds the value: two levels before it.
const ednOps = (value: string, readValue = value): string =>
  `[{:process 0, :type :invoke, :f :write, :value ${value}}\n {:process 0, :type :ok, :f :write, :value ${value}}\n` +
  ` {:process 1, :type :invoke, :f :read}\n {:process 1, :type :ok, :f :read, :value ${readValue}}]\n`;

function errorOf(text: string, format: HistoryFormat): Error {
  try {
    readHistory(text, 'deep', format);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the reader to reject the text');
}

describe('nesting is bounded', () => {
  it('EDN at exactly nestingDepthMax reads, checks and explains a failure', () => {
    const value = nested(nestingDepthMax - 2);
    const { history, lines } = readHistory(ednOps(value), 'deep.edn');
    expect(history).toHaveLength(4);
    const ok = checkHistory(history, models.register!, { source: 'deep.edn', lines });
    expect(ok.verdict).toBe('linearizable');
    const bad = readHistory(ednOps(value, '2'), 'deep.edn');
    const result = checkHistory(bad.history, models.register!, { source: 'deep.edn', lines: bad.lines });
    expect(result.verdict).toBe('not_linearizable');
    if (result.verdict === 'not_linearizable') expect(result.partitions[0]!.explanation).toMatch(/^read → 2 .*cannot be linearized after write\(\[\[\[/);
  });

  const tooDeep: [string, string][] = [
    ['vectors one level too deep', ednOps(nested(nestingDepthMax - 1))],
    ['vectors 10,000 deep', ednOps(nested(deepTest))],
    ['lists', ednOps(nested(deepTest, '(', ')'))],
    ['maps', ednOps(`${'{:a '.repeat(deepTest)}1${'}'.repeat(deepTest)}`)],
    ['sets', ednOps(nested(deepTest, '#{', '}'))],
    ['tags', ednOps(`${'#t '.repeat(deepTest)}1`)],
    ['discards', ednOps(`${'#_ '.repeat(deepTest)}1 ${'2 '.repeat(deepTest)}`)],
    ['the file itself', nested(deepTest)],
  ];
  for (const [name, text] of tooDeep) {
    it(`EDN: ${name} is bad input naming the line`, () => {
      const e = errorOf(text, 'jepsen-edn');
      expect(e).toBeInstanceOf(HistoryFormatError);
      expect(e.message).toMatch(new RegExp(`^deep:1: nested deeper than ${nestingDepthMax} levels`));
    });
  }

  it('Porcupine: a value 10,000 deep', () => {
    const e = errorOf(`INFO  jepsen.util - 0\t:invoke\t:write\t1\nINFO  jepsen.util - 0\t:ok\t:write\t${nested(deepTest)}\n`, 'porcupine-etcd');
    expect(e).toBeInstanceOf(HistoryFormatError);
    expect(e.message).toMatch(new RegExp(`^deep:2: nested deeper than ${nestingDepthMax} levels`));
  });

  it('JSON Lines: a value at the bound reads, 10,000 deep does not', () => {
    const row = (value: string): string => `{"type":"invoke","process":0,"time":0,"f":"write","value":${value}}\n`;
    expect(readHistory(row(nested(nestingDepthMax - 1)), 'deep', 'jsonl').history).toHaveLength(1);
    for (const value of [nested(nestingDepthMax), nested(deepTest), `${'{"a":'.repeat(deepTest)}1${'}'.repeat(deepTest)}`]) {
      const e = errorOf(`\n${row(value)}`, 'jsonl');
      expect(e).toBeInstanceOf(HistoryFormatError);
      expect(e.message).toMatch(new RegExp(`^deep:2: nested deeper than ${nestingDepthMax} levels`));
    }
  });
});
