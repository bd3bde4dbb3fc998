// The swarm nemesis: turns a seed into a fault plan. Each seed first draws a swarm
// configuration (which fault kinds are on, how many windows of each, how long and how
// harsh), then the plan itself. Swarm testing (FoundationDB, TigerBeetle's VOPR): a run
// with every fault on at once rarely lets one fault develop into a bug, so each seed
// tries a different small combination and rare combinations get their turn.

import { assert, assertNever } from '../assert.ts';
import type { Rng } from '../rng.ts';
import type { NodeId } from '../types.ts';
import { faultsPerRunMax, type FaultEvent, type FaultPlan } from './fault-plan.ts';

/** The fault kinds `--faults` accepts; several map to one event type with a different target. */
export const faultKinds = [
  'partition',
  'isolate',
  'isolate_leader',
  'ring',
  'bridge',
  'one_way',
  'crash',
  'crash_leader',
  'pause',
  'pause_leader',
  'clock_drift',
  'drop',
  'duplicate',
  'delay',
  'disk_no_sync',
] as const;

export type FaultKind = (typeof faultKinds)[number];

/** Kinds the swarm may pick: everything inside the fault model (not the lying disk). */
export const swarmKinds: readonly FaultKind[] = faultKinds.filter((k) => k !== 'disk_no_sync');

/** Names that stand for several kinds in `--faults`. */
export const faultKindGroups: Readonly<Record<string, readonly FaultKind[]>> = {
  partitions: ['partition', 'isolate', 'isolate_leader', 'ring', 'bridge', 'one_way'],
  nodes: ['crash', 'crash_leader', 'pause', 'pause_leader'],
  network: ['drop', 'duplicate', 'delay'],
};

/** How one enabled kind behaves in this run. */
export interface SwarmKindConfig {
  kind: FaultKind;
  /** Windows of this kind in the run. */
  count: number;
  /** Each window lasts between windowMsMin and windowMsMax. */
  windowMsMin: number;
  windowMsMax: number;
  /** Harshness: a drop or duplicate rate, a delay's upper bound in ms, a drift factor. */
  intensity?: number;
}

export interface SwarmConfig {
  /** The kinds the run could have used (the swarm pool or the --faults list). */
  pool: FaultKind[];
  /** The kinds this seed turned on, with their settings. */
  enabled: SwarmKindConfig[];
}

/** A `--faults` value: `none`, `swarm`, or a comma list of kinds and group names. */
export type FaultSelection = { type: 'none' } | { type: 'swarm' } | { type: 'list'; kinds: FaultKind[] };

/** Parses `--faults`; an error message for unknown names. */
export function parseFaultSelection(text: string): { type: 'ok'; selection: FaultSelection } | { type: 'error'; message: string } {
  const trimmed = text.trim();
  if (trimmed === 'none') return { type: 'ok', selection: { type: 'none' } };
  if (trimmed === 'swarm') return { type: 'ok', selection: { type: 'swarm' } };
  const kinds: FaultKind[] = [];
  for (const raw of trimmed.split(',')) {
    const name = raw.trim();
    if (name === '') return { type: 'error', message: `"${text}" has an empty fault kind (a stray comma?)` };
    const group = faultKindGroups[name];
    const expanded: readonly FaultKind[] | undefined = group ?? ((faultKinds as readonly string[]).includes(name) ? [name as FaultKind] : undefined);
    if (expanded === undefined) {
      return { type: 'error', message: `unknown fault kind "${name}" (known: none, swarm, ${[...Object.keys(faultKindGroups), ...faultKinds].join(', ')})` };
    }
    for (const k of expanded) if (!kinds.includes(k)) kinds.push(k);
  }
  if (kinds.length === 0) return { type: 'error', message: '--faults needs none, swarm, or a comma list of fault kinds' };
  return { type: 'ok', selection: { type: 'list', kinds } };
}

export function formatFaultSelection(selection: FaultSelection): string {
  switch (selection.type) {
    case 'none':
    case 'swarm':
      return selection.type;
    case 'list':
      return selection.kinds.join(',');
    default:
      return assertNever(selection);
  }
}

/** Window lengths the swarm picks from, so seeds differ in kind, not only in degree. */
const windowMsMaxChoices = [50, 500, 2_000, 5_000, 15_000] as const;
const dropRateChoices = [0.05, 0.2, 0.5] as const;
const duplicateRateChoices = [0.05, 0.2, 0.5] as const;
const delayMsMaxChoices = [100, 500, 2_000] as const;
const driftFactorChoices = [0.5, 2, 4] as const;
/** Windows per kind grow with the run: at most one per this many ms of fault phase (and at least 1). */
const windowEveryMs = 10_000;

/** Draws the swarm configuration of one seed. */
export function drawSwarm(selection: FaultSelection, rng: Rng, durationMs: number): SwarmConfig {
  if (selection.type === 'none') return { pool: [], enabled: [] };
  const pool = selection.type === 'swarm' ? [...swarmKinds] : [...selection.kinds];
  // A list turns every named kind on; the swarm turns each on with probability 1/2.
  let chosen = selection.type === 'list' ? pool : pool.filter(() => rng.chance(1, 2));
  if (chosen.length === 0) chosen = [rng.pick(pool)];
  const enabled = chosen.map((kind) => drawKindConfig(kind, rng, durationMs));
  return { pool, enabled };
}

/** Most windows of one kind in a fault phase of `durationMs`. */
export function windowsPerKindMax(durationMs: number): number {
  return Math.max(1, Math.round(durationMs / windowEveryMs));
}

/** How one enabled kind behaves: its count of windows, their lengths and harshness. */
export function drawKindConfig(kind: FaultKind, rng: Rng, durationMs: number): SwarmKindConfig {
  const windowMsMax = Math.min(rng.pick(windowMsMaxChoices), Math.max(1, durationMs));
  const config: SwarmKindConfig = { kind, count: rng.range(1, windowsPerKindMax(durationMs)), windowMsMin: Math.max(1, Math.floor(windowMsMax / 10)), windowMsMax };
  const intensity = drawIntensity(kind, rng);
  if (intensity !== undefined) config.intensity = intensity;
  return config;
}

function drawIntensity(kind: FaultKind, rng: Rng): number | undefined {
  switch (kind) {
    case 'drop':
      return rng.pick(dropRateChoices);
    case 'duplicate':
      return rng.pick(duplicateRateChoices);
    case 'delay':
      return rng.pick(delayMsMaxChoices);
    case 'clock_drift':
      return rng.pick(driftFactorChoices);
    default:
      return undefined;
  }
}

/** Draws the plan from a swarm configuration: windows placed uniformly in the fault phase. */
export function drawFaultPlan(swarm: SwarmConfig, rng: Rng, nodeCount: number, durationMs: number): FaultPlan {
  assert(nodeCount >= 1, 'drawFaultPlan: no nodes');
  const plan: FaultPlan = [];
  for (const config of swarm.enabled) {
    for (let i = 0; i < config.count && plan.length < faultsPerRunMax; i++) {
      const windowMs = rng.range(config.windowMsMin, Math.max(config.windowMsMin, config.windowMsMax));
      const atMs = rng.range(0, Math.max(0, durationMs - windowMs));
      const event = drawEvent(config, rng, nodeCount, atMs, Math.min(windowMs, durationMs));
      if (event !== undefined) plan.push(event);
    }
  }
  // Sorted by start (ties keep the draw order): the plan reads as a timeline.
  return plan.map((e, i) => ({ e, i })).sort((a, b) => a.e.atMs - b.e.atMs || a.i - b.i).map(({ e }) => e);
}

/**
 * One window of `kind` anywhere in a fault phase of `durationMs`, with a window length and
 * harshness drawn as the swarm draws them (guided exploration's "add a fault").
 */
export function drawFault(kind: FaultKind, rng: Rng, nodeCount: number, durationMs: number): FaultEvent | undefined {
  const windowMsMax = Math.min(rng.pick(windowMsMaxChoices), Math.max(1, durationMs));
  const config: SwarmKindConfig = { kind, count: 1, windowMsMin: Math.max(1, Math.floor(windowMsMax / 10)), windowMsMax };
  const intensity = drawIntensity(kind, rng);
  if (intensity !== undefined) config.intensity = intensity;
  const windowMs = rng.range(config.windowMsMin, config.windowMsMax);
  const atMs = rng.range(0, Math.max(0, durationMs - windowMs));
  return drawEvent(config, rng, nodeCount, atMs, Math.min(windowMs, durationMs));
}

function drawEvent(config: SwarmKindConfig, rng: Rng, n: number, atMs: number, durationMs: number): FaultEvent | undefined {
  const ids: NodeId[] = Array.from({ length: n }, (_, i) => i);
  const window = { atMs, durationMs };
  switch (config.kind) {
    case 'partition': {
      if (n < 2) return undefined;
      const order = rng.shuffle(ids);
      const cut = rng.range(1, n - 1);
      return { type: 'partition', ...window, groups: [order.slice(0, cut).sort(byId), order.slice(cut).sort(byId)] };
    }
    case 'isolate':
      return { type: 'isolate', ...window, node: rng.pick(ids) };
    case 'isolate_leader':
      return { type: 'isolate', ...window, node: 'leader' };
    case 'ring':
      return n < 3 ? undefined : { type: 'ring', ...window, order: rng.shuffle(ids) };
    case 'bridge':
      return n < 3 ? undefined : { type: 'bridge', ...window, order: rng.shuffle(ids) };
    case 'one_way': {
      if (n < 2) return undefined;
      const [from, to] = rng.shuffle(ids) as [NodeId, NodeId];
      return { type: 'one_way', ...window, from, to };
    }
    case 'crash':
      return { type: 'crash', ...window, node: rng.pick(ids) };
    case 'crash_leader':
      return { type: 'crash', ...window, node: 'leader' };
    case 'pause':
      return { type: 'pause', ...window, node: rng.pick(ids) };
    case 'pause_leader':
      return { type: 'pause', ...window, node: 'leader' };
    case 'clock_drift':
      return { type: 'clock_drift', ...window, node: rng.pick(ids), factor: config.intensity ?? 2 };
    case 'drop':
      return { type: 'network', ...window, dropRate: config.intensity ?? 0.2 };
    case 'duplicate':
      return { type: 'network', ...window, duplicateRate: config.intensity ?? 0.2 };
    case 'delay': {
      const max = config.intensity ?? 500;
      return { type: 'network', ...window, delayMs: [Math.floor(max / 10), max] };
    }
    case 'disk_no_sync':
      return { type: 'disk_no_sync', ...window, node: rng.pick(ids) };
    default:
      return assertNever(config.kind);
  }
}

function byId(a: NodeId, b: NodeId): number {
  return a - b;
}

/** The swarm configuration as a block, printed by `run` and verbose output (TigerBeetle style). */
export function formatSwarm(swarm: SwarmConfig): string {
  if (swarm.pool.length === 0) return 'swarm: no faults';
  const width = Math.max(...swarm.pool.map((k) => k.length));
  const lines = ['swarm:'];
  for (const kind of swarm.pool) {
    const config = swarm.enabled.find((c) => c.kind === kind);
    if (config === undefined) {
      lines.push(`  ${kind.padEnd(width)}  off`);
      continue;
    }
    const intensity = config.intensity === undefined ? '' : `  ${intensityLabel(kind, config.intensity)}`;
    lines.push(`  ${kind.padEnd(width)}  on   ${config.count} x ${config.windowMsMin}..${config.windowMsMax} ms${intensity}`);
  }
  return lines.join('\n');
}

function intensityLabel(kind: FaultKind, intensity: number): string {
  switch (kind) {
    case 'drop':
    case 'duplicate':
      return `rate ${intensity}`;
    case 'delay':
      return `delay up to ${intensity} ms`;
    case 'clock_drift':
      return `factor ${intensity}`;
    default:
      return String(intensity);
  }
}
