// Building and writing report files: `report FILE -o OUT.html`, a report beside each record
// an exploration saves, and the summary page that links them. Files are written to a temp
// name and renamed, so a browser never opens half a report.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { FailureRecord } from '../record/record.ts';
import type { Algorithm } from '../types.ts';
import { buildReportData } from './build.ts';
import { collectReportInput } from './collect.ts';
import { renderReportHtml, renderSummaryHtml } from './html.ts';
import type { FailureSummaryEntry } from './summary.ts';
import type { ReportData } from './types.ts';
import type { GrowthCurve } from './coverage-plot.ts';

let tempCounter = 0;

function writeAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${tempCounter++}`);
  writeFileSync(temp, text);
  renameSync(temp, file);
}

/** Replays `record` and builds its report data; `recordPath` names it in the commands shown. */
export function reportDataOfRecord(record: FailureRecord, algorithm: Algorithm, recordPath?: string, progress?: Int32Array): ReportData {
  return buildReportData(collectReportInput(record, algorithm, recordPath, progress));
}

/** Replays `record` and writes its report to `outFile`; returns the data drawn. */
export function writeReport(outFile: string, record: FailureRecord, algorithm: Algorithm, recordPath?: string): ReportData {
  return writeReportData(outFile, reportDataOfRecord(record, algorithm, recordPath));
}

/** Writes the report of `data` (built elsewhere: the CLI builds it in its run thread) to `outFile`. */
export function writeReportData(outFile: string, data: ReportData): ReportData {
  writeAtomic(outFile, renderReportHtml(data));
  return data;
}

/** `histories/raft-x-7.json` → `histories/raft-x-7.html`. */
export function reportPathBeside(recordPath: string): string {
  const ext = extname(recordPath);
  return `${ext === '' ? recordPath : recordPath.slice(0, -ext.length)}.html`;
}

/** Writes the report of the record at `recordPath` next to it (`<record>.html`); returns its path. */
export function writeReportBeside(recordPath: string, record: FailureRecord, algorithm: Algorithm): string {
  const out = reportPathBeside(recordPath);
  writeReport(out, record, algorithm, recordPath);
  return out;
}

export interface SummaryInput {
  recordPath: string;
  /** The report written for it (writeReportBeside's return), if any. */
  reportPath?: string | undefined;
  record: Pick<FailureRecord, 'impl' | 'bug' | 'seed' | 'violations'>;
}

/** Writes `dir/index.html` listing every failure with a link to its report; returns its path. */
export function writeSummaryPage(
  dir: string,
  entries: readonly SummaryInput[],
  title = 'faultline: failures',
  note?: { text: string; link?: { path: string; label: string } },
  curves: readonly GrowthCurve[] = [],
): string {
  const out = join(dir, 'index.html');
  const rows: FailureSummaryEntry[] = entries.map((x) => ({
    impl: x.record.impl,
    bug: x.record.bug,
    seed: x.record.seed,
    violations: x.record.violations,
    record: x.recordPath,
    report: x.reportPath === undefined ? undefined : relative(resolve(dir), resolve(x.reportPath)).split(sep).join('/'),
  }));
  const shownNote = note === undefined ? undefined : { text: note.text, ...(note.link ? { link: { href: relative(resolve(dir), resolve(note.link.path)).split(sep).join('/'), label: note.link.label } } : {}) };
  writeAtomic(out, renderSummaryHtml(title, rows, shownNote, curves));
  return out;
}
