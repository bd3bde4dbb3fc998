// Proves explore leaves a report beside each saved failure and a summary page linking
// them, and that a clean sweep's page links a report of its first seed, by running the
// explore command in-process on the primary example and reading what it wrote.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exploreCommand } from '../../harness/cli/explore.ts';
import type { Io } from '../../harness/cli/errors.ts';
import { tempDir } from '../support/temp.ts';

function io(): Io & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (s) => void out.push(s), stderr: () => {}, isTty: false };
}

describe('explore reports', () => {
  it('writes a report beside each failure and an index.html linking them', async () => {
    const dir = tempDir('faultline-explore-report-');
    const sink = io();
    const code = await exploreCommand({ impl: 'primary', bug: 'no_sync', seeds: '1..6', faults: 'crash', ops: '40', durationMs: '10000', out: dir }, sink);
    expect(code).toBe(1);
    const records = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) expect(existsSync(join(dir, r.replace(/\.json$/, '.html')))).toBe(true);
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    for (const r of records) expect(index).toContain(`href="${r.replace(/\.json$/, '.html')}"`);
    expect(sink.out.at(-1)).toBe(`  report: ${join(dir, 'index.html')}`);
  });

  it('links a report of the first seed when every seed passed, and --no-report writes nothing', async () => {
    const dir = tempDir('faultline-explore-clean-');
    expect(await exploreCommand({ impl: 'primary', seeds: '3..4', faults: 'none', ops: '20', durationMs: '5000', out: dir }, io())).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['example-primary-seed-3.html', 'index.html']);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toMatch(/2 seeds explored, 0 failed\. Every checker passed on every seed\. <a href="example-primary-seed-3.html">/);
    const none = tempDir('faultline-explore-none-');
    expect(await exploreCommand({ impl: 'primary', seeds: '3..4', faults: 'none', ops: '20', durationMs: '5000', out: none, report: false }, io())).toBe(0);
    expect(readdirSync(none)).toEqual([]);
  });
});
