// Proves sharded and parallel exploration find exactly what one process finds: a seed
// range run as 3 shards in separate processes and merged equals the unsharded run, and
// `--workers 2` gives the same failures, trace hashes and records as `--workers 1`,
// also when --max-failures stops the sweep early.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin', 'faultline.js');
const sweep = ['--impl', 'primary', '--bug', 'no_sync', '--seeds', '1..24', '--faults', 'crash', '--ops', '40', '--duration-ms', '10000'];

interface Failure {
  seed: number;
  traceHash: string;
  record: string | null;
}

async function faultline(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: root, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const essence = (failures: Failure[]): [number, string][] => failures.map((f) => [f.seed, f.traceHash]);
const tmp = (): string => tempDir('faultline-scale-');

describe('scale-out', () => {
  it('3 shards in separate processes, merged, equal one unsharded run', async () => {
    const whole = tmp();
    const shardDirs = [tmp(), tmp(), tmp()];
    const [single, ...shards] = await Promise.all([
      faultline(['explore', ...sweep, '--out', whole, '--json']),
      ...shardDirs.map((dir, i) => faultline(['explore', ...sweep, '--shard', `${i + 1}/3`, '--out', dir, '--json'])),
    ]);
    expect(single?.code).toBe(1);
    for (const s of shards) expect([0, 1]).toContain(s.code);
    const merged = await faultline(['merge', ...shardDirs, '--json']);
    expect(merged.code).toBe(1);
    const one = JSON.parse(single?.stdout ?? '{}') as { failures: Failure[]; seedsRun: number };
    const union = JSON.parse(merged.stdout) as { failures: Failure[]; seedsRun: number; shards: number };
    expect(union.shards).toBe(3);
    expect(union.seedsRun).toBe(24);
    expect(one.failures.length).toBeGreaterThan(0);
    expect(essence(union.failures)).toEqual(essence(one.failures));
    const recordsIn = (dirs: string[]): string[] => dirs.flatMap((d) => readdirSync(d).filter((n) => !n.startsWith('explore-summary'))).sort();
    expect(recordsIn(shardDirs)).toEqual(recordsIn([whole]));
  }, 120_000);

  it('merge refuses a missing shard and shards of different sweeps', async () => {
    const a = tmp();
    await faultline(['explore', ...sweep, '--shard', '1/2', '--out', a, '--json']);
    const missing = await faultline(['merge', a]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/missing shard\(s\) 2\/2/);
    const b = tmp();
    await faultline(['explore', ...sweep.map((x) => (x === '1..24' ? '1..10' : x)), '--shard', '2/2', '--out', b, '--json']);
    const mixed = await faultline(['merge', a, b]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);

  it('--workers 2 finds the same failures and records as one process, with and without --max-failures', async () => {
    for (const extra of [[], ['--max-failures', '3']]) {
      const d1 = tmp();
      const d2 = tmp();
      const [k1, k2] = await Promise.all([
        faultline(['explore', ...sweep, ...extra, '--out', d1, '--json']),
        faultline(['explore', ...sweep, ...extra, '--workers', '2', '--out', d2, '--json']),
      ]);
      const one = JSON.parse(k1?.stdout ?? '{}') as { failures: Failure[]; seedsRun: number };
      const two = JSON.parse(k2?.stdout ?? '{}') as { failures: Failure[]; seedsRun: number };
      expect(essence(two.failures)).toEqual(essence(one.failures));
      expect(two.seedsRun).toBe(one.seedsRun);
      expect(readdirSync(d2).sort()).toEqual(readdirSync(d1).sort());
    }
  }, 180_000);
});
