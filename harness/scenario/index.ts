// Scenarios: workloads, fault plans, the swarm nemesis, the scenario runner and its
// liveness phase. The public surface of harness/scenario.

export { buildScenario, scenarioWith, runScenario, validateScenario, validateScenarioOptions, scenarioOpCount, durationMsDefault } from './scenario.ts';
export type { Scenario, ScenarioOptions, ScenarioParams, RunOptions, RunOutcome } from './scenario.ts';
export { describeFault, summarizePlan, validateFaultPlan, faultEndMs, faultsPerRunMax } from './fault-plan.ts';
export type { FaultEvent, FaultEventType, FaultPlan, FaultTarget } from './fault-plan.ts';
export { drawSwarm, drawFaultPlan, formatSwarm, parseFaultSelection, formatFaultSelection, faultKinds, swarmKinds, faultKindGroups } from './nemesis.ts';
export type { FaultKind, FaultSelection, SwarmConfig, SwarmKindConfig } from './nemesis.ts';
export { generateWorkload, validateWorkload, workloadOpCount, workloads, defaultWorkloadParams } from './workload.ts';
export type { Workload, WorkloadParams, WorkloadSpec, WorkloadSlot, WorkloadStep } from './workload.ts';
export { kvMixDefault } from './kv-workload.ts';
export { livenessChecker, livenessTimeoutMsDefault, quietMsDefault } from './liveness.ts';
export { type FaultLogEntry } from './fault-driver.ts';
export { findLeader } from './roles.ts';
