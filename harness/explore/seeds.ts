// Seed ranges and shards for `explore --seeds A..B --shard I/N`.

/** Seeds one explore may sweep, at most (a bound: a typo like 1..1e15 fails fast). */
export const seedsPerExploreMax = 100_000_000;

export type SeedRange = { first: number; last: number };

export type Parsed<T> = { type: 'ok'; value: T } | { type: 'error'; message: string };

function parseSeed(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** `A..B` (inclusive) or a single seed `N`. */
export function parseSeedRange(text: string): Parsed<SeedRange> {
  const match = /^\s*(\d+)\s*(?:\.\.\s*(\d+)\s*)?$/.exec(text);
  const first = match?.[1] === undefined ? undefined : parseSeed(match[1]);
  const last = match?.[2] === undefined ? first : parseSeed(match[2]);
  if (first === undefined || last === undefined) return { type: 'error', message: `--seeds must be A..B or N with non-negative integers, got "${text}"` };
  if (last < first) return { type: 'error', message: `--seeds ${text}: the range is empty (${last} < ${first})` };
  if (last - first + 1 > seedsPerExploreMax) return { type: 'error', message: `--seeds ${text}: more than ${seedsPerExploreMax} seeds` };
  return { type: 'ok', value: { first, last } };
}

/** `I/N` with 1 <= I <= N: this process takes the seeds whose index in the range is I-1 mod N. */
export function parseShard(text: string): Parsed<{ index: number; count: number }> {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match?.[1] === undefined ? NaN : Number(match[1]);
  const count = match?.[2] === undefined ? NaN : Number(match[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    return { type: 'error', message: `--shard must be I/N with 1 <= I <= N, got "${text}"` };
  }
  return { type: 'ok', value: { index, count } };
}

/** The seeds of `range` that belong to shard `index`/`count` (1-based), in order. */
export function shardSeeds(range: SeedRange, shard: { index: number; count: number } = { index: 1, count: 1 }): number[] {
  const seeds: number[] = [];
  for (let seed = range.first + (shard.index - 1); seed <= range.last; seed += shard.count) seeds.push(seed);
  return seeds;
}
