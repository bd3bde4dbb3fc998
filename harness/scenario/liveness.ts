// The liveness phase (TigerBeetle's VOPR: a safety phase, then a liveness phase). After
// the fault phase everything is healed and stays healed; then, each step within its bound,
// or the run fails with checker 'liveness':
//
//   1. every operation still pending completes, with a fresh retry budget: one that gives
//      up (`info`) after the heal was ignored by a healed cluster for the client's whole
//      patience, which is as much a liveness failure as one still pending;
//   2. every client sends probes of each operation kind of the workload, one after the
//      other (kv: a read, a write, a read), and each is answered `ok` or a definite `fail`;
//   3. the replicas converge: every node of a replicated state machine (an algorithm that
//      reports `apply` on more than one node) reaches the same applied index, both before
//      the probes, with no new operation to carry it, and after them;
//   4. a leader-based algorithm (inspect() roles leader/follower/candidate) settles, within
//      `leaderSettleElectionTimeouts` election timeouts, on one leader that then keeps its
//      role and its epoch for `leaderStableElectionTimeouts` election timeouts.
// The phase stops at the first step that fails: later steps would only repeat it.

import type { OpHandle } from '../client.ts';
import type { Simulation } from '../simulation.ts';
import type { NodeId, Violation } from '../types.ts';
import { epochOf, isLeaderBased, leadersNow, roleOf } from './roles.ts';
import { workloads, type WorkloadSpec } from './workload.ts';

/**
 * Virtual ms the healed cluster gets for each liveness step. Longer than a client's whole
 * retry budget (attemptsMax x requestTimeoutMs = 20 x 1 000 ms by default), so an operation
 * stuck only by the faults has every chance to finish.
 */
export const livenessTimeoutMsDefault = 30_000;

/** Quiet, healed time an algorithm without a workload runs after the fault phase. */
export const quietMsDefault = 2_000;

/** When an algorithm does not state its election timeout (Algorithm.defaults.electionTimeoutMs). */
export const electionTimeoutMsDefault = 1_000;
/** Election timeouts a healed cluster gets to settle on a leader that stays. */
export const leaderSettleElectionTimeouts = 10;
/** Election timeouts the settled leader must then keep its role and epoch for. */
export const leaderStableElectionTimeouts = 10;

/** Operations named in a liveness message, at most. */
const opsNamedMax = 3;
/** Nodes named in a convergence message, at most. */
const nodesNamedMax = 8;

export const livenessChecker = 'liveness';

export interface LivenessSettings {
  /** Bound of each step (virtual ms). */
  timeoutMs: number;
  /** Quiet time first, for an algorithm without a workload. */
  quietMs: number;
  /** The algorithm's election timeout (virtual ms), for the leader steps' bounds. */
  electionTimeoutMs: number;
}

/** What the phase saw, for run summaries and reports. */
export interface LivenessReport {
  healedMs: number;
  /** Operations invoked during the fault phase. */
  opsInFaultPhase: number;
  /** Of those, how many exhausted their retries (`info`) before the heal. */
  opsGaveUpInFaultPhase: number;
  /** The leader the healed cluster settled on, when leader-based and it did. */
  leader?: { node: NodeId; epoch?: string; sinceMs: number };
}

function describeHandle(h: OpHandle): string {
  return `${h.id} ${JSON.stringify(h.op)} (invoked t=${h.invokeMs} ms)`;
}

function named<T>(items: readonly T[], describe: (item: T) => string, max = opsNamedMax): string {
  const more = items.length > max ? ` and ${items.length - max} more` : '';
  return `${items.slice(0, max).map(describe).join('; ')}${more}`;
}

/** Runs the liveness phase; reports a 'liveness' violation through `sim.report` at the first step that fails. */
export function runLivenessPhase(sim: Simulation, workload: WorkloadSpec | undefined, settings: LivenessSettings): LivenessReport {
  const healedMs = sim.now;
  const inFaults = sim.operations.filter((h) => h.invokeMs < healedMs);
  const report: LivenessReport = {
    healedMs,
    opsInFaultPhase: inFaults.length,
    opsGaveUpInFaultPhase: inFaults.filter((h) => h.status === 'info').length,
  };
  if (sim.failed) return report;
  // Replicas converge twice: once quiet, before any new operation (a replica left one
  // entry behind must catch up without a write to carry it), and after the probes.
  const ok =
    workload === undefined
      ? (sim.runFor(settings.quietMs), true)
      : settlePending(sim, settings.timeoutMs, healedMs) &&
        replicasConverge(sim, settings.timeoutMs, healedMs, 'with no new operation') &&
        probesAnswered(sim, workload, settings.timeoutMs, healedMs);
  if (!ok || sim.failed) return report;
  if (!replicasConverge(sim, settings.timeoutMs, healedMs, workload === undefined ? 'quiet' : 'after the probes') || sim.failed) return report;
  settleLeader(sim, settings.electionTimeoutMs, healedMs, report);
  return report;
}

/** Step 1: what the faults left pending completes, none of it by giving up. */
function settlePending(sim: Simulation, timeoutMs: number, healedMs: number): boolean {
  const pendingAtHeal = sim.operations.filter((h) => h.status === 'pending');
  sim.renewClientBudgets();
  const settled = sim.runUntil(() => sim.pendingOperations === 0, { timeoutMs });
  if (sim.failed) return false;
  if (!settled) {
    const pending = sim.operations.filter((h) => h.status === 'pending');
    sim.report(violation(sim, `no progress after heal: ${pending.length} operation(s) still pending ${timeoutMs} ms after the heal at t=${healedMs} ms: ${named(pending, describeHandle)}`));
    return false;
  }
  const gaveUp = pendingAtHeal.filter((h) => h.status === 'info');
  if (gaveUp.length > 0) {
    sim.report(
      violation(
        sim,
        `no progress after heal: ${gaveUp.length} operation(s) pending when the cluster healed at t=${healedMs} ms got no answer from it: the client retried each for a whole fresh budget and gave up (info): ${named(gaveUp, (h) => `${describeHandle(h)} gave up at t=${h.completeMs} ms`)}`,
      ),
    );
    return false;
  }
  return true;
}

/** Step 2: every client's probes, one of each operation kind, each answered ok or fail. */
function probesAnswered(sim: Simulation, workload: WorkloadSpec, timeoutMs: number, healedMs: number): boolean {
  const probeStartMs = sim.now;
  const probes: OpHandle[] = [];
  let outstanding = 0;
  const slots = Math.max(1, workload.slots.length);
  const sendProbes = (k: number, ops: readonly unknown[]): void => {
    const [op, ...rest] = ops;
    if (op === undefined) return;
    outstanding++;
    probes.push(
      sim.submit(op, {
        process: k,
        onComplete: (handle) => {
          outstanding--;
          // A probe that gave up ends this client's probes: the violation names it.
          if (handle.status !== 'info') sim.at(sim.now, () => sendProbes(k, rest));
        },
      }),
    );
  };
  for (let k = 0; k < slots; k++) if (sim.processIdle(k)) sendProbes(k, workloads[workload.type].probeOps(workload, k));
  sim.runUntil(() => outstanding === 0 && probes.every((h) => h.status !== 'pending'), { timeoutMs });
  if (sim.failed) return false;
  const stuck = probes.filter((h) => h.status === 'pending' || h.status === 'info');
  if (stuck.length === 0) return true;
  sim.report(
    violation(
      sim,
      `no progress after heal: ${stuck.length} of ${probes.length} probe operation(s) got no answer within ${timeoutMs} ms (healed at t=${healedMs} ms, probes from t=${probeStartMs} ms): ${named(stuck, (h) => `${h.id} ${JSON.stringify(h.op)} ${h.status === 'info' ? 'gave up (info)' : 'still pending'}`)}`,
    ),
  );
  return false;
}

/** Step 3: every node of a replicated state machine reaches the same applied index. */
function replicasConverge(sim: Simulation, timeoutMs: number, healedMs: number, when: string): boolean {
  const ids = Array.from({ length: sim.nodeCount }, (_, i) => i);
  // One node applying is a primary with its backups or a single replica: nothing to compare.
  if (ids.filter((id) => sim.reportsApplies(id)).length < 2) return true;
  const live = (): NodeId[] => ids.filter((id) => sim.isUp(id) && !sim.isPaused(id));
  const converged = (): boolean => {
    const nodes = live();
    const first = nodes[0];
    if (first === undefined) return true;
    const index = sim.appliedIndex(first);
    return nodes.every((id) => sim.appliedIndex(id) === index);
  };
  const startMs = sim.now;
  if (sim.runUntil(converged, { timeoutMs })) return true;
  if (sim.failed) return false;
  const positions = live().map((id) => ({ id, index: sim.appliedIndex(id) }));
  const top = Math.max(...positions.map((p) => p.index));
  const behind = positions.filter((p) => p.index < top);
  sim.report(
    violation(
      sim,
      `replicas did not converge after heal (${when}): ${timeoutMs} ms after t=${startMs} ms (healed at t=${healedMs} ms) ${named(behind, (p) => `node ${p.id} had applied through index ${p.index}`, nodesNamedMax)}, while ${positions.filter((p) => p.index === top).map((p) => `node ${p.id}`).join(', ')} reached ${top}`,
      behind.map((p) => p.id),
    ),
  );
  return false;
}

/**
 * Step 4: within `leaderSettleElectionTimeouts` election timeouts a leader emerges that then
 * keeps its role and epoch for `leaderStableElectionTimeouts` of them. A leader may still
 * hand over once or twice as nodes that were cut off rejoin (a Paxos node whose timer ran
 * out while partitioned prepares a higher ballot); what fails is a cluster that never
 * settles: no leader, two at once, or one that keeps changing.
 */
function settleLeader(sim: Simulation, electionTimeoutMs: number, healedMs: number, report: LivenessReport): void {
  const ids = Array.from({ length: sim.nodeCount }, (_, i) => i);
  if (!ids.some((id) => sim.isUp(id) && isLeaderBased(sim.inspect(id)))) return;
  const settleMs = leaderSettleElectionTimeouts * electionTimeoutMs;
  const windowMs = leaderStableElectionTimeouts * electionTimeoutMs;
  const startMs = sim.now;
  const deadlineMs = startMs + settleMs;
  let lastChange: { text: string; nodes: NodeId[] } | undefined;
  while (sim.now <= deadlineMs) {
    const one = sim.runUntil(() => leadersNow(sim).length === 1, { timeoutMs: Math.max(0, deadlineMs - sim.now) });
    if (sim.failed) return;
    if (!one) break;
    const leader = leadersNow(sim)[0] as NodeId;
    const epoch = epochOf(sim.inspect(leader));
    const sinceMs = sim.now;
    const change = watchLeader(sim, leader, epoch, windowMs);
    if (sim.failed) return;
    if (change === undefined) {
      report.leader = { node: leader, sinceMs, ...(epoch !== undefined ? { epoch } : {}) };
      return;
    }
    lastChange = { text: `node ${leader} led${epoch !== undefined ? ` in epoch ${epoch}` : ''} from t=${sinceMs} ms, but ${change.text}`, nodes: change.nodes };
  }
  const leaders = leadersNow(sim);
  const now = leaders.length === 0 ? 'no node leads' : leaders.length === 1 ? `node ${leaders[0]} leads` : `nodes ${leaders.join(', ')} all say they lead`;
  const why = lastChange !== undefined ? `the last leader did not stay: ${lastChange.text}; now ${now}` : now;
  sim.report(
    violation(
      sim,
      `no stable leader after heal: within ${settleMs} ms (${leaderSettleElectionTimeouts} election timeouts of ${electionTimeoutMs} ms) from t=${startMs} ms (healed at t=${healedMs} ms) no leader kept its role for ${windowMs} ms: ${why}`,
      lastChange?.nodes ?? leaders,
    ),
  );
}

/** Runs up to `windowMs` watching `leader`; what changed first, or undefined when it kept role and epoch. */
function watchLeader(sim: Simulation, leader: NodeId, epoch: string | undefined, windowMs: number): { text: string; nodes: NodeId[] } | undefined {
  let change: { text: string; nodes: NodeId[] } | undefined;
  const stop = sim.watch('liveness-leader', ['node_state', 'crash'], (o) => {
    if (change !== undefined) return;
    if (o.type === 'crash') {
      if (o.node === leader) change = { text: `it crashed at t=${o.timeMs} ms`, nodes: [leader] };
      return;
    }
    if (o.type !== 'node_state') return;
    const role = roleOf(o.state);
    if (o.node === leader) {
      const now = epochOf(o.state);
      if (role !== 'leader') change = { text: `it became ${role ?? 'role-less'} at t=${o.timeMs} ms`, nodes: [leader] };
      else if (now !== epoch) change = { text: `its epoch moved to ${now} at t=${o.timeMs} ms (re-elected)`, nodes: [leader] };
    } else if (role === 'leader') {
      change = { text: `node ${o.node} became leader (epoch ${epochOf(o.state) ?? '?'}) at t=${o.timeMs} ms`, nodes: [leader, o.node] };
    }
  });
  sim.runUntil(() => change !== undefined, { timeoutMs: windowMs });
  stop();
  return change;
}

function violation(sim: Simulation, message: string, nodes?: NodeId[]): Violation {
  return { checker: livenessChecker, message, timeMs: sim.now, ...(nodes !== undefined && nodes.length > 0 ? { nodes } : {}) };
}
