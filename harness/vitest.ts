// The vitest-facing API (`faultline/vitest`): sweep seeds of an algorithm inside a test.
//
//   test('raft survives the swarm', () => {
//     exploreSeeds({ algorithm: 'raft', seeds: 50 });
//   });
//
// Honours FAULTLINE_SEED (the sweep starts there; the seed is printed), saves a failing
// seed as a record (default histories/) and throws an error whose message is the failure
// in STYLE.md form, ending with the one command that replays it.

import type { Algorithm } from './types.ts';
import { algorithms } from '../impls/index.ts';
import { explore, exploreStrategies, type ExploreFailure, type ExploreStrategy } from './explore/explore.ts';
import { formatFailure } from './explore/format.ts';
import { buildScenario } from './scenario/scenario.ts';
import { parseFaultSelection, swarmKinds, type FaultSelection } from './scenario/nemesis.ts';
import { envSeed } from './test-seed.ts';
import { wallIsoDate, wallNowMs } from './wall-clock.ts';

export { testSeed, envSeed } from './test-seed.ts';
export { arbFaultPlan, arbFaultEvent, arbWorkload } from './arbitraries.ts';
export { buildScenario, scenarioWith, runScenario } from './scenario/scenario.ts';
export type { Scenario, RunOutcome } from './scenario/scenario.ts';

export interface ExploreSeedsOptions {
  /** A built-in algorithm's name, or the Algorithm itself. */
  algorithm: string | Algorithm;
  /**
   * What records name as `impl`: a built-in name or a module path `replay` can load.
   * Default: the algorithm's name (replayable only for built-ins).
   */
  impl?: string;
  bug?: string;
  /** A count of seeds starting at 1 (or at FAULTLINE_SEED), or an inclusive range [first, last]. */
  seeds: number | [number, number];
  nodes?: number;
  ops?: number;
  clients?: number;
  keys?: number;
  durationMs?: number;
  /** 'swarm' (default), 'none', or a comma list of fault kinds. */
  faults?: string;
  /** 'swarm' (default): the scenario of every seed; 'guided': a coverage-guided campaign of as many runs. */
  strategy?: ExploreStrategy;
  /** Directory for failure records (default 'histories'); false saves nothing. */
  out?: string | false;
  /** Failures before the sweep stops (default 1). */
  maxFailures?: number;
  checkDeterminism?: boolean;
  /** Print nothing but the starting seed (default false: one summary line). */
  quiet?: boolean;
}

export interface ExploreSeedsResult {
  seedsRun: number;
  firstSeed: number;
  lastSeed: number;
  failures: ExploreFailure[];
  wallMs: number;
}

/** The error `exploreSeeds` throws on a failing seed; the message is ready to read. */
export class ExplorationFailure extends Error {
  override name = 'ExplorationFailure';
  constructor(
    message: string,
    readonly failures: ExploreFailure[],
  ) {
    super(message);
  }
}

function resolve(algorithm: string | Algorithm): Algorithm {
  if (typeof algorithm !== 'string') return algorithm;
  const found = Object.hasOwn(algorithms, algorithm) ? algorithms[algorithm] : undefined;
  if (found === undefined) throw new Error(`exploreSeeds: unknown algorithm "${algorithm}" (known: ${Object.keys(algorithms).join(', ')})`);
  return found;
}

/** Sweeps seeds; throws ExplorationFailure at the first failure(s), else returns the summary. */
export function exploreSeeds(options: ExploreSeedsOptions): ExploreSeedsResult {
  const algorithm = resolve(options.algorithm);
  const impl = options.impl ?? algorithm.name;
  const fromEnv = envSeed();
  let first: number;
  let last: number;
  if (Array.isArray(options.seeds)) {
    const count = options.seeds[1] - options.seeds[0] + 1;
    first = fromEnv ?? options.seeds[0];
    last = first + count - 1;
  } else {
    first = fromEnv ?? 1;
    last = first + options.seeds - 1;
  }
  if (!(Number.isSafeInteger(first) && Number.isSafeInteger(last) && first >= 0 && last >= first)) {
    throw new Error(`exploreSeeds: bad seed range ${first}..${last}`);
  }
  let faults: FaultSelection = { type: 'swarm' };
  if (options.faults !== undefined) {
    const parsed = parseFaultSelection(options.faults);
    if (parsed.type === 'error') throw new Error(`exploreSeeds: ${parsed.message}`);
    faults = parsed.selection;
  }
  const label = `exploreSeeds ${impl}${options.bug ? ` (bug: ${options.bug})` : ''}`;
  console.log(`${label}: seeds ${first}..${last}${fromEnv === undefined ? '' : ' (from FAULTLINE_SEED)'}`);
  const seeds = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const strategy = options.strategy ?? 'swarm';
  if (!exploreStrategies.includes(strategy)) throw new Error(`exploreSeeds: strategy must be ${exploreStrategies.join(' or ')}, got "${String(strategy)}"`);
  const pool = faults.type === 'swarm' ? swarmKinds : faults.type === 'list' ? faults.kinds : [];
  const result = explore({
    algorithm,
    seeds,
    strategy,
    guided: { pool, nodesRange: options.nodes === undefined ? algorithm.defaults?.nodesRange : undefined, label: JSON.stringify(['exploreSeeds', impl, options.bug ?? null, first, last, options.nodes, options.ops, options.clients, options.keys, options.durationMs, options.faults]) },
    scenarioOf: (seed) =>
      buildScenario({ impl, algorithm, bug: options.bug, seed, nodes: options.nodes, ops: options.ops, clients: options.clients, keyCount: options.keys, durationMs: options.durationMs, faults }),
    maxFailures: options.maxFailures ?? 1,
    outDir: options.out === false ? undefined : (options.out ?? 'histories'),
    checkDeterminism: options.checkDeterminism ?? false,
    nowMs: wallNowMs,
    createdAt: wallIsoDate,
  });
  if (result.failures.length > 0) {
    const text = result.failures.map((f) => formatFailure(f.scenario, f.violations, f.traceHash, f.record)).join('\n');
    throw new ExplorationFailure(`${label}: ${result.failures.length} failing seed(s) in ${first}..${last}\n${text}`, result.failures);
  }
  if (!options.quiet) console.log(`${label}: ${result.seedsRun} seeds clean in ${Math.round(result.wallMs)} ms`);
  return { seedsRun: result.seedsRun, firstSeed: first, lastSeed: last, failures: [], wallMs: result.wallMs };
}
