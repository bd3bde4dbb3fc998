// Test seeds: FAULTLINE_SEED=N makes every seeded test start at N (and say so); without
// it tests use their fixed default, so CI runs are repeatable. One rule for the whole
// suite and for users' suites: it is harness/test-seed.ts's.

import { envSeed } from '../../harness/test-seed.ts';

export function seedFromEnv(defaultSeed: number): number {
  const seed = envSeed();
  if (seed === undefined) return defaultSeed;
  console.log(`FAULTLINE_SEED=${seed}`);
  return seed;
}
