// Assembles the report's data from a run's parts. Pure: the same inputs give the same
// data, so tests build reports from a scenario or from a generated history alone.

import { verdictOf } from '../scenario/scenario.ts';
import type { LinearizabilityResult, PartitionFailure } from '../../checkers/linearizability/index.ts';
import type { FaultLogEntry } from '../scenario/fault-driver.ts';
import type { FaultPlan } from '../scenario/fault-plan.ts';
import type { TraceEvent } from '../trace.ts';
import type { History, Violation } from '../types.ts';
import { faultWindows } from './faults.ts';
import { historyView } from './history-lanes.ts';
import { traceTables } from './messages.ts';
import { nodeLanes } from './node-lanes.ts';
import type { RecordedState } from './state-recorder.ts';
import type { ReportData } from './types.ts';

export interface ReportInput {
  impl: string;
  bug?: string | undefined;
  seed: number;
  describe?: string | undefined;
  bugDescription?: string | undefined;
  nodeCount: number;
  faultPhaseEndMs: number;
  /** The end of the run (virtual ms). */
  endMs: number;
  faultPlan: FaultPlan;
  faultLog: readonly FaultLogEntry[];
  traceHash: string;
  replayIdentical: boolean | null;
  violations: readonly Violation[];
  /** null for an algorithm without a client history. */
  history: History | null;
  /** The linearizability checker's result; when absent, failures are read from the violations' details. */
  linearizability?: LinearizabilityResult | undefined;
  trace: readonly TraceEvent[];
  states: readonly (readonly RecordedState[])[];
  /** The record file, for the replay and shrink commands. */
  recordPath?: string | undefined;
  /** What the liveness phase saw, in one line (describeLiveness), when the run reached it with clients. */
  liveness?: string | null;
  /** Sends the network refused as queue_full, in one line (describeOverflow), or null when none. */
  overflow?: string | null;
}

function isPartitionFailure(x: unknown): x is PartitionFailure {
  if (x === null || typeof x !== 'object') return false;
  const p = x as Record<string, unknown>;
  return Array.isArray(p.prefix) && Array.isArray(p.stuck) && p.blocking !== null && typeof p.blocking === 'object' && typeof p.explanation === 'string';
}

function linearizabilityOf(input: ReportInput): { verdict: string; failures: PartitionFailure[] } {
  if (input.linearizability !== undefined) {
    const r = input.linearizability;
    return { verdict: r.verdict, failures: r.verdict === 'not_linearizable' ? r.partitions : [] };
  }
  const failures = input.violations.filter((v) => v.checker === 'linearizability').map((v) => v.details).filter(isPartitionFailure);
  return { verdict: failures.length > 0 ? 'not_linearizable' : 'not_checked', failures };
}

/** Shell-quotes a path only when it needs it. */
function shellArg(path: string): string {
  return /^[\w./@:+-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`;
}

export function buildReportData(input: ReportInput): ReportData {
  const endMs = Math.max(input.endMs, input.history?.reduce((m, e) => Math.max(m, e.time), 0) ?? 0, 1);
  const firstViolationMs = input.violations.reduce((m, v) => Math.min(m, v.timeMs), Number.POSITIVE_INFINITY);
  const focusMs = Number.isFinite(firstViolationMs) ? firstViolationMs : 0;
  const tables = traceTables(input.trace, focusMs);
  const lin = linearizabilityOf(input);
  const history = input.history === null ? null : historyView(input.history, lin.failures, lin.verdict);
  const nodes = nodeLanes(input.nodeCount, input.states, input.trace, endMs);
  const notes = [...tables.notes];
  for (const lane of nodes) {
    if (lane.states.some((s) => s.state === null)) notes.push(`node ${lane.id}: past the snapshot cap only role and epoch changes keep a state line`);
  }
  return {
    meta: {
      impl: input.impl,
      bug: input.bug ?? null,
      bugDescription: input.bugDescription ?? null,
      describe: input.describe ?? null,
      seed: input.seed,
      verdict: verdictOf(input.violations),
      traceHash: input.traceHash,
      replayIdentical: input.replayIdentical,
      nodeCount: input.nodeCount,
      endMs,
      faultPhaseEndMs: input.faultPhaseEndMs,
      opCount: history?.ops.length ?? 0,
      commands: input.recordPath === undefined ? null : { replay: `npx faultline replay ${shellArg(input.recordPath)}`, shrink: `npx faultline shrink ${shellArg(input.recordPath)}` },
      recordPath: input.recordPath ?? null,
      liveness: input.liveness ?? null,
      overflow: input.overflow ?? null,
    },
    violations: input.violations.map((v) => ({ checker: v.checker, message: v.message, timeMs: v.timeMs, nodes: v.nodes ?? [] })),
    faults: faultWindows(input.faultPlan, input.faultLog, input.faultPhaseEndMs),
    history,
    nodes,
    messages: tables.messages,
    events: tables.events,
    notes,
  };
}
