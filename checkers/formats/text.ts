// Text-level preparation shared by every reader.

const byteOrderMark = 0xfeff;

/**
 * `text` without a leading UTF-8 byte-order mark. Editors on Windows write one; Node's
 * utf8 decoding keeps it as U+FEFF, which no format allows as its first character.
 */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === byteOrderMark ? text.slice(1) : text;
}
