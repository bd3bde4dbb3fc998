// The summary of one explore sweep (or one shard of it), as a file `merge` can combine:
// the sweep's identity (impl, bug, seed range, scenario settings), which shard it was,
// and each failure with its trace hash. Shards of one sweep merge into exactly what one
// unsharded run would have found.

import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clip, errorDetailCharsMax } from '../../checkers/formats/errors.ts';

export const summaryFormat = 'faultline-explore-summary';
export const summaryVersion = 1;

export interface SummaryFailure {
  seed: number;
  /** The run's number in a guided sweep (its seed may repeat: mutants keep their parent's). */
  run?: number;
  record: string | null;
  traceHash: string;
  violations: { checker: string; message: string }[];
}

export interface ExploreSummary {
  format: typeof summaryFormat;
  version: number;
  impl: string;
  bug: string | null;
  seeds: string;
  /** The scenario settings every shard must share (faults, nodes, ops…), as given. */
  settings: Record<string, string>;
  shard: { index: number; count: number };
  seedsRun: number;
  failures: SummaryFailure[];
  stoppedEarly: boolean;
  wallMs: number;
}

export function summaryFileName(shard: { index: number; count: number }): string {
  return shard.count === 1 ? 'explore-summary.json' : `explore-summary-shard-${shard.index}-of-${shard.count}.json`;
}

/** Writes the summary atomically (temp file + rename) into `dir`; returns its path. */
export function writeSummary(dir: string, summary: ExploreSummary): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, summaryFileName(summary.shard));
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(summary, null, 2)}\n`);
  renameSync(temp, path);
  return path;
}

export type SummaryRead = { type: 'ok'; summary: ExploreSummary; path: string } | { type: 'error'; message: string };

/** Every summary file in `dir`, validated. */
export function readSummaries(dir: string): SummaryRead[] {
  if (!existsSync(dir)) return [{ type: 'error', message: `${dir}: no such directory` }];
  if (!statSync(dir).isDirectory()) return [{ type: 'error', message: `${dir}: is a file; merge takes the directories explore --shard I/N --out DIR wrote` }];
  const names = readdirSync(dir).filter((n) => /^explore-summary(-shard-\d+-of-\d+)?\.json$/.test(n)).sort();
  if (names.length === 0) return [{ type: 'error', message: `${dir}: no explore-summary*.json (run explore with --shard I/N --out ${dir})` }];
  return names.map((name) => readSummary(join(dir, name)));
}

function readSummary(path: string): SummaryRead {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    return { type: 'error', message: `${path}: not JSON (${clip(error instanceof Error ? error.message : String(error), errorDetailCharsMax)})` };
  }
  const s = value as Partial<ExploreSummary>;
  if (s === null || typeof s !== 'object' || s.format !== summaryFormat) return { type: 'error', message: `${path}: not an explore summary (format must be "${summaryFormat}")` };
  if (s.version !== summaryVersion) return { type: 'error', message: `${path}: unknown summary version ${String(s.version)}` };
  if (typeof s.impl !== 'string' || typeof s.seeds !== 'string' || !s.shard || !Array.isArray(s.failures) || typeof s.seedsRun !== 'number') {
    return { type: 'error', message: `${path}: summary is missing impl, seeds, shard, seedsRun or failures` };
  }
  return { type: 'ok', summary: s as ExploreSummary, path };
}

export interface MergedSummary {
  impl: string;
  bug: string | null;
  seeds: string;
  shards: number;
  seedsRun: number;
  failures: SummaryFailure[];
}

/** Combines the shards of one sweep; says why when they are not one sweep's shards. */
export function mergeSummaries(summaries: readonly ExploreSummary[]): { type: 'ok'; merged: MergedSummary } | { type: 'error'; message: string } {
  const first = summaries[0];
  if (first === undefined) return { type: 'error', message: 'nothing to merge' };
  const identity = (s: ExploreSummary): string => JSON.stringify([s.impl, s.bug, s.seeds, s.settings, s.shard.count]);
  for (const s of summaries) {
    if (identity(s) !== identity(first)) {
      return { type: 'error', message: `shards of different sweeps: ${s.impl} ${s.bug ?? ''} ${s.seeds} (${s.shard.count} shards) vs ${first.impl} ${first.bug ?? ''} ${first.seeds} (${first.shard.count} shards)` };
    }
  }
  const seen = new Set<number>();
  for (const s of summaries) {
    if (seen.has(s.shard.index)) return { type: 'error', message: `shard ${s.shard.index}/${s.shard.count} appears twice` };
    seen.add(s.shard.index);
  }
  const missing = Array.from({ length: first.shard.count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) return { type: 'error', message: `missing shard(s) ${missing.map((i) => `${i}/${first.shard.count}`).join(', ')}` };
  const failures = summaries.flatMap((s) => s.failures).sort((a, b) => a.seed - b.seed || (a.run ?? 0) - (b.run ?? 0));
  return {
    type: 'ok',
    merged: { impl: first.impl, bug: first.bug, seeds: first.seeds, shards: first.shard.count, seedsRun: summaries.reduce((n, s) => n + s.seedsRun, 0), failures },
  };
}
