// A message's kind, as the harness names it without knowing the algorithm: its `type`
// when that is a string (every message of the built-in algorithms is tagged so), else the
// JavaScript type. Aimed faults and coverage features speak of kinds.

export function messageKind(msg: unknown): string {
  if (msg !== null && typeof msg === 'object') {
    const type = (msg as { type?: unknown }).type;
    if (typeof type === 'string') return type;
  }
  return typeof msg;
}
