// The reports an exploration leaves beside its records: one HTML report per saved failure
// (up to a bound, since each replays its run) and a summary page, `index.html` in the
// output directory, linking them. A clean sweep's page links a report of its first seed,
// so there is always a run to look at. Each replay is made in a run thread (the sweep's
// runs were): a failure that ran out of memory gets no report, and the page says so.

import { makeRecord } from '../record/record.ts';
import { readRecordFile } from '../record/write.ts';
import { reportPathBeside, writeReportData, writeSummaryPage, type SummaryInput } from '../report/write.ts';
import type { Scenario } from '../scenario/scenario.ts';
import { join } from 'node:path';
import type { GrowthSample } from '../explore/growth.ts';
import { IsolatedRunner, heapMbFromEnv } from './isolated-runner.ts';

/** Failure reports one sweep writes; later failures are listed on the summary page without one. */
export const reportsPerExploreMax = 10;

export interface ExploreReportInput {
  outDir: string;
  /** The --impl the sweep ran (a run thread loads it again). */
  impl: string;
  label: string;
  seedsRun: number;
  failures: readonly { seed: number; record: string | null }[];
  /** The scenario of the sweep's first seed, for a clean sweep's example report. */
  firstScenario: Scenario | undefined;
  /** How coverage grew over the sweep, drawn on the page. */
  coverage?: { strategy: string; growth: readonly GrowthSample[] };
}

/** Writes the reports and the summary page; returns the page's path. */
export async function writeExploreReports(input: ExploreReportInput): Promise<string> {
  const runner = new IsolatedRunner(input.impl, { heapMb: heapMbFromEnv(), checkDeterminism: false });
  try {
    return await writeWith(input, runner);
  } finally {
    await runner.close();
  }
}

async function writeWith(input: ExploreReportInput, runner: IsolatedRunner): Promise<string> {
  const entries: SummaryInput[] = [];
  let written = 0;
  let stopped = 0;
  for (const failure of input.failures) {
    if (failure.record === null) continue;
    const read = readRecordFile(failure.record);
    if (read.type === 'error') continue;
    let reportPath: string | undefined;
    if (written + stopped < reportsPerExploreMax) {
      const built = await runner.reportData(read.record, failure.record);
      if (built.type === 'report') {
        reportPath = reportPathBeside(failure.record);
        writeReportData(reportPath, built.data);
        written++;
      } else {
        stopped++;
      }
    }
    entries.push({ recordPath: failure.record, reportPath, record: read.record });
  }
  const without = stopped > 0 ? ` ${stopped} replay${stopped > 1 ? 's' : ''} could not finish (out of memory), so no report for ${stopped > 1 ? 'them' : 'it'}.` : '';
  let note: Parameters<typeof writeSummaryPage>[3] = {
    text: `${input.seedsRun} seeds explored, ${input.failures.length} failed${input.failures.length > written + stopped ? ` (reports for the first ${written + stopped})` : ''}.${without}`,
  };
  if (input.failures.length === 0 && input.firstScenario !== undefined) {
    const scenario = input.firstScenario;
    const outcome = await runner.run(scenario);
    const examplePath = join(input.outDir, `example-${scenario.impl.replace(/[^A-Za-z0-9_.]+/g, '_')}-seed-${scenario.seed}.html`);
    const built = await runner.reportData(makeRecord(scenario, outcome), undefined);
    if (built.type === 'report') {
      writeReportData(examplePath, built.data);
      note = { text: `${note.text} Every checker passed on every seed.`, link: { path: examplePath, label: `See one run (seed ${scenario.seed}).` } };
    }
  }
  return writeSummaryPage(input.outDir, entries, `faultline: ${input.label}`, note, input.coverage === undefined ? undefined : [{ label: input.coverage.strategy, growth: input.coverage.growth }]);
}
