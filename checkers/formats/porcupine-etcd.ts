// Porcupine's Jepsen etcd logs: `INFO  jepsen.util - 2	:invoke	:cas	[3 0]`, one event per
// line; fields after `jepsen.util - ` are process, type, function, value, separated by
// tabs or spaces. Lines without `jepsen.util - ` (other loggers, blank lines) are skipped.
// `:timed-out` as a value is the error of an info/fail, not a value.

import { parseEDNString } from 'edn-data';
import type { History, HistoryEvent, HistoryEventType } from '../history.ts';
import { HistoryFormatError, snippet } from './errors.ts';
import type { ParsedHistory } from './jepsen-edn.ts';
import { stripByteOrderMark } from './text.ts';
import { ednToPlain, isKeyword } from './values.ts';

const linePattern = /jepsen\.util\s+-\s+(\S+)\s+(\S+)\s+(\S+)\s*(.*?)\s*$/;
const eventTypes: readonly string[] = ['invoke', 'ok', 'fail', 'info'];

export function readPorcupineEtcd(text: string, source: string): ParsedHistory {
  const history: History = [];
  const lines: number[] = [];
  const rows = stripByteOrderMark(text).split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as string;
    if (!row.includes('jepsen.util')) continue;
    const line = i + 1;
    const m = linePattern.exec(row);
    if (m === null) throw new HistoryFormatError(source, line, 'expected `jepsen.util - PROCESS :TYPE :F VALUE`');
    const [, processText, typeText, fText, valueText] = m as unknown as [string, string, string, string, string];
    if (!/^\d+$/.test(processText)) {
      if (processText.startsWith(':')) continue; // :nemesis
      throw new HistoryFormatError(source, line, `expected the process to be an integer, got ${snippet(processText)}`);
    }
    const type = typeText.slice(1);
    if (!typeText.startsWith(':') || !eventTypes.includes(type)) {
      throw new HistoryFormatError(source, line, `expected the type to be one of :invoke :ok :fail :info, got ${snippet(typeText)}`);
    }
    if (!/^:[\w-]+$/.test(fText)) throw new HistoryFormatError(source, line, `expected the function to be a keyword, got ${snippet(fText)}`);
    const event: HistoryEvent = { type: type as HistoryEventType, process: Number(processText), time: history.length, f: fText.slice(1) };
    if (valueText !== '') {
      let value: unknown;
      try {
        value = parseEDNString(valueText, { mapAs: 'map', keywordAs: 'object', listAs: 'array', setAs: 'array' });
      } catch (e) {
        throw new HistoryFormatError(source, line, `malformed value ${snippet(valueText)}: ${(e as Error).message}`);
      }
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
  return { history, lines };
}
