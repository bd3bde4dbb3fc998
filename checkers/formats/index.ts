// History readers and writers, and format auto-detection.

import { HistoryFormatError } from './errors.ts';
import { readJepsenEdn, writeJepsenEdn, type ParsedHistory } from './jepsen-edn.ts';
import { readJsonLines, writeJsonLines } from './jsonl.ts';
import { readPorcupineEtcd } from './porcupine-etcd.ts';
import { stripByteOrderMark } from './text.ts';

export const historyFormats = ['porcupine-etcd', 'porcupine-kv', 'jepsen-edn', 'jsonl'] as const;
export type HistoryFormat = (typeof historyFormats)[number];

export function isHistoryFormat(name: string): name is HistoryFormat {
  return (historyFormats as readonly string[]).includes(name);
}

/** Guesses the format from the first meaningful line; undefined if nothing fits. */
export function detectFormat(text: string): HistoryFormat | undefined {
  for (const raw of stripByteOrderMark(text).split('\n', 200)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';')) continue;
    if (/jepsen\.util\s+-\s/.test(line)) return 'porcupine-etcd';
    if (/^\{\s*"/.test(line)) return 'jsonl';
    if (/^\{\s*:/.test(line)) return /:key\s/.test(line) ? 'porcupine-kv' : 'jepsen-edn';
    if (line.startsWith('[') || line.startsWith('(')) return 'jepsen-edn';
    return undefined;
  }
  return undefined;
}

export interface ReadHistoryResult extends ParsedHistory {
  /** The format read; null when it was to be detected and the file is empty (or only whitespace). */
  format: HistoryFormat | null;
}

/**
 * Reads a history; `source` names the file in errors. Throws HistoryFormatError. An empty
 * file, or one of only whitespace, is an empty history in every format (Porcupine ships an
 * empty etcd_095.log and calls it linearizable), so auto-detection does not need a line
 * to go on.
 */
export function readHistory(raw: string, source: string, format: HistoryFormat | 'auto' = 'auto'): ReadHistoryResult {
  const text = stripByteOrderMark(raw);
  if (format === 'auto' && text.trim() === '') return { format: null, history: [], lines: [] };
  const chosen = format === 'auto' ? detectFormat(text) : format;
  switch (chosen) {
    case undefined:
      throw new HistoryFormatError(source, 1, `cannot tell the format (expected one of ${historyFormats.join(', ')}); pass --format`);
    case 'porcupine-etcd':
      return { format: chosen, ...readPorcupineEtcd(text, source) };
    case 'porcupine-kv':
    case 'jepsen-edn':
      return { format: chosen, ...readJepsenEdn(text, source) };
    case 'jsonl':
      return { format: chosen, ...readJsonLines(text, source) };
  }
}

export { HistoryFormatError, clipStart, errorSourceCharsMax, oneLine } from './errors.ts';
export { readJepsenEdn, writeJepsenEdn, type ParsedHistory } from './jepsen-edn.ts';
export { readJsonLines, writeJsonLines } from './jsonl.ts';
export { readPorcupineEtcd } from './porcupine-etcd.ts';

export const historyWriters = { jsonl: writeJsonLines, 'jepsen-edn': writeJepsenEdn } as const;
