// Proves the event queue pops in (time, insertion) order, including ties, against a
// sorted reference over random pushes.
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../harness/event-queue.ts';
import { Rng } from '../../harness/rng.ts';
import { seedFromEnv } from '../support/seed.ts';

describe('EventQueue', () => {
  it('orders by time and breaks ties by insertion order', () => {
    const rng = new Rng(seedFromEnv(1));
    const q = new EventQueue<number>();
    const pushed: { t: number; i: number }[] = [];
    for (let i = 0; i < 5000; i++) {
      const t = rng.int(50);
      q.push(t, i);
      pushed.push({ t, i });
    }
    const expected = pushed.slice().sort((a, b) => a.t - b.t || a.i - b.i).map((x) => x.i);
    const got: number[] = [];
    for (let t = q.peekTime(); t !== undefined; t = q.peekTime()) {
      const before = got.length === 0 ? 0 : (pushed[got[got.length - 1] as number] as { t: number }).t;
      expect(t).toBeGreaterThanOrEqual(before);
      got.push(q.pop() as number);
    }
    expect(q.pop()).toBeUndefined();
    expect(got).toEqual(expected);
  });

  it('rejects negative and fractional times', () => {
    const q = new EventQueue<string>();
    expect(() => q.push(-1, 'x')).toThrow();
    expect(() => q.push(1.5, 'x')).toThrow();
  });
});
