// Parses one EDN form (https://github.com/edn-format/edn) into the shapes values.ts
// works with: nil → null, keywords → { key }, symbols → { sym }, characters → strings,
// vectors, lists and sets → arrays, maps → Map, `#tag v` → { tag, val }; `#_` discards.
//
// Written here rather than taken from edn-data, which the readers used before, for two
// things a hostile file exposed: edn-data grows each token one character at a time and
// tests the whole token so far on every character, so a 60,000-character number took
// 12 s (quadratic), and it reads integers with parseInt, so 9007199254740993 became
// 9007199254740992. This parser looks at each character a bounded number of times,
// slices each token and string once, keeps a stack of open collections on the heap
// (bounded by nestingDepthMax, so no input reaches the call stack) and reads integers
// with `integerToken`, which keeps unsafe ones exact (BigInteger). Line numbers in
// errors count from the form's first line.

import { HistoryFormatError, snippet } from './errors.ts';
import { nestingDepthMax } from './limits.ts';
import { integerToken, type EdnValue } from './values.ts';

type Collection = 'vector' | 'list' | 'set' | 'map';

type Frame =
  | { kind: Collection; closer: string; line: number; items: EdnValue[] }
  | { kind: 'tag'; tag: string; line: number }
  | { kind: 'discard'; line: number };

const closerOf: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const collectionOf: Record<string, Collection> = { '(': 'list', '[': 'vector', '{': 'map' };

/** Characters that end a token (EDN: whitespace, commas, strings, comments, brackets). */
export function isDelimiter(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || c === ';' || c === '"' ||
    c === '(' || c === ')' || c === '[' || c === ']' || c === '{' || c === '}';
}

const stringEscapes: Record<string, string> = { t: '\t', r: '\r', n: '\n', b: '\b', f: '\f', '\\': '\\', '"': '"' };
const namedCharacters: Record<string, string> = { newline: '\n', return: '\r', space: ' ', tab: '\t', '\\': '\\' };
const hex4 = /^[0-9a-fA-F]{4}$/;
// Anchored, and without nested quantifiers, so testing a long token is linear.
const floatPattern = /^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?(0|[1-9][0-9]*))?M?$/;

/** The value of an atom: nil, true, false, a keyword, a character, a number or a symbol. */
function atom(token: string): EdnValue {
  if (token === 'nil') return null;
  if (token === 'true') return true;
  if (token === 'false') return false;
  const c = token[0];
  if (c === ':') return { key: token.slice(1) };
  if (c === '\\') {
    const name = token.slice(1);
    const named = namedCharacters[name];
    if (named !== undefined) return named;
    if (name.length === 5 && name[0] === 'u' && hex4.test(name.slice(1))) return String.fromCharCode(parseInt(name.slice(1), 16));
    return name;
  }
  const integer = integerToken(token);
  if (integer !== undefined) return integer;
  if (floatPattern.test(token)) return parseFloat(token);
  return { sym: token };
}

function fail(source: string, line: number, detail: string): never {
  throw new HistoryFormatError(source, line, detail);
}

function open(stack: Frame[], frame: Frame, source: string, line: number): void {
  if (stack.length >= nestingDepthMax) fail(source, line, `nested deeper than ${nestingDepthMax} levels`);
  stack.push(frame);
}

/** Hands a finished value to the innermost open frame: a collection keeps it, a tag wraps it, a discard drops it. */
function emit(stack: Frame[], forms: EdnValue[], value: EdnValue): void {
  let v = value;
  for (;;) {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      forms.push(v);
      return;
    }
    if (top.kind === 'discard') {
      stack.pop();
      return;
    }
    if (top.kind === 'tag') {
      stack.pop();
      v = { tag: top.tag, val: v };
      continue;
    }
    top.items.push(v);
    return;
  }
}

// No closures in here: the CLI runs under tsx, whose keepNames wraps every closure
// created in a call, which made a call on a three-character value cost a microsecond.
/**
 * The one form in text[start, end), whose first line is `line`; whitespace, commas,
 * comments and discarded forms around it are allowed. Throws HistoryFormatError.
 */
export function parseEdnForm(text: string, source: string, start = 0, end = text.length, line = 1): EdnValue {
  const forms: EdnValue[] = [];
  const stack: Frame[] = [];
  let at = line;

  let i = start;
  while (i < end) {
    const c = text[i] as string;
    if (c === '\n') {
      at++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === ',') {
      i++;
    } else if (c === ';') {
      const newline = text.indexOf('\n', i);
      i = newline < 0 || newline > end ? end : newline;
    } else if (c === '"') {
      const openLine = at;
      const parts: string[] = [];
      let from = i + 1;
      let j = from;
      for (;;) {
        if (j >= end) fail(source, openLine, 'unterminated string');
        const d = text[j] as string;
        if (d === '"') break;
        if (d === '\n') {
          at++;
          j++;
        } else if (d === '\\') {
          parts.push(text.slice(from, j));
          const e = text[j + 1] ?? '';
          if (e === 'u') {
            const digits = text.slice(j + 2, j + 6);
            if (j + 6 > end || !hex4.test(digits)) fail(source, at, `invalid unicode escape \\u${snippet(digits)}`);
            parts.push(String.fromCharCode(parseInt(digits, 16)));
            j += 6;
          } else {
            const escaped = stringEscapes[e];
            if (escaped === undefined || j + 1 >= end) fail(source, at, `unexpected escape character \\${snippet(e)}`);
            parts.push(escaped as string);
            j += 2;
          }
          from = j;
        } else {
          j++;
        }
      }
      parts.push(text.slice(from, j));
      i = j + 1;
      emit(stack, forms, parts.length === 1 ? (parts[0] as string) : parts.join(''));
    } else if (c === '(' || c === '[' || c === '{') {
      open(stack, { kind: collectionOf[c] as Collection, closer: closerOf[c] as string, line: at, items: [] }, source, at);
      i++;
    } else if (c === ')' || c === ']' || c === '}') {
      const frame = stack.pop();
      if (frame === undefined) fail(source, at, `unexpected ${c}`);
      const f = frame as Frame;
      if (f.kind === 'tag') fail(source, at, `expected a form after #${snippet(f.tag)}, got ${c}`);
      if (f.kind === 'discard') fail(source, at, `expected a form after #_, got ${c}`);
      const coll = f as Extract<Frame, { items: EdnValue[] }>;
      if (coll.closer !== c) fail(source, at, `expected ${coll.closer} to close the ${coll.kind} opened on line ${coll.line}, got ${c}`);
      i++;
      if (coll.kind === 'map') {
        if (coll.items.length % 2 !== 0) fail(source, coll.line, 'a map needs an even number of forms (keys and values)');
        const map = new Map<EdnValue, EdnValue>();
        for (let k = 0; k < coll.items.length; k += 2) map.set(coll.items[k] as EdnValue, coll.items[k + 1] as EdnValue);
        emit(stack, forms, map);
      } else {
        emit(stack, forms, coll.items);
      }
    } else if (c === '#') {
      const next = text[i + 1];
      if (next === '{') {
        open(stack, { kind: 'set', closer: '}', line: at, items: [] }, source, at);
        i += 2;
      } else if (next === '_') {
        open(stack, { kind: 'discard', line: at }, source, at);
        i += 2;
      } else {
        let j = i + 1;
        while (j < end && !isDelimiter(text[j] as string)) j++;
        if (j === i + 1) fail(source, at, `expected a tag name after #, got ${snippet(text.slice(i, Math.min(end, i + 2)))}`);
        open(stack, { kind: 'tag', tag: text.slice(i + 1, j), line: at }, source, at);
        i = j;
      }
    } else {
      // A character literal takes the next character whatever it is: \( \" \;
      let j = c === '\\' ? i + 2 : i + 1;
      while (j < end && !isDelimiter(text[j] as string)) j++;
      j = Math.min(j, end);
      emit(stack, forms, atom(text.slice(i, j)));
      i = j;
    }
  }
  const unclosed = stack[stack.length - 1];
  if (unclosed !== undefined) {
    if (unclosed.kind === 'tag' || unclosed.kind === 'discard') fail(source, unclosed.line, `expected a form after #${unclosed.kind === 'tag' ? snippet(unclosed.tag) : '_'}`);
    const coll = unclosed as Extract<Frame, { items: EdnValue[] }>;
    fail(source, coll.line, `unterminated ${coll.kind}: missing ${coll.closer}`);
  }
  if (forms.length === 0) fail(source, line, 'expected an EDN form, got nothing');
  if (forms.length > 1) fail(source, line, `expected one EDN form, got ${forms.length}`);
  return forms[0] as EdnValue;
}
