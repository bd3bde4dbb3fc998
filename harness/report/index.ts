// Public surface of the HTML report (issue 7): build a record's report data, render it as
// one self-contained page, write it beside its record, and write a summary page.

export { buildReportData, type ReportInput } from './build.ts';
export { collectReportInput } from './collect.ts';
export { renderReportHtml, renderSummaryHtml } from './html.ts';
export { StateRecorder, stateFacts } from './state-recorder.ts';
export { reportDataOfRecord, reportPathBeside, writeReport, writeReportBeside, writeSummaryPage, type SummaryInput } from './write.ts';
export type { FailureSummaryEntry } from './summary.ts';
export type * from './types.ts';
