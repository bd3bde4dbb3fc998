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
  if (typeof v === 'number') return v === 0;
  for (const x of v) if (x !== 0) return false;
  return true;
}

/**
 * One node's abstract state: field hashes and codes, in the snapshot's field order, the
 * first `length` slots of two typed arrays (no allocation per snapshot, no boxing).
 */
export interface AbstractState {
  length: number;
  keys: Int32Array;
  codes: Int32Array;
  /** The code of the `role` field (0 without one): the context other features are seen in. */
  role: number;
  /** The code of the first ranked field (Raft's term, a ballot), 0 without one: where the node stands. */
  firstRank: number;
}

export function emptyAbstract(): AbstractState {
  return { length: 0, keys: new Int32Array(abstractFieldsMax), codes: new Int32Array(abstractFieldsMax), role: 0, firstRank: 0 };
}

type Rank = number | number[] | undefined;

/** A cached code that no rank went into (a string, a boolean, a size class). */
const notRanked = -2;

function sameRank(a: Rank, b: Rank): boolean {
  if (typeof a === 'number' || typeof b === 'number' || a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class StateAbstraction {
  /** The latest snapshot of each node, as handed out by inspect() (never mutated afterwards). */
  private readonly latest: (Record<string, unknown> | undefined)[];
  /**
   * Per node and field position, the last key and string value seen and their hashes: a
   * snapshot's shape and its strings (a role) rarely change, and comparing interned
   * strings by identity is cheaper than hashing them again.
   */
  private readonly keyNames: (string | undefined)[][];
  private readonly keyHashes: number[][];
  private readonly stringValues: (string | undefined)[][];
  private readonly stringHashes: number[][];
  /**
   * Ranks are the costly part (a comparison with every peer), and most fields of a new
   * snapshot did not move: per node and position the value ranked and its code, valid
   * while no node's value at that position changed since (`positionVersion`).
   */
  private readonly rankValues: Rank[][];
  private readonly rankCodes: number[][];
  private readonly rankVersions: number[][];
  private readonly positionVersion: number[] = [];
  /**
   * Per node and position, the raw value seen last and the code it got: a field whose
   * value is the very same (snapshots share unchanged parts) has the same code, unless it
   * is ranked and some node's value at that position moved since.
   */
  private readonly lastValues: unknown[][];
  private readonly lastCodes: (number | undefined)[][];
  /** The position version a ranked code was computed at; notRanked for any other code. */
  private readonly lastCodeVersions: number[][];

  constructor(private readonly nodeCount: number) {
    this.latest = new Array(nodeCount).fill(undefined);
    const perNode = <T>(): T[][] => Array.from({ length: nodeCount }, () => [] as T[]);
    this.keyNames = perNode();
    this.keyHashes = perNode();
    this.stringValues = perNode();
    this.stringHashes = perNode();
    this.rankValues = perNode();
    this.rankCodes = perNode();
    this.rankVersions = perNode();
    this.lastValues = perNode();
    this.lastCodes = perNode();
    this.lastCodeVersions = perNode();
  }

  snapshotOf(node: number): Record<string, unknown> | undefined {
    return this.latest[node];
  }

  /**
   * Abstracts `state` of `node` against its peers' latest snapshots into `out` (reused, so
   * an unchanged abstraction costs no allocation), and remembers the snapshot.
   */
  abstractInto(node: number, state: unknown, out: AbstractState): AbstractState {
    out.length = 0;
    out.role = 0;
    out.firstRank = 0;
    const names = this.keyNames[node] as (string | undefined)[];
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      this.latest[node] = undefined;
      this.forgetFrom(node, 0);
      return out;
    }
    const s = state as Record<string, unknown>;
    this.latest[node] = s;
    const hashes = this.keyHashes[node] as number[];
    const lastValues = this.lastValues[node] as unknown[];
    const lastCodes = this.lastCodes[node] as (number | undefined)[];
    const lastVersions = this.lastCodeVersions[node] as number[];
    let i = 0;
    for (const key in s) {
      if (i >= abstractFieldsMax) break;
      const value = s[key];
      let code: number | undefined;
      if (names[i] !== key) {
        // Another field at this position: what was cached for it means nothing now.
        this.forgetAt(node, i);
        names[i] = key;
        hashes[i] = hashString(key);
        lastCodes[i] = undefined;
      } else if (value === lastValues[i] && lastCodes[i] !== undefined) {
        const version = lastVersions[i] as number;
        if (version === notRanked || version === this.positionVersion[i]) code = lastCodes[i];
      }
      if (code === undefined) {
        code = this.code(node, i, key, value);
        if (code === undefined) continue;
        lastValues[i] = value;
        lastCodes[i] = code;
        lastVersions[i] = (this.rankValues[node] as Rank[])[i] === undefined ? notRanked : ((this.rankVersions[node] as number[])[i] as number);
      }
      out.keys[out.length] = hashes[i] as number;
      out.codes[out.length] = code;
      out.length++;
      if (key === 'role') out.role = code;
      if (out.firstRank === 0 && isRankCode(code)) out.firstRank = code;
      i++;
    }
    this.forgetFrom(node, i);
    return out;
  }

  private forgetAt(node: number, position: number): void {
    const values = this.rankValues[node] as Rank[];
    if (values[position] !== undefined) {
      values[position] = undefined;
      this.positionVersion[position] = (this.positionVersion[position] ?? 0) + 1;
    }
  }

  private forgetFrom(node: number, position: number): void {
    const names = this.keyNames[node] as (string | undefined)[];
    for (let p = position; p < names.length; p++) {
      this.forgetAt(node, p);
      names[p] = undefined;
    }
  }

  private code(node: number, position: number, key: string, value: unknown): number | undefined {
    if (typeof value === 'number') return this.rankCode(node, position, key, Number.isFinite(value) ? value : undefined);
    switch (typeof value) {
      case 'string': {
        this.forgetAt(node, position);
        const seen = this.stringValues[node] as (string | undefined)[];
        const hashes = this.stringHashes[node] as number[];
        if (seen[position] !== value) {
          seen[position] = value;
          hashes[position] = hashString(value);
        }
        return hashes[position] as number;
      }
      case 'boolean':
        this.forgetAt(node, position);
        return value ? codeTrue : codeFalse;
      case 'undefined':
      case 'function':
      case 'symbol':
      case 'bigint':
        return undefined;
      default:
        break;
    }
    if (value === null || Array.isArray(value)) {
      this.forgetAt(node, position);
      return value === null ? codeNull : codeArray + sizeClass(value.length);
    }
    const own = rankable(value);
    if (own === undefined) {
      this.forgetAt(node, position);
      return codeObject + sizeClass(Object.keys(value as object).length);
    }
    return this.rankCode(node, position, key, own);
  }

  /** Where `own` stands among the peers' latest values of `key` (cached while nothing there moved). */
  private rankCode(node: number, position: number, key: string, own: number[] | number | undefined): number | undefined {
    const values = this.rankValues[node] as Rank[];
    if (own === undefined) {
      this.forgetAt(node, position);
      return undefined;
    }
    if (!sameRank(values[position], own)) {
      values[position] = own;
      this.positionVersion[position] = (this.positionVersion[position] ?? 0) + 1;
    } else if ((this.rankVersions[node] as number[])[position] === this.positionVersion[position]) {
      return (this.rankCodes[node] as number[])[position] as number;
    }
    let above = 0;
    let level = 0;
    let below = 0;
    let cacheable = true;
    for (let peer = 0; peer < this.nodeCount; peer++) {
      if (peer === node) continue;
      // A peer's value at this position was ranked when its snapshot came; a peer whose
      // snapshot has another field here (another shape) is read by name, and then the
      // position's version does not cover it: no caching.
      let theirs: Rank;
      if ((this.keyNames[peer] as (string | undefined)[])[position] === key) theirs = (this.rankValues[peer] as Rank[])[position];
      else {
        const other = this.latest[peer];
        if (other === undefined) continue;
        cacheable = false;
        const raw = other[key];
        theirs = typeof raw === 'number' ? raw : rankable(raw);
      }
      if (theirs === undefined) continue;
      const c = typeof own === 'number' && typeof theirs === 'number' ? (own < theirs ? -1 : own > theirs ? 1 : 0) : compare(own, theirs);
      if (c > 0) above++;
      else if (c === 0) level++;
      else below++;
    }
    const zero = isZero(own) ? codeZero : 0;
    let code: number;
    if (above + level + below === 0) code = codeAlone + zero;
    else if (below === 0) code = (above > 0 && level === 0 ? codeAhead : codeLevel) + zero;
    else if (above === 0 && level === 0) code = codeBehindAll + zero;
    else code = codeBetween + zero;
    (this.rankCodes[node] as number[])[position] = code;
    (this.rankVersions[node] as number[])[position] = cacheable ? (this.positionVersion[position] as number) : -1;
    return code;
  }
}

/** Whether two abstract states are the same. */
export function sameAbstract(a: AbstractState, b: AbstractState): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a.codes[i] !== b.codes[i] || a.keys[i] !== b.keys[i]) return false;
  return true;
}

/**
 * One hash for a whole abstract state, without the size classes of arrays and objects: a
 * log four entries long and one of five are the same situation; the transitions between
 * size classes still count as features of their own.
 */
export function abstractHash(a: AbstractState): number {
  let h = 0x2f9b;
  for (let i = 0; i < a.length; i++) {
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
