// `faultline replay FILE`: re-runs a record from its stored options, fault plan and
// workload, and says whether the trace is identical. Exit 0 now clean, 1 violation
// again, 2 for a record that cannot be read (one line, no stack trace).

import { Option, type Command } from 'commander';
import type { Algorithm } from '../types.ts';
import { scenarioOfRecord, type FailureRecord } from '../record/record.ts';
import { readRecordFile, replaceRecordFile } from '../record/write.ts';
import { verdictOf, type RunOutcome } from '../scenario/scenario.ts';
import { IsolatedRunner, heapMbFromEnv } from './isolated-runner.ts';
import { describeOverflow, formatFailure, formatPass, groupDigits, shortHash } from '../explore/format.ts';
import { wallNowMs } from '../wall-clock.ts';
import { checkBug, resolveAlgorithm } from './resolve-impl.ts';
import { UsageError, type Io } from './errors.ts';

/** Reads a record and the algorithm it names; UsageError (exit 2) for anything wrong. */
export async function loadRecord(file: string | undefined): Promise<{ record: FailureRecord; algorithm: Algorithm }> {
  if (file === undefined || file === '') throw new UsageError('a record FILE is required');
  const read = readRecordFile(file);
  if (read.type === 'error') throw new UsageError(read.message);
  let algorithm: Algorithm;
  try {
    ({ algorithm } = await resolveAlgorithm(read.record.impl));
    checkBug(algorithm, read.record.bug);
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
  if ((algorithm.workload ?? undefined) !== read.record.workload?.type) {
    throw new UsageError(`${file}: algorithm ${algorithm.name} serves workload ${algorithm.workload ?? 'none'}, but the record has ${read.record.workload?.type ?? 'none'}`);
  }
  return { record: read.record, algorithm };
}

export interface ReplayCliOptions {
  json?: boolean;
  update?: boolean;
}

function failingCheckers(violations: readonly { checker: string }[]): string {
  return [...new Set(violations.map((v) => v.checker))].sort().join(',');
}

export async function replayCommand(file: string | undefined, options: ReplayCliOptions, io: Io): Promise<number> {
  const { record } = await loadRecord(file);
  const startMs = wallNowMs();
  // In a run thread, as run and explore make their runs (harness/cli/isolated-runner.ts).
  const runner = new IsolatedRunner(record.impl, { heapMb: heapMbFromEnv(), checkDeterminism: false });
  let outcome: RunOutcome;
  try {
    outcome = await runner.run(scenarioOfRecord(record));
  } finally {
    await runner.close();
  }
  const identical = outcome.traceHash === record.traceHash;
  // A run stopped by a machine limit stops where that limit bites, which for memory that
  // grows over many handlers moves a little with the machine: the same stop is the news.
  const sameStop = !identical && verdictOf(record.violations) === 'unfinished' && outcome.verdict === 'unfinished' && failingCheckers(outcome.violations) === failingCheckers(record.violations);
  const wallMs = Math.round(wallNowMs() - startMs);
  const stats = outcome.stats;
  // --update: the algorithm or harness changed on purpose; keep the record in step, but
  // only when it still shows the same failure (a record that stopped failing is news).
  let updated = false;
  if (options.update && !identical) {
    if (failingCheckers(outcome.violations) !== failingCheckers(record.violations)) {
      io.stderr(`faultline: ${file}: not updated: the replay fails [${failingCheckers(outcome.violations)}], the record failed [${failingCheckers(record.violations)}]`);
      return 1;
    }
    replaceRecordFile(file as string, { ...record, traceHash: outcome.traceHash, violations: outcome.violations, history: outcome.history, faultLog: outcome.faultLog });
    updated = true;
  }
  if (options.json) {
    io.stdout(
      JSON.stringify({
        impl: record.impl,
        bug: record.bug ?? null,
        seed: record.seed,
        verdict: outcome.verdict,
        violations: outcome.violations.map((v) => ({ checker: v.checker, message: v.message, timeMs: v.timeMs })),
        traceHash: outcome.traceHash,
        recordedTraceHash: record.traceHash,
        identical,
        ...(sameStop ? { sameStop } : {}),
        ...(options.update ? { updated } : {}),
        stats: { events: stats.events, messages: stats.messagesSent, messagesOverflowed: stats.messagesOverflowed, virtualMs: stats.virtualMs, wallMs, ops: stats.ops },
        record: file,
      }),
    );
    return outcome.verdict === 'ok' ? 0 : 1;
  }
  const scenario = scenarioOfRecord(record);
  const lines: string[] = [];
  lines.push(
    identical
      ? `replay ${file}: identical trace ${shortHash(outcome.traceHash)}`
      : sameStop
        ? `replay ${file}: could not finish again, stopped by the same limit (${failingCheckers(outcome.violations)}) a little elsewhere (recorded ${record.traceHash}, now ${outcome.traceHash})`
        : updated
        ? `replay ${file}: trace changed (recorded ${record.traceHash}, now ${outcome.traceHash}), same checkers fail: record updated`
        : `replay ${file}: trace DIFFERS from the record (recorded ${record.traceHash}, now ${outcome.traceHash}): the algorithm, a checker or the harness changed since it was recorded (--update rewrites it if the same checkers still fail)`,
  );
  lines.push(outcome.verdict === 'ok' ? formatPass(scenario, outcome.traceHash) : formatFailure(scenario, outcome.violations, outcome.traceHash, file));
  if (outcome.verdict === 'ok' && record.violations.length > 0) lines.push(`  now clean; the record had ${record.violations.length} violation(s), first: ${record.violations[0]?.checker}`);
  lines.push(`  ${groupDigits(stats.events)} events · ${groupDigits(stats.virtualMs)} virtual ms · ${groupDigits(wallMs)} wall ms`);
  const overflow = describeOverflow(stats);
  if (overflow !== undefined) lines.push(`  ${overflow}`);
  io.stdout(lines.join('\n'));
  return outcome.verdict === 'ok' ? 0 : 1;
}

export function registerReplayCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('replay')
    .description('re-run a record exactly; exit 0 now clean, 1 violation again')
    .argument('<file>', 'a record (histories/*.json)')
    .addOption(new Option('--update', 'rewrite the record\'s trace hash, violations and history when the trace changed but the same checkers still fail'))
    .addOption(new Option('--json', 'one JSON object on stdout'))
    .action(async (file: string, opts: ReplayCliOptions) => setExit(await replayCommand(file, opts, io)));
}
