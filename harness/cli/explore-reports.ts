// The reports an exploration leaves beside its records: one HTML report per saved failure
// (up to a bound, since each replays its run) and a summary page, `index.html` in the
// output directory, linking them. A clean sweep's page links a report of its first seed,
// so there is always a run to look at.

import { makeRecord } from '../record/record.ts';
import { readRecordFile } from '../record/write.ts';
import { writeReport, writeReportBeside, writeSummaryPage, type SummaryInput } from '../report/write.ts';
import { runScenario, type Scenario } from '../scenario/scenario.ts';
import { join } from 'node:path';
import type { Algorithm } from '../types.ts';
import type { GrowthSample } from '../explore/growth.ts';

/** Failure reports one sweep writes; later failures are listed on the summary page without one. */
export const reportsPerExploreMax = 10;

export interface ExploreReportInput {
  outDir: string;
  algorithm: Algorithm;
  label: string;
  seedsRun: number;
  failures: readonly { seed: number; record: string | null }[];
  /** The scenario of the sweep's first seed, for a clean sweep's example report. */
  firstScenario: Scenario | undefined;
  /** How coverage grew over the sweep, drawn on the page. */
  coverage?: { strategy: string; growth: readonly GrowthSample[] };
}

/** Writes the reports and the summary page; returns the page's path. */
export function writeExploreReports(input: ExploreReportInput): string {
  const entries: SummaryInput[] = [];
  let written = 0;
  for (const failure of input.failures) {
    if (failure.record === null) continue;
    const read = readRecordFile(failure.record);
    if (read.type === 'error') continue;
    let reportPath: string | undefined;
    if (written < reportsPerExploreMax) {
      reportPath = writeReportBeside(failure.record, read.record, input.algorithm);
      written++;
    }
    entries.push({ recordPath: failure.record, reportPath, record: read.record });
  }
  let note: Parameters<typeof writeSummaryPage>[3] = {
    text: `${input.seedsRun} seeds explored, ${input.failures.length} failed${input.failures.length > written ? ` (reports for the first ${written})` : ''}.`,
  };
  if (input.failures.length === 0 && input.firstScenario !== undefined) {
    const scenario = input.firstScenario;
    const outcome = runScenario(scenario, input.algorithm);
    const examplePath = join(input.outDir, `example-${scenario.impl.replace(/[^A-Za-z0-9_.]+/g, '_')}-seed-${scenario.seed}.html`);
    writeReport(examplePath, makeRecord(scenario, outcome), input.algorithm);
    note = { text: `${note.text} Every checker passed on every seed.`, link: { path: examplePath, label: `See one run (seed ${scenario.seed}).` } };
  }
  return writeSummaryPage(input.outDir, entries, `faultline: ${input.label}`, note, input.coverage === undefined ? undefined : [{ label: input.coverage.strategy, growth: input.coverage.growth }]);
}
