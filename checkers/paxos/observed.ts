// How the Paxos checkers read what they observe: ballots, the four phase messages and a
// node's inspect() snapshot, parsed from plain data without importing the implementation
// (checkers/ imports nothing of ours, DESIGN.md). The shapes follow impls/paxos/messages.ts
// and impls/paxos/state.ts; any Multi-Paxos with the same message shapes can be checked.

export interface ObservedBallot {
  round: number;
  node: number;
}

/** Violations one checker reports per run at most: a broken run says it once, not 10 000 times. */
export const violationsPerCheckerMax = 20;

export function asBallot(x: unknown): ObservedBallot | null {
  if (x === null || typeof x !== 'object') return null;
  const b = x as { round?: unknown; node?: unknown };
  return typeof b.round === 'number' && typeof b.node === 'number' ? { round: b.round, node: b.node } : null;
}

/** Ballots order by round, then node; null (no ballot) is lowest. */
export function compareBallots(a: ObservedBallot | null, b: ObservedBallot | null): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  return a.round !== b.round ? a.round - b.round : a.node - b.node;
}

export function formatBallot(b: ObservedBallot | null): string {
  return b === null ? 'none' : `${b.round}.${b.node}`;
}

export function abbreviate(s: string): string {
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

export type PhaseMsg =
  | { type: 'prepare'; ballot: ObservedBallot }
  | { type: 'promise'; ballot: ObservedBallot; fromSlot: number; accepted: { slot: number; ballot: ObservedBallot }[] }
  | { type: 'accept'; ballot: ObservedBallot; slot: number; value: unknown }
  | { type: 'accepted'; ballot: ObservedBallot; slot: number; value: unknown }
  | { type: 'decisions'; entries: { slot: number; value: unknown }[] };

/** The phase message `msg` is, or undefined for anything else (heartbeats, nacks...). */
export function parsePhaseMsg(msg: unknown): PhaseMsg | undefined {
  if (msg === null || typeof msg !== 'object') return undefined;
  const m = msg as Record<string, unknown>;
  switch (m.type) {
    case 'prepare': {
      const ballot = asBallot(m.ballot);
      return ballot === null ? undefined : { type: 'prepare', ballot };
    }
    case 'accept':
    case 'accepted': {
      const ballot = asBallot(m.ballot);
      if (ballot === null || typeof m.slot !== 'number') return undefined;
      return { type: m.type, ballot, slot: m.slot, value: m.value };
    }
    case 'promise': {
      const ballot = asBallot(m.ballot);
      if (ballot === null || typeof m.fromSlot !== 'number' || !Array.isArray(m.accepted)) return undefined;
      const accepted: { slot: number; ballot: ObservedBallot }[] = [];
      for (const e of m.accepted as unknown[]) {
        const entry = e as { slot?: unknown; ballot?: unknown };
        const b = asBallot(entry?.ballot);
        if (b !== null && typeof entry.slot === 'number') accepted.push({ slot: entry.slot, ballot: b });
      }
      return { type: 'promise', ballot, fromSlot: m.fromSlot, accepted };
    }
    case 'decisions': {
      if (!Array.isArray(m.entries)) return undefined;
      const entries: { slot: number; value: unknown }[] = [];
      for (const e of m.entries as unknown[]) {
        const entry = e as { slot?: unknown; value?: unknown };
        if (typeof entry?.slot === 'number') entries.push({ slot: entry.slot, value: entry.value });
      }
      return { type: 'decisions', entries };
    }
    default:
      return undefined;
  }
}

/** The acceptor's promise in a node's inspect() snapshot; undefined if it shows none. */
export function promisedOf(state: unknown): ObservedBallot | null | undefined {
  if (state === null || typeof state !== 'object' || !('promised' in state)) return undefined;
  return asBallot((state as { promised: unknown }).promised);
}

export function majority(nodeCount: number): number {
  return Math.floor(nodeCount / 2) + 1;
}

/** Counts violations so one broken run reports a handful, not thousands. */
export class ViolationBudget {
  private count = 0;
  take(): boolean {
    if (this.count >= violationsPerCheckerMax) return false;
    this.count++;
    return true;
  }
}
