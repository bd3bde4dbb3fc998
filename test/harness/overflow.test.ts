// Proves a message storm is counted and shown, never silent: sends beyond the network's
// in-flight bound are dropped as queue_full, counted in the stats, and named by run,
// replay (the same line) and the report.
import { describe, expect, it } from 'vitest';
import { inFlightMessagesMax } from '../../harness/network.ts';
import { makeRecord } from '../../harness/record/record.ts';
import { renderReportHtml } from '../../harness/report/html.ts';
import { reportDataOfRecord } from '../../harness/report/write.ts';
import { scenarioWith, runScenario } from '../../harness/scenario/scenario.ts';
import { runCli } from '../../harness/cli/main.ts';
import { algorithm as storm, stormSends } from '../cli/fixtures/storm.ts';

const scenario = scenarioWith({ impl: 'test/cli/fixtures/storm.ts', algorithm: storm, seed: 1, nodes: 2, durationMs: 100, faultPlan: [] });

describe('a message storm beyond inFlightMessagesMax', () => {
  const outcome = runScenario(scenario, storm);

  it('counts the sends the full queue refused', () => {
    expect(outcome.stats.messagesSent).toBe(stormSends);
    expect(outcome.stats.messagesOverflowed).toBe(stormSends - inFlightMessagesMax);
    expect(outcome.stats.perNode[0]?.overflowed).toBe(stormSends - inFlightMessagesMax);
    expect(outcome.stats.messagesDelivered).toBe(inFlightMessagesMax);
  });

  it('is a line of run output and of the --json stats', async () => {
    const out: string[] = [];
    const io = { stdout: (s: string) => void out.push(s), stderr: () => {}, isTty: false };
    expect(await runCli(['run', '--impl', 'test/cli/fixtures/storm.ts', '--seed', '1', '--faults', 'none', '--duration-ms', '100'], io)).toBe(0);
    expect(out.join('\n')).toContain('⚠ 50 000 of 250 000 messages dropped as queue_full: 200 000 were in flight at once');
    out.length = 0;
    await runCli(['run', '--impl', 'test/cli/fixtures/storm.ts', '--seed', '1', '--faults', 'none', '--duration-ms', '100', '--json'], io);
    expect(JSON.parse(out.join('')).stats.messagesOverflowed).toBe(50_000);
  }, 30_000);

  it('is in the report header', () => {
    const html = renderReportHtml(reportDataOfRecord(makeRecord(scenario, outcome), storm));
    expect(html).toMatch(/<p class="mark-blocking" id="overflow">⚠ 50 000 of 250 000 messages dropped as queue_full/);
  });
});
