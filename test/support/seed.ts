// Test seeds: FAULTLINE_SEED=N makes every seeded test start at N (and say so); without
// it tests use their fixed default, so CI runs are repeatable.

export function seedFromEnv(defaultSeed: number): number {
  const raw = process.env.FAULTLINE_SEED;
  if (raw === undefined || raw === '') return defaultSeed;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`FAULTLINE_SEED must be an integer, got "${raw}"`);
  console.log(`FAULTLINE_SEED=${seed}`);
  return seed;
}
