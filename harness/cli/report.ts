// `faultline report FILE -o OUT.html`: replays a record with its full trace and writes one
// self-contained HTML page (timeline, node lanes, message diagram, latency and throughput).
// Without -o the page goes beside the record (`FILE.html`). Exit 0 when written; a record
// that cannot be read or a page that cannot be written is one line and exit 2.

import { statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { groupDigits } from '../explore/format.ts';
import { reportPathBeside, writeReportData } from '../report/write.ts';
import { IsolatedRunner, heapMbFromEnv } from './isolated-runner.ts';
import { wallNowMs } from '../wall-clock.ts';
import { loadRecord } from './replay.ts';
import { UsageError, type Io } from './errors.ts';
import { writableFile } from './out-path.ts';

export interface ReportCliOptions {
  out?: string;
  json?: boolean;
}

export async function reportCommand(file: string | undefined, options: ReportCliOptions, io: Io): Promise<number> {
  const { record } = await loadRecord(file);
  const out = writableFile('-o', options.out ?? reportPathBeside(file as string)) as string;
  const startMs = wallNowMs();
  // The replay behind the report is made in the run thread, like every CLI run: a record
  // of node code that ran out of memory cannot take this process with it.
  const runner = new IsolatedRunner(record.impl, { heapMb: heapMbFromEnv(), checkDeterminism: false });
  let built;
  try {
    built = await runner.reportData(record, file);
  } finally {
    await runner.close();
  }
  if (built.type === 'stopped') {
    io.stderr(`faultline: ${file}: no report: its replay could not finish: ${built.outcome.violations[0]?.message ?? 'the run thread stopped'}`);
    return 1;
  }
  let data;
  try {
    data = writeReportData(out, built.data);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') throw new UsageError(`cannot write ${out}: ${code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
    throw error;
  }
  const wallMs = Math.round(wallNowMs() - startMs);
  const bytes = statSync(out).size;
  if (options.json) {
    io.stdout(JSON.stringify({ record: file, report: out, bytes, verdict: data.meta.verdict, identical: data.meta.replayIdentical, ops: data.meta.opCount, messages: data.messages.total, wallMs }));
    return 0;
  }
  io.stdout(
    [
      `report ${file}: wrote ${out} (${groupDigits(Math.round(bytes / 1024))} KiB, ${groupDigits(wallMs)} wall ms)`,
      `  ${data.meta.verdict === 'violation' ? `✗ ${data.violations.length} violation(s)` : data.meta.verdict === 'unfinished' ? '✗ could not finish' : '✓ no violation'} · ${data.meta.opCount} ops · ${groupDigits(data.messages.total)} messages · ${data.meta.replayIdentical ? 'replay identical to the record' : 'replay DIFFERS from the record'}`,
    ].join('\n'),
  );
  return 0;
}

export function registerReportCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('write one self-contained HTML report of a record (timeline, nodes, messages, plots)')
    .argument('<file>', 'a record (histories/*.json)')
    .addOption(new Option('-o, --out <file>', 'the HTML file to write (default: FILE with .html)'))
    .addOption(new Option('--json', 'one JSON object on stdout'))
    .action(async (file: string, opts: ReportCliOptions) => setExit(await reportCommand(file, opts, io)));
}
