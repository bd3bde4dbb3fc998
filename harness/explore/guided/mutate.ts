// Mutations of a scenario for guided exploration. Each operator makes one small, explicit
// change to the fault plan, the workload, the cluster size or the simulation seed of a
// corpus entry, and says what it did in one phrase. Several are aimed: they read the
// parent run's landmarks (when a node synced, when a message kind arrived, when a leader
// arose) and put a fault right there: a crash just before or just after a sync, a delay of
// one message kind across a change of leader, an isolation of a leader a moment after it
// won. The result is an ordinary scenario, so a failure it finds is an ordinary record.

import { assertNever } from '../../assert.ts';
import type { CoverageLandmarks } from '../../coverage/index.ts';
import type { Rng } from '../../rng.ts';
import type { NodeId } from '../../types.ts';
import { faultsPerRunMax, type FaultEvent, type FaultPlan } from '../../scenario/fault-plan.ts';
import { drawFault, drawFaultPlan, drawKindConfig, windowsPerKindMax, type FaultKind, type SwarmConfig, type SwarmKindConfig } from '../../scenario/nemesis.ts';
import { validateScenario, type Scenario } from '../../scenario/scenario.ts';
import { clientsMax, generateWorkload, workloads, type WorkloadSpec } from '../../scenario/workload.ts';

export const mutationOperators = [
  'shift',
  'stretch',
  'retarget',
  'add',
  'remove',
  'crash_at_sync',
  'aim_leader',
  'aim_kind',
  'splice',
  'workload',
  'reseed',
  'resize',
  'redraw',
  'aim_op',
  'pair',
] as const;

export type MutationOperator = (typeof mutationOperators)[number];

export interface MutationContext {
  /** Fault kinds `add` may draw (the sweep's swarm pool or --faults list). */
  pool: readonly FaultKind[];
  /** Cluster sizes `resize` may pick; undefined when the sweep fixes the size. */
  nodesRange: readonly [number, number] | undefined;
  /** Where the parent run did things. */
  landmarks: CoverageLandmarks;
  /** Another corpus entry's scenario, for `splice`. */
  other: () => Scenario | undefined;
}

export interface Mutant {
  scenario: Scenario;
  description: string;
}

/** Seeds `reseed` draws lie below this (they name records, so keep them short). */
const reseedMax = 2 ** 31 - 1;
const shiftMsChoices = [1, 10, 50, 200, 1_000, 5_000] as const;
const stretchFactors = [0.25, 0.5, 2, 4] as const;
const crashMsChoices = [1, 20, 200, 1_000, 3_000] as const;
const leaderLagMsChoices = [0, 1, 5, 20, 100, 300] as const;
const leaderFaultMsChoices = [50, 200, 1_000, 3_000] as const;
const kindLeadMsChoices = [0, 10, 50, 200] as const;
const kindWindowMsChoices = [20, 100, 500, 2_000] as const;
const kindDelayMsChoices = [50, 200, 1_000, 3_000] as const;
const ratesHigh = [0.5, 0.9, 1] as const;
const opLagMsChoices = [0, 1, 5, 20, 100] as const;
const pairLagMsChoices = [0, 1, 5, 20, 50] as const;
const pairMsChoices = [1, 5, 20, 100, 500] as const;

function ids(n: number): NodeId[] {
  return Array.from({ length: n }, (_, i) => i);
}

function clampAt(atMs: number, durationMs: number): number {
  return Math.max(0, Math.min(Math.max(0, durationMs - 1), Math.round(atMs)));
}

/** Sorted by start, ties in plan order, at most faultsPerRunMax. */
function ordered(plan: FaultPlan): FaultPlan {
  return plan
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.atMs - b.e.atMs || a.i - b.i)
    .map(({ e }) => e)
    .slice(0, faultsPerRunMax);
}

function withPlan(scenario: Scenario, plan: FaultPlan): Scenario {
  return { ...scenario, faultPlan: ordered(plan) };
}

function label(event: FaultEvent): string {
  return event.type === 'message' ? `message ${event.kind}` : event.type;
}

/** Applies `op` to `scenario`; undefined when it does not apply (nothing to shift, no landmark...). */
export function mutate(scenario: Scenario, op: MutationOperator, ctx: MutationContext, rng: Rng): Mutant | undefined {
  const mutant = apply(scenario, op, ctx, rng);
  if (mutant === undefined) return undefined;
  // A mutation never makes an invalid scenario; one that would is dropped, not repaired.
  return validateScenario(mutant.scenario) === undefined ? mutant : undefined;
}

function apply(scenario: Scenario, op: MutationOperator, ctx: MutationContext, rng: Rng): Mutant | undefined {
  const plan = scenario.faultPlan;
  const n = scenario.options.nodes;
  const phaseMs = scenario.options.durationMs;
  switch (op) {
    case 'shift': {
      if (plan.length === 0) return undefined;
      const i = rng.int(plan.length);
      const event = plan[i] as FaultEvent;
      const delta = rng.pick(shiftMsChoices) * (rng.chance(1, 2) ? 1 : -1);
      const next = plan.slice();
      next[i] = { ...event, atMs: clampAt(event.atMs + delta, phaseMs) };
      return { scenario: withPlan(scenario, next), description: `shift ${label(event)} @${event.atMs} ms by ${delta} ms` };
    }
    case 'stretch': {
      if (plan.length === 0) return undefined;
      const i = rng.int(plan.length);
      const event = plan[i] as FaultEvent;
      const factor = rng.pick(stretchFactors);
      const durationMs = Math.max(1, Math.round(event.durationMs * factor));
      const next = plan.slice();
      next[i] = { ...event, durationMs };
      return { scenario: withPlan(scenario, next), description: `stretch ${label(event)} @${event.atMs} ms x${factor}` };
    }
    case 'retarget': {
      if (plan.length === 0) return undefined;
      const i = rng.int(plan.length);
      const event = plan[i] as FaultEvent;
      const moved = retarget(event, n, ctx, rng);
      if (moved === undefined) return undefined;
      const next = plan.slice();
      next[i] = moved;
      return { scenario: withPlan(scenario, next), description: `retarget ${label(event)} @${event.atMs} ms` };
    }
    case 'add': {
      if (plan.length >= faultsPerRunMax || ctx.pool.length === 0) return undefined;
      const kind = rng.pick(ctx.pool);
      const event = drawFault(kind, rng, n, phaseMs);
      if (event === undefined) return undefined;
      return { scenario: withPlan(scenario, [...plan, event]), description: `add ${kind} @${event.atMs} ms` };
    }
    case 'remove': {
      if (plan.length === 0) return undefined;
      const i = rng.int(plan.length);
      return { scenario: withPlan(scenario, plan.filter((_, k) => k !== i)), description: `remove ${label(plan[i] as FaultEvent)} @${(plan[i] as FaultEvent).atMs} ms` };
    }
    case 'crash_at_sync': {
      const nodes = ids(n).filter((id) => (ctx.landmarks.syncs[id]?.length ?? 0) > 0);
      if (nodes.length === 0 || plan.length >= faultsPerRunMax) return undefined;
      const node = rng.pick(nodes);
      const syncMs = rng.pick(ctx.landmarks.syncs[node] as number[]);
      // A fault at t runs before the handlers of t (it was scheduled first): at t the crash
      // comes just before the sync, at t+1 just after it, before anything else can happen.
      const after = rng.chance(1, 2);
      const atMs = clampAt(syncMs + (after ? 1 : 0), phaseMs);
      const event: FaultEvent = { type: 'crash', atMs, durationMs: rng.pick(crashMsChoices), node };
      return { scenario: withPlan(scenario, [...plan, event]), description: `crash node ${node} just ${after ? 'after' : 'before'} its sync at ${syncMs} ms` };
    }
    case 'aim_leader': {
      const leaders = ctx.landmarks.leaders;
      if (leaders.length === 0 || plan.length >= faultsPerRunMax) return undefined;
      const { timeMs, node } = rng.pick(leaders);
      if (node >= n) return undefined;
      const atMs = clampAt(timeMs + rng.pick(leaderLagMsChoices), phaseMs);
      const durationMs = rng.pick(leaderFaultMsChoices);
      const what = rng.int(4);
      let event: FaultEvent;
      if (what === 0) event = { type: 'isolate', atMs, durationMs, node };
      else if (what === 1) event = { type: 'crash', atMs, durationMs, node };
      else if (what === 2) event = { type: 'pause', atMs, durationMs, node };
      else {
        // The new leader with a minority (it may be alone) against the rest.
        const others = rng.shuffle(ids(n).filter((id) => id !== node));
        const keep = rng.int(Math.max(1, Math.floor((n - 1) / 2)));
        const side = [node, ...others.slice(0, keep)].sort((a, b) => a - b);
        const rest = others.slice(keep).sort((a, b) => a - b);
        event = { type: 'partition', atMs, durationMs, groups: rest.length > 0 ? [side, rest] : [side] };
      }
      return { scenario: withPlan(scenario, [...plan, event]), description: `${event.type} node ${node} ${atMs - timeMs} ms after it became leader at ${timeMs} ms` };
    }
    case 'aim_kind': {
      const kinds = Object.keys(ctx.landmarks.deliveries).filter((k) => (ctx.landmarks.deliveries[k]?.length ?? 0) > 0);
      if (kinds.length === 0 || plan.length >= faultsPerRunMax) return undefined;
      const kind = rng.pick(kinds);
      const seenMs = rng.pick(ctx.landmarks.deliveries[kind] as number[]);
      const atMs = clampAt(seenMs - rng.pick(kindLeadMsChoices), phaseMs);
      const event: Extract<FaultEvent, { type: 'message' }> = { type: 'message', atMs, durationMs: rng.pick(kindWindowMsChoices), kind };
      const effect = rng.int(3);
      if (effect === 0) {
        const hi = rng.pick(kindDelayMsChoices);
        event.delayMs = [Math.floor(hi / 4), hi];
      } else if (effect === 1) event.dropRate = rng.pick(ratesHigh);
      else event.duplicateRate = rng.pick(ratesHigh);
      if (n >= 2 && rng.chance(1, 2)) {
        if (rng.chance(1, 2)) event.from = rng.int(n);
        else event.to = rng.int(n);
      }
      const what = event.delayMs ? `delay ${event.delayMs[0]}-${event.delayMs[1]} ms` : event.dropRate !== undefined ? `drop ${event.dropRate}` : `duplicate ${event.duplicateRate}`;
      return { scenario: withPlan(scenario, [...plan, event]), description: `${what} of ${kind} around ${seenMs} ms` };
    }
    case 'splice': {
      const other = ctx.other();
      if (other === undefined) return undefined;
      const cutMs = rng.range(0, Math.max(0, phaseMs));
      const tail = other.faultPlan.filter((e) => e.atMs >= cutMs && nodesWithin(e, n));
      const next = [...plan.filter((e) => e.atMs < cutMs), ...tail];
      return { scenario: withPlan(scenario, next), description: `splice at ${cutMs} ms with ${tail.length} fault(s) of seed ${other.seed}` };
    }
    case 'workload': {
      if (scenario.workload === undefined) return undefined;
      const changed = mutateWorkload(scenario.workload, phaseMs, rng);
      if (changed === undefined) return undefined;
      return { scenario: { ...scenario, workload: changed.workload }, description: changed.description };
    }
    case 'reseed': {
      const seed = rng.range(0, reseedMax);
      return { scenario: { ...scenario, seed }, description: `reseed ${scenario.seed} -> ${seed}` };
    }
    case 'aim_op': {
      // A client of its own sends one operation at a moment the parent run made unusual: a
      // stale message arriving, a new leader taking over. A read served in such a window is
      // what a stale read needs; a write, what a lost write needs.
      const spec = scenario.workload;
      const ops = spec === undefined ? undefined : workloads[spec.type].aimedOps;
      const moments = [...ctx.landmarks.anomalies, ...ctx.landmarks.leaders];
      if (spec === undefined || ops === undefined || moments.length === 0 || spec.slots.length >= clientsMax) return undefined;
      const { timeMs } = rng.pick(moments);
      const atMs = clampAt(timeMs + rng.pick(opLagMsChoices), phaseMs);
      const slot = spec.slots.length;
      const op = rng.pick(ops(spec, slot));
      const workload: WorkloadSpec = { ...spec, slots: [...spec.slots, { steps: [{ thinkMs: atMs, op }] }] };
      return { scenario: { ...scenario, workload }, description: `client ${slot} sends ${JSON.stringify(op)} at ${atMs} ms (a moment at ${timeMs} ms)` };
    }
    case 'pair': {
      // A second fault on the same node a moment into an existing one (Jepsen's composed
      // nemeses): a crash during an isolation, a pause as a crash ends, a fast clock on a
      // node just restarted. Bugs of recovery need two faults this close; a swarm rarely
      // draws them so.
      if (plan.length === 0 || plan.length >= faultsPerRunMax) return undefined;
      const anchor = rng.pick(plan);
      const node = anchorNode(anchor, n, rng);
      if (node === undefined) return undefined;
      const atMs = clampAt(anchor.atMs + rng.pick(pairLagMsChoices), phaseMs);
      const durationMs = rng.pick(pairMsChoices);
      const what = rng.int(4);
      let event: FaultEvent;
      if (what === 0) event = { type: 'crash', atMs, durationMs, node };
      else if (what === 1) event = { type: 'pause', atMs, durationMs, node };
      else if (what === 2) event = { type: 'isolate', atMs, durationMs, node };
      else {
        if (node === 'leader') return undefined;
        event = { type: 'clock_drift', atMs, durationMs: durationMs * 20, node, factor: rng.pick([0.1, 0.25, 4] as const) };
      }
      return { scenario: withPlan(scenario, [...plan, event]), description: `${event.type} ${node} ${atMs - anchor.atMs} ms into ${label(anchor)} @${anchor.atMs} ms` };
    }
    case 'redraw': {
      // A new run of the parent's kind: its swarm configuration (perhaps one kind tweaked)
      // and shape, with a new seed, plan and workload. Between a fresh seed (new everything)
      // and a plan edit (new nothing but one window).
      const swarm = scenario.options.swarm;
      if (swarm === undefined || swarm.enabled.length === 0) return undefined;
      const tweaked = tweakSwarm(swarm, phaseMs, rng);
      const seed = rng.range(0, reseedMax);
      const next: Scenario = { ...scenario, seed, faultPlan: drawFaultPlan(tweaked.swarm, rng.fork('faults'), n, phaseMs), options: { ...scenario.options, swarm: tweaked.swarm } };
      if (scenario.workload !== undefined) {
        const spec = scenario.workload;
        const ops = spec.slots.reduce((a, slot) => a + slot.steps.length, 0);
        const mix = scenario.options.shape?.mix;
        next.workload = generateWorkload(spec.type, { clients: Math.max(1, spec.slots.length), ops, keyCount: Math.max(1, spec.keys.length), durationMs: phaseMs, ...(mix ? { mix } : {}) }, rng.fork('workload'));
      }
      return { scenario: next, description: `redraw as seed ${seed}${tweaked.description ? `, ${tweaked.description}` : ''}` };
    }
    case 'resize': {
      const range = ctx.nodesRange;
      if (range === undefined || range[0] === range[1]) return undefined;
      const up = n === range[0] ? true : n === range[1] ? false : rng.chance(1, 2);
      const size = up ? n + 1 : n - 1;
      const next = plan.map((e) => resizeEvent(e, n, size, rng)).filter((e): e is FaultEvent => e !== undefined);
      return { scenario: { ...scenario, faultPlan: ordered(next), options: { ...scenario.options, nodes: size } }, description: `resize ${n} -> ${size} nodes` };
    }
    default:
      return assertNever(op);
  }
}

/** The node a fault is aimed at, or one of those it cuts off; undefined for a network burst. */
function anchorNode(event: FaultEvent, n: number, rng: Rng): NodeId | 'leader' | undefined {
  switch (event.type) {
    case 'isolate':
    case 'crash':
    case 'pause':
    case 'clock_drift':
    case 'disk_no_sync':
      return event.node;
    case 'one_way':
      return rng.chance(1, 2) ? event.from : event.to;
    case 'partition': {
      const smallest = event.groups.reduce<NodeId[] | undefined>((a, g) => (a === undefined || g.length < a.length ? g : a), undefined);
      return smallest !== undefined && smallest.length > 0 ? rng.pick(smallest) : n > 0 ? rng.int(n) : undefined;
    }
    case 'ring':
    case 'bridge':
      return event.order.length > 0 ? rng.pick(event.order) : undefined;
    case 'message':
      return event.from ?? event.to;
    case 'network':
      return undefined;
    default:
      return assertNever(event);
  }
}

function nodesWithin(event: FaultEvent, n: number): boolean {
  return resizeEvent(event, n, n, undefined) !== undefined;
}

function retarget(event: FaultEvent, n: number, ctx: MutationContext, rng: Rng): FaultEvent | undefined {
  switch (event.type) {
    case 'isolate':
    case 'crash':
    case 'pause': {
      const targets = (['leader', ...ids(n)] as (NodeId | 'leader')[]).filter((t) => t !== event.node);
      return targets.length === 0 ? undefined : { ...event, node: rng.pick(targets) };
    }
    case 'clock_drift':
    case 'disk_no_sync':
      return n < 2 ? undefined : { ...event, node: rng.pick(ids(n).filter((id) => id !== event.node)) };
    case 'one_way': {
      if (n < 2) return undefined;
      const [from, to] = rng.shuffle(ids(n)) as [NodeId, NodeId];
      return { ...event, from, to };
    }
    case 'partition': {
      if (n < 2) return undefined;
      const order = rng.shuffle(ids(n));
      const cut = rng.range(1, n - 1);
      return { ...event, groups: [order.slice(0, cut).sort((a, b) => a - b), order.slice(cut).sort((a, b) => a - b)] };
    }
    case 'ring':
    case 'bridge':
      return { ...event, order: rng.shuffle(ids(n)) };
    case 'network': {
      const next: FaultEvent = { type: 'network', atMs: event.atMs, durationMs: event.durationMs };
      const what = rng.int(3);
      if (what === 0) next.dropRate = rng.pick([0.05, 0.2, 0.5] as const);
      else if (what === 1) next.duplicateRate = rng.pick([0.05, 0.2, 0.5] as const);
      else {
        const hi = rng.pick([100, 500, 2_000] as const);
        next.delayMs = [Math.floor(hi / 10), hi];
      }
      return next;
    }
    case 'message': {
      const kinds = Object.keys(ctx.landmarks.deliveries);
      if (rng.chance(1, 2) && kinds.length > 1) return { ...event, kind: rng.pick(kinds.filter((k) => k !== event.kind)) };
      const next: FaultEvent = { ...event };
      delete next.from;
      delete next.to;
      if (n >= 2 && rng.chance(2, 3)) {
        if (rng.chance(1, 2)) next.from = rng.int(n);
        else next.to = rng.int(n);
      }
      return next;
    }
    default:
      return assertNever(event);
  }
}

/**
 * `event` for a cluster of `size` nodes instead of `n`: node lists lose the nodes that no
 * longer exist and gain the new one at a random place; an event aimed at a node that no
 * longer exists is dropped (undefined).
 */
function resizeEvent(event: FaultEvent, n: number, size: number, rng: Rng | undefined): FaultEvent | undefined {
  const exists = (id: NodeId | 'leader'): boolean => id === 'leader' || id < size;
  switch (event.type) {
    case 'isolate':
    case 'crash':
    case 'pause':
    case 'clock_drift':
    case 'disk_no_sync':
      return exists(event.node) ? event : undefined;
    case 'one_way':
      return exists(event.from) && exists(event.to) ? event : undefined;
    case 'message':
      return (event.from === undefined || exists(event.from)) && (event.to === undefined || exists(event.to)) ? event : undefined;
    case 'network':
      return event;
    case 'partition': {
      // Nodes a partition does not list are cut off from everyone, so lists may shrink freely.
      const groups = event.groups.map((g) => g.filter((id) => id < size)).filter((g) => g.length > 0);
      if (rng !== undefined && groups.length > 0) for (let id = n; id < size; id++) (groups[rng.int(groups.length)] as NodeId[]).push(id);
      return groups.length === 0 ? undefined : { ...event, groups: groups.map((g) => g.sort((a, b) => a - b)) };
    }
    case 'ring':
    case 'bridge': {
      const order = event.order.filter((id) => id < size);
      if (size > n && rng !== undefined) for (let id = n; id < size; id++) order.splice(rng.int(order.length + 1), 0, id);
      return order.length === size ? { ...event, order } : undefined;
    }
    default:
      return assertNever(event);
  }
}

/** The parent's swarm configuration, unchanged (one time in three) or with one kind tweaked. */
function tweakSwarm(swarm: SwarmConfig, phaseMs: number, rng: Rng): { swarm: SwarmConfig; description: string } {
  const enabled = swarm.enabled.map((c) => ({ ...c }));
  const what = rng.int(6);
  if (what < 2) return { swarm: { pool: swarm.pool, enabled }, description: '' };
  const off = swarm.pool.filter((k) => !enabled.some((c) => c.kind === k));
  if (what === 2 && off.length > 0) {
    const kind = rng.pick(off);
    enabled.push(drawKindConfig(kind, rng, phaseMs));
    return { swarm: { pool: swarm.pool, enabled }, description: `${kind} on` };
  }
  const i = rng.int(enabled.length);
  const config = enabled[i] as SwarmKindConfig;
  if (what === 3 && enabled.length > 1) {
    enabled.splice(i, 1);
    return { swarm: { pool: swarm.pool, enabled }, description: `${config.kind} off` };
  }
  if (what === 4) {
    const count = Math.max(1, Math.min(windowsPerKindMax(phaseMs), config.count + (rng.chance(1, 2) ? 1 : -1)));
    enabled[i] = { ...config, count };
    return { swarm: { pool: swarm.pool, enabled }, description: `${config.kind} x${count}` };
  }
  enabled[i] = { ...drawKindConfig(config.kind, rng, phaseMs), count: config.count };
  return { swarm: { pool: swarm.pool, enabled }, description: `${config.kind} redrawn` };
}

/** Think-time factors a workload mutation picks. */
const thinkFactors = [0, 0.25, 0.5, 2] as const;

function mutateWorkload(spec: WorkloadSpec, phaseMs: number, rng: Rng): { workload: WorkloadSpec; description: string } | undefined {
  const slots = spec.slots.map((s) => ({ steps: s.steps.slice() }));
  const busy = slots.map((s, k) => ({ s, k })).filter(({ s }) => s.steps.length > 0);
  const what = rng.int(5);
  if (what === 4 || busy.length === 0) {
    // A new workload of the same size and kind, with a mix of its own.
    const workload = workloads[spec.type];
    const ops = slots.reduce((a, s) => a + s.steps.length, 0);
    const mix = workload.drawMix?.(rng.fork('mix'));
    const fresh = generateWorkload(
      spec.type,
      { clients: Math.max(1, slots.length), ops, keyCount: Math.max(1, spec.keys.length), durationMs: phaseMs, ...(mix ? { mix } : {}) },
      rng.fork('workload'),
    );
    return { workload: fresh, description: `new ${spec.type} workload of ${ops} ops` };
  }
  const { s, k } = rng.pick(busy);
  if (what === 0) {
    const factor = rng.pick(thinkFactors);
    const all = rng.chance(1, 3);
    for (const slot of all ? slots : [s]) slot.steps = slot.steps.map((st) => ({ ...st, thinkMs: Math.round(st.thinkMs * factor) }));
    return { workload: { ...spec, slots }, description: `think times x${factor} (${all ? 'every client' : `client ${k}`})` };
  }
  const i = rng.int(s.steps.length);
  if (what === 1) {
    s.steps.splice(i, 1);
    return { workload: { ...spec, slots }, description: `drop step ${i} of client ${k}` };
  }
  if (what === 2) {
    if (s.steps.length < 2) return undefined;
    const j = i === s.steps.length - 1 ? i - 1 : i + 1;
    const a = s.steps[i] as (typeof s.steps)[number];
    s.steps[i] = { thinkMs: a.thinkMs, op: (s.steps[j] as (typeof s.steps)[number]).op };
    s.steps[j] = { thinkMs: (s.steps[j] as (typeof s.steps)[number]).thinkMs, op: a.op };
    return { workload: { ...spec, slots }, description: `swap steps ${i} and ${j} of client ${k}` };
  }
  if (slots.length < 2) return undefined;
  const to = rng.pick(slots.map((_, x) => x).filter((x) => x !== k));
  const [step] = s.steps.splice(i, 1);
  const target = slots[to] as (typeof slots)[number];
  target.steps.splice(rng.int(target.steps.length + 1), 0, step as (typeof s.steps)[number]);
  return { workload: { ...spec, slots }, description: `move step ${i} of client ${k} to client ${to}` };
}
