// Proves the report works in a real browser: Debian's headless Chromium (driven by
// playwright-core) opens reports of a primary --bug no_sync record, a Raft run, a k-means
// run and a 10 000-operation history from file://, with no console errors and no network
// request; the lanes, the marked operations and the plots are in the DOM; clicking an
// operation bar and a message arrow opens the details panel with the node's state; zoom
// redraws stay fast on 10 000 operations. Screenshots go to test-artifacts/. Without
// /usr/bin/chromium the suite is skipped locally and fails under CI (.ci/run installs it).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportData } from '../../harness/report/build.ts';
import { renderReportHtml } from '../../harness/report/html.ts';
import { reportDataOfRecord } from '../../harness/report/write.ts';
import { makeRecord } from '../../harness/record/record.ts';
import { buildScenario, runScenario } from '../../harness/scenario/scenario.ts';
import { kmeans } from '../../impls/kmeans/index.ts';
import { primary } from '../../impls/primary/index.ts';
import { raft } from '../../impls/raft/index.ts';
import { seedFromEnv } from '../support/seed.ts';
import { failingRecord, historyOnlyInput } from './support.ts';
import { tempDir } from '../support/temp.ts';

const chromiumPath = '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
const artifacts = resolve('test-artifacts');

if (!haveChromium) {
  const why = `${chromiumPath} is missing: the browser test of the HTML report needs Debian's chromium (apt-get install -y chromium)`;
  if (process.env.CI) {
    describe('report in a browser', () => {
      it('has a browser to run in', () => {
        throw new Error(`${why}; CI must install it (.ci/run)`);
      });
    });
  } else {
    console.warn(`SKIPPED: ${why}`);
  }
}

describe.skipIf(!haveChromium)('report in a browser', () => {
  const seed = seedFromEnv(1);
  const dir = tempDir('faultline-browser-');
  let context: BrowserContext;
  const pages: Record<string, string> = {};

  function writePage(name: string, html: string): void {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    pages[name] = pathToFileURL(file).href;
  }

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    const primaryRecord = failingRecord(primary, { impl: 'primary', bug: 'no_sync', faults: { type: 'list', kinds: ['crash'] }, ops: 120, durationMs: 30_000 }, seed, 'linearizability');
    writePage('primary', renderReportHtml(reportDataOfRecord(primaryRecord, primary, 'histories/primary-no_sync.json')));
    const raftScenario = buildScenario({ impl: 'raft', algorithm: raft, seed, nodes: 5, faults: { type: 'list', kinds: ['partition', 'crash_leader', 'duplicate', 'drop'] }, ops: 80, durationMs: 15_000 });
    writePage('raft', renderReportHtml(reportDataOfRecord(makeRecord(raftScenario, runScenario(raftScenario, raft)), raft)));
    const kmeansScenario = buildScenario({ impl: 'kmeans', algorithm: kmeans, seed, faults: { type: 'list', kinds: ['crash'] }, durationMs: 10_000 });
    writePage('kmeans', renderReportHtml(reportDataOfRecord(makeRecord(kmeansScenario, runScenario(kmeansScenario, kmeans)), kmeans)));
    writePage('big', renderReportHtml(buildReportData(historyOnlyInput(10_000, seed))));
    context = await chromium.launchPersistentContext(tempDir('faultline-chromium-'), {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  /** Opens a report; returns the page and the console errors and non-file requests seen. */
  async function open(name: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pages[name] as string);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    return { page, errors, requests };
  }

  it('primary --bug no_sync: lanes, marked operations, plots, and an operation\'s details on click', async () => {
    const { page, errors, requests } = await open('primary');
    const timeline = page.locator('#timeline');
    expect(Number(await timeline.getAttribute('data-history-lanes'))).toBeGreaterThan(0);
    expect(await timeline.getAttribute('data-node-lanes')).toBe('3');
    expect(Number(await timeline.getAttribute('data-marked-ops'))).toBeGreaterThan(0);
    expect(Number(await timeline.getAttribute('data-prefix-ops'))).toBeGreaterThan(0);
    expect(await page.locator('#marked-ops li[data-mark="blocking"]').count()).toBe(1);
    expect(Number(await page.locator('#timeline-canvas').getAttribute('data-ops-drawn'))).toBeGreaterThan(0);
    expect(Number(await page.locator('#latency-canvas').getAttribute('data-points'))).toBeGreaterThan(0);
    expect(Number(await page.locator('#rate-canvas').getAttribute('data-buckets'))).toBeGreaterThan(0);
    expect(await page.locator('#fault-plan tbody tr').count()).toBeGreaterThan(0);
    await page.click('#focus-violation');
    const blocking = (await page.evaluate(`window.faultlineReport.data.history.ops.findIndex((o) => o.mark === 'blocking')`)) as number;
    await page.locator('#timeline-canvas').scrollIntoViewIfNeeded();
    const point = (await page.evaluate(`window.faultlineReport.locate('op', ${blocking})`)) as { x: number; y: number } | null;
    expect(point).not.toBeNull();
    await page.mouse.click(point?.x ?? 0, point?.y ?? 0);
    await expect.poll(() => page.locator('#details').getAttribute('data-kind')).toBe('op');
    expect(await page.locator('#details').isVisible()).toBe(true);
    expect(await page.locator('#details-body').textContent()).toContain('could not be linearized');
    await page.screenshot({ path: join(artifacts, 'report-primary.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('raft: the message diagram draws arrows, and a click shows the message and the sender\'s state', async () => {
    const { page, errors, requests } = await open('raft');
    expect(await page.locator('#timeline').getAttribute('data-node-lanes')).toBe('5');
    const handle = 'window.faultlineReport';
    await page.evaluate(`${handle}.setWindow(2000, 2400)`);
    const drawn = (await page.evaluate(`${handle}.drawnMessages()`)) as number[];
    expect(drawn.length).toBeGreaterThan(0);
    await page.locator('#message-canvas').scrollIntoViewIfNeeded();
    const target = drawn[Math.floor(drawn.length / 2)] as number;
    const point = (await page.evaluate(`${handle}.locate('message', ${target})`)) as { x: number; y: number };
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => page.locator('#details').getAttribute('data-kind')).toMatch(/^(message|event)$/);
    expect(await page.locator('#details-body pre[data-state-node]').count()).toBeGreaterThan(0);
    // Zoom with the wheel over the timeline: the view narrows.
    const before = (await page.evaluate(`${handle}.getView()`)) as { t0: number; t1: number };
    await page.locator('#timeline-canvas').hover();
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => {
      const v = (await page.evaluate(`${handle}.getView()`)) as { t0: number; t1: number };
      return v.t1 - v.t0;
    }).toBeLessThan(before.t1 - before.t0);
    await page.screenshot({ path: join(artifacts, 'report-raft.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('kmeans: no client history, node lanes and messages still drawn', async () => {
    const { page, errors } = await open('kmeans');
    expect(await page.locator('#timeline').getAttribute('data-history-lanes')).toBe('0');
    expect(Number(await page.locator('#timeline').getAttribute('data-node-lanes'))).toBeGreaterThan(0);
    expect(await page.locator('#plots').count()).toBe(0);
    expect(Number(await page.locator('#message-diagram').getAttribute('data-messages'))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('10 000 operations: loads, and zoom/pan redraws stay fast', async () => {
    const { page, errors } = await open('big');
    expect(await page.locator('#timeline').getAttribute('data-ops')).toBe('10000');
    const perRedrawMs = (await page.evaluate(`(() => {
      const r = window.faultlineReport;
      const end = r.data.meta.endMs;
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) r.setView(i * end / 40, end - i * end / 60);
      r.setView(0, end);
      return (performance.now() - t0) / 21;
    })()`)) as number;
    console.log(`10 000 ops: ${perRedrawMs.toFixed(1)} ms per full redraw`);
    expect(perRedrawMs).toBeLessThan(250);
    await page.screenshot({ path: join(artifacts, 'report-10k.png') });
    expect(errors).toEqual([]);
  });
});
