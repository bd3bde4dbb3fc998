// A JSON parser that keeps integers exact, for the rows JSON.parse would round: JSON.parse
// turns 9007199254740993 into 9007199254740992 and says nothing (Node 20 has no access
// to a number's source text). Same grammar and result as JSON.parse (a fast-check test
// holds the two together), except that an integer beyond the safe range becomes a
// BigInteger. Iterative — open arrays and objects live on a heap stack bounded by
// nestingDepthMax — and linear: each string and number is sliced once. Its errors name
// the column, and the JSONL reader also uses it to explain a row JSON.parse rejected.

import { HistoryFormatError, snippet } from './errors.ts';
import { nestingDepthMax } from './limits.ts';
import { integerValue } from './values.ts';

type Frame = { kind: 'array'; items: unknown[] } | { kind: 'object'; object: Record<string, unknown>; key: string };

const numberPattern = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const escapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const hex4 = /^[0-9a-fA-F]{4}$/;

function fail(source: string, line: number, text: string, at: number, expected: string): never {
  const got = at >= text.length ? 'the end of the line' : snippet(JSON.stringify(text.slice(at, at + 12)));
  throw new HistoryFormatError(source, line, `malformed JSON: expected ${expected} at column ${at + 1}, got ${got}`);
}

function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else return i;
  }
}

/** The string whose opening quote is at `at`, and the index after its closing quote. */
function readString(text: string, source: string, line: number, at: number): [string, number] {
  const parts: string[] = [];
  let from = at + 1;
  let i = from;
  for (;;) {
    if (i >= text.length) fail(source, line, text, i, 'a closing "');
    const c = text.charCodeAt(i);
    if (c === 0x22) break;
    if (c < 0x20) fail(source, line, text, i, 'an escape for a control character');
    if (c === 0x5c) {
      parts.push(text.slice(from, i));
      const e = text[i + 1] ?? '';
      if (e === 'u') {
        const digits = text.slice(i + 2, i + 6);
        if (!hex4.test(digits)) fail(source, line, text, i, 'four hex digits after \\u');
        parts.push(String.fromCharCode(parseInt(digits, 16)));
        i += 6;
      } else {
        const escaped = escapes[e];
        if (escaped === undefined) fail(source, line, text, i, 'an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)');
        parts.push(escaped as string);
        i += 2;
      }
      from = i;
    } else {
      i++;
    }
  }
  parts.push(text.slice(from, i));
  return [parts.length === 1 ? (parts[0] as string) : parts.join(''), i + 1];
}

/** Sets a member as JSON.parse does: an own data property, even one named __proto__. */
function setMember(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

/** The one JSON value `text` holds; `line` names it in errors. Throws HistoryFormatError. */
export function parseJson(text: string, source: string, line: number): unknown {
  const stack: Frame[] = [];
  let i = skipSpace(text, 0);
  for (;;) {
    // A value starts at i.
    let value: unknown;
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= nestingDepthMax) throw new HistoryFormatError(source, line, `nested deeper than ${nestingDepthMax} levels`);
      i = skipSpace(text, i + 1);
      if (c === '[') {
        if (text[i] !== ']') {
          stack.push({ kind: 'array', items: [] });
          continue;
        }
        value = [];
      } else {
        if (text[i] !== '}') {
          if (text[i] !== '"') fail(source, line, text, i, 'a member name');
          const [key, after] = readString(text, source, line, i);
          i = skipSpace(text, after);
          if (text[i] !== ':') fail(source, line, text, i, "':'");
          i = skipSpace(text, i + 1);
          stack.push({ kind: 'object', object: {}, key });
          continue;
        }
        value = {};
      }
      i++;
    } else if (c === '"') {
      [value, i] = readString(text, source, line, i);
    } else if (c === 't' && text.startsWith('true', i)) {
      value = true;
      i += 4;
    } else if (c === 'f' && text.startsWith('false', i)) {
      value = false;
      i += 5;
    } else if (c === 'n' && text.startsWith('null', i)) {
      value = null;
      i += 4;
    } else {
      numberPattern.lastIndex = i;
      const m = numberPattern.exec(text);
      if (m === null) fail(source, line, text, i, 'a value');
      const token = (m as RegExpExecArray)[0];
      const integer = m?.[2] === undefined && m?.[3] === undefined;
      value = integer ? integerValue(token[0] === '-', token[0] === '-' ? token.slice(1) : token) : Number(token);
      i += token.length;
    }
    // The value is complete: hand it to the innermost open array or object, closing
    // every one that ends here.
    for (;;) {
      i = skipSpace(text, i);
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (i < text.length) fail(source, line, text, i, 'the end of the line after the value');
        return value;
      }
      if (top.kind === 'array') {
        top.items.push(value);
        if (text[i] === ',') {
          i = skipSpace(text, i + 1);
          break;
        }
        if (text[i] !== ']') fail(source, line, text, i, "',' or ']'");
        value = top.items;
      } else {
        setMember(top.object, top.key, value);
        if (text[i] === ',') {
          i = skipSpace(text, i + 1);
          if (text[i] !== '"') fail(source, line, text, i, 'a member name');
          const [key, after] = readString(text, source, line, i);
          i = skipSpace(text, after);
          if (text[i] !== ':') fail(source, line, text, i, "':'");
          top.key = key;
          i = skipSpace(text, i + 1);
          break;
        }
        if (text[i] !== '}') fail(source, line, text, i, "',' or '}'");
        value = top.object;
      }
      stack.pop();
      i++;
    }
  }
}
