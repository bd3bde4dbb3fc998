// Proves the EDN parser (formats/edn-parse.ts) reads what edn-data, the parser it
// replaced, read: fast-check values written by edn-data's own generator, and every op
// form of the outside corpus, give the same plain data through both (integers kept
// within the safe range, where the two agree by design); and that it rejects, naming the
// line, what is not exactly one well-formed form. Also that a map key named __proto__
// stays a key of the plain object, so such values compare as written.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEDNString, toEDNString, type EDNVal } from 'edn-data';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEdnForm } from '../../../checkers/formats/edn-parse.ts';
import { opForms } from '../../../checkers/formats/jepsen-edn.ts';
import { ednToPlain } from '../../../checkers/formats/values.ts';
import { HistoryFormatError, checkHistory, models, readHistory } from '../../../checkers/linearizability.ts';
import { propertySeed } from '../linearizability/histories.ts';

const ednDataOptions = { mapAs: 'map', keywordAs: 'object', listAs: 'array', setAs: 'array', charAs: 'string' } as const;
const viaEdnData = (text: string): unknown => ednToPlain(parseEDNString(text, ednDataOptions));
const viaParser = (text: string): unknown => ednToPlain(parseEdnForm(text, 'test'));

const name = fc.stringMatching(/^[a-z][a-z0-9*+!?<>=-]{0,8}$/);
const ednValue: fc.Arbitrary<EDNVal> = fc.letrec<{ v: EDNVal }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
    fc.string({ unit: 'grapheme' }),
    name.map((key) => ({ key })),
    name.map((sym) => ({ sym })),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.array(tie('v'), { maxLength: 4 }).map((list) => ({ list })),
    fc.array(tie('v'), { maxLength: 4 }).map((set) => ({ set })),
    fc.array(fc.tuple(name.map((key) => ({ key }) as EDNVal), tie('v')), { maxLength: 4 }).map((map) => ({ map })),
  ),
})).v;

describe('the EDN parser reads what edn-data read', () => {
  it('on generated values, written by edn-data', () => {
    fc.assert(
      fc.property(ednValue, (v) => {
        const text = toEDNString(v);
        expect(viaParser(text)).toEqual(viaEdnData(text));
      }),
      { seed: propertySeed, numRuns: 1_000 },
    );
  });

  it('on EDN written by hand: comments, commas, discards, characters, tags, sets', () => {
    for (const text of [
      '{:a 1, :b [2 3] ; c\n :d #{4}}',
      '[1 #_ 2 3 #_#_ 4 5 6]',
      '[\\a \\space \\newline \\u0041 "x\\ty\\"z" \\\\]',
      '#my/tag [1 2]',
      '(1 (2 (3)) [])',
      '[-0 +5 12N 1.5 -2.5e3 7M]',
      '"\\u00e9\\n"',
    ]) {
      expect(viaParser(text), text).toEqual(viaEdnData(text));
    }
  });

  it('and a bracket as a character, which edn-data took for a bracket', () => {
    expect(viaParser('[\\( \\] \\;]')).toEqual(['(', ']', ';']);
  });

  const corpusDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus');
  it.skipIf(!existsSync(join(corpusDir, 'verdicts.tsv')))('on every op form of the corpus', () => {
    const files = readFileSync(join(corpusDir, 'verdicts.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t')[0] as string);
    let forms = 0;
    for (const file of files.filter((f) => !f.startsWith('porcupine-etcd/'))) {
      const text = readFileSync(join(corpusDir, file), 'utf8');
      for (const form of opForms(text, file)) {
        const slice = text.slice(form.start, form.end);
        expect(ednToPlain(parseEdnForm(text, file, form.start, form.end, form.line))).toEqual(viaEdnData(slice));
        forms++;
      }
    }
    expect(forms).toBeGreaterThan(1_000);
  });
});

describe('plain data from EDN maps', () => {
  it('keeps a key named __proto__ as an own key, not the prototype', () => {
    const plain = viaParser('{:__proto__ {:a 1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(plain, '__proto__')?.value).toEqual({ a: 1 });
  });

  it('so a write of {:__proto__ …} then a read of {} is not linearizable', () => {
    const text = '[{:process 0, :type :invoke, :f :write, :value {:__proto__ {:a 1}}}\n {:process 0, :type :ok, :f :write}\n' +
      ' {:process 1, :type :invoke, :f :read}\n {:process 1, :type :ok, :f :read, :value {}}]';
    const { history } = readHistory(text, 'proto.edn');
    expect(checkHistory(history, models.register!).verdict).toBe('not_linearizable');
  });
});

describe('the EDN parser rejects what is not one form, naming the line', () => {
  const cases: [string, string, RegExp][] = [
    ['nothing', ' ; only a comment\n', /^t:1: expected an EDN form, got nothing$/],
    ['two forms', '1 2', /^t:1: expected one EDN form, got 2$/],
    ['unterminated string', '[1\n "abc]', /^t:2: unterminated string$/],
    ['unterminated vector', '[1\n [2]', /^t:1: unterminated vector: missing \]$/],
    ['mismatched closer', '{:a\n [1}', /^t:2: expected \] to close the vector opened on line 2, got }$/],
    ['odd map', '{:a 1\n :b}', /^t:1: a map needs an even number of forms/],
    ['bad escape', '"a\\qb"', /^t:1: unexpected escape character \\q$/],
    ['bad unicode escape', '"\\u00zz"', /^t:1: invalid unicode escape \\u00zz$/],
    ['tag without a form', '[#foo]', /^t:1: expected a form after #foo, got \]$/],
    ['discard without a form', '#_', /^t:1: expected a form after #_$/],
    ['stray closer', '1)', /^t:1: unexpected \)$/],
  ];
  for (const [label, text, pattern] of cases) {
    it(label, () => {
      let error: unknown;
      try {
        parseEdnForm(text, 't');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(HistoryFormatError);
      expect((error as Error).message).toMatch(pattern);
    });
  }
});
