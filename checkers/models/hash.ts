// Deterministic 32-bit hashing for model states and operation identities. The search
// keys its memo table on these, so they must be pure functions of their input: no
// global random source, no per-process salt.

/** Integer finaliser (lowbias32 by Chris Wellons): spreads every input bit over the output. */
export function mix32(x: number): number {
  let h = x | 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) | 0;
}

/** FNV-1a over UTF-16 code units, finalised with mix32. */
export function hashString(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return mix32(h ^ s.length);
}

const nullHash = 0x2545f491;
const undefinedHash = 0x1b873593;

/** Hash of a plain-data value (null, boolean, number, string, array, object). */
export function hashValue(v: unknown): number {
  if (v === null) return nullHash;
  if (v === undefined) return undefinedHash;
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? mix32(v ^ 0x3c6ef372) : hashString(`n${v}`);
    case 'string':
      return hashString(v);
    case 'boolean':
      return v ? 0x51ed270b : 0x0ed26e1b;
    default:
      return hashString(`j${canonical(v)}`);
  }
}

/** Structural equality of plain-data values. */
export function equalValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return canonical(a) === canonical(b);
}

/** A canonical text for plain data: object keys sorted, so equal values give equal text. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

/** How values appear in explanations: strings quoted, nil as nil. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  return canonical(v);
}
