// The trace → the message table (one row per message or duplicated copy: from, to, sent,
// delivered or dropped, why) and node-local events (timers, client requests and replies,
// crashes, applies). A run that sent more than the table holds keeps the stretch of time
// around the first violation, because that is where a reader looks.

import type { TraceEvent } from '../trace.ts';
import type { NodeId } from '../types.ts';
import type { LocalEventKind, LocalEventTable, MessageFate, MessageTable } from './types.ts';
import { shortJson, shortValue } from './truncate.ts';

/** Messages (and duplicated copies) a report holds; a 60 s Paxos run sends ~25 000. */
export const reportMessagesMax = 30_000;
/** Node-local events a report holds. */
export const reportLocalEventsMax = 30_000;
/** Characters of one message body. */
export const messageBodyCharsMax = 100;

interface Row {
  from: NodeId;
  to: NodeId;
  sendMs: number;
  endMs: number;
  fate: MessageFate;
  msg: unknown;
  copyOf: number;
  reason: string;
}

function messageType(msg: unknown): string {
  if (msg !== null && typeof msg === 'object' && typeof (msg as { type?: unknown }).type === 'string') return (msg as { type: string }).type;
  return typeof msg;
}

function localText(e: TraceEvent): string {
  switch (e.type) {
    case 'timer':
      return e.name;
    case 'request':
      return `${e.requestId} ${shortValue(e.op, 60)}`;
    case 'reply':
      return `${e.requestId} → ${shortValue(e.result, 60)}`;
    case 'client_drop':
      return `${e.requestId} ${e.direction} lost`;
    case 'apply':
      return `#${e.index} ${shortValue(e.command, 60)}`;
    case 'snapshot':
      return `snapshot through #${e.index}`;
    case 'log':
      return e.text.length > 100 ? `${e.text.slice(0, 100)}…` : e.text;
    case 'drift':
      return `clock x${e.factor}`;
    default:
      return e.type;
  }
}

const localKinds: ReadonlySet<string> = new Set<LocalEventKind>(['timer', 'request', 'reply', 'client_drop', 'crash', 'restart', 'pause', 'resume', 'disconnect', 'connect', 'apply', 'snapshot', 'log', 'drift']);

/** The index range [first, first + count) of `times` (ascending) centred on `focusMs`. */
function windowAround(times: readonly number[], count: number, focusMs: number): [number, number] {
  if (times.length <= count) return [0, times.length];
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) < focusMs) lo = mid + 1;
    else hi = mid;
  }
  const first = Math.max(0, Math.min(times.length - count, lo - Math.floor(count / 2)));
  return [first, first + count];
}

export interface TraceTables {
  messages: MessageTable;
  events: LocalEventTable;
  notes: string[];
}

export function traceTables(trace: readonly TraceEvent[], focusMs: number): TraceTables {
  const rows: Row[] = [];
  const rowOf = new Map<number, number>();
  const local: { node: NodeId; timeMs: number; kind: LocalEventKind; event: TraceEvent }[] = [];
  for (const e of trace) {
    switch (e.type) {
      case 'send':
        rowOf.set(e.msgId, rows.length);
        rows.push({ from: e.from, to: e.to, sendMs: e.timeMs, endMs: -1, fate: 'in_flight', msg: e.msg, copyOf: -1, reason: '' });
        break;
      case 'duplicate': {
        const original = rowOf.get(e.msgId);
        rowOf.set(e.copyId, rows.length);
        rows.push({ from: e.from, to: e.to, sendMs: e.timeMs, endMs: -1, fate: 'in_flight', msg: original === undefined ? undefined : rows[original]?.msg, copyOf: original ?? -1, reason: '' });
        break;
      }
      case 'deliver': {
        const row = rows[rowOf.get(e.msgId) ?? -1];
        if (row !== undefined) {
          row.endMs = e.timeMs;
          row.fate = 'delivered';
        }
        break;
      }
      case 'drop': {
        const row = rows[rowOf.get(e.msgId) ?? -1];
        if (row !== undefined) {
          row.endMs = e.timeMs;
          row.fate = 'dropped';
          row.reason = e.reason;
        }
        break;
      }
      default:
        if ('node' in e && localKinds.has(e.type)) local.push({ node: e.node, timeMs: e.timeMs, kind: e.type as LocalEventKind, event: e });
    }
  }
  const notes: string[] = [];
  const [first, end] = windowAround(
    rows.map((r) => r.sendMs),
    reportMessagesMax,
    focusMs,
  );
  const kept = rows.slice(first, end);
  if (kept.length < rows.length) {
    notes.push(`messages: the run sent ${rows.length}; the report keeps ${kept.length}, sent between ${kept[0]?.sendMs ?? 0} and ${kept[kept.length - 1]?.sendMs ?? 0} ms (around the first violation)`);
  }
  const types: string[] = [];
  const typeIndex = new Map<string, number>();
  const messages: MessageTable = { from: [], to: [], sendMs: [], endMs: [], fate: [], type: [], types, copyOf: [], reason: [], body: [], total: rows.length };
  for (const r of kept) {
    const t = messageType(r.msg);
    let ti = typeIndex.get(t);
    if (ti === undefined) {
      ti = types.length;
      types.push(t);
      typeIndex.set(t, ti);
    }
    const copyOf = r.copyOf >= first && r.copyOf < end ? r.copyOf - first : -1;
    messages.from.push(r.from);
    messages.to.push(r.to);
    messages.sendMs.push(r.sendMs);
    messages.endMs.push(r.endMs);
    messages.fate.push(r.fate);
    messages.type.push(ti);
    messages.copyOf.push(copyOf);
    messages.reason.push(r.reason);
    // A copy's body is its original's: stored once.
    messages.body.push(copyOf >= 0 ? '' : shortJson(r.msg, messageBodyCharsMax));
  }
  const [lfirst, lend] = windowAround(
    local.map((l) => l.timeMs),
    reportLocalEventsMax,
    focusMs,
  );
  const keptLocal = local.slice(lfirst, lend);
  if (keptLocal.length < local.length) notes.push(`node events: the run had ${local.length}; the report keeps ${keptLocal.length} around the first violation`);
  const events: LocalEventTable = { node: [], timeMs: [], kind: [], text: [], total: local.length };
  for (const l of keptLocal) {
    events.node.push(l.node);
    events.timeMs.push(l.timeMs);
    events.kind.push(l.kind);
    events.text.push(localText(l.event));
  }
  return { messages, events, notes };
}
