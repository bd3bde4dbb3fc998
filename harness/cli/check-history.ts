// `faultline check-history FILE… --model M [--format F] [--budget STEPS] [--json]`
// (DESIGN.md, CLI contract): linearizability of histories recorded by other tools or by
// faultline. All input is read and parsed before anything is printed, so bad input is one
// line on stderr, exit 2, and nothing on stdout. Wall time is measured here, at the edge;
// the checker itself is bounded by model steps only.

import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import {
  HistoryFormatError,
  checkHistory,
  checkerStepsMax,
  historyFormats,
  isHistoryFormat,
  models,
  readHistory,
  type LinearizabilityResult,
  type ReadHistoryResult,
} from '../../checkers/linearizability.ts';
import { clipStart, errorSourceCharsMax, oneLine } from '../../checkers/formats/index.ts';

export interface CheckHistoryOptions {
  model: string;
  format?: string;
  budget?: number;
  json?: boolean;
}

export interface CheckHistoryIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

type Verdict = 'linearizable' | 'not-linearizable' | 'unknown';

const exitOk = 0;
const exitNotLinearizable = 1;
const exitBadInput = 2;
const exitUnknown = 3;

/** Runs the command; returns the exit code (0 all linearizable, 1 some not, 3 some unknown, 2 bad input). */
export async function checkHistoryCommand(files: string[], opts: CheckHistoryOptions, io: CheckHistoryIo): Promise<number> {
  const bad = (message: string): number => {
    // One line whatever the file names or the system's error text hold.
    io.stderr(`faultline check-history: ${oneLine(message)}\n`);
    return exitBadInput;
  };
  const model = Object.hasOwn(models, opts.model) ? models[opts.model] : undefined;
  if (model === undefined) return bad(`unknown model ${JSON.stringify(opts.model)} (expected one of ${Object.keys(models).join(', ')})`);
  const format = opts.format ?? 'auto';
  if (format !== 'auto' && !isHistoryFormat(format)) {
    return bad(`unknown format ${JSON.stringify(format)} (expected auto, ${historyFormats.join(', ')})`);
  }
  const budget = opts.budget ?? checkerStepsMax;
  if (!Number.isSafeInteger(budget) || budget <= 0) return bad(`--budget must be a positive integer number of model steps, got ${String(opts.budget)}`);
  if (files.length === 0) return bad('no history files given');

  const inputs: { file: string; parsed: ReadHistoryResult }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return bad(`cannot read ${clipStart(file, errorSourceCharsMax)}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
    }
    try {
      inputs.push({ file, parsed: readHistory(text, file, format) });
    } catch (e) {
      if (e instanceof HistoryFormatError) return bad(e.message);
      throw e;
    }
  }

  const outputs: string[] = [];
  let anyNot = false;
  let anyUnknown = false;
  for (const { file, parsed } of inputs) {
    const t0 = performance.now();
    let result: LinearizabilityResult;
    try {
      result = checkHistory(parsed.history, model, { budget, source: file, lines: parsed.lines });
    } catch (e) {
      if (e instanceof HistoryFormatError) return bad(e.message);
      throw e;
    }
    const wallMs = Math.round((performance.now() - t0) * 10) / 10;
    const verdict: Verdict = result.verdict === 'not_linearizable' ? 'not-linearizable' : result.verdict;
    anyNot ||= verdict === 'not-linearizable';
    anyUnknown ||= verdict === 'unknown';
    outputs.push(opts.json === true ? jsonLine(file, parsed, opts.model, budget, result, verdict, wallMs) : textLine(file, result, wallMs));
  }
  for (const line of outputs) io.stdout(line);
  return anyNot ? exitNotLinearizable : anyUnknown ? exitUnknown : exitOk;
}

function jsonLine(
  file: string,
  parsed: ReadHistoryResult,
  model: string,
  budget: number,
  result: LinearizabilityResult,
  verdict: Verdict,
  wallMs: number,
): string {
  const base = {
    file,
    verdict,
    ops: result.ops,
    partitions: result.partitionCount,
    wallMs,
    model,
    format: parsed.format,
    events: parsed.history.length,
    dropped: result.dropped,
    steps: result.steps,
    budget,
  };
  switch (result.verdict) {
    case 'linearizable':
      return `${JSON.stringify(base)}\n`;
    case 'not_linearizable':
      return `${JSON.stringify({ ...base, explanation: result.partitions.map((p) => p.explanation).join('\n'), failures: result.partitions })}\n`;
    case 'unknown':
      return `${JSON.stringify({ ...base, reason: result.reason, undecidedPartitions: result.undecidedPartitions })}\n`;
  }
}

function textLine(file: string, result: LinearizabilityResult, wallMs: number): string {
  const counts = `${result.ops} ops · ${result.partitionCount} partition${result.partitionCount === 1 ? '' : 's'} · ${result.steps} steps · ${wallMs} ms`;
  switch (result.verdict) {
    case 'linearizable':
      return `✓ ${file}: linearizable · ${counts}\n`;
    case 'not_linearizable':
      return `✗ ${file}: not linearizable · ${counts} · ${result.partitions.map((p) => p.explanation).join(' | ')}\n`;
    case 'unknown':
      return `? ${file}: unknown, step budget spent (${result.undecidedPartitions} partition${result.undecidedPartitions === 1 ? '' : 's'} undecided; raise --budget) · ${counts}\n`;
  }
}
