// faultline's own history files: JSON Lines, one HistoryEvent object per line; blank
// lines are skipped. Integers beyond the safe range in `value` and `expected` are kept
// exact, as their decimal text (values.ts, BigInteger).

import type { History, HistoryEvent, HistoryEventType } from '../history.ts';
import { HistoryFormatError } from './errors.ts';
import type { ParsedHistory } from './jepsen-edn.ts';
import { parseJson } from './json-parse.ts';
import { nestingDepthMax } from './limits.ts';
import { stripByteOrderMark } from './text.ts';
import { BigInteger } from './values.ts';

const eventTypes: readonly string[] = ['invoke', 'ok', 'fail', 'info'];
const knownFields = new Set(['type', 'process', 'time', 'f', 'key', 'value', 'expected', 'error', 'requestId']);

/** A run this long may be an integer JSON.parse would round (2^53 has 16 digits). */
const exactDigitsMin = String(Number.MAX_SAFE_INTEGER).length;

interface RowShape {
  tooDeep: boolean;
  /** The row has a digit run long enough to be an unsafe integer, outside strings. */
  longDigits: boolean;
}

/**
 * One linear pass over a row, skipping strings: does it nest deeper than nestingDepthMax
 * (JSON.parse copes with any depth, but the models' value code recurses), and might
 * JSON.parse round one of its integers? Most rows are neither, and go to JSON.parse.
 */
function shapeOf(row: string): RowShape {
  let depth = 0;
  let digits = 0;
  let longDigits = false;
  for (let i = 0; i < row.length; i++) {
    const c = row.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (++digits >= exactDigitsMin) longDigits = true;
      continue;
    }
    digits = 0;
    if (c === 0x22 /* " */) {
      for (i++; i < row.length; i++) {
        const d = row.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > nestingDepthMax) return { tooDeep: true, longDigits };
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return { tooDeep: false, longDigits };
}

/** Plain data: every BigInteger the exact parser made becomes its decimal text (depth is bounded). */
function exactPlain(v: unknown): unknown {
  if (v instanceof BigInteger) return v.decimal;
  if (Array.isArray(v)) return v.map(exactPlain);
  if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) (v as Record<string, unknown>)[k] = exactPlain((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** How a field's value is quoted in errors. */
function show(v: unknown): string {
  return v instanceof BigInteger ? v.decimal : String(JSON.stringify(v));
}

function fail(source: string, line: number, detail: string): never {
  throw new HistoryFormatError(source, line, detail);
}

/** The row's value: JSON.parse when it is exact, else the exact parser; errors always from the latter. */
function parseRow(row: string, source: string, line: number): unknown {
  const shape = shapeOf(row);
  if (shape.tooDeep) fail(source, line, `nested deeper than ${nestingDepthMax} levels`);
  if (shape.longDigits) return parseJson(row, source, line);
  try {
    return JSON.parse(row);
  } catch (e) {
    // V8's message quotes the row raw; the exact parser says where, in one line.
    parseJson(row, source, line);
    return fail(source, line, `malformed JSON: ${(e as Error).message}`);
  }
}

export function readJsonLines(text: string, source: string): ParsedHistory {
  const history: History = [];
  const lines: number[] = [];
  const rows = stripByteOrderMark(text).split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = (rows[i] as string).trim();
    if (row === '') continue;
    const line = i + 1;
    const parsed = parseRow(row, source, line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail(source, line, 'expected a JSON object (one history event per line)');
    const o = parsed as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!knownFields.has(k)) fail(source, line, `unknown field ${JSON.stringify(k)}`);
    if (typeof o.type !== 'string' || !eventTypes.includes(o.type)) {
      fail(source, line, `expected "type" to be one of "invoke" "ok" "fail" "info", got ${show(o.type)}`);
    }
    if (o.process instanceof BigInteger) fail(source, line, `expected "process" to be a safe integer, got ${o.process.decimal}`);
    if (typeof o.process !== 'number' || !Number.isSafeInteger(o.process)) fail(source, line, `expected "process" to be an integer, got ${show(o.process)}`);
    // Time only labels events (their order is the file's), so the nearest double will do.
    if (o.time instanceof BigInteger) o.time = Number(o.time.decimal);
    if (typeof o.time !== 'number' || !Number.isFinite(o.time)) fail(source, line, `expected "time" to be a number, got ${show(o.time)}`);
    if (typeof o.f !== 'string') fail(source, line, `expected "f" to be a string, got ${show(o.f)}`);
    const event: HistoryEvent = { type: o.type as HistoryEventType, process: o.process as number, time: o.time as number, f: o.f as string };
    if (o.key !== undefined) {
      if (typeof o.key !== 'string') fail(source, line, `expected "key" to be a string, got ${show(o.key)}`);
      event.key = o.key as string;
    }
    if ('value' in o) event.value = exactPlain(o.value);
    if ('expected' in o) event.expected = exactPlain(o.expected);
    if (o.error !== undefined) {
      if (typeof o.error !== 'string') fail(source, line, `expected "error" to be a string, got ${show(o.error)}`);
      event.error = o.error as string;
    }
    if (o.requestId !== undefined) {
      if (typeof o.requestId !== 'string') fail(source, line, `expected "requestId" to be a string, got ${show(o.requestId)}`);
      event.requestId = o.requestId as string;
    }
    history.push(event);
    lines.push(line);
  }
  return { history, lines };
}

/** One event per line, fields in a fixed order, undefined fields left out. */
export function writeJsonLines(history: History): string {
  let out = '';
  for (const ev of history) {
    const o: Record<string, unknown> = { type: ev.type, process: ev.process, time: ev.time, f: ev.f };
    if (ev.key !== undefined) o.key = ev.key;
    if (ev.value !== undefined) o.value = ev.value;
    if (ev.expected !== undefined) o.expected = ev.expected;
    if (ev.error !== undefined) o.error = ev.error;
    if (ev.requestId !== undefined) o.requestId = ev.requestId;
    out += `${JSON.stringify(o)}\n`;
  }
  return out;
}
