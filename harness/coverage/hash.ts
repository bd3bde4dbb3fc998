// Feature hashing for coverage: small integers folded into one 32-bit value (FNV-1a over
// words, then murmur3's finaliser for the avalanche), and strings hashed once and
// remembered. A coverage feature is such a hash; two runs that reach the same abstract
// situation compute the same number, on any machine, because nothing here depends on
// anything but its inputs. Cheap on purpose: a run folds a few per delivery.

/** Folds `x` into `h`: order matters, so (a, b) and (b, a) differ. */
export function mix(h: number, x: number): number {
  return Math.imul(h ^ x, 0x01000193);
}

/** The final avalanche, so nearby inputs land far apart (a signed 32-bit integer, unboxed in typed arrays). */
export function finish(h: number): number {
  let r = h ^ (h >>> 16);
  r = Math.imul(r, 0x85ebca6b);
  r ^= r >>> 13;
  r = Math.imul(r, 0xc2b2ae35);
  return r ^ (r >>> 16);
}

/** A feature from a tag and up to four small integers (a fixed arity: no mixing of absent ones). */
export function feature(tag: number, a = 0, b = 0, c = 0, d = 0): number {
  return finish(mix(mix(mix(mix(mix(0x9747b28c, tag), a), b), c), d));
}

/** A feature from a tag and two integers (the hot path: a delivery's sequence step). */
export function feature2(tag: number, a: number, b: number): number {
  return finish(mix(mix(mix(0x9747b28c, tag), a), b));
}

/** Strings hashed so far; bounded, since labels and kinds come from user code. */
const stringHashes = new Map<string, number>();
const stringHashesMax = 4_096;
/** Strings longer than this are hashed by their first characters only. */
const stringCharsMax = 48;

/** A 32-bit hash of a short string (FNV-1a), remembered. */
export function hashString(text: string): number {
  const cached = stringHashes.get(text);
  if (cached !== undefined) return cached;
  let h = 0x811c9dc5 | 0;
  const n = Math.min(text.length, stringCharsMax);
  for (let i = 0; i < n; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = finish(h ^ n);
  if (stringHashes.size < stringHashesMax) stringHashes.set(text, h);
  return h;
}

/** AFL's hit-count classes: 1, 2, 3, 4–7, 8–15, 16–31, 32–127, 128+. */
export function countBucket(count: number): number {
  if (count <= 3) return count;
  if (count < 8) return 4;
  if (count < 16) return 5;
  if (count < 32) return 6;
  if (count < 128) return 7;
  return 8;
}

/** 0, 1, 2–3, 4–7, … : the size class of a length. */
export function sizeClass(n: number): number {
  return n <= 0 ? 0 : 32 - Math.clz32(n);
}
