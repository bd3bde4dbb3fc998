// The liveness phase (TigerBeetle's VOPR: a safety phase, then a liveness phase). After
// the fault phase everything is healed and the run goes quiet; then every operation still
// pending must complete, and one fresh probe operation per client must succeed, each
// within `livenessTimeoutMs`. Otherwise the run fails with checker 'liveness'.

import type { OpHandle } from '../client.ts';
import type { Simulation } from '../simulation.ts';
import type { Violation } from '../types.ts';
import { workloads, type WorkloadSpec } from './workload.ts';

/**
 * Virtual ms the healed cluster gets for each of the two liveness steps. Longer than a
 * client's whole retry budget (attemptsMax x requestTimeoutMs = 20 x 1 000 ms by default),
 * so an operation stuck only by the faults has every chance to finish.
 */
export const livenessTimeoutMsDefault = 30_000;

/** Quiet, healed time an algorithm without a workload runs after the fault phase. */
export const quietMsDefault = 2_000;

/** Pending operations named in a liveness message, at most. */
const pendingNamedMax = 3;

export const livenessChecker = 'liveness';

function describeHandle(h: OpHandle): string {
  return `${h.id} ${JSON.stringify(h.op)} (invoked t=${h.invokeMs} ms)`;
}

/** Runs the liveness phase; reports a 'liveness' violation through `sim.report` when stuck. */
export function runLivenessPhase(sim: Simulation, workload: WorkloadSpec | undefined, timeoutMs: number, quietMs: number): void {
  if (workload === undefined) {
    sim.runFor(quietMs);
    return;
  }
  if (sim.failed) return;
  const healedMs = sim.now;
  const settled = sim.runUntil(() => sim.pendingOperations === 0, { timeoutMs });
  if (sim.failed) return;
  if (!settled) {
    const pending = sim.operations.filter((h) => h.status === 'pending');
    const named = pending.slice(0, pendingNamedMax).map(describeHandle).join('; ');
    const more = pending.length > pendingNamedMax ? ` and ${pending.length - pendingNamedMax} more` : '';
    sim.report(violation(sim, `no progress after heal: ${pending.length} operation(s) still pending ${timeoutMs} ms after the heal at t=${healedMs} ms: ${named}${more}`));
    return;
  }
  const probeStartMs = sim.now;
  const probes: OpHandle[] = [];
  const slots = Math.max(1, workload.slots.length);
  for (let k = 0; k < slots; k++) {
    if (!sim.processIdle(k)) continue;
    probes.push(sim.submit(workloads[workload.type].probeOp(workload, k), { process: k }));
  }
  sim.runUntil(() => probes.every((h) => h.status !== 'pending'), { timeoutMs });
  if (sim.failed) return;
  const stuck = probes.filter((h) => h.status === 'pending' || h.status === 'info');
  if (stuck.length > 0) {
    const named = stuck.slice(0, pendingNamedMax).map((h) => `${h.id} ${JSON.stringify(h.op)} ${h.status === 'info' ? 'gave up (info)' : 'still pending'}`).join('; ');
    sim.report(
      violation(
        sim,
        `no progress after heal: ${stuck.length} of ${probes.length} probe operation(s) got no answer within ${timeoutMs} ms (healed at t=${healedMs} ms, probes sent at t=${probeStartMs} ms): ${named}`,
      ),
    );
  }
}

function violation(sim: Simulation, message: string): Violation {
  return { checker: livenessChecker, message, timeMs: sim.now };
}
