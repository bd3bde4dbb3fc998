// `faultline check-history FILE… --model M [--format F] [--budget STEPS] [--json]`
// (DESIGN.md, CLI contract): linearizability of histories recorded by other tools or by
// faultline. Bad options are one line on stderr, exit 2, and nothing on stdout. Then each
// file is read, parsed and checked in turn and reported as it is done: a verdict line (or
// JSON object) on stdout, or, if the file is bad input (unreadable, malformed, not
// something the model understands), one line on stderr — one bad file in a batch does not
// hide the verdicts of the others. Exit 2 if any file was bad input, else 1 if any is not
// linearizable, else 3 if any is unknown, else 0. When the model sets aside a large share
// of a file's operations (skippedShareWarn) — an etcd log under cas-register, whose
// failed cas Knossos's rule drops — a warning line on stderr says how many and why, and
// the check goes on. Wall time is measured here, at the edge; the checker itself is
// bounded by model steps only.

import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import {
  HistoryFormatError,
  checkOperations,
  checkerStepsMax,
  historyFormats,
  isHistoryFormat,
  models,
  pairOperations,
  readHistory,
  type AnyModel,
  type HistoryFormat,
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

/**
 * Warn when the model skips at least this share of a file's operations. Low, because a
 * checked subset is easy to mistake for the whole: under cas-register the corpus's etcd
 * logs lose 16-36% of their operations, under etcd none. Knossos's own histories lose
 * 25-35% under cas-register by design (fail = did not happen) and get the warning too:
 * it is then information, not a mistake.
 */
const skippedShareWarn = { numerator: 1, denominator: 10 };

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
  const formatName = opts.format ?? 'auto';
  if (formatName !== 'auto' && !isHistoryFormat(formatName)) {
    return bad(`unknown format ${JSON.stringify(formatName)} (expected auto, ${historyFormats.join(', ')})`);
  }
  const format: HistoryFormat | 'auto' = formatName;
  const budget = opts.budget ?? checkerStepsMax;
  if (!Number.isSafeInteger(budget) || budget <= 0) return bad(`--budget must be a positive integer number of model steps, got ${String(opts.budget)}`);
  if (files.length === 0) return bad('no history files given');

  let anyBad = false;
  let anyNot = false;
  let anyUnknown = false;
  for (const file of files) {
    const outcome = await checkFile(file, format, model, budget);
    if (outcome.type === 'bad_input') {
      anyBad = true;
      bad(outcome.message);
      continue;
    }
    const { parsed, result, wallMs, skippedWhy } = outcome;
    const warning = skippedWarning(file, opts.model, result, skippedWhy);
    if (warning !== undefined) io.stderr(`faultline check-history: warning: ${warning}\n`);
    const verdict: Verdict = result.verdict === 'not_linearizable' ? 'not-linearizable' : result.verdict;
    anyNot ||= verdict === 'not-linearizable';
    anyUnknown ||= verdict === 'unknown';
    io.stdout(opts.json === true ? jsonLine(file, parsed, opts.model, budget, result, verdict, wallMs, skippedWhy) : textLine(file, result, wallMs));
  }
  return anyBad ? exitBadInput : anyNot ? exitNotLinearizable : anyUnknown ? exitUnknown : exitOk;
}

/** One line if the model skipped skippedShareWarn or more of the file's operations. */
function skippedWarning(file: string, model: string, result: LinearizabilityResult, skippedWhy: ReadonlyMap<string, number>): string | undefined {
  const total = result.ops + result.dropped;
  if (result.dropped === 0 || result.dropped * skippedShareWarn.denominator < total * skippedShareWarn.numerator) return undefined;
  // Most common reason first; the sort is stable, so ties keep the order they first appeared in.
  const why = [...skippedWhy].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} ${reason}`).join('; ');
  return `${clipStart(file, errorSourceCharsMax)}: the ${model} model skipped ${result.dropped} of ${total} operations (${why}); checked the other ${result.ops}`;
}

type FileOutcome =
  | { type: 'checked'; parsed: ReadHistoryResult; result: LinearizabilityResult; wallMs: number; skippedWhy: ReadonlyMap<string, number> }
  | { type: 'bad_input'; message: string };

/** Reads, parses and checks one file; bad input is a value, anything else thrown is a bug. */
async function checkFile(file: string, format: HistoryFormat | 'auto', model: AnyModel, budget: number): Promise<FileOutcome> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    return { type: 'bad_input', message: `cannot read ${clipStart(file, errorSourceCharsMax)}: ${why}` };
  }
  try {
    const parsed = readHistory(text, file, format);
    const t0 = performance.now();
    // checkHistory's two steps, to keep the pairing's reasons for what it dropped.
    const paired = pairOperations(parsed.history, model, file, parsed.lines);
    const result = checkOperations(paired.ops, model, { budget }, paired.dropped);
    const wallMs = Math.round((performance.now() - t0) * 10) / 10;
    return { type: 'checked', parsed, result, wallMs, skippedWhy: paired.droppedWhy };
  } catch (e) {
    if (e instanceof HistoryFormatError) return { type: 'bad_input', message: e.message };
    throw e;
  }
}

function jsonLine(
  file: string,
  parsed: ReadHistoryResult,
  model: string,
  budget: number,
  result: LinearizabilityResult,
  verdict: Verdict,
  wallMs: number,
  skippedWhy: ReadonlyMap<string, number>,
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
    // The same count as `dropped`, under the name the warning uses, with its reasons.
    skipped: result.dropped,
    skippedWhy: Object.fromEntries(skippedWhy),
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

function textLine(path: string, result: LinearizabilityResult, wallMs: number): string {
  const file = oneLine(path); // one line per file, whatever its name holds
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
