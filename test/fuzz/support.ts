// What every fuzz property here asserts about one CLI invocation, and how many cases each
// runs. The contract (docs/cli.md): exit 0, 1, 2 or 3 only; bad input is exactly one line
// on stderr and exit 2, with nothing on stdout and nothing written; never a stack trace,
// never "internal error". Cases per property are bounded so `npm test` stays fast;
// FAULTLINE_FUZZ_RUNS=N runs N per property instead (a nightly job), and FAULTLINE_SEED
// picks the case stream, as for every seeded test.

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../harness/cli/main.ts';
import { testSeed } from '../../harness/test-seed.ts';

export const fuzzRunsEnv = 'FAULTLINE_FUZZ_RUNS';

/** Cases for one property: `defaultRuns`, or FAULTLINE_FUZZ_RUNS when set. */
export function fuzzRuns(defaultRuns: number): number {
  const text = process.env[fuzzRunsEnv];
  if (text === undefined || text === '') return defaultRuns;
  const runs = Number(text);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`${fuzzRunsEnv} must be a positive integer, got "${text}"`);
  return runs;
}

/** The fast-check seed of a fuzz file: FAULTLINE_SEED, else `defaultSeed`, printed either way. */
export function fuzzSeed(defaultSeed: number, file: string): number {
  return testSeed(defaultSeed, `${file} fuzz seed`);
}

export interface CliResult {
  argv: readonly string[];
  code: number;
  out: string;
  /** Each stderr write, split into lines. */
  errLines: string[];
}

/** Runs the CLI in this process, as the bin does, capturing what it prints. */
export async function cli(argv: readonly string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...argv], { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), isTty: false });
  const errLines = err.join('\n').split('\n').filter((l) => l !== '');
  return { argv, code, out: out.join('\n'), errLines };
}

/** The contract every invocation keeps, whatever its input. */
export function expectContract(r: CliResult): void {
  const what = `faultline ${r.argv.map((a) => JSON.stringify(a)).join(' ')}\nstderr: ${r.errLines.join('\n')}`;
  expect([0, 1, 2, 3], `exit code of ${what}`).toContain(r.code);
  expect(r.errLines.join('\n'), `a stack trace from ${what}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.errLines.join('\n'), `an internal error from ${what}`).not.toMatch(/internal error/);
  if (r.code === 2) {
    expect(r.errLines, `bad input is one line: ${what}`).toHaveLength(1);
    expect(r.errLines[0], what).toMatch(/^faultline( check-history)?: /);
  }
}

/** Every file under `dir` with its size and modification time: "nothing written" is this, unchanged. */
export function snapshot(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = statSync(path);
      found.push(`${path} ${stat.isDirectory() ? 'dir' : `${stat.size} ${stat.mtimeMs}`}`);
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return found;
}
