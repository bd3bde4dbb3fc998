// Jepsen / Knossos EDN histories: a vector or list of op maps, or one op map per line
// (Jepsen's history.edn, Porcupine's kv logs). Comments and commas are whitespace.
// Ops whose :process is not an integer (`:process :nemesis`) are not client operations
// and are skipped. A cas's `[expected new]` value becomes `expected` and `value`, as in
// faultline's own events; an info/fail value that is a keyword (`:timed-out`) is the
// error, not a value. Time is the order of events: `time` is the file position unless
// the op carries :time.

import { toEDNString, type EDNVal } from 'edn-data';
import type { History, HistoryEvent, HistoryEventType } from '../history.ts';
import { HistoryFormatError, snippet, snippetCharsMax } from './errors.ts';
import { parseEdnForm } from './edn-parse.ts';
import { scanForms, type FormSpan } from './edn-scan.ts';
import { stripByteOrderMark } from './text.ts';
import { BigInteger, ednToPlain, isKeyword, plainToEdn, showEdn } from './values.ts';

export interface ParsedHistory {
  history: History;
  /** Source line of each event. */
  lines: number[];
}

const eventTypes: readonly HistoryEventType[] = ['invoke', 'ok', 'fail', 'info'];

/** The op forms of an EDN history: elements of a single top-level vector/list, or the top-level maps. */
export function opForms(text: string, source: string): FormSpan[] {
  const top = scanForms(text, source);
  const first = top[0];
  if (top.length === 1 && first !== undefined && (text[first.start] === '[' || text[first.start] === '(')) {
    return scanForms(text, source, first.start + 1, first.end - 1, first.line);
  }
  return top;
}

export function readJepsenEdn(raw: string, source: string): ParsedHistory {
  const text = stripByteOrderMark(raw);
  const history: History = [];
  const lines: number[] = [];
  for (const form of opForms(text, source)) {
    if (text[form.start] !== '{') {
      throw new HistoryFormatError(source, form.line, `expected an operation map {…}, got ${snippet(text.slice(form.start, Math.min(form.end, form.start + snippetCharsMax)))}`);
    }
    const parsed = parseEdnForm(text, source, form.start, form.end, form.line);
    const event = toEvent(parsed, source, form.line, history.length);
    if (event === undefined) continue;
    history.push(event);
    lines.push(form.line);
  }
  return { history, lines };
}

function toEvent(parsed: unknown, source: string, line: number, position: number): HistoryEvent | undefined {
  if (!(parsed instanceof Map)) throw new HistoryFormatError(source, line, 'expected an operation map');
  const fields = new Map<string, unknown>();
  for (const [k, v] of parsed as Map<unknown, unknown>) {
    if (isKeyword(k)) fields.set(k.key, v);
  }
  const fail = (detail: string): never => {
    throw new HistoryFormatError(source, line, detail);
  };
  const process = fields.get('process');
  const typeRaw = fields.get('type');
  const type = isKeyword(typeRaw) ? typeRaw.key : undefined;
  if (type === undefined || !(eventTypes as readonly string[]).includes(type)) {
    fail(`expected :type to be one of :invoke :ok :fail :info, got ${showEdn(typeRaw)}`);
  }
  if (process instanceof BigInteger) fail(`expected :process to be a safe integer, got ${process.decimal}`);
  if (typeof process !== 'number') {
    if (isKeyword(process) || typeof process === 'string') return undefined; // :nemesis and friends
    fail(`expected :process to be an integer, got ${showEdn(process)}`);
  }
  const processId = process as number;
  if (!Number.isSafeInteger(processId)) fail(`expected :process to be an integer, got ${showEdn(process)}`);
  const fRaw = fields.get('f');
  const f = isKeyword(fRaw) ? fRaw.key : typeof fRaw === 'string' ? fRaw : fail(`expected :f to be a keyword, got ${showEdn(fRaw)}`);
  const event: HistoryEvent = { type: type as HistoryEventType, process: processId, time: position, f };
  const time = fields.get('time');
  if (time !== undefined && time !== null) {
    // Time only labels events (their order is the file's), so the nearest double will do.
    if (typeof time !== 'number' && !(time instanceof BigInteger)) fail(`expected :time to be a number, got ${showEdn(time)}`);
    event.time = time instanceof BigInteger ? Number(time.decimal) : (time as number);
  }
  const key = fields.get('key');
  if (key !== undefined && key !== null) event.key = typeof key === 'string' ? key : String(ednToPlain(key));
  const error = fields.get('error');
  if (error !== undefined && error !== null) event.error = isKeyword(error) ? error.key : String(ednToPlain(error));
  const requestId = fields.get('request-id');
  if (typeof requestId === 'string') event.requestId = requestId;
  if (fields.has('value')) {
    const value = fields.get('value');
    if ((type === 'info' || type === 'fail') && isKeyword(value)) {
      event.error ??= value.key;
    } else if (f === 'cas' && Array.isArray(value) && value.length === 2 && !fields.has('expected')) {
      event.expected = ednToPlain(value[0]);
      event.value = ednToPlain(value[1]);
    } else {
      event.value = ednToPlain(value);
    }
  }
  if (fields.has('expected')) event.expected = ednToPlain(fields.get('expected'));
  return event;
}

/**
 * Writes a history as a Jepsen EDN vector, one op map per line, so Knossos, Elle or
 * Porcupine can check faultline's histories. A cas with `expected` is written as
 * `:value [expected new]`, Jepsen's convention.
 */
export function writeJepsenEdn(history: History): string {
  const out: string[] = [];
  for (const ev of history) {
    const entries: [EDNVal, EDNVal][] = [
      [{ key: 'process' }, ev.process],
      [{ key: 'type' }, { key: ev.type }],
      [{ key: 'f' }, /^[a-zA-Z*+!_?<>=-][\w*+!?<>=.-]*$/.test(ev.f) ? { key: ev.f } : ev.f],
    ];
    if (ev.key !== undefined) entries.push([{ key: 'key' }, ev.key]);
    if (ev.f === 'cas' && ev.expected !== undefined) {
      entries.push([{ key: 'value' }, [plainToEdn(ev.expected), plainToEdn(ev.value)]]);
    } else if (ev.value !== undefined) {
      entries.push([{ key: 'value' }, plainToEdn(ev.value)]);
    } else if (ev.expected !== undefined) {
      entries.push([{ key: 'expected' }, plainToEdn(ev.expected)]);
    }
    entries.push([{ key: 'time' }, ev.time]);
    if (ev.error !== undefined) entries.push([{ key: 'error' }, ev.error]);
    if (ev.requestId !== undefined) entries.push([{ key: 'request-id' }, ev.requestId]);
    out.push(toEDNString({ map: entries }));
  }
  return `[${out.join('\n ')}]\n`;
}
