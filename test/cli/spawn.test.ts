// Proves replay identity across processes and the real entry point: a record saved by
// one `node bin/faultline.js explore` process replays to the identical trace in another,
// and a corrupted record gets exit 2 with one stderr line and no stack trace.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../harness/cli/main.ts';
import { testSeed } from '../../harness/test-seed.ts';
import { tempDir } from '../support/temp.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const seed = testSeed(1, 'spawned cli seeds start');

function faultline(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/faultline.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bin/faultline.js in child processes', () => {
  it('a record saved by one process replays identically in another', () => {
    const out = tempDir('faultline-spawn-');
    const explore = faultline('explore', '--impl', 'primary', '--bug', 'no_sync', '--seeds', `${seed}..${seed + 19}`, '--faults', 'crash_leader', '--max-failures', '1', '--ops', '60', '--duration-ms', '20000', '--out', out, '--json');
    expect(explore.code).toBe(1);
    const failure = JSON.parse(explore.out).failures[0];
    const replay = faultline('replay', failure.record, '--json');
    expect(replay.code).toBe(1);
    const json = JSON.parse(replay.out);
    expect(json.identical).toBe(true);
    expect(json.verdict).toBe('violation');
    expect(json.violations.map((v: { checker: string }) => v.checker)).toEqual(failure.violations.map((v: { checker: string }) => v.checker));
  });

  it('--workers 2 splits the range over two processes and finds the same failures as one', async () => {
    const out = tempDir('faultline-workers-');
    const args = ['explore', '--impl', 'primary', '--bug', 'no_sync', '--seeds', `${seed}..${seed + 9}`, '--faults', 'crash_leader', '--ops', '40', '--duration-ms', '10000', '--json'];
    const two = faultline(...args, '--workers', '2', '--out', join(out, 'two'));
    const outLines: string[] = [];
    const oneCode = await runCli([...args, '--out', join(out, 'one')], { stdout: (t) => void outLines.push(t), stderr: () => {}, isTty: false });
    const one = { code: oneCode, out: outLines.join('\n') };
    expect(two.code).toBe(one.code);
    const [a, b] = [JSON.parse(two.out), JSON.parse(one.out)];
    expect(a.seedsRun).toBe(10);
    expect(a.failures.map((f: { seed: number }) => f.seed)).toEqual(b.failures.map((f: { seed: number }) => f.seed));
  });

  it('a corrupted record: exit 2, one stderr line, no stack trace', () => {
    const file = join(tempDir('faultline-spawn-bad-'), 'bad.json');
    writeFileSync(file, '{"format": "faultline-record", "version": 1');
    const r = faultline('replay', file);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^faultline: .*bad\.json: not valid JSON/);
  });
});
