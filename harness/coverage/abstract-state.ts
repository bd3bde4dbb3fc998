// A node's inspect() snapshot, abstracted without knowing the algorithm: each top-level
// field becomes a small code that says how the value stands, not what it is. Strings and
// booleans stay themselves (a role: 'leader'), numbers and number tuples become their rank
// among the peers' latest values (this node's term is behind, level with or ahead of every
// other node's; a ballot {round, node} compares as a tuple), arrays and other objects their
// size class. The abstraction of Raft is then "a candidate whose term is ahead and whose
// commitIndex is behind", of Paxos "a follower whose promised ballot is ahead": states in
// the sense of ModelFuzz's abstract model, read off any implementation.

import { hashString, mix, sizeClass } from './hash.ts';

/** Fields of a snapshot that are abstracted, at most (the first ones, in the snapshot's order). */
export const abstractFieldsMax = 16;
/** Fields of a number tuple (like a ballot) compared as a tuple, at most. */
const tupleFieldsMax = 4;

/** Value classes: each code is one of these plus a small detail. */
const codeTrue = 1;
const codeFalse = 2;
const codeNull = 3;
const codeAlone = 10;
const codeAhead = 20;
const codeLevel = 21;
const codeBehindAll = 22;
const codeBetween = 23;
const codeZero = 100;
const codeArray = 40;
const codeObject = 60;

function isRankCode(code: number): boolean {
  const c = code % codeZero;
  return code < 2 * codeZero && c >= codeAlone && c < codeArray;
}

/** The number or number tuple a value compares as, or undefined. */
function rankable(value: unknown): number[] | number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: number[] = [];
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v !== 'number' || out.length >= tupleFieldsMax) return undefined;
    out.push(v);
  }
  return out.length > 0 ? out : undefined;
}

function compare(a: number[] | number, b: number[] | number): number {
  if (typeof a === 'number' || typeof b === 'number') {
    const x = typeof a === 'number' ? a : (a[0] as number);
    const y = typeof b === 'number' ? b : (b[0] as number);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length - b.length;
}

function isZero(v: number[] | number): boolean {
  return typeof v === 'number' ? v === 0 : v.every((x) => x === 0);
}

/** One node's abstract state: field hashes and codes, in the snapshot's field order. */
export interface AbstractState {
  keys: number[];
  codes: number[];
  /** The code of the `role` field (0 without one): the context other features are seen in. */
  role: number;
  /** The code of the first ranked field (Raft's term, a ballot), 0 without one: where the node stands. */
  firstRank: number;
}

export class StateAbstraction {
  /** The latest snapshot of each node, as handed out by inspect() (never mutated afterwards). */
  private readonly latest: (Record<string, unknown> | undefined)[];

  constructor(private readonly nodeCount: number) {
    this.latest = new Array(nodeCount).fill(undefined);
  }

  snapshotOf(node: number): Record<string, unknown> | undefined {
    return this.latest[node];
  }

  /** Abstracts `state` of `node` against its peers' latest snapshots, and remembers it. */
  abstract(node: number, state: unknown): AbstractState {
    const keys: number[] = [];
    const codes: number[] = [];
    let role = 0;
    let firstRank = 0;
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      this.latest[node] = undefined;
      return { keys, codes, role, firstRank };
    }
    const s = state as Record<string, unknown>;
    this.latest[node] = s;
    for (const key in s) {
      if (keys.length >= abstractFieldsMax) break;
      const code = this.code(node, key, s[key]);
      if (code === undefined) continue;
      const keyHash = hashString(key);
      keys.push(keyHash);
      codes.push(code);
      if (key === 'role') role = code;
      if (firstRank === 0 && isRankCode(code)) firstRank = code;
    }
    return { keys, codes, role, firstRank };
  }

  private code(node: number, key: string, value: unknown): number | undefined {
    if (typeof value === 'number') return this.rankCode(node, key, Number.isFinite(value) ? value : undefined);
    switch (typeof value) {
      case 'string':
        return hashString(value);
      case 'boolean':
        return value ? codeTrue : codeFalse;
      case 'undefined':
      case 'function':
      case 'symbol':
      case 'bigint':
        return undefined;
      default:
        break;
    }
    if (value === null) return codeNull;
    if (Array.isArray(value)) return codeArray + sizeClass(value.length);
    const own = rankable(value);
    if (own === undefined) return codeObject + sizeClass(Object.keys(value as object).length);
    return this.rankCode(node, key, own);
  }

  /** Where `own` stands among the peers' latest values of `key`. */
  private rankCode(node: number, key: string, own: number[] | number | undefined): number | undefined {
    if (own === undefined) return undefined;
    let above = 0;
    let level = 0;
    let below = 0;
    for (let peer = 0; peer < this.nodeCount; peer++) {
      if (peer === node) continue;
      const other = this.latest[peer];
      if (other === undefined) continue;
      const raw = other[key];
      const theirs = typeof raw === 'number' ? raw : rankable(raw);
      if (theirs === undefined) continue;
      const c = typeof own === 'number' && typeof theirs === 'number' ? (own < theirs ? -1 : own > theirs ? 1 : 0) : compare(own, theirs);
      if (c > 0) above++;
      else if (c === 0) level++;
      else below++;
    }
    const zero = isZero(own) ? codeZero : 0;
    if (above + level + below === 0) return codeAlone + zero;
    if (below === 0) return (above > 0 && level === 0 ? codeAhead : codeLevel) + zero;
    if (above === 0 && level === 0) return codeBehindAll + zero;
    return codeBetween + zero;
  }
}

/** Whether two abstract states are the same. */
export function sameAbstract(a: AbstractState | undefined, b: AbstractState): boolean {
  if (a === undefined || a.codes.length !== b.codes.length) return false;
  for (let i = 0; i < b.codes.length; i++) if (a.codes[i] !== b.codes[i] || a.keys[i] !== b.keys[i]) return false;
  return true;
}

/**
 * One hash for a whole abstract state, without the size classes of arrays and objects: a
 * log four entries long and one of five are the same situation; the transitions between
 * size classes still count as features of their own.
 */
export function abstractHash(a: AbstractState): number {
  let h = 0x2f9b;
  for (let i = 0; i < a.codes.length; i++) {
    const code = a.codes[i] as number;
    if (code >= codeArray && code < codeZero) continue;
    h = mix(mix(h, a.keys[i] as number), code);
  }
  return h;
}

/** How a message field stands against the receiver's field of the same name: 0 older, 1 same, 2 newer, undefined not comparable. */
export function relate(messageValue: unknown, stateValue: unknown): number | undefined {
  if (typeof messageValue === 'number' && typeof stateValue === 'number') return messageValue < stateValue ? 0 : messageValue > stateValue ? 2 : 1;
  const a = rankable(messageValue);
  const b = rankable(stateValue);
  if (a === undefined || b === undefined) return undefined;
  return compare(a, b) + 1;
}
