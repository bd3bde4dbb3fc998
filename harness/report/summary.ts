// One row of the summary page an exploration writes beside its failures: the run, its
// violations, the record to replay and the report to open.

import type { Violation } from '../types.ts';

export interface FailureSummaryEntry {
  impl: string;
  bug?: string | undefined;
  seed: number;
  violations: readonly Pick<Violation, 'checker' | 'message'>[];
  /** The record, as the replay command should name it. */
  record: string;
  /** The report's href, relative to the summary page; absent when none was written. */
  report?: string | undefined;
}
