// The one exception the readers (and the checker's pairing of events) throw: the input is
// not a history we can read. Its message names the source and line, so the CLI prints it
// as-is: `bad.edn:12: expected :type to be one of :invoke :ok :fail :info, got :oops`.
// The message is always one line of bounded length, whatever the input: details quote
// the file, and a file may hold newlines, carriage returns, terminal escapes or a
// megabyte-long token, none of which may reach the user's terminal raw.

/** Longest detail (the part after `source:line: `) a message keeps; longer ones are clipped. */
export const errorDetailCharsMax = 300;
/** Longest source name a message keeps; longer ones keep their end, where the file name is. */
export const errorSourceCharsMax = 200;
/** Longest quoted snippet of the input inside a detail. */
export const snippetCharsMax = 40;

// Line breaks, C0 and C1 controls (ESC starts terminal sequences), DEL, and the Unicode
// line and paragraph separators. Tab stays: it is harmless on one line.
const unprintable = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

function escapeChar(c: string): string {
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    default:
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/** `text` with every line break and control character escaped (`\n`, `\u001b`). */
export function oneLine(text: string): string {
  return text.replace(unprintable, escapeChar);
}

/** At most `charsMax` characters of `text`, as one line: the start, then `…`. */
export function clip(text: string, charsMax: number): string {
  // Clip before escaping so a megabyte of input is not escaped only to be thrown away.
  if (text.length <= charsMax) return oneLine(text);
  let end = charsMax - 1;
  if (/[\udc00-\udfff]/.test(text[end] ?? '')) end--; // do not split a surrogate pair
  const head = oneLine(text.slice(0, end));
  return `${head.length > charsMax - 1 ? head.slice(0, charsMax - 1) : head}…`;
}

/** The end of `text` (a path: the file name is at the end), as one line of at most `charsMax`. */
export function clipStart(text: string, charsMax: number): string {
  if (text.length <= charsMax) return oneLine(text);
  const tail = oneLine(text.slice(text.length - (charsMax - 1)));
  return `…${tail.length > charsMax - 1 ? tail.slice(tail.length - (charsMax - 1)) : tail}`;
}

/** A piece of the input quoted in a detail: one line of at most snippetCharsMax. */
export function snippet(text: string): string {
  return clip(text, snippetCharsMax);
}

export class HistoryFormatError extends Error {
  override readonly name = 'HistoryFormatError';
  readonly source: string;
  readonly line: number;
  readonly detail: string;

  constructor(source: string, line: number, detail: string) {
    const shownSource = clipStart(source, errorSourceCharsMax);
    const shownDetail = clip(detail, errorDetailCharsMax);
    super(`${shownSource}:${line}: ${shownDetail}`);
    this.source = source;
    this.line = line;
    this.detail = shownDetail;
  }
}
