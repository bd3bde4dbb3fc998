// The seed a test starts from: FAULTLINE_SEED when set (so `FAULTLINE_SEED=N npm test`
// explores new ground and a failure seen in CI is rerun locally), else the test's fixed
// default. The seed is printed, because a failure without its seed cannot be replayed.

/** Reads FAULTLINE_SEED; undefined when unset or empty. Throws on a malformed value. */
export function envSeed(): number | undefined {
  const raw = process.env.FAULTLINE_SEED;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw new Error(`FAULTLINE_SEED must be a non-negative integer, got "${raw}"`);
  }
  return Number(raw);
}

/** FAULTLINE_SEED if set, else `defaultSeed`; logs which (with `label`, e.g. the test's name). */
export function testSeed(defaultSeed: number, label = 'seed'): number {
  const fromEnv = envSeed();
  const seed = fromEnv ?? defaultSeed;
  console.log(`${label}: ${seed} (${fromEnv === undefined ? 'fixed default; set FAULTLINE_SEED=N to change' : 'from FAULTLINE_SEED'})`);
  return seed;
}
