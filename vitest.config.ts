import { defineConfig } from 'vitest/config';

// Tests run in forked processes so the determinism guard's patching of globals in one
// suite cannot leak into another; benches live in bench/ and never run under `npm test`.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    benchmark: {
      include: ['bench/**/*.bench.ts'],
    },
  },
});
