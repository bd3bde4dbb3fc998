// Proves the trace hasher's digest is its two lanes written as 16 lowercase hex digits
// (the format records and reports quote), for any lanes, including the extremes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TraceHasher } from '../../harness/trace.ts';

function expectedHex(h: TraceHasher): string {
  const { a, b } = h.lanes();
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

describe('TraceHasher.digest', () => {
  it('is the two lanes as 16 lowercase hex digits', () => {
    expect(new TraceHasher().digest()).toBe('811c9dc52545f491');
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.string())), (items) => {
        const h = new TraceHasher();
        for (const item of items) {
          if (typeof item === 'string') h.foldStr(item);
          else h.foldInt(item);
        }
        expect(h.digest()).toBe(expectedHex(h));
        expect(h.digest()).toMatch(/^[0-9a-f]{16}$/);
      }),
    );
  });
});
