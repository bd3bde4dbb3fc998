// The simulator's agenda: a binary min-heap of events ordered by (virtual time, sequence
// number). The sequence number breaks ties in insertion order, so two events at the same
// millisecond always run in the same order. Times, sequence numbers and events live in
// three parallel arrays, so a push allocates nothing beyond the event itself.

import { AssertionError } from './assert.ts';

export class EventQueue<E> {
  private readonly times: number[] = [];
  private readonly seqs: number[] = [];
  private readonly events: E[] = [];
  private seqNext = 0;

  get size(): number {
    return this.events.length;
  }

  push(timeMs: number, event: E): void {
    if (!(Number.isInteger(timeMs) && timeMs >= 0)) throw new AssertionError(`event time must be a non-negative integer, got ${timeMs}`);
    const seq = this.seqNext++;
    const { times, seqs, events } = this;
    let i = events.length;
    times.push(timeMs);
    seqs.push(seq);
    events.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < timeMs || (pt === timeMs && (seqs[parent] as number) < seq)) break;
      times[i] = pt;
      seqs[i] = seqs[parent] as number;
      events[i] = events[parent] as E;
      i = parent;
    }
    times[i] = timeMs;
    seqs[i] = seq;
    events[i] = event;
  }

  /** The time of the next event, undefined when empty. */
  peekTime(): number | undefined {
    return this.times[0];
  }

  /** Removes and returns the next event (read its time with peekTime() first). */
  pop(): E | undefined {
    const { times, seqs, events } = this;
    const top = events[0];
    if (events.length === 0) return undefined;
    const lastTime = times.pop() as number;
    const lastSeq = seqs.pop() as number;
    const last = events.pop() as E;
    const n = events.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        let ct = times[l] as number;
        let cs = seqs[l] as number;
        if (r < n) {
          const rt = times[r] as number;
          const rs = seqs[r] as number;
          if (rt < ct || (rt === ct && rs < cs)) {
            c = r;
            ct = rt;
            cs = rs;
          }
        }
        if (lastTime < ct || (lastTime === ct && lastSeq < cs)) break;
        times[i] = ct;
        seqs[i] = cs;
        events[i] = events[c] as E;
        i = c;
      }
      times[i] = lastTime;
      seqs[i] = lastSeq;
      events[i] = last;
    }
    return top;
  }
}
