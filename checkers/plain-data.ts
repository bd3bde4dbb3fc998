// Plain data (commands, ops, Paxos values) as the checkers compare and print it: a deep
// equality that encodes nothing, and the JSON text used only to word a violation.

/** The value as JSON text, for messages ('undefined' when JSON has none). */
export function dataText(value: unknown): string {
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * Deep equality of plain data (a command as it travels), own enumerable fields in any
 * order. Entries a follower received are copies of the leader's, so this walk, not a
 * reference compare, decides; it allocates nothing, unlike comparing JSON texts.
 */
export function sameData(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > sameDataDepthMax) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let count = 0;
  for (const key in ra) {
    if (!Object.hasOwn(ra, key)) continue;
    if (!Object.hasOwn(rb, key) || !sameData(ra[key], rb[key], depth + 1)) return false;
    count++;
  }
  for (const key in rb) if (Object.hasOwn(rb, key)) count--;
  return count === 0;
}

/** Commands nested deeper than this compare unequal (a bound, not a real command). */
const sameDataDepthMax = 100;
