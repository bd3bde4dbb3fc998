// Proves the CLI holds against plug-ins that misbehave, each in a process of its own as a
// user would run it: an async handler that rejects, deferred work left after the handler
// (an un-awaited async helper that calls its context, one that rejects), process.exit in
// a handler, Math.random and Date.now kept at import time, node:crypto imported by name,
// process.uptime, a handler that allocates without end, handlers that keep what they
// allocate (under a 128 MB run heap). Each run exits 1 with one failure naming the
// misbehaviour (never 0, never a crash; running out of memory is "could not finish"),
// saves a record, and the record, copied with the plug-in into another directory, replays
// there to the identical trace.
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/bin.ts';
import { tempDir } from '../support/temp.ts';

/** bin/faultline.js in `cwd`, as a user runs it from their project's root. */
function faultlineIn(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/faultline.js'), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => done({ code, out, err }));
  });
}

const cases: [string, string, RegExp][] = [
  ['alloc-bomb', 'out-of-memory', /^could not finish: the run used up its heap \(128 MB, FAULTLINE_HEAP_MB\) in node 0's handler at t=10 ms/],
  ['alloc-leak', 'out-of-memory', /^could not finish: the run used up its heap \(128 MB, FAULTLINE_HEAP_MB\) in node 0's handler at t=\d+ ms/],
  ['async-reject', 'implementation-error', /node 0's onTimer returned a promise at t=10 ms/],
  ['late-work', 'implementation-error', /node code kept running after its handler returned, after the run ended: node 0 called ctx\.send; a promise rejected with Error: nobody listens/],
  ['exit', 'determinism', /node 0 called process\.exit/],
  ['import-time-random', 'determinism', /node 0 called Math\.random/],
  ['import-time-clock', 'determinism', /node 0 called Date\.now/],
  ['crypto-import', 'determinism', /node 0 called crypto\.randomBytes/],
  ['uptime', 'determinism', /node 0 called process\.uptime/],
];

describe('hostile plug-ins through the CLI', () => {
  it.each(cases)('%s: exit 1, one failure (%s), a record that replays identically from another directory', async (which, checker, message) => {
    const project = tempDir('faultline-hostile-');
    cpSync(join(repoRoot, 'test/cli/fixtures/hostile/hostile.ts'), join(project, 'hostile.ts'));
    const env = { ...process.env, HOSTILE: which, FAULTLINE_HEAP_MB: '128' };
    const run = await faultlineIn(project, ['run', '--impl', './hostile.ts', '--seed', '1', '--faults', 'none', '--out', 'records', '--json'], env);
    expect(run.code, run.err).toBe(1);
    expect(run.err).toBe('');
    const json = JSON.parse(run.out) as { verdict: string; violations: { checker: string; message: string }[]; traceHash: string };
    expect(json.verdict).toBe(checker === 'out-of-memory' ? 'unfinished' : 'violation');
    expect(json.violations.map((v) => v.checker)).toEqual([checker]);
    expect(json.violations[0]?.message).toMatch(message);
    const [record] = readdirSync(join(project, 'records'));
    expect(record).toBeDefined();
    // The project moved (a colleague's clone elsewhere): the record still replays exactly.
    const moved = tempDir('faultline-hostile-moved-');
    cpSync(project, moved, { recursive: true });
    const replay = await faultlineIn(moved, ['replay', `records/${record}`, '--json'], env);
    expect(replay.code, replay.err).toBe(1);
    const again = JSON.parse(replay.out) as { identical: boolean; sameStop?: boolean; traceHash: string; violations: { checker: string }[] };
    expect(again.violations.map((v) => v.checker)).toEqual([checker]);
    if (which === 'alloc-leak') {
      // Memory that grows over many handlers runs out where the machine's collector says:
      // the same stop, perhaps a few events apart.
      expect(again.identical || again.sameStop).toBe(true);
    } else {
      expect(again.identical).toBe(true);
      expect(again.traceHash).toBe(json.traceHash);
    }
  }, 60_000);

  it('module-level state: --check-determinism names the first differing event and field', async () => {
    const project = tempDir('faultline-hostile-counter-');
    cpSync(join(repoRoot, 'test/cli/fixtures/hostile/hostile.ts'), join(project, 'hostile.ts'));
    const env = { ...process.env, HOSTILE: 'module-counter' };
    const r = await faultlineIn(project, ['explore', '--impl', './hostile.ts', '--seeds', '1..2', '--faults', 'none', '--check-determinism', '--out', 'out', '--json'], env);
    expect(r.code, r.err).toBe(1);
    const json = JSON.parse(r.out) as { failures: { violations: { checker: string; message: string }[] }[] };
    expect(json.failures).toHaveLength(2);
    for (const failure of json.failures) {
      const [violation] = failure.violations;
      expect(violation?.checker).toBe('determinism');
      expect(violation?.message).toMatch(/first differing trace event #\d+, a send from node 0 to node 1 at t=10 ms: msg\.n: \d+ then \d+; a third run differed again/);
      expect(violation?.message).not.toContain('agree');
    }
  }, 60_000);

  it('shrink: a record of misbehaving code shrinks in the run thread; one that could not finish is refused in one line', async () => {
    for (const [which, code] of [['late-work', 0], ['alloc-bomb', 2]] as const) {
      const project = tempDir('faultline-hostile-shrink-');
      cpSync(join(repoRoot, 'test/cli/fixtures/hostile/hostile.ts'), join(project, 'hostile.ts'));
      const env = { ...process.env, HOSTILE: which, FAULTLINE_HEAP_MB: '128' };
      const run = await faultlineIn(project, ['run', '--impl', './hostile.ts', '--seed', '1', '--out', 'records', '--json'], env);
      expect(run.code, run.err).toBe(1);
      const [record] = readdirSync(join(project, 'records'));
      const shrink = await faultlineIn(project, ['shrink', `records/${record}`, '--runs-max', '20', '--out', 'small.json'], env);
      expect(shrink.code, `${which}: ${shrink.err}`).toBe(code);
      if (code === 2) {
        expect(shrink.err.trim().split('\n')).toHaveLength(1);
        expect(shrink.err).toMatch(/out-of-memory is a run that could not finish, not a failure to shrink/);
        expect(readdirSync(project)).not.toContain('small.json');
      } else {
        expect(shrink.out).toContain('saved small.json');
        const replay = await faultlineIn(project, ['replay', 'small.json', '--json'], env);
        expect((JSON.parse(replay.out) as { identical: boolean }).identical).toBe(true);
      }
    }
  }, 120_000);

  it('reports: explore and report replay in the run thread, so a record that ran out of memory gets a line, not a dead process', async () => {
    const project = tempDir('faultline-hostile-report-');
    cpSync(join(repoRoot, 'test/cli/fixtures/hostile/hostile.ts'), join(project, 'hostile.ts'));
    const env = { ...process.env, HOSTILE: 'alloc-bomb', FAULTLINE_HEAP_MB: '128' };
    const explore = await faultlineIn(project, ['explore', '--impl', './hostile.ts', '--seeds', '1..2', '--out', 'out'], env);
    expect(explore.code, explore.err).toBe(1);
    expect(explore.out).toContain('report: out/index.html');
    expect(readFileSync(join(project, 'out/index.html'), 'utf8')).toContain('2 replays could not finish (out of memory), so no report for them.');
    const report = await faultlineIn(project, ['report', 'out/hostile-1.json'], env);
    expect(report.code).toBe(1);
    expect(report.err.trim().split('\n')).toHaveLength(1);
    expect(report.err).toMatch(/^faultline: out\/hostile-1\.json: no report: its replay could not finish: could not finish: the run used up its heap/);
  }, 120_000);
});
