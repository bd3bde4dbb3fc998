// Reading and writing record files. A record is written atomically (a temp file in the
// same directory, then a hard link to the final name, which fails instead of replacing
// an existing file), so a reader never sees half a record and two explorers never
// overwrite each other's: the second gets the next free suffix (-2, -3, ...).

import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { assert } from '../assert.ts';
import { parseRecord, type FailureRecord, type RecordResult } from './record.ts';

/** Suffixes tried before giving up on a name (a bound, STYLE.md). */
export const recordNameSuffixMax = 10_000;

let tempCounter = 0;

/** The file name a record gets: `raft-commit_old_term-3071958.json`, `primary-7.json`. */
export function recordFileName(record: Pick<FailureRecord, 'impl' | 'bug' | 'seed'>): string {
  const impl = slug(basename(record.impl, extname(record.impl)));
  return `${impl}${record.bug !== undefined ? `-${slug(record.bug)}` : ''}-${record.seed}.json`;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_.]+/g, '_') || 'impl';
}

/** Writes `record` into `dir` under its own name (suffixed if taken); returns the path. */
export function writeRecordInDir(dir: string, record: FailureRecord): string {
  return writeRecordFile(join(dir, recordFileName(record)), record);
}

/** Writes `record` at `file`, or at `file` with -2, -3... when that name is taken; returns the path. */
export function writeRecordFile(file: string, record: FailureRecord): string {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const ext = extname(file) || '.json';
  const stem = basename(file, extname(file));
  const temp = join(dir, `.${stem}.tmp-${process.pid}-${tempCounter++}`);
  writeFileSync(temp, `${JSON.stringify(record, null, 1)}\n`);
  try {
    for (let n = 1; n <= recordNameSuffixMax; n++) {
      const target = join(dir, n === 1 ? `${stem}${ext}` : `${stem}-${n}${ext}`);
      try {
        linkSync(temp, target);
        return target;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    assert(false, `no free record name for ${file} after ${recordNameSuffixMax} tries`);
  } finally {
    unlinkSync(temp);
  }
}

/** Replaces the record at `file` atomically (temp + rename): `replay --update` only. */
export function replaceRecordFile(file: string, record: FailureRecord): void {
  const temp = join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${tempCounter++}`);
  writeFileSync(temp, `${JSON.stringify(record, null, 1)}\n`);
  renameSync(temp, file);
}

/** Reads and validates a record file; an error message (one line) for any problem. */
export function readRecordFile(file: string): RecordResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    return { type: 'error', message: `cannot read ${file}: ${why}` };
  }
  return parseRecord(text, file);
}
