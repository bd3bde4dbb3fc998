// A cheap, sound test for stale reads in a kv history, without a linearizability search:
// on a key written only by `put`s with distinct values, a `get` that returns v is stale
// when some put of another value w completed before the get was invoked, and the put of
// v had completed before the put of w was invoked (v -> w -> get in real time, so the
// get must not see v). The initial "" counts as written at -infinity. A put that did not
// complete is never the "newer" write. Catches leaders that serve reads without
// confirming leadership (MUTANTS.md M12); the full linearizability checker catches more.

import type { HistoryEvent } from '../history.ts';
import type { RunEnd, Violation } from '../types.ts';

interface Put {
  value: string;
  invokeMs: number;
  /** +Infinity when the put did not complete with ok. */
  okMs: number;
}

interface Read {
  value: string;
  invokeMs: number;
  okMs: number;
  process: number;
}

const checker = 'raft-stale-read';

export function findStaleReads(history: readonly HistoryEvent[], timeMs: number, reportsMax = 10): Violation[] {
  const invokes = new Map<string, HistoryEvent>();
  const puts = new Map<string, Put[]>();
  const reads = new Map<string, Read[]>();
  const unusable = new Set<string>();
  for (const e of history) {
    const id = e.requestId ?? `p${e.process}`;
    if (e.type === 'invoke') {
      invokes.set(id, e);
      if (e.key !== undefined && e.f !== 'get' && e.f !== 'put') unusable.add(e.key);
      if (e.f === 'put' && e.key !== undefined) {
        const list = puts.get(e.key) ?? [];
        list.push({ value: String(e.value), invokeMs: e.time, okMs: Number.POSITIVE_INFINITY });
        puts.set(e.key, list);
      }
      continue;
    }
    const inv = invokes.get(id);
    if (inv === undefined || inv.key === undefined || e.type !== 'ok') continue;
    if (inv.f === 'put') {
      const put = (puts.get(inv.key) ?? []).find((p) => p.invokeMs === inv.time && p.value === String(inv.value) && p.okMs === Number.POSITIVE_INFINITY);
      if (put) put.okMs = e.time;
    } else if (inv.f === 'get') {
      const list = reads.get(inv.key) ?? [];
      list.push({ value: String(e.value ?? ''), invokeMs: inv.time, okMs: e.time, process: e.process });
      reads.set(inv.key, list);
    }
  }
  const out: Violation[] = [];
  for (const [key, keyReads] of reads) {
    if (unusable.has(key)) continue;
    const keyPuts = puts.get(key) ?? [];
    const byValue = new Map<string, Put>();
    let distinct = true;
    for (const p of keyPuts) {
      if (byValue.has(p.value) || p.value === '') distinct = false;
      byValue.set(p.value, p);
    }
    if (!distinct) continue;
    for (const r of keyReads) {
      const written = r.value === '' ? Number.NEGATIVE_INFINITY : byValue.get(r.value)?.okMs;
      if (written === undefined) continue; // A value nobody wrote: validity, not staleness.
      const newer = keyPuts.find((w) => w.value !== r.value && w.invokeMs > written && w.okMs < r.invokeMs);
      if (newer === undefined) continue;
      out.push({
        checker,
        timeMs: r.okMs,
        message: `stale read on key ${JSON.stringify(key)}: a get invoked at t=${r.invokeMs} ms returned ${JSON.stringify(r.value)}, but put ${JSON.stringify(newer.value)} had completed at t=${newer.okMs} ms, after that value was written`,
        details: { key, read: r, newer },
      });
      if (out.length >= reportsMax) return out;
    }
  }
  void timeMs;
  return out;
}

export function staleReadsAtEnd(end: RunEnd): Violation[] {
  return findStaleReads(end.history, end.timeMs);
}
