// The fault plan as windows on the time axis (Jepsen's nemesis bands): each window clipped
// to the fault phase, with a `leader` target resolved from the run's fault log, and
// windows the driver skipped (no leader to hit) kept in the table but not drawn.

import { assertNever } from '../assert.ts';
import type { FaultLogEntry } from '../scenario/fault-driver.ts';
import { describeFault, faultEndMs, type FaultEvent, type FaultPlan } from '../scenario/fault-plan.ts';
import type { NodeId } from '../types.ts';
import type { FaultWindow } from './types.ts';

function targetOf(event: FaultEvent, resolved: NodeId | undefined): { target: string; nodes: NodeId[] } {
  switch (event.type) {
    case 'isolate':
    case 'crash':
    case 'pause': {
      if (event.node !== 'leader') return { target: `node ${event.node}`, nodes: [event.node] };
      return resolved === undefined ? { target: 'leader (none: skipped)', nodes: [] } : { target: `leader → node ${resolved}`, nodes: [resolved] };
    }
    case 'clock_drift':
      return { target: `node ${event.node} ×${event.factor}`, nodes: [event.node] };
    case 'disk_no_sync':
      return { target: `node ${event.node}`, nodes: [event.node] };
    case 'partition':
      return { target: event.groups.map((g) => g.join(',')).join(' | '), nodes: [] };
    case 'ring':
    case 'bridge':
      return { target: event.order.join(','), nodes: [] };
    case 'one_way':
      return { target: `${event.from} → ${event.to}`, nodes: [event.from, event.to] };
    case 'network':
      return { target: burstText(event) || 'all links', nodes: [] };
    case 'message': {
      const link = event.from !== undefined || event.to !== undefined ? ` ${event.from ?? '*'} → ${event.to ?? '*'}` : '';
      const nodes = [event.from, event.to].filter((n): n is NodeId => n !== undefined);
      return { target: `${event.kind}${link}: ${burstText(event) || 'no change'}`, nodes };
    }
    default:
      return assertNever(event);
  }
}

function burstText(event: Extract<FaultEvent, { type: 'network' | 'message' }>): string {
  const parts: string[] = [];
  if (event.dropRate !== undefined) parts.push(`drop ${Math.round(event.dropRate * 100)}%`);
  if (event.duplicateRate !== undefined) parts.push(`dup ${Math.round(event.duplicateRate * 100)}%`);
  if (event.delayMs !== undefined) parts.push(`delay ${event.delayMs[0]}–${event.delayMs[1]} ms`);
  return parts.join(', ');
}

/** "… leader is node 3" in the log line of plan entry `index`, if any. */
function resolvedLeader(log: readonly FaultLogEntry[], index: number): NodeId | undefined {
  for (const entry of log) {
    if (entry.index !== index) continue;
    const m = /leader is node (\d+)/.exec(entry.text);
    if (m) return Number(m[1]);
  }
  return undefined;
}

export function faultWindows(plan: FaultPlan, log: readonly FaultLogEntry[], faultPhaseEndMs: number): FaultWindow[] {
  return plan.map((event, index) => {
    const { target, nodes } = targetOf(event, resolvedLeader(log, index));
    const startMs = event.atMs;
    const endMs = Math.max(startMs, Math.min(faultEndMs(event), faultPhaseEndMs));
    const skipped = startMs >= faultPhaseEndMs || log.some((e) => e.index === index && e.text.endsWith('skipped'));
    return { index, type: event.type, target, nodes, startMs, endMs, skipped, text: describeFault(event) };
  });
}
