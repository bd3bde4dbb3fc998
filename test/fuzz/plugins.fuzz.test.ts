// Fuzzes misbehaving plug-ins (test/fuzz/fixtures/misbehaving.ts): a node, a virtual time,
// a handler and one of many mistakes — throwing anything (an Error, a string, null, a
// Symbol, a Proxy whose traps throw), returning a promise, work left after the handler,
// each banned clock, timer and randomness API, leaving the process, an endless loop, the
// ctx API misused — in a project of its own, in an ESM or a CommonJS scope. Each is a
// failing run (exit 1) naming what broke in one line, with a saved record that replays to
// the identical trace after the project is moved to another directory.
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { misbehaviours } from './fixtures/misbehaving.ts';
import { cli, expectContract, fuzzRuns, fuzzSeed } from './support.ts';

const seed = fuzzSeed(17, 'plugins');
const fixture = resolve('test/fuzz/fixtures/misbehaving.ts');

const banned = new Set(['math-random', 'date-now', 'new-date', 'performance-now', 'set-timeout', 'set-immediate', 'queue-microtask', 'next-tick', 'crypto-uuid', 'hrtime', 'exit', 'intl-format']);

/** The checker a misbehaviour must fail. */
function expectedChecker(action: string): string {
  if (banned.has(action)) return 'determinism';
  if (action === 'loop') return 'implementation-hang';
  return 'implementation-error';
}

const program = fc.record({
  node: fc.nat({ max: 2 }),
  atMs: fc.integer({ min: 1, max: 40 }),
  where: fc.constantFrom('start', 'timer', 'message'),
  action: fc.constantFrom(...misbehaviours),
  text: fc.string({ unit: 'binary', maxLength: 40 }),
  n: fc.integer({ min: 0, max: 300 }),
});

describe('fuzz: misbehaving plug-ins', () => {
  const home = process.cwd();
  afterAll(() => process.chdir(home));

  /** Runs the CLI in `cwd` with `env` set, as a user in that project would. */
  async function inProject(cwd: string, env: Record<string, string>, argv: string[]): ReturnType<typeof cli> {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    process.chdir(cwd);
    try {
      return await cli(argv);
    } finally {
      process.chdir(home);
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  it('a failing run naming the mistake, whose record replays identically from another directory', async () => {
    await fc.assert(
      fc.asyncProperty(program, fc.boolean(), fc.nat({ max: 1000 }), async (p, esm, runSeed) => {
        const project = tempDir('faultline-fuzz-plugin-');
        cpSync(fixture, join(project, 'algo.ts'));
        if (esm) writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
        const env = { FAULTLINE_FUZZ_PLUGIN: JSON.stringify(p), FAULTLINE_HANDLER_WALL_MS: '300' };
        const run = await inProject(project, env, ['run', '--impl', './algo.ts', '--seed', String(runSeed), '--faults', 'none', '--duration-ms', '200', '--out', 'records', '--json']);
        expectContract(run);
        expect(run.errLines, `${p.action}: nothing on stderr`).toEqual([]);
        expect(run.code, `${p.action} must fail the run`).toBe(1);
        const json = JSON.parse(run.out) as { traceHash: string; violations: { checker: string; message: string }[] };
        const [first] = json.violations;
        expect(first?.checker, `${p.action}: ${first?.message}`).toBe(expectedChecker(p.action));
        expect(first?.message, 'one line').not.toMatch(/[\n\r]/);
        expect(first?.message).toContain(`node ${p.node}`);
        const [record] = readdirSync(join(project, 'records'));
        expect(record, 'a record was saved').toBeDefined();
        const moved = tempDir('faultline-fuzz-plugin-moved-');
        cpSync(project, moved, { recursive: true });
        const replay = await inProject(moved, env, ['replay', `records/${record}`, '--json']);
        expectContract(replay);
        expect(replay.code).toBe(1);
        const again = JSON.parse(replay.out) as { identical: boolean; traceHash: string };
        expect(again.identical, `${p.action}: the replay elsewhere takes the recorded trace`).toBe(true);
        expect(again.traceHash).toBe(json.traceHash);
      }),
      { seed, numRuns: fuzzRuns(16), endOnFailure: true },
    );
  }, 300_000);
});
