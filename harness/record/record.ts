// The failure record (DESIGN.md, **contract**: histories/*.json): everything needed to
// replay one run exactly — algorithm, bug, seed, options, the explicit fault plan and
// workload — plus what the run showed: trace hash, violations, client history. Reading
// a record validates every field, so a bad file is one clear message, never a stack trace.

import type { History, Violation } from '../types.ts';
import type { FaultLogEntry } from '../scenario/fault-driver.ts';
import { validateScenario, type RunOutcome, type Scenario, type ScenarioOptions } from '../scenario/scenario.ts';
import type { FaultPlan } from '../scenario/fault-plan.ts';
import type { WorkloadSpec } from '../scenario/workload.ts';
import { clip, errorDetailCharsMax } from '../../checkers/formats/errors.ts';

export const recordFormat = 'faultline-record';
/** Version of the record layout this code writes; it reads every version in `recordVersionsKnown`. */
export const recordVersion = 1;
export const recordVersionsKnown: readonly number[] = [1];

export interface FailureRecord {
  format: typeof recordFormat;
  version: number;
  impl: string;
  bug?: string;
  seed: number;
  options: ScenarioOptions;
  faultPlan: FaultPlan;
  workload?: WorkloadSpec;
  traceHash: string;
  violations: Violation[];
  history: History;
  /** What each fault window resolved to ("leader" → node 2); informational. */
  faultLog?: FaultLogEntry[];
  /** How the record was made (`explore`, `shrink`, `run`), and from what; informational. */
  origin?: { command: string; from?: string; strategy?: string; run?: number };
  createdAt?: string;
}

export type RecordResult = { type: 'ok'; record: FailureRecord } | { type: 'error'; message: string };

/** A record of `scenario` and what running it showed. `createdAt` comes from the CLI edge. */
export function makeRecord(scenario: Scenario, outcome: RunOutcome, extra: { createdAt?: string; origin?: FailureRecord['origin'] } = {}): FailureRecord {
  const record: FailureRecord = {
    format: recordFormat,
    version: recordVersion,
    impl: scenario.impl,
    ...(scenario.bug !== undefined ? { bug: scenario.bug } : {}),
    seed: scenario.seed,
    options: scenario.options,
    faultPlan: scenario.faultPlan,
    ...(scenario.workload !== undefined ? { workload: scenario.workload } : {}),
    traceHash: outcome.traceHash,
    violations: outcome.violations,
    history: outcome.history,
    faultLog: outcome.faultLog,
    ...(extra.origin !== undefined ? { origin: extra.origin } : {}),
    ...(extra.createdAt !== undefined ? { createdAt: extra.createdAt } : {}),
  };
  return record;
}

/** The scenario a record replays. */
export function scenarioOfRecord(record: FailureRecord): Scenario {
  const scenario: Scenario = { impl: record.impl, seed: record.seed, options: record.options, faultPlan: record.faultPlan };
  if (record.bug !== undefined) scenario.bug = record.bug;
  if (record.workload !== undefined) scenario.workload = record.workload;
  return scenario;
}

/** Parses and validates a record's JSON text; `source` names it in messages. */
export function parseRecord(text: string, source: string): RecordResult {
  let value: unknown;
  try {
    // A byte-order mark some editors write is not part of the record.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { type: 'error', message: `${source}: not valid JSON (${clip(error instanceof Error ? error.message : String(error), errorDetailCharsMax)})` };
  }
  const problem = recordProblem(value);
  if (problem !== undefined) return { type: 'error', message: `${source}: ${problem}` };
  return { type: 'ok', record: value as FailureRecord };
}

/** Why `value` is not a record this version can replay, or undefined. */
export function recordProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a faultline record (not a JSON object)';
  const r = value as Record<string, unknown>;
  if (r.format !== recordFormat) return `not a faultline record (format is ${JSON.stringify(r.format)}, expected "${recordFormat}")`;
  if (typeof r.version !== 'number' || !recordVersionsKnown.includes(r.version)) {
    return `unknown record version ${JSON.stringify(r.version)} (this faultline reads version ${recordVersionsKnown.join(', ')})`;
  }
  for (const field of ['impl', 'seed', 'options', 'faultPlan', 'traceHash', 'violations', 'history'] as const) {
    if (!(field in r)) return `missing field "${field}"`;
  }
  if (typeof r.impl !== 'string' || r.impl === '') return 'field "impl" must be a non-empty string';
  if (r.bug !== undefined && typeof r.bug !== 'string') return 'field "bug" must be a string';
  if (typeof r.seed !== 'number' || !Number.isSafeInteger(r.seed) || r.seed < 0) return 'field "seed" must be a non-negative integer';
  if (typeof r.traceHash !== 'string' || !/^[0-9a-f]{16}$/.test(r.traceHash)) return 'field "traceHash" must be a 16-digit hex string';
  if (!Array.isArray(r.violations)) return 'field "violations" must be an array';
  for (const [i, v] of r.violations.entries()) {
    if (v === null || typeof v !== 'object' || typeof v.checker !== 'string' || typeof v.message !== 'string') return `violations[${i}] must have a checker and a message`;
  }
  if (!Array.isArray(r.history)) return 'field "history" must be an array';
  const scenario: Scenario = { impl: r.impl, seed: r.seed, options: r.options as ScenarioOptions, faultPlan: r.faultPlan as FaultPlan };
  if (r.workload !== undefined) scenario.workload = r.workload as WorkloadSpec;
  return validateScenario(scenario);
}
