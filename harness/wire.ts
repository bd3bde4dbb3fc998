// What a value becomes on the simulated wire: JSON data. One walk over a sent message
// makes the copy the receiver gets (exactly what JSON.stringify then JSON.parse would
// give: toJSON applied, undefined and functions dropped, non-finite numbers as null),
// folds its structure into the trace hash and counts its JSON size in bytes, without
// building the text. It replaces a stringify + hash-the-text + parse round trip that was
// most of the simulator's cost per message; `test/harness/wire.test.ts` holds it to
// JSON's own answers.

import { AssertionError } from './assert.ts';
import { TraceHasher } from './trace.ts';
import { integerLength, jsonOmits, resolve, skip, stringFacts, tagArray, tagFalse, tagFloat, tagInt, tagNull, tagObject, tagString, tagTrue } from './wire-facts.ts';
import { shapeWalkFor, type ShapeWalker } from './wire-shapes.ts';

/** Nesting deeper than this is taken for a cycle (JSON.stringify would throw too). */
export const wireDepthMax = 1_000;

export interface WireCopy {
  /** The receiver's copy: plain objects, arrays, strings, finite numbers, booleans, null. */
  value: unknown;
  /** Length of JSON.stringify(value). */
  bytes: number;
}

const floatView = new DataView(new ArrayBuffer(8));

/**
 * The wire copy of `value` with its JSON size, its structure folded into `hasher` (when
 * given). Undefined when JSON has no text for it (undefined, a function, a symbol).
 * Throws AssertionError for what JSON.stringify throws on (a BigInt, a cycle).
 */
export function toWire(value: unknown, hasher: TraceHasher | undefined): WireCopy | undefined {
  const walker = new Walker(hasher, true);
  const copy = walker.value(resolve(value, ''), 0);
  if (copy === skip) return undefined;
  return { value: copy, bytes: walker.bytes };
}

/**
 * A 64-bit digest (16 hex digits) of the JSON data `value` becomes: equal for equal data,
 * different otherwise (up to 64-bit collisions). The same walk as toWire without the
 * copy; 'undefined' when JSON has no text for the value. Throws as toWire does.
 */
export function wireDigest(value: unknown): string {
  const hasher = new TraceHasher();
  const walked = new Walker(hasher, false).value(resolve(value, ''), 0);
  return walked === skip ? 'undefined' : hasher.digest();
}

/** A fresh deep copy of wire data (what `toWire` returned): for a second receiver. */
export function copyWire<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const n = value.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) out[i] = copyWire(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, key, copyWire((value as Record<string, unknown>)[key]));
  return out as T;
}

class Walker implements ShapeWalker {
  bytes = 0;
  /** Someone made a property of Object.prototype enumerable: for-in would see it. */
  private readonly objectPrototypeEnumerable = hasEnumerable(Object.prototype);
  /** `copying` false: fold and count only (wireDigest), build nothing. */
  constructor(
    private readonly hasher: TraceHasher | undefined,
    private readonly copying: boolean,
  ) {}

  /** Walks a value whose toJSON, if any, has been applied (see `resolve`). */
  value(v: unknown, depth: number): unknown {
    switch (typeof v) {
      case 'string':
        this.string(v);
        return v;
      case 'number':
        return this.number(v);
      case 'boolean':
        this.hasher?.foldInt(v ? tagTrue : tagFalse);
        this.bytes += v ? 4 : 5;
        return v;
      case 'undefined':
      case 'function':
      case 'symbol':
        return skip;
      case 'bigint':
        throw new AssertionError('a BigInt is not JSON data');
      case 'object':
        break;
    }
    if (v === null) {
      this.hasher?.foldInt(tagNull);
      this.bytes += 4;
      return null;
    }
    if (depth >= wireDepthMax) throw new AssertionError(`nested deeper than ${wireDepthMax} levels (a cycle?), not JSON data`);
    if (Array.isArray(v)) return this.array(v, depth);
    return this.object(v as Record<string, unknown>, depth);
  }

  private array(items: readonly unknown[], depth: number): readonly unknown[] {
    const n = items.length;
    this.hasher?.foldInt(tagArray);
    this.hasher?.foldInt(n);
    this.bytes += n === 0 ? 2 : n + 1; // brackets and commas
    const out = this.copying ? new Array<unknown>(n) : undefined;
    for (let i = 0; i < n; i++) {
      let item = this.value(resolve(items[i], i), depth + 1);
      if (item === skip) {
        // JSON writes null for what it cannot write inside an array.
        this.hasher?.foldInt(tagNull);
        this.bytes += 4;
        item = null;
      }
      if (out !== undefined) out[i] = item;
    }
    return out ?? items;
  }

  private object(record: Record<string, unknown>, depth: number): unknown {
    const proto: unknown = Object.getPrototypeOf(record);
    const plain = (proto === Object.prototype && !this.objectPrototypeEnumerable) || proto === null;
    // JSON writes a boxed primitive as the primitive.
    if (!plain && (record instanceof Number || record instanceof String || record instanceof Boolean)) return this.value(record.valueOf(), depth);
    if (plain) {
      // A shape seen often enough runs its compiled walk (wire-shapes.ts): the same folds, counts and copy.
      const walk = shapeWalkFor(record);
      if (walk !== undefined) {
        this.hasher?.foldInt(tagObject);
        return walk(record, this, depth, this.hasher, this.copying);
      }
    }
    const out: Record<string, unknown> | undefined = this.copying ? {} : undefined;
    this.hasher?.foldInt(tagObject);
    let written = 0;
    if (plain) {
      // for-in visits exactly Object.keys here (nothing enumerable is inherited), in the
      // same order, without making the array.
      for (const key in record) if (this.field(out, key, record[key], depth)) written++;
    } else {
      for (const key of Object.keys(record)) if (this.field(out, key, record[key], depth)) written++;
    }
    this.hasher?.foldInt(-written - 1);
    this.bytes += written === 0 ? 2 : written + 1; // braces and commas
    return out ?? record;
  }

  /** Writes one field into `out` (when copying) as JSON would; false when JSON omits it. */
  private field(out: Record<string, unknown> | undefined, key: string, raw: unknown, depth: number): boolean {
    const value = resolve(raw, key);
    // JSON omits these fields; so do the copy, the size and the hash ({ a: undefined } = {}).
    if (jsonOmits(value)) return false;
    const facts = stringFacts(key);
    if (this.hasher) {
      this.hasher.foldInt(facts.hashA);
      this.hasher.foldInt(facts.hashB);
    }
    this.bytes += facts.bytes + 1; // the key and its colon
    const item = this.value(value, depth + 1);
    if (out !== undefined) setOwn(out, key, item);
    return true;
  }

  private number(v: number): number | null {
    if (!Number.isFinite(v)) {
      this.hasher?.foldInt(tagNull);
      this.bytes += 4;
      return null;
    }
    if (Number.isSafeInteger(v)) {
      const n = v === 0 ? 0 : v; // -0 travels as 0
      this.hasher?.foldInt(tagInt);
      this.hasher?.foldInt(n);
      this.bytes += integerLength(n);
      return n;
    }
    if (this.hasher) {
      this.hasher.foldInt(tagFloat);
      floatView.setFloat64(0, v, true);
      this.hasher.foldInt(floatView.getInt32(0, true));
      this.hasher.foldInt(floatView.getInt32(4, true));
    }
    this.bytes += String(v).length;
    return v;
  }

  string(s: string): void {
    const facts = stringFacts(s);
    if (this.hasher) {
      this.hasher.foldInt(tagString);
      this.hasher.foldInt(facts.hashA);
      this.hasher.foldInt(facts.hashB);
    }
    this.bytes += facts.bytes;
  }
}

function hasEnumerable(target: object): boolean {
  for (const _ in target) return true;
  return false;
}

/** Makes an own data property, as JSON.parse does, even for "__proto__". */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // Defined, not assigned, where assignment would differ: "__proto__", and any name
  // Object.prototype has (a setter or a read-only field there must not see the copy).
  if (key === '__proto__' || key in Object.prototype) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
