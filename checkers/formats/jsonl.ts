// faultline's own history files: JSON Lines, one HistoryEvent object per line; blank
// lines are skipped.

import type { History, HistoryEvent, HistoryEventType } from '../history.ts';
import { HistoryFormatError } from './errors.ts';
import type { ParsedHistory } from './jepsen-edn.ts';
import { nestingDepthMax } from './limits.ts';
import { stripByteOrderMark } from './text.ts';

const eventTypes: readonly string[] = ['invoke', 'ok', 'fail', 'info'];
/**
 * True if a JSON text nests deeper than nestingDepthMax. JSON.parse itself copes with any
 * depth, but the models' value code recurses, so deeper values are bad input. Linear: one
 * pass that skips strings.
 */
function nestsTooDeep(row: string): boolean {
  let depth = 0;
  for (let i = 0; i < row.length; i++) {
    const c = row.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < row.length; i++) {
        const d = row.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > nestingDepthMax) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return false;
}

const knownFields = new Set(['type', 'process', 'time', 'f', 'key', 'value', 'expected', 'error', 'requestId']);

export function readJsonLines(text: string, source: string): ParsedHistory {
  const history: History = [];
  const lines: number[] = [];
  const rows = stripByteOrderMark(text).split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = (rows[i] as string).trim();
    if (row === '') continue;
    const line = i + 1;
    const fail = (detail: string): never => {
      throw new HistoryFormatError(source, line, detail);
    };
    if (nestsTooDeep(row)) fail(`nested deeper than ${nestingDepthMax} levels`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(row);
    } catch (e) {
      fail(`malformed JSON: ${(e as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail('expected a JSON object (one history event per line)');
    const o = parsed as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!knownFields.has(k)) fail(`unknown field ${JSON.stringify(k)}`);
    if (typeof o.type !== 'string' || !eventTypes.includes(o.type)) {
      fail(`expected "type" to be one of "invoke" "ok" "fail" "info", got ${JSON.stringify(o.type)}`);
    }
    if (typeof o.process !== 'number' || !Number.isSafeInteger(o.process)) fail(`expected "process" to be an integer, got ${JSON.stringify(o.process)}`);
    if (typeof o.time !== 'number' || !Number.isFinite(o.time)) fail(`expected "time" to be a number, got ${JSON.stringify(o.time)}`);
    if (typeof o.f !== 'string') fail(`expected "f" to be a string, got ${JSON.stringify(o.f)}`);
    const event: HistoryEvent = { type: o.type as HistoryEventType, process: o.process as number, time: o.time as number, f: o.f as string };
    if (o.key !== undefined) {
      if (typeof o.key !== 'string') fail(`expected "key" to be a string, got ${JSON.stringify(o.key)}`);
      event.key = o.key as string;
    }
    if ('value' in o) event.value = o.value;
    if ('expected' in o) event.expected = o.expected;
    if (o.error !== undefined) {
      if (typeof o.error !== 'string') fail(`expected "error" to be a string, got ${JSON.stringify(o.error)}`);
      event.error = o.error as string;
    }
    if (o.requestId !== undefined) {
      if (typeof o.requestId !== 'string') fail(`expected "requestId" to be a string, got ${JSON.stringify(o.requestId)}`);
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
