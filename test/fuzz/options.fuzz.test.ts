// Fuzzes the command line: every command with its flags, each flag given a small good
// value or a bad one (empty, blank, negative, fractional, hex, huge, a range backwards, a
// newline, a path through a file), flags repeated or left without a value, unknown flags
// and stray words, and now and then a bad FAULTLINE_* variable. Whatever the line, the
// contract holds (test/fuzz/support.ts), and bad input writes nothing in the directory the
// command runs in. Good values are kept small so a case is a fraction of a second.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeRecordFile } from '../../harness/record/write.ts';
import { primary } from '../../impls/primary/index.ts';
import { failingRecord } from '../report/support.ts';
import { tempDir } from '../support/temp.ts';
import { cli, expectContract, fuzzRuns, fuzzSeed, snapshot } from './support.ts';

const seed = fuzzSeed(13, 'options');
const repo = resolve('.');
const pathImpl = join(repo, 'examples/gcounter/algorithm.ts');

/** Values no flag should take. */
const junk = fc.constantFrom('', ' ', 'abc', '-1', '0', '1.5', '0x10', '1e3', '9'.repeat(30), 'NaN', 'Infinity', '5..1', '1..', '..3', '0/3', '4/3', 'a/b', '--json', 'x\ny', '\u001b[31m', '../../..', '/dev/null/x', 'rec.json/sub');

const int = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map(String);

/** A flag's good values, kept cheap. */
const good: Record<string, fc.Arbitrary<string>> = {
  '--impl': fc.constantFrom('primary', 'kmeans', 'raft', 'paxos', 'pingpong', pathImpl),
  '--bug': fc.constantFrom('no_sync', 'no_dedup', 'commit_old_term'),
  '--nodes': int(1, 5),
  '--ops': int(0, 20),
  '--clients': int(1, 3),
  '--keys': int(1, 3),
  '--duration-ms': int(0, 3_000),
  '--faults': fc.constantFrom('none', 'swarm', 'crash', 'crash,partition', 'crash_leader', 'partitions'),
  '--request-timeout-ms': int(1, 2_000),
  '--seed': int(0, 50),
  '--seeds': fc.oneof(int(1, 30), int(1, 30).map((a) => `${a}..${Number(a) + 1}`)),
  '--strategy': fc.constantFrom('swarm', 'guided'),
  '--corpus': fc.constantFrom('corpus', 'new/corpus'),
  '--max-failures': int(1, 3),
  '--out': fc.constantFrom('out', 'deep/out'),
  '--shard': fc.constantFrom('1/2', '2/2', '1/1'),
  '--workers': fc.constantFrom('1', '1', '1', '2'),
  '--runs-max': int(1, 3),
  '--checker': fc.constantFrom('linearizability', 'durability', 'nope'),
  '-o': fc.constantFrom('page.html', 'sub/page.html'),
};

/** Each command's switches, and now and then one it does not have. */
const commandSwitches: Record<string, string[]> = {
  run: ['--json', '--verbose'],
  explore: ['--json', '--check-determinism', '--no-progress', '--no-report'],
  replay: ['--json', '--update'],
  shrink: ['--json'],
  report: ['--json'],
  merge: ['--json'],
  list: ['--json'],
};
const strangeSwitches = ['--help', '--verbose', '--update', '--check-determinism'];

const commandFlags: Record<string, string[]> = {
  run: ['--impl', '--bug', '--nodes', '--ops', '--clients', '--keys', '--duration-ms', '--faults', '--request-timeout-ms', '--seed', '--out'],
  explore: ['--impl', '--bug', '--nodes', '--ops', '--clients', '--keys', '--duration-ms', '--faults', '--request-timeout-ms', '--seeds', '--strategy', '--corpus', '--max-failures', '--out', '--shard', '--workers'],
  replay: [],
  shrink: ['--out', '--runs-max', '--checker'],
  report: ['-o'],
  merge: [],
  list: [],
};

/** One flag with a value: good, junk, or none (the flag last, or followed by another flag). */
const flagWithValue = (flag: string): fc.Arbitrary<string[]> =>
  fc.oneof(
    { weight: 20, arbitrary: (good[flag] as fc.Arbitrary<string>).map((v) => [flag, v]) },
    { weight: 2, arbitrary: junk.map((v) => [flag, v]) },
    { weight: 1, arbitrary: fc.constant<string[]>([flag]) },
    { weight: 1, arbitrary: (good[flag] as fc.Arbitrary<string>).map((v) => [`${flag}=${v}`]) },
  );

/** What a command takes as its argument: mostly the right thing (the record; merge: the shard directory), else a missing file, a directory, text, nothing. */
const operandOf = (command: string): fc.Arbitrary<string | null> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(command === 'merge' ? 'SHARD' : 'rec.json') },
    { weight: 1, arbitrary: fc.constantFrom<string | null>(null, 'missing.json', '.', 'notes.txt', 'SHARD', 'rec.json', '', '-') },
  );

/** Rarely: an unknown flag or a stray word. */
const extraJunk = fc.oneof({ weight: 8, arbitrary: fc.constant<string | null>(null) }, { weight: 1, arbitrary: fc.constantFrom('--frobnicate', 'stray', '--seed', '--', '-x') });

const argvOf = (command: string): fc.Arbitrary<string[]> => {
  const flags = commandFlags[command] ?? [];
  const chosen = fc.subarray(flags).chain((names) => (names.length === 0 ? fc.constant<string[][]>([]) : fc.tuple(...names.map(flagWithValue))));
  return fc
    .tuple(
      operandOf(command),
      chosen,
      fc.subarray(commandSwitches[command] ?? [], { maxLength: Math.min(2, (commandSwitches[command] ?? []).length) }),
      fc.oneof({ weight: 10, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.subarray(strangeSwitches, { minLength: 1, maxLength: 1 }) }),
      extraJunk,
    )
    .map(([arg, pairs, flagsOn, strange, extra]) => {
      // run and explore stay cheap: a good run is small unless a junk value refuses it.
      // A base the fuzzed flags override (the last of a repeated flag wins): a good line is the common case.
      const cost = command === 'run' ? ['--impl', 'primary', '--seed', '1', '--ops', '12', '--duration-ms', '1500'] : command === 'explore' ? ['--impl', 'primary', '--seeds', '1..2', '--ops', '12', '--duration-ms', '1500'] : [];
      return [command, ...(arg === null || command === 'run' || command === 'explore' || command === 'list' ? [] : [arg]), ...cost, ...pairs.flat(), ...flagsOn, ...strange, ...(extra === null ? [] : [extra])];
    });
};

/** Rarely: a bad FAULTLINE_* variable for the case. */
const envJunk = fc.oneof(
  { weight: 12, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.record({ name: fc.constantFrom('FAULTLINE_HANDLER_WALL_MS', 'FAULTLINE_HEAP_MB', 'FAULTLINE_SEED'), value: fc.constantFrom('', '10s', '-5', '0', '1e9', 'x') }) },
);

describe('fuzz: command lines', () => {
  let record = '';
  let shardDir = '';
  const home = process.cwd();

  beforeAll(async () => {
    const dir = tempDir('faultline-fuzz-options-base-');
    record = join(dir, 'rec.json');
    writeRecordFile(record, failingRecord(primary, { impl: 'primary', bug: 'no_sync', ops: 30, durationMs: 5_000, faults: { type: 'list', kinds: ['crash_leader'] } }, 1));
    shardDir = join(dir, 'shard');
    for (const shard of ['1/2', '2/2']) {
      const made = await cli(['explore', '--impl', 'primary', '--seeds', '1..4', '--shard', shard, '--ops', '12', '--duration-ms', '1500', '--out', shardDir, '--json']);
      expect([0, 1]).toContain(made.code);
    }
  });

  afterAll(() => process.chdir(home));

  it('any line: exit 0/1/2/3, bad input one stderr line with nothing written', async () => {
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...Object.keys(commandFlags)) }, { weight: 1, arbitrary: fc.constant('bogus') }).chain((c) => (c === 'bogus' ? fc.constant<string[]>(['bogus', '--json']) : argvOf(c))), envJunk, async (argv, env) => {
        const cwd = tempDir('faultline-fuzz-options-');
        cpSync(record, join(cwd, 'rec.json'));
        writeFileSync(join(cwd, 'notes.txt'), 'not a record\n');
        mkdirSync(join(cwd, 'SHARD'));
        cpSync(shardDir, join(cwd, 'SHARD'), { recursive: true });
        const before = snapshot(cwd);
        const saved = env === null ? undefined : process.env[env.name];
        if (env !== null) process.env[env.name] = env.value;
        process.chdir(cwd);
        let r;
        try {
          r = await cli(argv);
        } finally {
          process.chdir(home);
          if (env !== null) {
            if (saved === undefined) delete process.env[env.name];
            else process.env[env.name] = saved;
          }
        }
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
        expectContract(r);
        if (r.code === 2) {
          expect(r.out, `nothing on stdout for bad input: ${argv.join(' ')}`).toBe('');
          expect(snapshot(cwd), `nothing written for bad input: ${argv.join(' ')} (${r.errLines[0]})`).toEqual(before);
        }
      }),
      { seed, numRuns: fuzzRuns(100), endOnFailure: true },
    );
    expect(codes.get(2) ?? 0).toBeGreaterThan(0);
    expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0)).toBeGreaterThan(0);
    console.log(`options fuzz: exit codes ${JSON.stringify([...codes].sort())}`);
  }, 300_000);
});
