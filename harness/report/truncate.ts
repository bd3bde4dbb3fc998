// Shortening values for display: a report keeps node states and message bodies small so a
// 60 s run stays a few megabytes. Long arrays keep their ends (the newest log entries are
// usually the interesting ones), long strings their start, deep objects their top.

/** Bounds of one displayed value (STYLE.md: named bounds). */
export const displayArrayItemsMax = 6;
export const displayStringCharsMax = 120;
export const displayDepthMax = 6;

/** A copy of `value` with long arrays, long strings and deep nesting cut. */
export function shorten(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.length > displayStringCharsMax ? `${value.slice(0, displayStringCharsMax)}…` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= displayDepthMax) return Array.isArray(value) ? `[${value.length} items]` : '{…}';
  if (Array.isArray(value)) {
    if (value.length <= displayArrayItemsMax) return value.map((v) => shorten(v, depth + 1));
    const half = Math.floor(displayArrayItemsMax / 2);
    return [
      ...value.slice(0, half).map((v) => shorten(v, depth + 1)),
      `… ${value.length - 2 * half} more …`,
      ...value.slice(value.length - half).map((v) => shorten(v, depth + 1)),
    ];
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = shorten(v, depth + 1);
  return out;
}

/** `value` as JSON of at most `charsMax` characters. */
export function shortJson(value: unknown, charsMax: number): string {
  let text: string;
  try {
    text = JSON.stringify(shorten(value)) ?? 'undefined';
  } catch {
    text = '[unserializable]';
  }
  return text.length > charsMax ? `${text.slice(0, charsMax)}…` : text;
}

/** A short display form of a client op's input or output value. */
export function shortValue(value: unknown, charsMax = 40): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? JSON.stringify(value) : shortJson(value, charsMax);
  return text.length > charsMax ? `${text.slice(0, charsMax)}…` : text;
}
