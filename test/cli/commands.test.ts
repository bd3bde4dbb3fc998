// Proves the run, explore, replay and shrink commands in-process through the real
// commander program: exit codes 0/1/2, the --json shapes of DESIGN.md, records saved and
// replayed identically, and one clear stderr line (exit 2, nothing written) for bad input.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../harness/cli/main.ts';
import type { Io } from '../../harness/cli/errors.ts';
import { testSeed } from '../../harness/test-seed.ts';
import { tempDir } from '../support/temp.ts';

const seed = testSeed(1, 'cli seeds start');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (s) => void out.push(s), stderr: (s) => void err.push(s), isTty: false };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const small = ['--ops', '60', '--duration-ms', '20000'];

describe('faultline run', () => {
  it('exits 0 on a clean run and prints the swarm block and a pass line', async () => {
    const r = await cli('run', '--impl', 'primary', '--seed', String(seed), ...small);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^swarm:\n/);
    expect(r.out).toContain(`✓ primary · seed ${seed} · 3 nodes · faults: `);
  });

  it('--json gives the contract fields', async () => {
    const r = await cli('run', '--impl', 'primary', '--seed', String(seed), '--json', ...small);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ impl: 'primary', bug: null, seed, verdict: 'ok', violations: [] });
    expect(json.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(json.stats).sort()).toEqual(['events', 'messages', 'messagesOverflowed', 'ops', 'virtualMs', 'wallMs']);
  });

  it('exits 1 on a violation, in STYLE.md form, and --out saves the record', async () => {
    const out = tempDir('faultline-cli-run-');
    let found = false;
    for (let s = seed; s < seed + 20 && !found; s++) {
      const r = await cli('run', '--impl', 'primary', '--bug', 'no_sync', '--seed', String(s), '--faults', 'crash_leader', '--out', out, ...small);
      if (r.code === 0) continue;
      found = true;
      expect(r.code).toBe(1);
      const lines = r.out.split('\n');
      const headline = lines.findIndex((l) => l.startsWith('✗ primary (bug: no_sync) · '));
      expect(headline).toBeGreaterThan(0);
      expect(r.out).toContain(`  seed ${s} · 3 nodes · faults: crash`);
      expect(r.out).toContain(`  replay: npx faultline replay ${join(out, `primary-no_sync-${s}.json`)}`);
      expect(existsSync(join(out, `primary-no_sync-${s}.json`))).toBe(true);
    }
    expect(found).toBe(true);
  });
});

describe('faultline explore, replay, shrink', () => {
  const out = tempDir('faultline-cli-explore-');

  it('explore --json saves each failure; replay --json reproduces each identically', async () => {
    const r = await cli('explore', '--impl', 'primary', '--bug', 'no_sync', '--seeds', `${seed}..${seed + 19}`, '--faults', 'crash,crash_leader', '--max-failures', '2', '--out', out, '--json', ...small);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ impl: 'primary', bug: 'no_sync', seeds: `${seed}..${seed + 19}` });
    expect(json.failures.length).toBe(2);
    expect(typeof json.wallMs).toBe('number');
    for (const failure of json.failures) {
      expect(failure.violations.length).toBeGreaterThan(0);
      const replay = await cli('replay', failure.record, '--json');
      expect(replay.code).toBe(1);
      const rj = JSON.parse(replay.out);
      expect(rj.identical).toBe(true);
      expect(rj.verdict).toBe('violation');
      expect(rj.seed).toBe(failure.seed);
    }
  });

  it('explore prints each failure with its replay command and a summary line', async () => {
    const dir = tempDir('faultline-cli-explore2-');
    const r = await cli('explore', '--impl', 'primary', '--bug', 'no_dedup', '--seeds', `${seed}..${seed + 9}`, '--faults', 'drop,delay', '--max-failures', '1', '--out', dir, ...small);
    expect(r.code).toBe(1);
    const record = readdirSync(dir).filter((f) => f.endsWith('.json'))[0] as string;
    expect(r.out).toContain(`  replay: npx faultline replay ${join(dir, record)}`);
    expect(r.out.split("\n").at(-2)).toMatch(/^✗ \d+ seeds · 1 failed \(stopped at --max-failures 1\) · \d+ coverage points · [\d.]+ seeds\/s/);
    expect(r.err).toMatch(/explore primary \(bug: no_dedup\): \d+\/10 seeds/);
  });

  it('explore --check-determinism passes a clean sweep; --shard takes every N-th seed', async () => {
    const clean = await cli('explore', '--impl', 'primary', '--seeds', `${seed}..${seed + 5}`, '--check-determinism', '--json', ...small);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.out).failures).toEqual([]);
    const shardOut = tempDir('faultline-cli-shard-');
    const shard = await cli('explore', '--impl', 'pingpong', '--seeds', '1..10', '--shard', '2/3', '--duration-ms', '2000', '--out', shardOut, '--json');
    expect(shard.code).toBe(0);
    expect(JSON.parse(shard.out).seedsRun).toBe(3);
    expect(readdirSync(shardOut)).toEqual(['explore-summary-shard-2-of-3.json']);
  });

  it('shrink saves a smaller record that replays identically', async () => {
    const records = readdirSync(out).filter((f) => f.endsWith('.json'));
    const file = join(out, records[0] as string);
    const target = join(out, 'small.json');
    const r = await cli('shrink', file, '--out', target);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/before: \d+ faults/);
    expect(r.out).toMatch(/after: {2}\d+ faults/);
    expect(r.out).toContain(`saved ${target}`);
    const before = JSON.parse(readFileSync(file, 'utf8'));
    const after = JSON.parse(readFileSync(target, 'utf8'));
    const ops = (rec: { workload: { slots: { steps: unknown[] }[] } }) => rec.workload.slots.reduce((n, s) => n + s.steps.length, 0);
    expect(ops(after)).toBeLessThan(ops(before));
    expect(after.faultPlan.length).toBeLessThanOrEqual(before.faultPlan.length);
    const replay = await cli('replay', target, '--json');
    expect(JSON.parse(replay.out).identical).toBe(true);
    expect(replay.code).toBe(1);
  });
});

describe('faultline replay --update', () => {
  it('rewrites a drifted record only when the same checkers still fail', async () => {
    const dir = tempDir('faultline-cli-update-');
    const ex = await cli('explore', '--impl', 'primary', '--bug', 'no_sync', '--seeds', `${seed}..${seed + 19}`, '--faults', 'crash_leader', '--max-failures', '1', '--out', dir, '--json', ...small);
    const file = JSON.parse(ex.out).failures[0].record as string;
    const record = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...record, traceHash: '0123456789abcdef' }));
    const update = await cli('replay', file, '--update', '--json');
    expect(update.code).toBe(1);
    expect(JSON.parse(update.out)).toMatchObject({ identical: false, updated: true });
    expect(JSON.parse(readFileSync(file, 'utf8')).traceHash).toBe(record.traceHash);
    writeFileSync(file, JSON.stringify({ ...record, traceHash: '0123456789abcdef', violations: [{ checker: 'liveness', message: 'x', timeMs: 0 }] }));
    const refused = await cli('replay', file, '--update');
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/not updated: the replay fails \[.*\], the record failed \[liveness\]/);
    expect(JSON.parse(readFileSync(file, 'utf8')).traceHash).toBe('0123456789abcdef');
  });
});

describe('bad input: one line on stderr, exit 2, nothing written', () => {
  const out = tempDir('faultline-cli-bad-');
  const outDir = join(out, 'never');
  const good = join(out, 'good.json');

  const cases: [string, string[], RegExp][] = [
    ['run without --impl', ['run', '--seed', '1'], /--impl NAME is required/],
    ['run without --seed', ['run', '--impl', 'primary'], /--seed N is required/],
    ['unknown algorithm', ['run', '--impl', 'nope', '--seed', '1'], /unknown algorithm "nope"/],
    ['unknown bug', ['run', '--impl', 'primary', '--bug', 'nope', '--seed', '1'], /has no bug "nope"/],
    ['bad seed', ['run', '--impl', 'primary', '--seed', 'abc'], /--seed must be an integer/],
    ['bad nodes', ['run', '--impl', 'primary', '--seed', '1', '--nodes', '0'], /--nodes must be an integer in 1\.\./],
    ['bad faults', ['run', '--impl', 'primary', '--seed', '1', '--faults', 'crash,teleport'], /unknown fault kind "teleport"/],
    ['empty seed range', ['explore', '--impl', 'primary', '--seeds', '5..1', '--out', outDir], /range is empty/],
    ['bad shard', ['explore', '--impl', 'primary', '--seeds', '1..5', '--shard', '4/3', '--out', outDir], /--shard must be I\/N/],
    ['workers with shard', ['explore', '--impl', 'primary', '--seeds', '1..5', '--workers', '2', '--shard', '1/2', '--out', outDir], /do not combine/],
    ['missing record', ['replay', join(out, 'missing.json')], /no such file/],
    ['a stray comma in --faults', ['run', '--impl', 'primary', '--seed', '1', '--faults', 'crash,'], /empty fault kind/],
    ['--out names a file (run)', ['run', '--impl', 'primary', '--seed', '1', '--out', join(out, 'a-file')], /is a file, not a directory/],
    ['--out names a file (explore)', ['explore', '--impl', 'primary', '--seeds', '1..5', '--out', join(out, 'a-file')], /is a file, not a directory/],
    ['--out through a file', ['explore', '--impl', 'primary', '--seeds', '1..5', '--out', join(out, 'a-file', 'sub')], /cannot use that path \(ENOTDIR\)/],
    ['merge on a file', ['merge', join(out, 'a-file')], /is a file; merge takes the directories/],
  ];
  writeFileSync(join(out, 'a-file'), 'precious\n');
  for (const [name, argv, pattern] of cases) {
    it(name, async () => {
      const r = await cli(...argv);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(pattern);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out).toBe('');
      expect(existsSync(outDir)).toBe(false);
      expect(readFileSync(join(out, 'a-file'), 'utf8'), 'the file --out named is untouched').toBe('precious\n');
    });
  }

  it('a bad FAULTLINE_HANDLER_WALL_MS', async () => {
    process.env.FAULTLINE_HANDLER_WALL_MS = '10s';
    try {
      const r = await cli('explore', '--impl', 'primary', '--seeds', '1..5', '--out', outDir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^faultline: FAULTLINE_HANDLER_WALL_MS must be a positive integer of milliseconds, got "10s"\n?$/);
      expect(existsSync(outDir)).toBe(false);
    } finally {
      delete process.env.FAULTLINE_HANDLER_WALL_MS;
    }
  });

  it('each corrupted record kind, for replay and shrink', async () => {
    const dir = tempDir('faultline-cli-rec-');
    const ex = await cli('explore', '--impl', 'primary', '--bug', 'no_sync', '--seeds', `${seed}..${seed + 19}`, '--faults', 'crash_leader', '--max-failures', '1', '--out', dir, '--json', ...small);
    const record = JSON.parse(readFileSync(JSON.parse(ex.out).failures[0].record, 'utf8'));
    writeFileSync(good, JSON.stringify(record));
    const variants: [string, string, RegExp][] = [
      ['bad json', '{"format":', /not valid JSON/],
      ['a network delay of years', JSON.stringify({ ...record, options: { ...record.options, network: { ...record.options.network, delayMs: [0, 1e12] } } }), /network delayMs must be integers 0 <= min <= max <= 3600000/],
      ['json error on many lines', '{\n\n"format":\n\n', /not valid JSON/],
      ['wrong format', JSON.stringify({ ...record, format: 'other' }), /not a faultline record/],
      ['unknown version', JSON.stringify({ ...record, version: 2 }), /unknown record version 2/],
      ['unknown algorithm', JSON.stringify({ ...record, impl: 'zab' }), /unknown algorithm "zab"/],
      ['unknown bug', JSON.stringify({ ...record, bug: 'gremlins' }), /has no bug "gremlins"/],
      ['missing field', JSON.stringify({ ...record, history: undefined }), /missing field "history"/],
      ['workload mismatch', JSON.stringify({ ...record, impl: 'pingpong', bug: undefined }), /serves workload none/],
    ];
    for (const [name, text, pattern] of variants) {
      const file = join(out, `${name.replace(/ /g, '-')}.json`);
      writeFileSync(file, text);
      for (const command of ['replay', 'shrink']) {
        const before = readdirSync(out).length;
        const r = await cli(command, file);
        expect(r.code, `${command} ${name}`).toBe(2);
        expect(r.err, `${command} ${name}`).toMatch(pattern);
        expect(r.err.trim().split('\n'), `${command} ${name}`).toHaveLength(1);
        expect(r.err, `${command} ${name}`).not.toMatch(/\n\s+at /);
        expect(readdirSync(out).length, `${command} ${name} wrote nothing`).toBe(before);
      }
    }
    // A byte-order mark, as some Windows editors save, is not a corruption.
    const bom = join(out, 'bom.json');
    writeFileSync(bom, `\uFEFF${JSON.stringify(record)}`);
    const replayed = await cli('replay', bom);
    expect(replayed.err).toBe('');
    expect(replayed.code).toBe(1);
  });
});
