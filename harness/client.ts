// The generic client: turns `submit(op)` into requests that cross the simulated network,
// follows `not_leader` hints, retries a timed-out request (same id) on another node a
// bounded number of times, and records the Jepsen-style history. A process whose
// operation ended in `info` is retired and a fresh process (and client id) replaces it,
// as in Jepsen: the outcome of its last operation is unknown forever.

import { AssertionError, assert } from './assert.ts';
import type { ClientRequest, ClientResult, HistoryEvent, NodeId } from './types.ts';

export type OpStatus = 'pending' | 'ok' | 'fail' | 'info';

/** What `sim.submit` returns; it updates as the simulation runs. */
export interface OpHandle {
  readonly id: string;
  readonly process: number;
  readonly op: unknown;
  readonly invokeMs: number;
  status: OpStatus;
  /** The node's result for ok/fail; undefined while pending or after info. */
  result: ClientResult | undefined;
  completeMs: number | undefined;
  attempts: number;
}

export interface ClientOptions {
  /** How long the client waits for a reply before retrying on another node. */
  requestTimeoutMs: number;
  /** Unanswered sends (each waited `requestTimeoutMs`) of one operation before it is recorded as `info`. */
  attemptsMax: number;
  /** Pause before retrying after a `not_leader` reply that names no leader. */
  notLeaderBackoffMs: number;
}

export const defaultClientOptions: ClientOptions = { requestTimeoutMs: 1000, attemptsMax: 20, notLeaderBackoffMs: 50 };

/** What the client needs from the simulation. */
export interface ClientTransport {
  nowMs(): number;
  nodeCount: number;
  /** Sends `req` to `node` over the network (it may be lost or cut off). */
  sendRequest(node: NodeId, req: ClientRequest, attempt: number): void;
  /** Calls `onTimeout(requestId, attempt)` after `ms`. */
  scheduleTimeout(requestId: string, attempt: number, ms: number): void;
  /** Calls `retry(requestId, attempt)` after `ms`. */
  scheduleRetry(requestId: string, attempt: number, ms: number): void;
}

interface PendingOp {
  handle: OpHandle;
  /** Called once the operation completes (ok, fail or info), after the history records it. */
  onComplete: ((handle: OpHandle) => void) | undefined;
  request: ClientRequest;
  /** The node the current attempt went to. */
  node: NodeId;
  /** Sends so far (numbers the attempts, so a stale timeout or retry is recognised). */
  attempt: number;
  /** Sends that went unanswered until the timeout; `attemptsMax` of them end in `info`. */
  timeouts: number;
  /** `not_leader` answers so far; `notLeaderBouncesMax` of them end in `info`. */
  bounces: number;
  /** Nodes that answered `not_leader` for this op, and when: recent refusals are skipped. */
  refused: Map<NodeId, number>;
}

/**
 * How long a node's `not_leader` keeps the op away from it. Long enough to break a cycle of
 * stale hints (two nodes pointing at each other), short enough that a node which refused
 * as a follower is tried again once it may have been elected.
 */
export const refusalMemoryMs = 500;

/**
 * `not_leader` answers one operation may get before it is recorded as `info`. They are
 * counted apart from timeouts: during an election every node may refuse for a while, and
 * a client that spent its whole timeout budget on quick refusals would give up on a
 * cluster that is about to work again.
 */
export const notLeaderBouncesMax = 200;

interface ProcessState {
  id: number;
  busy: boolean;
  seq: number;
  /** The node this process talks to first (its "connection"). */
  preferredNode: NodeId;
}

/** Describes an op for the history: f, key, value, expected for kv-shaped ops. */
function historyFields(op: unknown): Pick<HistoryEvent, 'f'> & Partial<HistoryEvent> {
  if (op !== null && typeof op === 'object' && typeof (op as { f?: unknown }).f === 'string') {
    const o = op as { f: string; key?: unknown; value?: unknown; expected?: unknown };
    const fields: Pick<HistoryEvent, 'f'> & Partial<HistoryEvent> = { f: o.f };
    if (o.key !== undefined) fields.key = String(o.key);
    if (o.value !== undefined) fields.value = o.value;
    if (o.expected !== undefined) fields.expected = o.expected;
    return fields;
  }
  return { f: 'op', value: op };
}

export class ClientDriver {
  readonly history: HistoryEvent[] = [];
  readonly handles: OpHandle[] = [];
  private readonly pending = new Map<string, PendingOp>();
  private readonly processes: ProcessState[] = [];
  private processIdNext = 0;
  private opCount = 0;
  readonly submitted = new Map<string, unknown>();

  constructor(
    private readonly transport: ClientTransport,
    private readonly options: ClientOptions,
  ) {
    assert(options.attemptsMax >= 1, 'client attemptsMax must be >= 1');
    assert(options.requestTimeoutMs >= 1, 'client requestTimeoutMs must be >= 1');
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Starts one operation on an idle process (a new one if all are busy). */
  submit(op: unknown, node: NodeId | undefined, processHint?: number, onComplete?: (handle: OpHandle) => void): OpHandle {
    const process = this.idleProcess(processHint);
    process.busy = true;
    process.seq++;
    const id = `c${process.id}-${process.seq}`;
    const target = node ?? process.preferredNode;
    if (!(Number.isInteger(target) && target >= 0 && target < this.transport.nodeCount)) throw new AssertionError(`submit: no node ${target}`);
    const now = this.transport.nowMs();
    const handle: OpHandle = { id, process: process.id, op, invokeMs: now, status: 'pending', result: undefined, completeMs: undefined, attempts: 0 };
    const request: ClientRequest = { id, client: process.id, seq: process.seq, op };
    this.opCount++;
    this.handles.push(handle);
    this.submitted.set(id, op);
    this.pending.set(id, { handle, onComplete, request, node: target, attempt: 0, timeouts: 0, bounces: 0, refused: new Map() });
    this.history.push({ type: 'invoke', process: process.id, time: now, ...historyFields(op), requestId: id });
    this.send(id);
    return handle;
  }

  /** A reply from `node` arrived at the client. */
  onReply(node: NodeId, requestId: string, result: ClientResult): void {
    const p = this.pending.get(requestId);
    if (p === undefined) return; // Already completed or given up: a late or repeated reply.
    switch (result.type) {
      case 'ok':
      case 'fail':
        this.complete(p, result.type, result);
        return;
      case 'not_leader': {
        // Only the node of the current attempt can redirect it; a late refusal of an
        // earlier attempt says nothing about where the op is now.
        if (node !== p.node) return;
        p.bounces++;
        const now = this.transport.nowMs();
        p.refused.set(node, now);
        const n = this.transport.nodeCount;
        const refusedRecently = (id: NodeId): boolean => {
          const at = p.refused.get(id);
          return at !== undefined && now - at < refusalMemoryMs;
        };
        const hint = result.leaderHint;
        // A hint is followed unless it names a node that just refused this op: stale hints
        // (two nodes pointing at each other) must not trap it in a cycle.
        if (hint !== undefined && Number.isInteger(hint) && hint >= 0 && hint < n && !refusedRecently(hint)) {
          p.node = hint;
          this.rememberNode(p, hint);
          this.send(requestId);
          return;
        }
        let next = (node + 1) % n;
        for (let k = 0; k < n && refusedRecently(next); k++) next = (next + 1) % n;
        p.node = next;
        this.transport.scheduleRetry(requestId, p.attempt, this.options.notLeaderBackoffMs);
        return;
      }
      default:
        // An unknown reply shape is the implementation's mistake; treat it as no answer.
        return;
    }
  }

  /** Every pending operation starts its retry budget over (timeouts and refusals counted from now). */
  renewBudgets(): void {
    for (const p of this.pending.values()) {
      p.timeouts = 0;
      p.bounces = 0;
      p.refused.clear();
    }
  }

  /** The retry scheduled after a hint-less not_leader fires. */
  onRetry(requestId: string, attempt: number): void {
    const p = this.pending.get(requestId);
    if (p === undefined || p.attempt !== attempt) return;
    this.send(requestId);
  }

  onTimeout(requestId: string, attempt: number): void {
    const p = this.pending.get(requestId);
    if (p === undefined || p.attempt !== attempt) return; // A newer attempt is under way.
    p.timeouts++;
    p.node = (p.node + 1) % this.transport.nodeCount;
    this.send(requestId);
  }

  private send(requestId: string): void {
    const p = this.pending.get(requestId);
    if (p === undefined) throw new AssertionError(`client: no pending op ${requestId}`);
    if (p.timeouts >= this.options.attemptsMax || p.bounces >= notLeaderBouncesMax) {
      this.complete(p, 'info', undefined);
      return;
    }
    p.attempt++;
    p.handle.attempts = p.attempt;
    this.transport.sendRequest(p.node, p.request, p.attempt);
    this.transport.scheduleTimeout(requestId, p.attempt, this.options.requestTimeoutMs);
  }

  private complete(p: PendingOp, status: 'ok' | 'fail' | 'info', result: ClientResult | undefined): void {
    const now = this.transport.nowMs();
    this.pending.delete(p.handle.id);
    p.handle.status = status;
    p.handle.result = result;
    p.handle.completeMs = now;
    const process = this.processes.find((s) => s.id === p.handle.process);
    assert(process !== undefined, 'client: unknown process');
    const event: HistoryEvent = { type: status, process: process.id, time: now, ...historyFields(p.request.op), requestId: p.handle.id };
    if (status === 'ok' && result?.type === 'ok') {
      // Reads complete with what they read; writes keep their input value (Jepsen style).
      const isRead = event.f === 'get' || event.f === 'read' || event.f === 'op';
      if (isRead) {
        if (result.value === undefined) delete event.value;
        else event.value = result.value;
      }
    } else if (event.f === 'get') {
      delete event.value;
    }
    if (status === 'fail' && result?.type === 'fail') event.error = result.error;
    if (status === 'info') event.error = 'timeout';
    this.history.push(event);
    if (status === 'info') {
      // Jepsen: the process's last operation may still take effect; retire it.
      const index = this.processes.indexOf(process);
      this.processes[index] = { id: this.processIdNext++, busy: false, seq: 0, preferredNode: process.preferredNode };
    } else {
      process.busy = false;
      this.rememberNode(p, p.node);
    }
    p.onComplete?.(p.handle);
  }

  private rememberNode(p: PendingOp, node: NodeId): void {
    const process = this.processes.find((s) => s.id === p.handle.process);
    if (process) process.preferredNode = node;
  }

  private idleProcess(processHint: number | undefined): ProcessState {
    if (processHint !== undefined) {
      // A workload slot: slot k is the k-th process position (retired processes replaced in place).
      while (this.processes.length <= processHint) {
        this.processes.push({ id: this.processIdNext++, busy: false, seq: 0, preferredNode: this.processes.length % this.transport.nodeCount });
      }
      const slot = this.processes[processHint] as ProcessState;
      if (slot.busy) throw new AssertionError(`submit: process slot ${processHint} is busy`);
      return slot;
    }
    const idle = this.processes.find((s) => !s.busy);
    if (idle) return idle;
    const fresh: ProcessState = { id: this.processIdNext++, busy: false, seq: 0, preferredNode: this.processes.length % this.transport.nodeCount };
    this.processes.push(fresh);
    return fresh;
  }

  /** Whether process slot `k` can take a new operation. */
  slotIdle(k: number): boolean {
    const slot = this.processes[k];
    return slot === undefined || !slot.busy;
  }

  get operations(): number {
    return this.opCount;
  }
}
