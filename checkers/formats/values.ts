// EDN values as the readers parse them (edn-parse.ts, in edn-data's shapes), and their
// conversion to and from plain history data.

import type { EDNVal } from 'edn-data';

export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** A parsed EDN value: edn-data's shapes, which its generator (the writer) also takes. */
export type EdnValue =
  | null
  | boolean
  | number
  | string
  | { key: string }
  | { sym: string }
  | { tag: string; val: EdnValue }
  | EdnValue[]
  | Map<EdnValue, EdnValue>;

const integerPattern = /^[-+]?(0|[1-9][0-9]*)N?$/;

/** The value of an integer token (`42`, `-7`, `42N`), or undefined if it is not one. */
export function integerToken(token: string): number | undefined {
  if (!integerPattern.test(token)) return undefined;
  return token.endsWith('N') ? Number(token.slice(0, -1)) : parseInt(token, 10);
}

export function isKeyword(v: unknown): v is { key: string } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && typeof (v as { key?: unknown }).key === 'string' && Object.keys(v).length === 1;
}

/** EDN → plain data: keywords become ":name" strings, maps become objects, sets and lists arrays. */
export function ednToPlain(v: unknown): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(ednToPlain);
  if (v instanceof Map) {
    const o: { [key: string]: Plain } = {};
    for (const [k, val] of v) o[isKeyword(k) ? k.key : String(ednToPlain(k))] = ednToPlain(val);
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
  if (v === null || v === undefined) return 'nil';
  const p = ednToPlain(v);
  return typeof p === 'object' ? JSON.stringify(p) : String(p);
}
