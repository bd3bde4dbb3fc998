// `faultline merge DIR…`: combines the summaries that `explore --shard I/N --out DIR`
// wrote (on one machine or many) into one sweep's summary, after checking that they are
// the shards of one sweep, each exactly once. Exit 0 none failed, 1 some failed.

import { Option, type Command } from 'commander';
import { mergeSummaries, readSummaries, type ExploreSummary } from '../explore/summary.ts';
import { groupDigits } from '../explore/format.ts';
import { UsageError, type Io } from './errors.ts';

export function mergeCommand(dirs: string[], options: { json?: boolean }, io: Io): number {
  const summaries: ExploreSummary[] = [];
  for (const dir of dirs) {
    for (const read of readSummaries(dir)) {
      if (read.type === 'error') throw new UsageError(read.message);
      summaries.push(read.summary);
    }
  }
  const merged = mergeSummaries(summaries);
  if (merged.type === 'error') throw new UsageError(merged.message);
  const m = merged.merged;
  if (options.json) {
    io.stdout(JSON.stringify({ impl: m.impl, bug: m.bug, seeds: m.seeds, shards: m.shards, seedsRun: m.seedsRun, failures: m.failures }));
  } else {
    for (const f of m.failures) {
      const v = f.violations[0];
      io.stdout(`✗ seed ${f.seed} · ${v ? `${v.checker}: ${v.message}` : 'failed'}${f.record ? `\n  replay: npx faultline replay ${f.record}` : ''}`);
    }
    io.stdout(`${m.failures.length === 0 ? '✓' : '✗'} ${m.impl}${m.bug ? ` (bug: ${m.bug})` : ''} · seeds ${m.seeds} · ${m.shards} shards · ${groupDigits(m.seedsRun)} seeds · ${m.failures.length} failed`);
  }
  return m.failures.length === 0 ? 0 : 1;
}

export function registerMergeCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('merge')
    .description('combine the summaries of explore shards (explore --shard I/N --out DIR) into one')
    .argument('<dirs...>', 'directories holding explore-summary-shard-*.json')
    .addOption(new Option('--json', 'one JSON object on stdout'))
    .action((dirs: string[], opts: { json?: boolean }) => setExit(mergeCommand(dirs, opts, io)));
}
