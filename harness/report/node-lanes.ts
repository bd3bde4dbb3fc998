// Node lanes: role and epoch (term or ballot) over time from the recorded states, with the
// trace's crashes, pauses, disconnections and network cuts as shaded bands. A crashed node
// has no state, so a crash..restart span overrides whatever role it had.

import type { TraceEvent } from '../trace.ts';
import type { NodeId } from '../types.ts';
import type { RecordedState } from './state-recorder.ts';
import type { Band, NodeLane, RoleSegment, StateSnapshot } from './types.ts';

interface Change {
  timeMs: number;
  /** Tie order at one instant: a handler's state, then a crash, then the restart's boot state. */
  rank: number;
  role: string;
  epoch: string;
}

function segmentsOf(states: readonly RecordedState[], crashes: readonly number[], endMs: number): RoleSegment[] {
  const changes: Change[] = [];
  for (const s of states) changes.push({ timeMs: s.timeMs, rank: s.boot ? 2 : 0, role: s.role, epoch: s.epoch });
  for (const t of crashes) changes.push({ timeMs: t, rank: 1, role: 'crashed', epoch: '' });
  changes.sort((a, b) => a.timeMs - b.timeMs || a.rank - b.rank);
  const segments: RoleSegment[] = [];
  for (const c of changes) {
    const last = segments[segments.length - 1];
    if (last !== undefined && last.role === c.role && last.epoch === c.epoch) continue;
    if (last !== undefined) {
      last.endMs = c.timeMs;
      // A role held for no time at all (changed again within the same handler instant) is noise.
      if (last.endMs === last.startMs) segments.pop();
    }
    const prev = segments[segments.length - 1];
    if (prev !== undefined && prev.role === c.role && prev.epoch === c.epoch) {
      prev.endMs = endMs;
      continue;
    }
    segments.push({ startMs: c.timeMs, endMs, role: c.role, epoch: c.epoch });
  }
  return segments;
}

/** Which links are cut, from the trace's partition/heal events ("0,1|2,3" groups or "a->b"). */
class Cuts {
  private readonly cut = new Set<string>();
  constructor(private readonly nodeCount: number) {}

  heal(): void {
    this.cut.clear();
  }

  apply(description: string): void {
    const oneWay = /^(\d+)->(\d+)$/.exec(description);
    if (oneWay) {
      this.cut.add(`${oneWay[1]}>${oneWay[2]}`);
      return;
    }
    // Symmetric groups: nodes not listed are isolated (Simulation.partition).
    const groupOf = new Map<number, number>();
    description.split('|').forEach((g, gi) => {
      for (const id of g.split(',')) if (id.trim() !== '') groupOf.set(Number(id), gi);
    });
    for (let a = 0; a < this.nodeCount; a++) {
      for (let b = 0; b < this.nodeCount; b++) {
        if (a === b) continue;
        const ga = groupOf.get(a);
        if (ga === undefined || ga !== groupOf.get(b)) this.cut.add(`${a}>${b}`);
      }
    }
  }

  /** Peers node `id` cannot reach or hear from, as a label; '' when none. */
  labelOf(id: NodeId): string {
    const peers = new Set<number>();
    for (const link of this.cut) {
      const [a, b] = link.split('>').map(Number) as [number, number];
      if (a === id) peers.add(b);
      if (b === id) peers.add(a);
    }
    return peers.size === 0 ? '' : `cut from ${[...peers].sort((x, y) => x - y).join(',')}`;
  }
}

/** Node lanes from recorded states and the trace; `endMs` closes open spans. */
export function nodeLanes(nodeCount: number, states: readonly (readonly RecordedState[])[], trace: readonly TraceEvent[], endMs: number): NodeLane[] {
  const crashes: number[][] = Array.from({ length: nodeCount }, () => []);
  const bands: Band[][] = Array.from({ length: nodeCount }, () => []);
  const open: Map<string, Band>[] = Array.from({ length: nodeCount }, () => new Map());
  const openBand = (node: NodeId, kind: Band['kind'], t: number, label: string): void => {
    const m = open[node];
    if (m === undefined || m.has(kind)) return;
    const band: Band = { kind, startMs: t, endMs, label };
    m.set(kind, band);
    bands[node]?.push(band);
  };
  const closeBand = (node: NodeId, kind: Band['kind'], t: number): void => {
    const band = open[node]?.get(kind);
    if (band === undefined) return;
    band.endMs = t;
    open[node]?.delete(kind);
  };
  const cuts = new Cuts(nodeCount);
  const cutLabels = new Array<string>(nodeCount).fill('');
  // Cut changes come in bursts at one instant (heal, then one cut per link): settle at the next instant.
  let cutsDirtyAt: number | undefined;
  const settleCuts = (t: number): void => {
    for (let id = 0; id < nodeCount; id++) {
      const label = cuts.labelOf(id);
      if (label === cutLabels[id]) continue;
      closeBand(id, 'cut', t);
      if (label !== '') openBand(id, 'cut', t, label);
      cutLabels[id] = label;
    }
  };
  for (const e of trace) {
    if (cutsDirtyAt !== undefined && e.timeMs !== cutsDirtyAt) {
      settleCuts(cutsDirtyAt);
      cutsDirtyAt = undefined;
    }
    switch (e.type) {
      case 'crash':
        crashes[e.node]?.push(e.timeMs);
        openBand(e.node, 'crashed', e.timeMs, 'crashed');
        closeBand(e.node, 'paused', e.timeMs);
        break;
      case 'restart':
        closeBand(e.node, 'crashed', e.timeMs);
        break;
      case 'pause':
        openBand(e.node, 'paused', e.timeMs, 'paused');
        break;
      case 'resume':
        closeBand(e.node, 'paused', e.timeMs);
        break;
      case 'disconnect':
        openBand(e.node, 'disconnected', e.timeMs, 'disconnected');
        break;
      case 'connect':
        closeBand(e.node, 'disconnected', e.timeMs);
        break;
      case 'partition':
        cuts.apply(e.description);
        cutsDirtyAt = e.timeMs;
        break;
      case 'heal':
        cuts.heal();
        cutsDirtyAt = e.timeMs;
        break;
      default:
        break;
    }
  }
  if (cutsDirtyAt !== undefined) settleCuts(cutsDirtyAt);
  const lanes: NodeLane[] = [];
  for (let id = 0; id < nodeCount; id++) {
    const recorded = states[id] ?? [];
    const snapshots: StateSnapshot[] = recorded.map((s) => ({ timeMs: s.timeMs, summary: s.summary, state: s.state }));
    lanes.push({ id, segments: segmentsOf(recorded, crashes[id] ?? [], endMs), bands: (bands[id] ?? []).filter((b) => b.endMs > b.startMs || b.endMs === endMs), states: snapshots });
  }
  return lanes;
}
