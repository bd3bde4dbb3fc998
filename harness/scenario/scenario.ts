// A scenario is everything one run needs, as plain data: algorithm, bug, seed, options,
// the explicit fault plan and the explicit workload. `buildScenario` derives one from a
// seed (swarm nemesis + workload generator); `runScenario` plays it: the fault phase with
// workload and faults, then heal, then the liveness phase, then every checker via
// sim.check(). The same scenario always gives the same trace hash.

import { assert } from '../assert.ts';
import { defaultClientOptions, type ClientOptions } from '../client.ts';
import { defaultNetwork, validateNetwork, type NetworkConfig } from '../network.ts';
import { Rng } from '../rng.ts';
import { Simulation, eventsMaxDefault, nodeCountMax, type SimStats, type SimulationOptions } from '../simulation.ts';
import type { TraceEvent } from '../trace.ts';
import type { Algorithm, History, Violation } from '../types.ts';
import { CoverageCollector, type RunCoverage } from '../coverage/index.ts';
import { FaultDriver, type FaultLogEntry } from './fault-driver.ts';
import { validateFaultPlan, type FaultPlan } from './fault-plan.ts';
import { electionTimeoutMsDefault, livenessTimeoutMsDefault, quietMsDefault, runLivenessPhase, type LivenessReport } from './liveness.ts';
import { drawFaultPlan, drawSwarm, formatFaultSelection, type FaultSelection, type SwarmConfig } from './nemesis.ts';
import { defaultWorkloadParams, generateWorkload, validateWorkload, type WorkloadSpec } from './workload.ts';
import { drawShape, fixedShape, type RunShape } from './shape.ts';
import { WorkloadDriver } from './workload-driver.ts';

/** Run settings stored in a record (field `options`): enough, with the plan and workload, to replay. */
export interface ScenarioOptions {
  nodes: number;
  /** Length of the fault phase (virtual ms); the heal and liveness phase follow it. */
  durationMs: number;
  /** The network outside fault windows. */
  network: NetworkConfig;
  client: ClientOptions;
  livenessTimeoutMs: number;
  /** Healed time an algorithm without a workload runs after the fault phase. */
  quietMs: number;
  eventsMax: number;
  /** How the fault plan was made (`swarm`, `none`, a kind list); informational. */
  faults: string;
  /** The swarm configuration the plan was drawn from; informational. */
  swarm?: SwarmConfig;
  /** The shape the seed drew (nodes, clients, keys, operation mix); informational. */
  shape?: RunShape;
}

export interface Scenario {
  /** Algorithm name from `list`, or the module path given to --impl. */
  impl: string;
  bug?: string;
  seed: number;
  options: ScenarioOptions;
  faultPlan: FaultPlan;
  workload?: WorkloadSpec;
}

export interface ScenarioParams {
  impl: string;
  algorithm: Algorithm;
  bug?: string | undefined;
  seed: number;
  nodes?: number | undefined;
  ops?: number | undefined;
  clients?: number | undefined;
  keyCount?: number | undefined;
  durationMs?: number | undefined;
  faults?: FaultSelection | undefined;
  requestTimeoutMs?: number | undefined;
  mix?: Readonly<Record<string, number>> | undefined;
  /** false: undefined dimensions take fixed defaults instead of being drawn from the seed (hand-made scenarios). */
  drawShape?: boolean | undefined;
}

export const durationMsDefault = 60_000;
/** Longest fault phase a scenario may ask for (virtual ms): one hour. */
export const durationMsMax = 3_600_000;
export const seedMax = Number.MAX_SAFE_INTEGER;

/** Derives the scenario of one seed: its shape, swarm configuration, fault plan, workload. */
export function buildScenario(params: ScenarioParams): Scenario {
  assert(Number.isSafeInteger(params.seed) && params.seed >= 0, `seed must be a non-negative integer, got ${params.seed}`);
  const durationMs = params.durationMs ?? durationMsDefault;
  assert(Number.isInteger(durationMs) && durationMs >= 0 && durationMs <= durationMsMax, `duration-ms must be an integer in 0..${durationMsMax}, got ${durationMs}`);
  const selection = params.faults ?? { type: 'swarm' };
  // One stream per concern, forked from the seed: a change in the workload generator does
  // not move the faults of a seed, and neither moves the simulation's own streams.
  const rng = new Rng(params.seed).fork('scenario');
  const shapeParams = { nodes: params.nodes, clients: params.clients, keyCount: params.keyCount, mix: params.mix };
  const shape = params.drawShape === false ? fixedShape(params.algorithm, shapeParams) : drawShape(params.algorithm, shapeParams, rng.fork('shape'));
  const nodes = shape.nodes;
  assert(Number.isInteger(nodes) && nodes >= 1 && nodes <= nodeCountMax, `nodes must be an integer in 1..${nodeCountMax}, got ${nodes}`);
  const swarm = drawSwarm(selection, rng.fork('swarm'), durationMs);
  const faultPlan = drawFaultPlan(swarm, rng.fork('faults'), nodes, durationMs);
  const client: ClientOptions = { ...defaultClientOptions };
  if (params.requestTimeoutMs !== undefined) {
    assert(Number.isInteger(params.requestTimeoutMs) && params.requestTimeoutMs >= 1, `request timeout must be a positive integer, got ${params.requestTimeoutMs}`);
    client.requestTimeoutMs = params.requestTimeoutMs;
  }
  const options: ScenarioOptions = {
    nodes,
    durationMs,
    network: selection.type === 'swarm' ? drawBaseNetwork(rng.fork('network')) : { ...defaultNetwork, delayMs: [defaultNetwork.delayMs[0], defaultNetwork.delayMs[1]] },
    client,
    // The liveness bound must outlast a client's whole retry budget.
    livenessTimeoutMs: Math.max(livenessTimeoutMsDefault, client.attemptsMax * client.requestTimeoutMs + 10_000),
    quietMs: quietMsDefault,
    eventsMax: eventsMaxDefault,
    faults: formatFaultSelection(selection),
  };
  if (selection.type !== 'none') options.swarm = swarm;
  if (params.drawShape !== false) options.shape = shape;
  const scenario: Scenario = { impl: params.impl, seed: params.seed, options, faultPlan };
  if (params.bug !== undefined) scenario.bug = params.bug;
  if (params.algorithm.workload !== undefined) {
    scenario.workload = generateWorkload(
      params.algorithm.workload,
      {
        clients: shape.clients,
        ops: params.ops ?? defaultWorkloadParams.ops,
        keyCount: shape.keyCount,
        durationMs,
        ...(shape.mix ? { mix: shape.mix } : {}),
      },
      rng.fork('workload'),
    );
  }
  return scenario;
}

/** Constant one-way delays the swarm may pick for the base network (a uniform LAN). */
const uniformDelayMsChoices = [2, 5] as const;

/**
 * The network outside fault windows (and in the liveness phase). The swarm makes it
 * perfectly uniform for one seed in four: with no jitter, nodes that reset their timers on
 * the same heartbeat also fire them together, which is what exposes timeouts that are not
 * randomised (MUTANTS.md M19); jitter would break such ties by luck.
 */
function drawBaseNetwork(rng: Rng): NetworkConfig {
  if (rng.chance(1, 4)) {
    const delayMs = rng.pick(uniformDelayMsChoices);
    return { ...defaultNetwork, delayMs: [delayMs, delayMs] };
  }
  return { ...defaultNetwork, delayMs: [defaultNetwork.delayMs[0], defaultNetwork.delayMs[1]] };
}

/** Why `options` is not valid scenario options, or undefined. */
export function validateScenarioOptions(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'options must be an object';
  const o = value as Record<string, unknown>;
  const int = (x: unknown, min: number, max: number): boolean => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
  if (!int(o.nodes, 1, nodeCountMax)) return `options.nodes must be an integer in 1..${nodeCountMax}`;
  if (!int(o.durationMs, 0, durationMsMax)) return `options.durationMs must be an integer in 0..${durationMsMax}`;
  if (!int(o.livenessTimeoutMs, 0, durationMsMax)) return 'options.livenessTimeoutMs must be a non-negative integer';
  if (!int(o.quietMs, 0, durationMsMax)) return 'options.quietMs must be a non-negative integer';
  if (!int(o.eventsMax, 1, Number.MAX_SAFE_INTEGER)) return 'options.eventsMax must be a positive integer';
  const n = o.network as NetworkConfig | undefined;
  if (n === null || typeof n !== 'object' || !Array.isArray(n.delayMs) || typeof n.dropRate !== 'number' || typeof n.duplicateRate !== 'number') {
    return 'options.network must be { delayMs: [min, max], dropRate, duplicateRate }';
  }
  try {
    validateNetwork(n);
  } catch (error) {
    return `options.network: ${error instanceof Error ? error.message : String(error)}`;
  }
  const c = o.client as ClientOptions | undefined;
  if (c === null || typeof c !== 'object' || !int(c.requestTimeoutMs, 1, durationMsMax) || !int(c.attemptsMax, 1, 1_000_000) || !int(c.notLeaderBackoffMs, 0, durationMsMax)) {
    return 'options.client must be { requestTimeoutMs, attemptsMax, notLeaderBackoffMs } positive integers';
  }
  return undefined;
}

/** Why `scenario` cannot run, or undefined. */
export function validateScenario(scenario: Scenario): string | undefined {
  const options = validateScenarioOptions(scenario.options);
  if (options !== undefined) return options;
  const plan = validateFaultPlan(scenario.faultPlan, scenario.options.nodes);
  if (plan !== undefined) return plan;
  if (scenario.workload !== undefined) return validateWorkload(scenario.workload);
  return undefined;
}

export interface RunOptions {
  /** Keep every trace event (determinism self-check, reports). */
  recordTrace?: boolean;
  /** Passed to the Simulation (linearizability of the history); the simulation picks one for kv when absent. */
  historyChecker?: SimulationOptions['historyChecker'];
  /** Collect the run's coverage (harness/coverage) for guided exploration and coverage plots. */
  coverage?: boolean;
  /** Passed to the Simulation: where the run is, for a supervisor in another thread. */
  progress?: Int32Array;
}

export interface RunOutcome {
  /**
   * `unfinished`: the run was stopped by a wall-clock or memory limit (checker
   * implementation-hang, harness-hang, out-of-memory): a harness-level "could not finish",
   * which depends on the machine and so is never called a violation.
   */
  verdict: 'ok' | 'violation' | 'unfinished';
  violations: Violation[];
  traceHash: string;
  history: History;
  stats: SimStats;
  /** What each fault window resolved to (which node "leader" was). */
  faultLog: FaultLogEntry[];
  /** What the liveness phase saw (absent when the run failed before it). */
  liveness?: LivenessReport;
  /** The run's coverage, when asked for. */
  coverage?: RunCoverage;
  /**
   * Context calls made after the run ended (filled in later: by promise or microtask
   * continuations node code left behind); harness/cli/late-work.ts turns them into a failure.
   */
  lateCalls?: readonly string[];
  trace?: readonly TraceEvent[];
}

/** Plays a scenario: fault phase, heal, liveness phase, every checker. */
export function runScenario(scenario: Scenario, algorithm: Algorithm, runOptions: RunOptions = {}): RunOutcome {
  const problem = validateScenario(scenario);
  assert(problem === undefined, `invalid scenario: ${problem}`);
  const { options } = scenario;
  assert(algorithm.workload === scenario.workload?.type, `algorithm ${algorithm.name} serves workload ${algorithm.workload ?? 'none'} but the scenario has ${scenario.workload?.type ?? 'none'}`);
  const simOptions: SimulationOptions = {
    algorithm,
    nodes: options.nodes,
    seed: scenario.seed,
    bug: scenario.bug,
    network: options.network,
    client: options.client,
    eventsMax: options.eventsMax,
    recordTrace: runOptions.recordTrace ?? false,
    // The run always completes: the liveness phase and end-of-run checkers need it.
    stopOnViolation: false,
  };
  if (runOptions.historyChecker !== undefined) simOptions.historyChecker = runOptions.historyChecker;
  if (runOptions.progress !== undefined) simOptions.progress = runOptions.progress;
  const collector = runOptions.coverage ? new CoverageCollector(options.nodes) : undefined;
  if (collector !== undefined) simOptions.watchers = [{ name: 'coverage', types: CoverageCollector.observes, observe: collector.observe.bind(collector) }];
  const sim = new Simulation(simOptions);
  const faults = new FaultDriver(sim, scenario.faultPlan, options.network, options.durationMs);
  faults.schedule();
  if (scenario.workload !== undefined) new WorkloadDriver(sim, scenario.workload, options.durationMs).schedule();
  sim.runFor(options.durationMs);
  let liveness: LivenessReport | undefined;
  if (!sim.failed) {
    faults.healAll();
    liveness = runLivenessPhase(sim, scenario.workload, {
      timeoutMs: options.livenessTimeoutMs,
      quietMs: options.quietMs,
      electionTimeoutMs: algorithm.defaults?.electionTimeoutMs ?? electionTimeoutMsDefault,
    });
  }
  const violations = sim.check();
  sim.close();
  const outcome: RunOutcome = {
    verdict: verdictOf(violations),
    violations,
    traceHash: sim.traceHash,
    history: sim.history.slice(),
    stats: sim.stats(),
    faultLog: faults.log,
    lateCalls: sim.lateCalls,
  };
  if (liveness !== undefined) outcome.liveness = liveness;
  if (collector !== undefined) outcome.coverage = collector.finish(outcome.history);
  if (sim.trace !== undefined) outcome.trace = sim.trace;
  return outcome;
}

/** Checkers that say a run could not finish (a limit of the machine stopped it), not that it broke. */
export const unfinishedCheckers: ReadonlySet<string> = new Set(['implementation-hang', 'harness-hang', 'out-of-memory', 'harness-error']);

export function verdictOf(violations: readonly Violation[]): RunOutcome['verdict'] {
  if (violations.length === 0) return 'ok';
  return violations.every((v) => unfinishedCheckers.has(v.checker)) ? 'unfinished' : 'violation';
}

export function scenarioOpCount(scenario: Scenario): number {
  let n = 0;
  for (const slot of scenario.workload?.slots ?? []) n += slot.steps.length;
  return n;
}

/**
 * A scenario with a given fault plan and workload (property tests, hand-written cases):
 * default options for the algorithm, nothing drawn from the seed but the simulation's own
 * streams.
 */
export function scenarioWith(params: {
  impl: string;
  algorithm: Algorithm;
  bug?: string | undefined;
  seed: number;
  nodes?: number | undefined;
  durationMs?: number | undefined;
  faultPlan: FaultPlan;
  workload?: WorkloadSpec | undefined;
}): Scenario {
  const base = buildScenario({ impl: params.impl, algorithm: params.algorithm, bug: params.bug, seed: params.seed, nodes: params.nodes, durationMs: params.durationMs, faults: { type: 'none' }, ops: 0, drawShape: false });
  const scenario: Scenario = { ...base, faultPlan: params.faultPlan, options: { ...base.options, faults: 'given' } };
  const workload = params.algorithm.workload !== undefined ? (params.workload ?? base.workload) : undefined;
  if (workload !== undefined) scenario.workload = workload;
  else delete scenario.workload;
  return scenario;
}
