// Splits EDN text into top-level forms with the line each starts on, so the reader can
// name the line of each op and parse one op form at a time (edn-parse.ts). It also
// bounds nesting (nestingDepthMax) over the whole file, before anything is parsed.

import { isDelimiter } from './edn-parse.ts';
import { HistoryFormatError } from './errors.ts';
import { nestingDepthMax } from './limits.ts';

export interface FormSpan {
  start: number;
  end: number;
  line: number;
}

const closerOf: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Forms in text[from, to); `line` is the line number at `from`. */
export function scanForms(text: string, source: string, from = 0, to = text.length, lineAtFrom = 1): FormSpan[] {
  const forms: FormSpan[] = [];
  let i = from;
  let line = lineAtFrom;
  const skipString = (openLine: number): void => {
    // i is just after the opening quote
    while (i < to) {
      const c = text[i] as string;
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '\n') line++;
      i++;
      if (c === '"') return;
    }
    throw new HistoryFormatError(source, openLine, 'unterminated string');
  };
  const skipComment = (): void => {
    while (i < to && text[i] !== '\n') i++;
  };
  while (i < to) {
    const c = text[i] as string;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === ',') {
      i++;
      continue;
    }
    if (c === ';') {
      skipComment();
      continue;
    }
    const start = i;
    const startLine = line;
    if (c === ')' || c === ']' || c === '}') {
      throw new HistoryFormatError(source, line, `unexpected ${c}`);
    }
    if (c === '"') {
      i++;
      skipString(startLine);
    } else if (c === '(' || c === '[' || c === '{' || (c === '#' && text[i + 1] === '{')) {
      const stack: { closer: string; line: number }[] = [];
      while (i < to) {
        const d = text[i] as string;
        if (d === '\n') {
          line++;
          i++;
        } else if (d === '"') {
          const l = line;
          i++;
          skipString(l);
        } else if (d === ';') {
          skipComment();
        } else if (d === '\\') {
          i += 2;
        } else if (d === '(' || d === '[' || d === '{') {
          if (stack.length >= nestingDepthMax) throw new HistoryFormatError(source, line, `nested deeper than ${nestingDepthMax} levels`);
          stack.push({ closer: closerOf[d] as string, line });
          i++;
        } else if (d === ')' || d === ']' || d === '}') {
          const open = stack.pop();
          if (open === undefined || open.closer !== d) {
            throw new HistoryFormatError(source, line, open === undefined ? `unexpected ${d}` : `expected ${open.closer} to close the form opened on line ${open.line}, got ${d}`);
          }
          i++;
          if (stack.length === 0) break;
        } else {
          i++;
        }
      }
      if (stack.length > 0) {
        const open = stack[stack.length - 1] as { closer: string; line: number };
        throw new HistoryFormatError(source, open.line, `unterminated form: missing ${open.closer}`);
      }
    } else {
      while (i < to && !isDelimiter(text[i] as string)) i++;
    }
    forms.push({ start, end: i, line: startLine });
  }
  return forms;
}
