// The trace: every simulator event folded into a running 64-bit hash (two FNV-1a lanes
// over the event's fields), and optionally kept in full for reports and replay diffs.
// Two runs with the same hash took the same steps in the same order with the same data.

import type { NodeId } from '../checkers/types.ts';

export type TraceEvent =
  | { type: 'send'; timeMs: number; msgId: number; from: NodeId; to: NodeId; msg: unknown; bytes: number }
  | { type: 'deliver'; timeMs: number; msgId: number; from: NodeId; to: NodeId }
  | { type: 'drop'; timeMs: number; msgId: number; from: NodeId; to: NodeId; reason: DropReason }
  | { type: 'duplicate'; timeMs: number; msgId: number; copyId: number; from: NodeId; to: NodeId }
  | { type: 'timer'; timeMs: number; node: NodeId; name: string }
  | { type: 'crash'; timeMs: number; node: NodeId }
  | { type: 'restart'; timeMs: number; node: NodeId }
  | { type: 'pause'; timeMs: number; node: NodeId }
  | { type: 'resume'; timeMs: number; node: NodeId }
  | { type: 'disconnect'; timeMs: number; node: NodeId }
  | { type: 'connect'; timeMs: number; node: NodeId }
  | { type: 'partition'; timeMs: number; description: string }
  | { type: 'heal'; timeMs: number }
  | { type: 'network'; timeMs: number; description: string }
  | { type: 'drift'; timeMs: number; node: NodeId; factor: number }
  | { type: 'request'; timeMs: number; node: NodeId; requestId: string; client: number; op: unknown }
  | { type: 'reply'; timeMs: number; node: NodeId; requestId: string; result: unknown }
  | { type: 'client_drop'; timeMs: number; node: NodeId; requestId: string; direction: 'request' | 'reply' }
  | { type: 'apply'; timeMs: number; node: NodeId; index: number; command: unknown }
  | { type: 'snapshot'; timeMs: number; node: NodeId; index: number }
  | { type: 'log'; timeMs: number; node: NodeId; text: string }
  | { type: 'fault'; timeMs: number; description: string };

export type DropReason = 'loss' | 'partition' | 'crashed' | 'disconnected' | 'queue_full';

const FNV_PRIME = 0x01000193;

/** A running hash; `fold*` calls must happen in simulation order. */
export class TraceHasher {
  private a = 0x811c9dc5 | 0;
  private b = 0x2545f491 | 0;

  /** A hasher that continues from two lanes another one wrote (a run's thread died mid-way). */
  static fromLanes(a: number, b: number): TraceHasher {
    const h = new TraceHasher();
    h.a = a | 0;
    h.b = b | 0;
    return h;
  }

  /** Writes the two lanes at `target[offset]` and `target[offset + 1]`. */
  writeLanes(target: Int32Array, offset: number): void {
    target[offset] = this.a;
    target[offset + 1] = this.b;
  }

  foldInt(x: number): void {
    // One multiply-xorshift round per lane per integer (murmur3-style mixing); values
    // beyond 32 bits fold their high part too.
    const lo = x | 0;
    let a = Math.imul(this.a ^ lo, 0xcc9e2d51);
    a ^= a >>> 15;
    this.a = Math.imul(a, FNV_PRIME);
    this.b = (Math.imul(this.b ^ a, 0x1b873593) + (x - lo === 0 ? 0 : Math.floor(x / 4294967296) | 0)) | 0;
  }

  foldStr(s: string): void {
    // Lane a is FNV-1a; lane b accumulates lane a (Fletcher-style), which costs no second
    // multiply per character and still depends on order and content.
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < s.length; i++) {
      a = Math.imul(a ^ s.charCodeAt(i), FNV_PRIME);
      b = (b + a) | 0;
    }
    // Length separates "ab"+"c" from "a"+"bc".
    this.a = Math.imul(a ^ s.length, FNV_PRIME);
    this.b = Math.imul(b ^ (s.length + 1), 0x01000197);
  }

  /** The two 32-bit lanes, for folding one hash into another as two integers. */
  lanes(): { a: number; b: number } {
    return { a: this.a, b: this.b };
  }

  /** The two lanes as 16 lowercase hex digits. */
  digest(): string {
    // One fromCharCode call instead of toString(16) + padStart per lane: every applied
    // command gets a digest (wireDigest), and Number#toString(16) took 7x longer.
    const a = this.a;
    const b = this.b;
    return String.fromCharCode(
      hexDigit(a >>> 28), hexDigit((a >>> 24) & 15), hexDigit((a >>> 20) & 15), hexDigit((a >>> 16) & 15),
      hexDigit((a >>> 12) & 15), hexDigit((a >>> 8) & 15), hexDigit((a >>> 4) & 15), hexDigit(a & 15),
      hexDigit(b >>> 28), hexDigit((b >>> 24) & 15), hexDigit((b >>> 20) & 15), hexDigit((b >>> 16) & 15),
      hexDigit((b >>> 12) & 15), hexDigit((b >>> 8) & 15), hexDigit((b >>> 4) & 15), hexDigit(b & 15),
    );
  }
}

/** The char code of hex digit `n` (0..15): '0'..'9', 'a'..'f'. */
function hexDigit(n: number): number {
  return n < 10 ? 48 + n : 87 + n;
}
