// A fault plan is explicit data: a list of timed fault windows. Each event starts at
// `atMs` and is undone `durationMs` later (heal, restart, resume, drift back, network
// back to normal), so any subset of a plan is itself a valid plan: delta debugging can
// drop events freely and shortening a window is a one-field change. Plans are stored in
// failure records as they are, so a record replays after the generators change.

import { assertNever } from '../assert.ts';
import type { NodeId } from '../types.ts';

/** A node, or whichever node is leader when the fault starts (from `inspect().role`). */
export type FaultTarget = NodeId | 'leader';

export type FaultEvent =
  /** Symmetric partition into groups; nodes not listed are isolated. */
  | { type: 'partition'; atMs: number; durationMs: number; groups: NodeId[][] }
  /** Cuts one node off from every other node (clients still reach it). */
  | { type: 'isolate'; atMs: number; durationMs: number; node: FaultTarget }
  /** Jepsen's majorities ring: every node sees a majority, no two see the same one. */
  | { type: 'ring'; atMs: number; durationMs: number; order: NodeId[] }
  /** Two halves joined only through one bridge node, `order[floor(n/2)]`. */
  | { type: 'bridge'; atMs: number; durationMs: number; order: NodeId[] }
  /** Messages from → to are lost; the other direction still works. */
  | { type: 'one_way'; atMs: number; durationMs: number; from: NodeId; to: NodeId }
  /** Crash (volatile state and unsynced writes lost), restart at the window's end. */
  | { type: 'crash'; atMs: number; durationMs: number; node: FaultTarget }
  /** Stop the process (a GC pause, SIGSTOP); it resumes with what it held. */
  | { type: 'pause'; atMs: number; durationMs: number; node: FaultTarget }
  /** The node's timers run `factor` times slower (> 1) or faster (< 1). */
  | { type: 'clock_drift'; atMs: number; durationMs: number; node: NodeId; factor: number }
  /** A burst of bad network: loss, duplication, long delays (unset fields unchanged). */
  | { type: 'network'; atMs: number; durationMs: number; dropRate?: number; duplicateRate?: number; delayMs?: [number, number] }
  /**
   * Bad network for one message kind only (its `type`), optionally on one link: a delay
   * that makes replies of one kind arrive after a term change, a drop of every heartbeat.
   * Guided exploration aims these at the kinds and moments a run showed.
   */
  | { type: 'message'; atMs: number; durationMs: number; kind: string; from?: NodeId; to?: NodeId; dropRate?: number; duplicateRate?: number; delayMs?: [number, number] }
  /**
   * The node's disk ignores fsync during the window and the node crashes at its end, so
   * every write of the window is lost. Beyond the fault model (a lying disk breaks any
   * protocol): never chosen by the swarm, only when asked for by name.
   */
  | { type: 'disk_no_sync'; atMs: number; durationMs: number; node: NodeId };

export type FaultEventType = FaultEvent['type'];

export type FaultPlan = FaultEvent[];

/** Bounds of a plan (STYLE.md: named bounds). */
export const faultsPerRunMax = 64;
export const clockDriftFactorMin = 0.1;
export const clockDriftFactorMax = 10;

/** When the window ends. */
export function faultEndMs(event: FaultEvent): number {
  return event.atMs + event.durationMs;
}

/** One short line for output: "crash leader @12 000 ms for 3 000 ms". */
export function describeFault(event: FaultEvent): string {
  const when = `@${event.atMs}ms+${event.durationMs}ms`;
  switch (event.type) {
    case 'partition':
      return `partition ${event.groups.map((g) => g.join(',')).join('|')} ${when}`;
    case 'isolate':
      return `isolate ${event.node} ${when}`;
    case 'ring':
      return `ring ${event.order.join(',')} ${when}`;
    case 'bridge':
      return `bridge ${event.order.join(',')} ${when}`;
    case 'one_way':
      return `one_way ${event.from}->${event.to} ${when}`;
    case 'crash':
      return `crash ${event.node} ${when}`;
    case 'pause':
      return `pause ${event.node} ${when}`;
    case 'clock_drift':
      return `clock_drift ${event.node} x${event.factor} ${when}`;
    case 'network': {
      const parts: string[] = [];
      if (event.dropRate !== undefined) parts.push(`drop ${event.dropRate}`);
      if (event.duplicateRate !== undefined) parts.push(`dup ${event.duplicateRate}`);
      if (event.delayMs !== undefined) parts.push(`delay ${event.delayMs[0]}-${event.delayMs[1]}ms`);
      return `network ${parts.join(' ')} ${when}`;
    }
    case 'disk_no_sync':
      return `disk_no_sync ${event.node} ${when}`;
    case 'message': {
      const link = event.from !== undefined || event.to !== undefined ? ` ${event.from ?? '*'}->${event.to ?? '*'}` : '';
      const parts: string[] = [];
      if (event.dropRate !== undefined) parts.push(`drop ${event.dropRate}`);
      if (event.duplicateRate !== undefined) parts.push(`dup ${event.duplicateRate}`);
      if (event.delayMs !== undefined) parts.push(`delay ${event.delayMs[0]}-${event.delayMs[1]}ms`);
      return `message ${event.kind}${link} ${parts.join(' ')} ${when}`;
    }
    default:
      return assertNever(event);
  }
}

/** Short summary of a plan for failure lines: "partition, crash x2, drop 5%". */
export function summarizePlan(plan: readonly FaultEvent[]): string {
  if (plan.length === 0) return 'no faults';
  const counts = new Map<string, number>();
  for (const event of plan) {
    const label = event.type === 'network' ? networkLabel(event) : event.type === 'message' ? `${event.kind} ${networkLabel(event)}` : event.type;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts.entries()].map(([label, n]) => (n > 1 ? `${label} x${n}` : label)).join(', ');
}

function networkLabel(event: Extract<FaultEvent, { type: 'network' | 'message' }>): string {
  const parts: string[] = [];
  if (event.dropRate !== undefined) parts.push(`drop ${Math.round(event.dropRate * 100)}%`);
  if (event.duplicateRate !== undefined) parts.push(`dup ${Math.round(event.duplicateRate * 100)}%`);
  if (event.delayMs !== undefined) parts.push(`delay ${event.delayMs[1]}ms`);
  return parts.join(' ') || 'network';
}

// ---------------------------------------------------------------- validation

/** Why `value` is not a valid plan for `nodeCount` nodes, or undefined when it is. */
export function validateFaultPlan(value: unknown, nodeCount: number): string | undefined {
  if (!Array.isArray(value)) return 'faultPlan must be an array';
  if (value.length > faultsPerRunMax) return `faultPlan has ${value.length} events, more than faultsPerRunMax (${faultsPerRunMax})`;
  for (let i = 0; i < value.length; i++) {
    const problem = validateFaultEvent(value[i], nodeCount);
    if (problem !== undefined) return `faultPlan[${i}]: ${problem}`;
  }
  return undefined;
}

function isTime(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

function isNode(x: unknown, nodeCount: number): x is NodeId {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < nodeCount;
}

function isTarget(x: unknown, nodeCount: number): boolean {
  return x === 'leader' || isNode(x, nodeCount);
}

function isRate(x: unknown): boolean {
  return typeof x === 'number' && x >= 0 && x <= 1;
}

function isPermutation(x: unknown, nodeCount: number): boolean {
  if (!Array.isArray(x) || x.length !== nodeCount) return false;
  const seen = new Set<number>();
  for (const id of x) {
    if (!isNode(id, nodeCount) || seen.has(id)) return false;
    seen.add(id);
  }
  return true;
}

/** Longest delay a burst may give a message (virtual ms): one hour. */
export const burstDelayMsMax = 3_600_000;
/** Longest message kind a `message` fault may name. */
export const messageKindCharsMax = 64;

/** The rates and delay of a network or message burst. */
function networkProblem(type: string, e: Record<string, unknown>): string | undefined {
  if (e.dropRate !== undefined && !isRate(e.dropRate)) return `${type}.dropRate must be in [0, 1]`;
  if (e.duplicateRate !== undefined && !isRate(e.duplicateRate)) return `${type}.duplicateRate must be in [0, 1]`;
  if (e.delayMs !== undefined) {
    const d = e.delayMs;
    if (!Array.isArray(d) || d.length !== 2 || !isTime(d[0]) || !isTime(d[1]) || d[0] > d[1] || d[1] > burstDelayMsMax) return `${type}.delayMs must be [min, max] integers, 0 <= min <= max <= ${burstDelayMsMax}`;
  }
  return undefined;
}

function validateFaultEvent(value: unknown, nodeCount: number): string | undefined {
  if (value === null || typeof value !== 'object') return 'not an object';
  const e = value as Record<string, unknown>;
  if (!isTime(e.atMs)) return 'atMs must be a non-negative integer';
  if (!isTime(e.durationMs)) return 'durationMs must be a non-negative integer';
  switch (e.type) {
    case 'partition': {
      if (!Array.isArray(e.groups)) return 'partition.groups must be an array of node lists';
      const seen = new Set<number>();
      for (const group of e.groups) {
        if (!Array.isArray(group)) return 'partition.groups must be an array of node lists';
        for (const id of group) {
          if (!isNode(id, nodeCount)) return `partition names unknown node ${JSON.stringify(id)}`;
          if (seen.has(id)) return `partition lists node ${id} twice`;
          seen.add(id);
        }
      }
      return undefined;
    }
    case 'isolate':
    case 'crash':
    case 'pause':
      return isTarget(e.node, nodeCount) ? undefined : `${e.type}.node must be a node id or "leader"`;
    case 'ring':
    case 'bridge':
      return isPermutation(e.order, nodeCount) ? undefined : `${e.type}.order must list every node once`;
    case 'one_way':
      if (!isNode(e.from, nodeCount) || !isNode(e.to, nodeCount) || e.from === e.to) return 'one_way needs two different nodes from, to';
      return undefined;
    case 'clock_drift':
      if (!isNode(e.node, nodeCount)) return 'clock_drift.node must be a node id';
      if (typeof e.factor !== 'number' || !(e.factor >= clockDriftFactorMin && e.factor <= clockDriftFactorMax)) {
        return `clock_drift.factor must be in [${clockDriftFactorMin}, ${clockDriftFactorMax}]`;
      }
      return undefined;
    case 'network':
      return networkProblem('network', e);
    case 'disk_no_sync':
      return isNode(e.node, nodeCount) ? undefined : 'disk_no_sync.node must be a node id';
    case 'message':
      if (typeof e.kind !== 'string' || e.kind === '' || e.kind.length > messageKindCharsMax) return `message.kind must be a non-empty string of at most ${messageKindCharsMax} characters`;
      if (e.from !== undefined && !isNode(e.from, nodeCount)) return 'message.from must be a node id';
      if (e.to !== undefined && !isNode(e.to, nodeCount)) return 'message.to must be a node id';
      return networkProblem('message', e);
    default:
      return `unknown fault type ${JSON.stringify(e.type)}`;
  }
}
