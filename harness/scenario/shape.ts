// The shape of a run: how many nodes, how many clients, how many keys and which mix of
// operations. A command-line option fixes a dimension; otherwise each seed draws it, as the
// swarm draws its faults: a quorum mistake that shows only with an even cluster or only with
// three nodes, a race that needs one client or eight, a bug that needs a read-heavy mix, each
// gets its seeds. Each dimension has its own stream, so fixing one does not move the others.

import { assert } from '../assert.ts';
import type { Rng } from '../rng.ts';
import type { Algorithm } from '../types.ts';
import { defaultNodes } from '../cluster-size.ts';
import { nodeCountMax } from '../simulation.ts';
import { clientsMax, defaultWorkloadParams, workloads } from './workload.ts';

/** Drawn client counts lie in 1..clientsDrawnMax. */
export const clientsDrawnMax = 8;
/** Drawn key counts lie in 1..keysDrawnMax. */
export const keysDrawnMax = 5;

export interface RunShape {
  nodes: number;
  clients: number;
  keyCount: number;
  /** Relative weights of the workload's operation kinds; undefined: the workload's default. */
  mix?: Readonly<Record<string, number>>;
}

/** What the caller fixed; undefined dimensions are drawn. */
export interface ShapeParams {
  nodes?: number | undefined;
  clients?: number | undefined;
  keyCount?: number | undefined;
  mix?: Readonly<Record<string, number>> | undefined;
}

/** Why `algorithm.defaults` cannot be used, or undefined (a plug-in's mistake, said in one line). */
export function defaultsProblem(algorithm: Algorithm): string | undefined {
  const d = algorithm.defaults;
  if (d === undefined) return undefined;
  if (d === null || typeof d !== 'object') return 'defaults must be an object';
  const size = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= nodeCountMax;
  if (d.nodes !== undefined && !size(d.nodes)) return `defaults.nodes must be an integer in 1..${nodeCountMax}`;
  if (d.nodesRange !== undefined) {
    const r = d.nodesRange as unknown;
    if (!Array.isArray(r) || r.length !== 2 || !size(r[0]) || !size(r[1]) || r[0] > r[1]) return `defaults.nodesRange must be [min, max] with 1 <= min <= max <= ${nodeCountMax}`;
  }
  if (d.electionTimeoutMs !== undefined && !(typeof d.electionTimeoutMs === 'number' && Number.isInteger(d.electionTimeoutMs) && d.electionTimeoutMs >= 1 && d.electionTimeoutMs <= 600_000)) {
    return 'defaults.electionTimeoutMs must be an integer in 1..600000';
  }
  return undefined;
}

/** "3..7" or "5": the sizes a sweep runs, for its header line. */
export function describeNodes(algorithm: Algorithm, fixed: number | undefined): string {
  if (fixed !== undefined) return String(fixed);
  const range = algorithm.defaults?.nodesRange;
  return range !== undefined && range[0] !== range[1] ? `${range[0]}..${range[1]}` : String(range?.[0] ?? defaultNodes(algorithm));
}

/** The shape of one seed's run: fixed dimensions as given, the rest drawn from `rng`. */
export function drawShape(algorithm: Algorithm, params: ShapeParams, rng: Rng): RunShape {
  const problem = defaultsProblem(algorithm);
  assert(problem === undefined, `algorithm ${algorithm.name}: ${problem}`);
  const range = algorithm.defaults?.nodesRange;
  const nodesRng = rng.fork('nodes');
  const nodes = params.nodes ?? (range !== undefined ? nodesRng.range(range[0], range[1]) : defaultNodes(algorithm));
  const clients = params.clients ?? rng.fork('clients').range(1, Math.min(clientsDrawnMax, clientsMax));
  const keyCount = params.keyCount ?? rng.fork('keys').range(1, keysDrawnMax);
  const shape: RunShape = { nodes, clients, keyCount };
  const workload = algorithm.workload === undefined ? undefined : workloads[algorithm.workload];
  const mix = params.mix ?? workload?.drawMix?.(rng.fork('mix'));
  if (mix !== undefined) shape.mix = mix;
  return shape;
}

/** The shape a hand-made scenario gets: fixed, nothing drawn. */
export function fixedShape(algorithm: Algorithm, params: ShapeParams): RunShape {
  const shape: RunShape = {
    nodes: params.nodes ?? defaultNodes(algorithm),
    clients: params.clients ?? defaultWorkloadParams.clients,
    keyCount: params.keyCount ?? defaultWorkloadParams.keyCount,
  };
  if (params.mix !== undefined) shape.mix = params.mix;
  return shape;
}
