// The replicated-state-machine checker, for any algorithm that reports applies through
// `ctx.apply`: agreement (no two applies of different commands at one index, on any nodes,
// in any incarnations), gap-free in-order application per incarnation (snapshots may jump
// forward, never back), validity (every applied client command was submitted, with the op
// the client sent) and exactly-once (a request takes effect at one index only).

import { dataText, sameData } from './plain-data.ts';
import type { Checker, CheckerInstance, NodeId, Observation, RunEnd, Violation } from './types.ts';

const name = 'rsm';

/** The client request id a command carries: `command.request.id` or `command.id`. */
export function requestOf(command: unknown): { id: string; op: unknown } | undefined {
  if (command === null || typeof command !== 'object') return undefined;
  const c = command as { request?: { id?: unknown; op?: unknown }; id?: unknown; op?: unknown };
  if (c.request && typeof c.request.id === 'string') return { id: c.request.id, op: c.request.op };
  if (typeof c.id === 'string' && 'op' in c) return { id: c.id, op: c.op };
  return undefined;
}

interface NodeCursor {
  incarnation: number;
  /** Last index applied (or covered by a snapshot) in this incarnation; undefined before any. */
  last: number | undefined;
}

class RsmInstance implements CheckerInstance {
  /** index → the first command applied there (its key, and the command for messages), and by whom. */
  private readonly atIndex = new Map<number, { key: string; command: unknown; node: NodeId; timeMs: number }>();
  /** request id → the index where it took effect. */
  private readonly effectIndex = new Map<string, { index: number; node: NodeId }>();
  private readonly cursors = new Map<NodeId, NodeCursor>();
  private readonly applies: { node: NodeId; id: string; op: unknown; index: number; timeMs: number }[] = [];

  observe(obs: Observation): Violation[] | undefined {
    switch (obs.type) {
      case 'restart':
        this.cursors.set(obs.node, { incarnation: obs.incarnation, last: undefined });
        return undefined;
      case 'snapshot': {
        const cursor = this.cursor(obs.node, obs.incarnation);
        const out: Violation[] = [];
        if (cursor.last !== undefined && obs.index < cursor.last) {
          out.push({ checker: name, timeMs: obs.timeMs, nodes: [obs.node], message: `node ${obs.node} installed a snapshot at index ${obs.index} after applying up to ${cursor.last}: its state machine went backwards` });
        }
        cursor.last = Math.max(cursor.last ?? 0, obs.index);
        return out;
      }
      case 'apply':
        return this.onApply(obs);
      default:
        return undefined;
    }
  }

  private cursor(node: NodeId, incarnation: number): NodeCursor {
    let cursor = this.cursors.get(node);
    if (cursor === undefined || cursor.incarnation !== incarnation) {
      cursor = { incarnation, last: undefined };
      this.cursors.set(node, cursor);
    }
    return cursor;
  }

  private onApply(obs: Extract<Observation, { type: 'apply' }>): Violation[] {
    const out: Violation[] = [];
    const { node, index, timeMs } = obs;
    const cursor = this.cursor(node, obs.incarnation);
    const expected = (cursor.last ?? 0) + 1;
    if (index !== expected) {
      out.push({
        checker: name,
        timeMs,
        nodes: [node],
        message: `node ${node} applied index ${index} but the next in order was ${expected} (${index > expected ? 'a gap' : 'a repeat or rollback'})`,
        details: { index, expected },
      });
    }
    cursor.last = Math.max(cursor.last ?? 0, index);
    const first = this.atIndex.get(index);
    if (first === undefined) {
      this.atIndex.set(index, { key: obs.commandKey, command: obs.command, node, timeMs });
    } else if (first.key !== obs.commandKey) {
      const [was, now] = [dataText(first.command), dataText(obs.command)];
      out.push({
        checker: name,
        timeMs,
        nodes: first.node === node ? [node] : [first.node, node],
        message: `${first.node === node ? `node ${node} applied, in two incarnations,` : `nodes ${first.node} and ${node} applied`} different commands at index ${index}: ${abbreviate(was)} vs ${abbreviate(now)}`,
        details: { index, first: was, second: now },
      });
    }
    const request = requestOf(obs.command);
    if (request !== undefined) {
      this.applies.push({ node, id: request.id, op: request.op, index, timeMs });
      if (obs.effect === 'applied') {
        const seen = this.effectIndex.get(request.id);
        if (seen === undefined) this.effectIndex.set(request.id, { index, node });
        else if (seen.index !== index) {
          out.push({
            checker: name,
            timeMs,
            nodes: seen.node === node ? [node] : [seen.node, node],
            message: `request ${request.id} took effect twice: at index ${seen.index} (node ${seen.node}) and at index ${index} (node ${node})`,
            details: { requestId: request.id, indices: [seen.index, index] },
          });
        }
      }
    }
    return out;
  }

  finish(end: RunEnd): Violation[] {
    const out: Violation[] = [];
    const reported = new Set<string>();
    /** request id → an applied op already found to match what the client sent. */
    const matched = new Map<string, unknown>();
    for (const a of this.applies) {
      if (reported.has(a.id)) continue;
      const op = end.submitted.get(a.id);
      if (op === undefined && !end.submitted.has(a.id)) {
        reported.add(a.id);
        out.push({ checker: name, timeMs: a.timeMs, nodes: [a.node], message: `node ${a.node} applied request ${a.id} at index ${a.index}, which no client submitted` });
        continue;
      }
      // Every node applies the same op: equal data to one already matched needs no encoding.
      if (matched.has(a.id) && sameData(matched.get(a.id), a.op)) continue;
      if (dataText(op) !== dataText(a.op)) {
        reported.add(a.id);
        out.push({ checker: name, timeMs: a.timeMs, nodes: [a.node], message: `node ${a.node} applied request ${a.id} at index ${a.index} with op ${abbreviate(dataText(a.op))}, but the client sent ${abbreviate(dataText(op))}` });
      } else {
        matched.set(a.id, a.op);
      }
    }
    return out;
  }
}

function abbreviate(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

export const rsmChecker: Checker = {
  name,
  describe: 'replicated state machine safety: agreement per index, gap-free in-order apply, validity, exactly-once',
  observes: ['restart', 'snapshot', 'apply'],
  create: () => new RsmInstance(),
};
