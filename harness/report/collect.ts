// Replays a record for its report: the stored scenario, run with the full trace kept, the
// nodes' states read after every handler (state-recorder.ts) and the linearizability
// result kept whole, so the report can draw the failing partition.

import { historyJudgeFor } from '../checks.ts';
import { describeLiveness, describeOverflow } from '../explore/format.ts';
import { scenarioOfRecord, type FailureRecord } from '../record/record.ts';
import { runScenario } from '../scenario/scenario.ts';
import type { Algorithm } from '../types.ts';
import type { ReportInput } from './build.ts';
import { StateRecorder } from './state-recorder.ts';

/** `progress`: where the replay is, for a supervisor in another thread (harness/cli/isolated-runner.ts). */
export function collectReportInput(record: FailureRecord, algorithm: Algorithm, recordPath?: string, progress?: Int32Array): ReportInput {
  const scenario = scenarioOfRecord(record);
  const recorder = new StateRecorder(scenario.options.nodes);
  // The same judge the simulation would pick for this workload, held here so its last result can be read.
  const judge = historyJudgeFor(algorithm.workload);
  const outcome = runScenario(scenario, recorder.wrap(algorithm), { recordTrace: true, ...(judge !== undefined ? { historyChecker: judge } : {}), ...(progress !== undefined ? { progress } : {}) });
  const bugs = algorithm.bugs ?? {};
  return {
    impl: record.impl,
    bug: record.bug,
    seed: record.seed,
    describe: algorithm.describe,
    bugDescription: record.bug !== undefined && Object.hasOwn(bugs, record.bug) ? bugs[record.bug] : undefined,
    nodeCount: scenario.options.nodes,
    faultPhaseEndMs: scenario.options.durationMs,
    endMs: outcome.stats.virtualMs,
    faultPlan: scenario.faultPlan,
    faultLog: outcome.faultLog,
    traceHash: outcome.traceHash,
    replayIdentical: outcome.traceHash === record.traceHash,
    violations: outcome.violations,
    history: algorithm.workload === undefined ? null : outcome.history,
    linearizability: judge?.last,
    trace: outcome.trace ?? [],
    states: recorder.perNode,
    recordPath,
    overflow: describeOverflow(outcome.stats) ?? null,
    liveness: outcome.liveness === undefined || algorithm.workload === undefined ? null : describeLiveness(outcome.liveness),
  };
}
