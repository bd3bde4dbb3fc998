// The simulator's agenda: a binary min-heap of events ordered by (virtual time, sequence
// number). The sequence number breaks ties in insertion order, so two events at the same
// millisecond always run in the same order.

import { AssertionError, assert } from './assert.ts';

export interface Scheduled<E> {
  timeMs: number;
  seq: number;
  event: E;
}

export class EventQueue<E> {
  private heap: Scheduled<E>[] = [];
  private seqNext = 0;

  get size(): number {
    return this.heap.length;
  }

  push(timeMs: number, event: E): Scheduled<E> {
    if (!(Number.isInteger(timeMs) && timeMs >= 0)) throw new AssertionError(`event time must be a non-negative integer, got ${timeMs}`);
    const item: Scheduled<E> = { timeMs, seq: this.seqNext++, event };
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Scheduled<E>;
      if (p.timeMs < timeMs || (p.timeMs === timeMs && p.seq < item.seq)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = item;
    return item;
  }

  peekTime(): number | undefined {
    return this.heap[0]?.timeMs;
  }

  pop(): Scheduled<E> | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop() as Scheduled<E>;
    const n = heap.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        let cItem = heap[l] as Scheduled<E>;
        if (r < n) {
          const rItem = heap[r] as Scheduled<E>;
          if (rItem.timeMs < cItem.timeMs || (rItem.timeMs === cItem.timeMs && rItem.seq < cItem.seq)) {
            c = r;
            cItem = rItem;
          }
        }
        if (last.timeMs < cItem.timeMs || (last.timeMs === cItem.timeMs && last.seq < cItem.seq)) break;
        heap[i] = cItem;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }
}
