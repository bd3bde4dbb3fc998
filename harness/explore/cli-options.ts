// Parsing the options `run` and `explore` share (--impl, --bug, --nodes, --ops,
// --duration-ms, --faults ...) into scenario parameters. Bad input throws UsageError:
// the CLI prints its one line and exits 2 before anything runs or is written.

import { UsageError } from '../cli/errors.ts';
import { checkBug, resolveAlgorithm } from '../cli/resolve-impl.ts';
import { nodeCountMax } from '../simulation.ts';
import type { Algorithm } from '../types.ts';
import { parseFaultSelection, type FaultSelection } from '../scenario/nemesis.ts';
import { durationMsMax, type ScenarioParams } from '../scenario/scenario.ts';
import { clientsMax, opsPerRunMax } from '../scenario/workload.ts';

/** The options as commander hands them over: strings, or booleans for flags. */
export interface ScenarioCliOptions {
  impl?: string;
  bug?: string;
  nodes?: string;
  ops?: string;
  clients?: string;
  keys?: string;
  durationMs?: string;
  faults?: string;
  requestTimeoutMs?: string;
}

/** Keys up to this many (a bound: the history checker partitions by key). */
export const keysMax = 1_000;

export function parseIntOption(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(text)) throw new UsageError(`${name} must be an integer in ${min}..${max}, got "${text}"`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer in ${min}..${max}, got ${text.trim()}`);
  return n;
}

export function parseFaultsOption(text: string | undefined): FaultSelection {
  if (text === undefined) return { type: 'swarm' };
  const parsed = parseFaultSelection(text);
  if (parsed.type === 'error') throw new UsageError(`--faults: ${parsed.message}`);
  return parsed.selection;
}

/** Everything but the seed: the scenario parameters of a `run` or an `explore`. */
export async function scenarioTemplate(options: ScenarioCliOptions): Promise<{ algorithm: Algorithm; template: Omit<ScenarioParams, 'seed'> }> {
  if (options.impl === undefined || options.impl === '') throw new UsageError('--impl NAME is required (see `faultline list`)');
  const { algorithm, ref } = await resolveAlgorithm(options.impl);
  checkBug(algorithm, options.bug);
  const template: Omit<ScenarioParams, 'seed'> = {
    impl: ref,
    algorithm,
    bug: options.bug,
    nodes: parseIntOption('--nodes', options.nodes, 1, nodeCountMax),
    ops: parseIntOption('--ops', options.ops, 0, opsPerRunMax),
    clients: parseIntOption('--clients', options.clients, 1, clientsMax),
    keyCount: parseIntOption('--keys', options.keys, 1, keysMax),
    durationMs: parseIntOption('--duration-ms', options.durationMs, 0, durationMsMax),
    faults: parseFaultsOption(options.faults),
    requestTimeoutMs: parseIntOption('--request-timeout-ms', options.requestTimeoutMs, 1, durationMsMax),
  };
  return { algorithm, template };
}
