// Proves an empty file, or one holding only whitespace (and perhaps a byte-order mark),
// is an empty history in every format, auto-detected or named — as Porcupine treats its
// empty etcd_095.log — and that an empty history is linearizable with 0 operations
// under every model.

import { describe, expect, it } from 'vitest';
import { checkHistory, historyFormats, models, readHistory } from '../../../checkers/linearizability.ts';

const blanks = ['', ' ', '\n', '\r\n\r\n', ' \t\n  \n\t', '\ufeff', '\ufeff\n  \n'];

describe('an empty file is an empty history', () => {
  it('auto-detected: no events, and no format to name', () => {
    for (const text of blanks) {
      expect(readHistory(text, 'etcd_095.log'), JSON.stringify(text)).toEqual({ format: null, history: [], lines: [] });
    }
  });

  it('in every named format', () => {
    for (const format of historyFormats) {
      for (const text of blanks) {
        expect(readHistory(text, 'empty', format), `${format} ${JSON.stringify(text)}`).toEqual({ format, history: [], lines: [] });
      }
    }
  });

  it('is linearizable with 0 operations under every model', () => {
    for (const [name, model] of Object.entries(models)) {
      expect(checkHistory([], model), name).toMatchObject({ verdict: 'linearizable', ops: 0, dropped: 0, partitionCount: 0, steps: 0 });
    }
  });
});
