// Failure records: the format (DESIGN.md contract), validation, atomic files.

export { makeRecord, parseRecord, recordProblem, scenarioOfRecord, recordFormat, recordVersion, recordVersionsKnown } from './record.ts';
export type { FailureRecord, RecordResult } from './record.ts';
export { readRecordFile, recordFileName, replaceRecordFile, writeRecordFile, writeRecordInDir } from './write.ts';
