// Porcupine's Jepsen etcd logs: `INFO  jepsen.util - 2	:invoke	:cas	[3 0]`, one event per
// line; fields after `jepsen.util - ` are process, type, function, value, separated by
// tabs or spaces. Lines without `jepsen.util - ` (other loggers, blank lines) are skipped;
// a file with text but not one such line is refused, since "linearizable, 0 operations"
// would be the answer for any file named with the wrong --format.
// `:timed-out` as a value is the error of an info/fail, not a value.
//
// Fields are found by walking the line, not by one regular expression: the pattern this
// replaced ended in `\s*(.*?)\s*$`, which backtracks over every run of spaces and made a
// long line quadratic.

import type { History, HistoryEvent, HistoryEventType } from '../history.ts';
import { parseEdnForm } from './edn-parse.ts';
import { HistoryFormatError, snippet } from './errors.ts';
import type { ParsedHistory } from './jepsen-edn.ts';
import { stripByteOrderMark } from './text.ts';
import { BigInteger, ednToPlain, integerValue, isKeyword } from './values.ts';

// Each is linear: a literal, then runs of one character class that cannot overlap.
const loggerPattern = /jepsen\.util\s+-\s+/;
const spaces = /\s+/y;
const field = /\S+/y;
const eventTypes: readonly string[] = ['invoke', 'ok', 'fail', 'info'];

/** process, type, function and the rest of the line (trimmed), or undefined if fields are missing. */
function fieldsOf(row: string): [string, string, string, string] | undefined {
  const logger = loggerPattern.exec(row);
  if (logger === null) return undefined;
  let at = logger.index + logger[0].length;
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    if (k > 0) {
      spaces.lastIndex = at;
      if (spaces.exec(row) === null) return undefined;
      at = spaces.lastIndex;
    }
    field.lastIndex = at;
    const m = field.exec(row);
    if (m === null) return undefined;
    out.push(m[0]);
    at = field.lastIndex;
  }
  return [out[0] as string, out[1] as string, out[2] as string, row.slice(at).trim()];
}

export function readPorcupineEtcd(text: string, source: string): ParsedHistory {
  const history: History = [];
  const lines: number[] = [];
  const rows = stripByteOrderMark(text).split('\n');
  let loggerLines = 0;
  let firstText: number | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as string;
    if (firstText === undefined && row.trim() !== '') firstText = i + 1;
    if (!row.includes('jepsen.util')) continue;
    loggerLines++;
    const line = i + 1;
    const fields = fieldsOf(row);
    if (fields === undefined) throw new HistoryFormatError(source, line, 'expected `jepsen.util - PROCESS :TYPE :F VALUE`');
    const [processText, typeText, fText, valueText] = fields;
    if (!/^\d+$/.test(processText)) {
      if (processText.startsWith(':')) continue; // :nemesis
      throw new HistoryFormatError(source, line, `expected the process to be an integer, got ${snippet(processText)}`);
    }
    const type = typeText.slice(1);
    if (!typeText.startsWith(':') || !eventTypes.includes(type)) {
      throw new HistoryFormatError(source, line, `expected the type to be one of :invoke :ok :fail :info, got ${snippet(typeText)}`);
    }
    if (!/^:[\w-]+$/.test(fText)) throw new HistoryFormatError(source, line, `expected the function to be a keyword, got ${snippet(fText)}`);
    const process = integerValue(false, processText.replace(/^0+(?=\d)/, ''));
    if (process instanceof BigInteger) throw new HistoryFormatError(source, line, `expected the process to be a safe integer, got ${snippet(processText)}`);
    const event: HistoryEvent = { type: type as HistoryEventType, process, time: history.length, f: fText.slice(1) };
    if (valueText !== '') {
      const value = parseEdnForm(valueText, source, 0, valueText.length, line); // throws naming the line
      if (isKeyword(value)) {
        event.error = value.key;
      } else if (event.f === 'cas' && Array.isArray(value) && value.length === 2) {
        event.expected = ednToPlain(value[0]);
        event.value = ednToPlain(value[1]);
      } else {
        event.value = ednToPlain(value);
      }
    }
    history.push(event);
    lines.push(line);
  }
  if (loggerLines === 0 && firstText !== undefined) {
    throw new HistoryFormatError(source, firstText, 'no `jepsen.util - ` event line in the file: not a Porcupine etcd log (is --format right?)');
  }
  return { history, lines };
}
