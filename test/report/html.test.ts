// Proves the report page is one self-contained file (no external URL, data that cannot
// close its <script>), that a generated 10 000-operation history with a corrupted read
// builds and renders within size and time bounds with its failure marked, and that the
// CLI, writeReportBeside and writeSummaryPage write what they promise.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../harness/cli/main.ts';
import { buildReportData } from '../../harness/report/build.ts';
import { renderReportHtml } from '../../harness/report/html.ts';
import { writeReportBeside, writeSummaryPage } from '../../harness/report/write.ts';
import { wallNowMs } from '../../harness/wall-clock.ts';
import { primary } from '../../impls/primary/index.ts';
import { seedFromEnv } from '../support/seed.ts';
import { failingRecord, historyOnlyInput } from './support.ts';
import { tempDir } from '../support/temp.ts';

const seed = seedFromEnv(3);

describe('report page', () => {
  it('builds and renders a 10 000-operation history with its failure marked, small and fast', () => {
    const input = historyOnlyInput(10_000, seed);
    const t0 = wallNowMs();
    const data = buildReportData(input);
    const html = renderReportHtml(data);
    const buildMs = wallNowMs() - t0;
    console.log(`10 000 ops: built and rendered in ${Math.round(buildMs)} ms, ${Math.round(html.length / 1024)} KiB`);
    expect(data.history?.ops).toHaveLength(10_000);
    expect(input.linearizability?.verdict).toBe('not_linearizable');
    expect(data.history?.ops.filter((o) => o.mark === 'blocking')).toHaveLength(1);
    expect(data.history?.ops.some((o) => o.mark === 'prefix')).toBe(true);
    expect(html.length).toBeLessThan(4_000_000);
    expect(buildMs).toBeLessThan(15_000);
  });

  it('is self-contained: nothing fetched, and data cannot end its own script element', () => {
    const html = renderReportHtml(buildReportData(historyOnlyInput(300, seed)));
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(\s*["']?https?:/i);
    // Exactly the two scripts the page has: data and viewer; the message's "</script>" stays inside.
    expect(html.match(/<script\b/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(JSON.parse(json).violations[0].message).toBe('generated </script><script>alert(1)</script>');
  });
});

describe('report files', () => {
  const record = failingRecord(primary, { impl: 'primary', bug: 'no_sync', faults: { type: 'list', kinds: ['crash'] }, ops: 60, durationMs: 20_000 }, seed);

  it('`faultline report FILE -o OUT.html` writes the page and exits 0; a bad record is one line and exit 2', async () => {
    const dir = tempDir('faultline-report-');
    const file = join(dir, 'primary.json');
    writeFileSync(file, JSON.stringify(record));
    const out: string[] = [];
    const err: string[] = [];
    const io = { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s) };
    expect(await runCli(['report', file, '-o', join(dir, 'out.html')], io)).toBe(0);
    expect(readFileSync(join(dir, 'out.html'), 'utf8')).toContain('id="report-data"');
    expect(out.join('')).toContain('replay identical to the record');
    writeFileSync(join(dir, 'bad.json'), '{"format":"nope"}');
    expect(await runCli(['report', join(dir, 'bad.json'), '-o', join(dir, 'bad.html')], io)).toBe(2);
    expect(err.join('').trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'bad.html'))).toBe(false);
    // A directory that cannot exist (under a regular file): one line, exit 2.
    expect(await runCli(['report', file, '-o', join(file, 'x.html')], io)).toBe(2);
    expect(err.at(-1)).toMatch(/^faultline: -o .*x\.html: cannot use that path \(ENOTDIR\)$/);
  });

  it('writes <record>.html beside a record and a summary page linking it', () => {
    const dir = tempDir('faultline-summary-');
    const recordPath = join(dir, 'primary-no_sync-1.json');
    writeFileSync(recordPath, JSON.stringify(record));
    const reportPath = writeReportBeside(recordPath, record, primary);
    expect(reportPath).toBe(join(dir, 'primary-no_sync-1.html'));
    const report = readFileSync(reportPath, 'utf8');
    expect(report).toContain(`npx faultline replay ${recordPath}`);
    // The share of operations the faults made give up, as run prints it.
    expect(report).toMatch(/<p class="muted" id="liveness">faults: \d+ of \d+ ops \(\d+%\) gave up \(info\)/);
    const growth: [number, number][] = [[1, 10], [2, 14], [3, 15]];
    const summary = writeSummaryPage(dir, [{ recordPath, reportPath, record }], 'faultline: failures', undefined, [{ label: 'swarm', growth }]);
    const page = readFileSync(summary, 'utf8');
    expect(summary).toBe(join(dir, 'index.html'));
    expect(page).toContain('href="primary-no_sync-1.html"');
    expect(page).toContain(record.violations[0]?.checker ?? 'missing');
    // The sweep's coverage growth, drawn: one line per curve, labelled with its last point.
    expect(page).toMatch(/<svg id="coverage-plot"[^>]*>.*<polyline class="growth" data-label="swarm"/s);
    expect(page).toContain('swarm: 15 points after 3 runs');
  });
});
