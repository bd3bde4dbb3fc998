// Proves `--impl PATH` end to end through bin/faultline.js in child processes: explore
// loads the guide's example from its path, finds the planted bug and writes a record
// naming that path, and replay of the record reproduces the identical trace; modules that
// are missing, not modules, or export something other than an Algorithm get exit 2 and
// one stderr line naming what is wrong.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../harness/cli/main.ts';
import { testSeed } from '../../harness/test-seed.ts';
import { faultlineBin } from '../support/bin.ts';
import { tempDir } from '../support/temp.ts';

const seed = testSeed(1, 'impl-path seeds start');
const example = './examples/gcounter/algorithm.ts';

function faultline(...args: string[]): ReturnType<typeof faultlineBin> {
  return faultlineBin(args);
}

describe('--impl PATH through bin/faultline.js', () => {
  it('explore finds the planted bug, and replay of its record gives the identical trace', async () => {
    const out = tempDir('faultline-impl-path-');
    const explore = await faultline('explore', '--impl', example, '--bug', 'no_sync', '--seeds', `${seed}..${seed + 39}`, '--max-failures', '1', '--out', out, '--json');
    expect(explore.err).toBe('');
    expect(explore.code).toBe(1);
    const failure = JSON.parse(explore.out).failures[0];
    expect(failure.violations[0].checker).toBe('gcounter-monotonic');
    const record = JSON.parse(readFileSync(failure.record, 'utf8'));
    expect(record.impl).toBe(example);
    expect(record.bug).toBe('no_sync');

    const replay = await faultline('replay', failure.record, '--json');
    expect(replay.code).toBe(1);
    const json = JSON.parse(replay.out);
    expect(json.identical).toBe(true);
    expect(json.traceHash).toBe(record.traceHash);
    expect(json.violations).toEqual(record.violations.map((v: { checker: string; message: string; timeMs: number }) => ({ checker: v.checker, message: v.message, timeMs: v.timeMs })));
  });

  it('run loads the correct example from its path and exits 0', async () => {
    const r = await faultline('run', '--impl', example, '--seed', String(seed), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ impl: example, verdict: 'ok', violations: [] });
  });

  it('loads a plug-in in any module scope: .ts (typed), .mts, .js (CommonJS), .mjs, outside any package', async () => {
    const dir = tempDir('faultline-scope-');
    const node = 'start() {}, onMessage() {}, onTimer() {}, onRequest() {}, inspect: () => ({})';
    writeFileSync(join(dir, 'typed.ts'), `type Op = { f: string };\nconst op: Op = { f: 'x' };\nexport default { name: 'typed-' + op.f, createNode: () => ({ ${node} }) };\n`);
    writeFileSync(join(dir, 'typed.mts'), `export const algorithm = { name: 'mts', createNode: (): object => ({ ${node} }) };\n`);
    writeFileSync(join(dir, 'plain.js'), `module.exports = { algorithm: { name: 'cjs', createNode: () => ({ ${node} }) } };\n`);
    writeFileSync(join(dir, 'plain.mjs'), `export default { name: 'esm', createNode: () => ({ ${node} }) };\n`);
    for (const file of ['typed.ts', 'typed.mts', 'plain.js', 'plain.mjs']) {
      const r = await faultline('run', '--impl', join(dir, file), '--seed', '1', '--faults', 'none', '--json');
      expect(r.code, `${file}: ${r.err}`).toBe(0);
    }
  });

  it('a syntax error in a plug-in is one line with its file, line and column', async () => {
    const dir = tempDir('faultline-syntax-');
    const file = join(dir, 'broken.ts');
    writeFileSync(file, 'export default { name: "x", createNode() { const a: number = ; } };\n');
    const r = await faultline('run', '--impl', file, '--seed', '1');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(`${file}:1:`);
    expect(r.err).toMatch(/Unexpected ";"/);
  });

  // Through the real entry point: one module with a missing field, a missing file, a file
  // that is not a module. Concurrent, because each child pays for tsx's start-up.
  describe.concurrent('bad --impl paths in a child process: exit 2, one stderr line, nothing on stdout', () => {
    const cases: [string, string, RegExp][] = [
      ['no createNode', 'test/cli/fixtures/no-create-node.ts', /^faultline: --impl test\/cli\/fixtures\/no-create-node\.ts: the exported algorithm is not valid: field "createNode" is missing/],
      ['missing file', './examples/gcounter/nope.ts', /^faultline: --impl \.\/examples\/gcounter\/nope\.ts: no such file/],
      ['exits while imported', 'test/cli/fixtures/exits-on-load.ts', /^faultline: --impl test\/cli\/fixtures\/exits-on-load\.ts: the module failed to load: test\/cli\/fixtures\/exits-on-load\.ts called process\.exit while it was imported/],
      ['not a module', './README.md', /^faultline: --impl \.\/README\.md: the module failed to load: Unknown file extension "\.md"/],
    ];
    for (const [name, impl, message] of cases) {
      it(name, async () => {
        const r = await faultline('explore', '--impl', impl, '--seeds', '1..3');
        expect(r.code).toBe(2);
        expect(r.out).toBe('');
        expect(r.err.trim().split('\n')).toHaveLength(1);
        expect(r.err).toMatch(message);
      });
    }
  });

  // The rest of resolve-impl's answers, in-process (same code path, no start-up cost).
  describe('bad --impl paths in-process: exit 2, one line naming the problem', () => {
    const cases: [string, string[], RegExp][] = [
      ['no name (export `algorithm`)', ['--impl', 'test/cli/fixtures/no-name.ts'], /not valid: field "name" is missing/],
      ['bugs not strings', ['--impl', 'test/cli/fixtures/bad-bugs.ts'], /not valid: field "bugs" must be/],
      ['no algorithm exported', ['--impl', 'test/cli/fixtures/no-export.ts'], /no default export and no export "algorithm"/],
      ['top level throws', ['--impl', 'test/cli/fixtures/throws-on-load.ts'], /failed to load: fixture refuses to load/],
      ['a directory', ['--impl', './examples/gcounter'], /is a directory/],
      ['a getter on the export throws', ['--impl', 'test/cli/fixtures/throwing-getter.ts'], /reading the exported algorithm threw: fixture getter refuses/],
      ['unknown bug of a path algorithm', ['--impl', example, '--bug', 'nope'], /algorithm gcounter has no bug "nope" \(known: no_sync, /],
    ];
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runCli(['run', ...args, '--seed', '1'], { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), isTty: false });
        expect(code).toBe(2);
        expect(out).toEqual([]);
        expect(err).toHaveLength(1);
        expect(err[0]?.split('\n')).toHaveLength(1);
        expect(err[0]).toMatch(/^faultline: /);
        expect(err[0]).toMatch(message);
      });
    }
  });
});
