// EDN values as the readers parse them (edn-parse.ts, in edn-data's shapes), and their
// conversion to and from plain history data.

import type { EDNVal } from 'edn-data';

export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/**
 * An integer beyond ±Number.MAX_SAFE_INTEGER, kept exact as its decimal text: as a
 * double, 9007199254740993 would be 9007199254740992, and a history writing one and
 * reading the other would pass. In plain history data it is that text, a string, so the
 * models (which compare strings exactly) need no special case.
 */
export class BigInteger {
  constructor(readonly decimal: string) {}
}

/** A parsed EDN value: edn-data's shapes (which its generator, the writer, also takes), and BigInteger. */
export type EdnValue =
  | null
  | boolean
  | number
  | string
  | BigInteger
  | { key: string }
  | { sym: string }
  | { tag: string; val: EdnValue }
  | EdnValue[]
  | Map<EdnValue, EdnValue>;

// Anchored, one character class per run: linear in the token's length.
const integerPattern = /^[-+]?(0|[1-9][0-9]*)N?$/;
const safeDigitsMax = String(Number.MAX_SAFE_INTEGER); // 16 digits; same for the negative bound

/**
 * The value of an integer's digits with an optional sign: a number when it is safe, else
 * a BigInteger of its canonical text (no `+`, no `N`). Decided on the text, so a
 * megabyte of digits costs one pass, not a bignum conversion.
 */
export function integerValue(negative: boolean, digits: string): number | BigInteger {
  const safe = digits.length < safeDigitsMax.length || (digits.length === safeDigitsMax.length && digits <= safeDigitsMax);
  if (safe) return negative ? -Number(digits) : Number(digits);
  return new BigInteger(negative ? `-${digits}` : digits);
}

/** The value of an EDN integer token (`42`, `-7`, `+7`, `42N`), or undefined if it is not one. */
export function integerToken(token: string): number | BigInteger | undefined {
  if (!integerPattern.test(token)) return undefined;
  const signed = token[0] === '-' || token[0] === '+';
  const digits = token.slice(signed ? 1 : 0, token.endsWith('N') ? -1 : token.length);
  return integerValue(token[0] === '-', digits);
}

export function isKeyword(v: unknown): v is { key: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && typeof (v as { key?: unknown }).key === 'string' && Object.keys(v).length === 1;
}

/** EDN → plain data: keywords become ":name" strings, maps become objects, sets and lists arrays. */
export function ednToPlain(v: unknown): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof BigInteger) return v.decimal;
  if (typeof v === 'bigint') {
    // Not made by our parsers, but a caller's own EDN data may hold one: same rule.
    const exact = integerValue(v < 0n, (v < 0n ? -v : v).toString());
    return exact instanceof BigInteger ? exact.decimal : exact;
  }
  if (Array.isArray(v)) return v.map(ednToPlain);
  if (v instanceof Map) {
    const o: { [key: string]: Plain } = {};
    for (const [k, val] of v) {
      const name = isKeyword(k) ? k.key : String(ednToPlain(k));
      // An own property even for "__proto__", whose plain assignment would set the
      // prototype instead and make {:__proto__ x} compare equal to {}.
      Object.defineProperty(o, name, { value: ednToPlain(val), writable: true, enumerable: true, configurable: true });
    }
    return o;
  }
  if (v instanceof Set) return [...v].map(ednToPlain);
  if (isKeyword(v)) return `:${v.key}`;
  const o = v as { list?: unknown[]; set?: unknown[]; sym?: string; char?: string; tag?: string; val?: unknown };
  if (Array.isArray(o.list)) return o.list.map(ednToPlain);
  if (Array.isArray(o.set)) return o.set.map(ednToPlain);
  if (typeof o.sym === 'string') return o.sym;
  if (typeof o.char === 'string') return o.char;
  if (typeof o.tag === 'string') return ednToPlain(o.val);
  return String(v);
}

/** plain data → EDN for edn-data's generator: objects become maps with keyword keys. */
export function plainToEdn(v: unknown): EDNVal {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(plainToEdn);
  if (typeof v === 'object') {
    return { map: Object.entries(v as Record<string, unknown>).map(([k, val]) => [{ key: k }, plainToEdn(val)] as [EDNVal, EDNVal]) };
  }
  return String(v);
}

/** How an EDN value is quoted in error messages. */
export function showEdn(v: unknown): string {
  if (isKeyword(v)) return `:${v.key}`;
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof BigInteger) return v.decimal;
  if (v === null || v === undefined) return 'nil';
  const p = ednToPlain(v);
  return typeof p === 'object' ? JSON.stringify(p) : String(p);
}
