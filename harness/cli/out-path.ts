// Where a command may write, checked before it does any work: a sweep of an hour that
// finds at its end that --out names a file, or a directory it may not write, has wasted
// the hour. Bad places are bad input (one line, exit 2); a directory that does not exist
// yet is made, since that is what a user who names it wants.

import { accessSync, constants, mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './errors.ts';

/** A directory `flag` names that this process can write into, made if missing; throws UsageError otherwise. */
export function writableDir(flag: string, dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  if (dir.trim() === '') throw new UsageError(`${flag} needs a directory, got an empty string`);
  const stat = statOf(flag, dir);
  if (stat !== undefined && !stat.isDirectory()) throw new UsageError(`${flag} ${dir}: is a file, not a directory`);
  try {
    if (stat === undefined) mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new UsageError(`${flag} ${dir}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return dir;
}

/** A file path `flag` names whose directory can be written (made if missing); throws UsageError otherwise. */
export function writableFile(flag: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  if (file.trim() === '') throw new UsageError(`${flag} needs a file name, got an empty string`);
  const stat = statOf(flag, file);
  if (stat?.isDirectory()) throw new UsageError(`${flag} ${file}: is a directory, not a file`);
  writableDir(flag, dirname(file));
  return file;
}

/** The stat of `path`, undefined if nothing is there; a path through a file (ENOTDIR) or a loop is bad input. */
function statOf(flag: string, path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw new UsageError(`${flag} ${path}: cannot use that path (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
