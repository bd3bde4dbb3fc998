// Where a command may write, checked before it does any work: a sweep of an hour that
// finds at its end that --out names a file, or a directory it may not write, has wasted
// the hour. Bad places are bad input (one line, exit 2). Nothing is made here: a
// directory that does not exist yet is fine when the nearest one above it that does is
// writable, and the writers make it when they first write (a command refused for another
// reason later in its checks must leave nothing behind).

import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.ts';

/** A directory `flag` names that this process could write into (now or once made); throws UsageError otherwise. */
export function writableDir(flag: string, dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  if (dir.trim() === '') throw new UsageError(`${flag} needs a directory, got an empty string`);
  const stat = statOf(flag, dir);
  if (stat !== undefined && !stat.isDirectory()) throw new UsageError(`${flag} ${dir}: is a file, not a directory`);
  mayWriteIn(flag, dir, stat === undefined ? nearestExisting(flag, dir) : resolve(dir));
  return dir;
}

/** A file path `flag` names whose directory could be written (now or once made); throws UsageError otherwise. */
export function writableFile(flag: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  if (file.trim() === '') throw new UsageError(`${flag} needs a file name, got an empty string`);
  const stat = statOf(flag, file);
  if (stat?.isDirectory()) throw new UsageError(`${flag} ${file}: is a directory, not a file`);
  writableDir(flag, dirname(file));
  return file;
}

/** The nearest directory above `dir` that exists; a file on the way is bad input. */
function nearestExisting(flag: string, dir: string): string {
  let at = resolve(dir);
  for (;;) {
    const parent = dirname(at);
    const stat = statOf(flag, parent);
    if (stat !== undefined) {
      if (!stat.isDirectory()) throw new UsageError(`${flag} ${dir}: cannot use that path (${parent} is a file)`);
      return parent;
    }
    if (parent === at) return at;
    at = parent;
  }
}

function mayWriteIn(flag: string, dir: string, existing: string): void {
  try {
    accessSync(existing, constants.W_OK);
  } catch (error) {
    throw new UsageError(`${flag} ${dir}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** The stat of `path`, undefined if nothing is there; a path through a file (ENOTDIR) or a loop is bad input. */
function statOf(flag: string, path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    throw new UsageError(`${flag} ${path}: cannot use that path (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
