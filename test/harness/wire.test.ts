// Holds the wire walk to JSON's own answers: for any value, the copy equals
// JSON.parse(JSON.stringify(value)) and the byte count equals the text's length; the
// hash depends on content and structure, and the copy shares nothing with the input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceHasher } from '../../harness/trace.ts';
import { jsonStringLength } from '../../harness/wire-facts.ts';
import { forgetShapes, shapeWalkFor } from '../../harness/wire-shapes.ts';
import { copyWire, toWire, wireDigest } from '../../harness/wire.ts';
import { seedFromEnv } from '../support/seed.ts';

const propertySeed = seedFromEnv(7);

function hashOf(value: unknown): string {
  const h = new TraceHasher();
  toWire(value, h);
  return h.digest();
}

class Point {
  constructor(readonly x: number) {}
  norm(): number {
    return Math.abs(this.x);
  }
}

/** JSON values plus what JSON drops or rewrites: undefined, functions, NaN, -0, dates, wrappers. */
const awkward = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom(undefined, NaN, Infinity, -Infinity, -0, 1e21, 1.5e-7, 2 ** 53 + 2, () => 1, Symbol('s')),
    fc.date({ noInvalidDate: true }),
    fc.integer().map((n) => new Number(n)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constant('__proto__')), tie('value'), { maxKeys: 4 }),
    // Inherited enumerable fields and null prototypes: JSON sees own fields only.
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 3 }).map((own) => Object.assign(Object.create({ inherited: 1 }) as object, own)),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 3 }).map((own) => Object.assign(Object.create(null) as object, own)),
    fc.record({ n: fc.integer() }).map(({ n }) => new Point(n)),
  ),
})).value;

describe('wire copies are JSON round trips', () => {
  it('copy and byte count match JSON.stringify / JSON.parse', () => {
    fc.assert(
      fc.property(awkward, (value) => {
        const text = JSON.stringify(value);
        const wire = toWire(value, new TraceHasher());
        if (text === undefined) return wire === undefined;
        expect(wire).toBeDefined();
        expect(wire!.bytes).toBe(text.length);
        expect(JSON.stringify(wire!.value)).toBe(text);
        expect(wire!.value).toStrictEqual(JSON.parse(text));
        return true;
      }),
      { seed: propertySeed, numRuns: 3000 },
    );
  });

  it('counts escapes and surrogates as JSON writes them', () => {
    for (const s of ['', 'plain', 'q"uote', 'back\\slash', 'nl\n\t\r\b\f', '\u0001\u001f', '😀', '\ud800', 'a\udc00b', '\ud83d\ud83d\ude00']) {
      expect(jsonStringLength(s), JSON.stringify(s)).toBe(JSON.stringify(s).length);
    }
  });

  it('shares nothing with the sender, and copyWire shares nothing with its source', () => {
    const sent = { entries: [{ term: 1, command: { key: 'k' } }], n: 1 };
    const wire = toWire(sent, undefined)!.value as typeof sent;
    const second = copyWire(wire);
    sent.entries[0]!.command.key = 'changed';
    wire.entries[0]!.term = 99;
    expect(second).toEqual({ entries: [{ term: 1, command: { key: 'k' } }], n: 1 });
    expect(wire.entries[0]!.command.key).toBe('k');
  });

  it('sees own fields only, even when Object.prototype has an enumerable one', () => {
    const value = { a: 1, b: { c: 'x' } };
    Object.defineProperty(Object.prototype, 'polluted', { value: 1, enumerable: true, writable: true, configurable: true });
    let wire: ReturnType<typeof toWire>;
    let text: string;
    try {
      wire = toWire(value, undefined);
      text = JSON.stringify(value);
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
    expect(JSON.stringify(wire!.value)).toBe(text);
    expect(wire!.bytes).toBe(text.length);
  });

  it('refuses what JSON cannot write: BigInt and cycles', () => {
    expect(() => toWire({ n: 1n }, undefined)).toThrow(/BigInt/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => toWire(cyclic, undefined)).toThrow(/cycle/);
  });
});

describe('compiled shapes (wire-shapes.ts) do what the generic walk does', () => {
  /** The same data as a class instance: never a plain object, so always the generic walk. */
  function generic(record: object): object {
    return Object.assign(new (class Message {})(), record);
  }

  /** A value whose JSON depends on the key it is written under. */
  const keyed = fc.constant({ toJSON: (key: string) => `under ${key}` });
  const field = fc.oneof(awkward, keyed);
  const shaped = fc.oneof(
    fc.record({ type: fc.constantFrom('append', 'vote'), term: field, entries: fc.array(fc.record({ term: fc.integer(), command: field }), { maxLength: 3 }), note: field }),
    fc.record({ a: field, b: field }),
    fc.record({ z: awkward, '0': awkward, y: awkward }),
    fc.constant({}),
  );

  it('copies, counts and hashes a repeated shape as JSON and the generic walk do', () => {
    forgetShapes(); // the tests above filled the shape trie with one-off dictionaries
    fc.assert(
      fc.property(shaped, (record) => {
        const text = JSON.stringify(record);
        const h = new TraceHasher();
        const wire = toWire(record, h);
        expect(wire!.bytes).toBe(text.length);
        expect(JSON.stringify(wire!.value)).toBe(text);
        expect(wire!.value).toStrictEqual(JSON.parse(text));
        const g = new TraceHasher();
        expect(toWire(generic(record), g)!.bytes).toBe(text.length);
        expect(h.digest()).toBe(g.digest());
        expect(wireDigest(record)).toBe(wireDigest(generic(record)));
      }),
      { seed: propertySeed, numRuns: 2000 },
    );
  });

  it('writes odd field names exactly, compiled or not', () => {
    const names = ['a"b', 'a\\b', 'a\nb', '\u2028', '\ud800', '${x}', '`', '*/', '</script>', '\u0000', 'constructor', 'toString', 'toJSON', '01', '1e3', '-1', '', 'c0', 'skip', 'record', 'out'];
    for (const name of names) {
      for (let i = 0; i < 40; i++) {
        const record = { type: 'odd', [name]: i % 3 === 0 ? undefined : `v${i}`, n: -0 };
        const text = JSON.stringify(record);
        const h = new TraceHasher();
        const wire = toWire(record, h)!;
        expect(JSON.stringify(wire.value), name).toBe(text);
        expect(wire.value).toStrictEqual(JSON.parse(text));
        expect(wire.bytes).toBe(text.length);
        const g = new TraceHasher();
        toWire(generic(record), g);
        expect(h.digest()).toBe(g.digest());
      }
    }
  });

  it('defines copied fields, so a setter or a read-only field on Object.prototype never sees them', () => {
    const set: unknown[] = [];
    Object.defineProperty(Object.prototype, 'trap', { set: (v: unknown) => set.push(v), configurable: true });
    Object.defineProperty(Object.prototype, 'fixed', { value: 0, writable: false, configurable: true });
    try {
      for (let i = 0; i < 40; i++) {
        for (const record of [{ type: 'm', trap: i, fixed: 'x' }, { type: 'm', trap: i, fixed: 'x', gone: undefined }]) {
          const copy = toWire(record, undefined)!.value as Record<string, unknown>;
          expect(Object.hasOwn(copy, 'trap') && Object.hasOwn(copy, 'fixed')).toBe(true);
          expect([copy.trap, copy.fixed]).toEqual([i, 'x']);
          expect(Object.hasOwn(copyWire(copy), 'fixed')).toBe(true);
        }
      }
      expect(set).toEqual([]);
    } finally {
      delete (Object.prototype as Record<string, unknown>).trap;
      delete (Object.prototype as Record<string, unknown>).fixed;
    }
  });

  it('calls toJSON as JSON does: read once, on functions too', () => {
    let reads = 0;
    const value = {
      get toJSON() {
        reads++;
        return () => 'once';
      },
    };
    const fn = Object.assign(() => 1, { toJSON: () => 'fn' });
    for (let i = 0; i < 40; i++) {
      expect(JSON.stringify(toWire({ type: 't', value, fn }, undefined)!.value)).toBe(JSON.stringify({ type: 't', value, fn }));
    }
    expect(reads).toBe(80); // 40 by the walks, 40 by JSON.stringify
  });

  it('keeps compiling hot shapes after one-off shapes (data as keys) filled the trie', () => {
    for (let i = 0; i < 10_000; i++) toWire({ [`request-${i}`]: i }, undefined);
    const hot = { type: 'hot', n: 1 };
    for (let i = 0; i < 40; i++) toWire(hot, undefined);
    expect(shapeWalkFor(hot)).toBeTypeOf('function');
    expect(shapeWalkFor({ '0': 1, a: 2 })).toBeUndefined(); // array indices never compile
    // Dictionaries too big for a shape do not fill the trie on their way out.
    for (let i = 0; i < 2_000; i++) toWire(Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`k${i}-${k}`, k])), undefined);
    expect(shapeWalkFor(hot)).toBeTypeOf('function');
  });

  it('reads each field once, keeps an own "__proto__" field, and shares nothing', () => {
    let reads = 0;
    const withGetter = (): object => ({
      type: 'get',
      get n(): number {
        reads++;
        return 7;
      },
    });
    for (let i = 0; i < 50; i++) expect(toWire(withGetter(), new TraceHasher())!.value).toEqual({ type: 'get', n: 7 });
    expect(reads).toBe(50);
    for (let i = 0; i < 50; i++) {
      const own = JSON.parse('{"__proto__": {"x": 1}, "a": 2}') as object;
      const copy = toWire(own, undefined)!.value as object;
      expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
      expect(JSON.stringify(copy)).toBe('{"__proto__":{"x":1},"a":2}');
    }
    const sent = { type: 'append', entries: [{ term: 1, command: { key: 'k' } }] };
    for (let i = 0; i < 50; i++) toWire(sent, undefined);
    const copy = toWire(sent, undefined)!.value as typeof sent;
    expect(copy).not.toBe(sent);
    expect(copy.entries[0]!.command).not.toBe(sent.entries[0]!.command);
  });
});

describe('wire hash', () => {
  it('is a function of the JSON data', () => {
    fc.assert(
      fc.property(awkward, (value) => {
        const text = JSON.stringify(value);
        return text === undefined || hashOf(value) === hashOf(JSON.parse(text));
      }),
      { seed: propertySeed, numRuns: 500 },
    );
  });

  it('tells apart values JSON tells apart, and shapes that print alike in pieces', () => {
    const values: unknown[] = [null, 0, 1, -1, 1.5, '1', '', 'a', true, false, [], {}, [1], { 0: 1 }, ['a', 'b'], ['ab'], { a: 'b' }, { ab: '' }, [[]], [{}], { a: [] }, { a: {} }, { a: 1, b: 2 }, { b: 2, a: 1 }, 2 ** 40, 2 ** 40 + 1];
    const hashes = values.map(hashOf);
    expect(new Set(hashes).size).toBe(values.length);
  });

  it('differs when any field of a message differs', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), fc.nat(), (record, pick) => {
        const keys = Object.keys(record);
        const key = keys[pick % keys.length]!;
        const changed = { ...record, [key]: { changed: record[key] ?? null } };
        return hashOf(record) !== hashOf(changed);
      }),
      { seed: propertySeed, numRuns: 500 },
    );
  });
});

describe('wireDigest', () => {
  it('is equal exactly when the JSON texts are equal', () => {
    fc.assert(
      fc.property(awkward, awkward, (a, b) => {
        const same = JSON.stringify(a) === JSON.stringify(b);
        return (wireDigest(a) === wireDigest(b)) === same;
      }),
      { seed: propertySeed, numRuns: 2000 },
    );
    const value = { type: 'client', request: { id: 'c1-1', op: { f: 'put', key: 'k', value: 'v' } } };
    expect(wireDigest(value)).toBe(wireDigest(JSON.parse(JSON.stringify(value))));
    expect(wireDigest(value)).toMatch(/^[0-9a-f]{16}$/);
    expect(wireDigest(undefined)).toBe('undefined');
  });
});
