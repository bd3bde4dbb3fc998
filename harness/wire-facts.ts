// What the wire walk (wire.ts) and its compiled shapes (wire-shapes.ts) share: the tags
// that keep the hash of `[1]` apart from `{"0":1}`, toJSON and what JSON omits, and the
// facts of a string or an integer (hash lanes, JSON length) without writing its text.

import { TraceHasher } from './trace.ts';

// Tags folded before each value, so `[1]` and `{"0":1}` or `"1"` and `1` hash apart.
export const tagNull = 1;
export const tagFalse = 2;
export const tagTrue = 3;
export const tagInt = 4;
export const tagFloat = 5;
export const tagString = 6;
export const tagArray = 7;
export const tagObject = 8;

/** Marks "JSON omits this" (undefined, functions, symbols). */
export const skip: unique symbol = Symbol('skip');

/** What JSON writes for `v`: the result of its toJSON(key), if it has one, else `v` (read and called once, as JSON does). */
export function resolve(v: unknown, key: string | number): unknown {
  if ((typeof v === 'object' && v !== null) || typeof v === 'function' || typeof v === 'bigint') {
    const toJSON: unknown = (v as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return (toJSON as (key: string) => unknown).call(v, String(key));
  }
  return v;
}

/** Whether JSON leaves out a field with this (resolved) value. */
export function jsonOmits(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/**
 * What the walk needs of a string: a 64-bit digest (the lanes of a fresh TraceHasher
 * after foldStr) and its JSON length. A pure function of the string, so memoising it
 * cannot change a hash; field names and short values (message types, keys, request ids)
 * repeat in every message, so they are memoised, within a bound.
 */
export interface StringFacts {
  hashA: number;
  hashB: number;
  bytes: number;
}

const stringFactsCachedLengthMax = 64;
const stringFactsCacheSizeMax = 10_000;
const stringFactsCache = new Map<string, StringFacts>();

export function stringFacts(s: string): StringFacts {
  const cached = stringFactsCache.get(s);
  if (cached !== undefined) return cached;
  const hasher = new TraceHasher();
  hasher.foldStr(s);
  const { a, b } = hasher.lanes();
  const facts: StringFacts = { hashA: a, hashB: b, bytes: jsonStringLength(s) };
  if (s.length <= stringFactsCachedLengthMax && stringFactsCache.size < stringFactsCacheSizeMax) stringFactsCache.set(s, facts);
  return facts;
}

/** Length of JSON.stringify(n) for a safe integer, without making the string. */
export function integerLength(n: number): number {
  let length = n < 0 ? 2 : 1;
  let rest = n < 0 ? -n : n;
  while (rest >= 10) {
    rest = Math.floor(rest / 10);
    length++;
  }
  return length;
}

/** Length of JSON.stringify(s): quotes, two-character and \uXXXX escapes, lone surrogates. */
export function jsonStringLength(s: string): number {
  let length = s.length + 2;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && (c < 0xd800 || c > 0xdfff)) continue;
    if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) length += 1;
    else if (c < 0x20) length += 5;
    else if (c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) i++; // a pair: as is
    else length += 5; // a lone surrogate is written as \uXXXX
  }
  return length;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
