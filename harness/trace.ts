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

  foldInt(x: number): void {
    // Fold all 32 bits of x (and the high part for values beyond 32 bits).
    let v = x | 0;
    let hi = Math.floor(x / 4294967296) | 0;
    for (let k = 0; k < 4; k++) {
      const byte = v & 0xff;
      this.a = Math.imul(this.a ^ byte, FNV_PRIME);
      this.b = Math.imul(this.b ^ (byte ^ 0x5c), 0x01000197);
      v >>>= 8;
    }
    if (hi !== 0) {
      this.a = Math.imul(this.a ^ (hi & 0xffff), FNV_PRIME);
      this.b = Math.imul(this.b ^ (hi >>> 16), 0x01000197);
      hi = 0;
    }
  }

  foldStr(s: string): void {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, FNV_PRIME);
      b = Math.imul(b ^ (c + 0x9e), 0x01000197);
    }
    // Length separates "ab"+"c" from "a"+"bc".
    this.a = Math.imul(a ^ s.length, FNV_PRIME);
    this.b = Math.imul(b ^ (s.length + 1), 0x01000197);
  }

  digest(): string {
    return (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0');
  }
}
