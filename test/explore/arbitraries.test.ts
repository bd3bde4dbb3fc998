// Proves the fast-check arbitraries: generated plans and workloads are valid, the correct
// primary survives random crash/network plans, and a property that fails (no_sync under
// crashes) shrinks through fast-check to a one-fault, one-operation counterexample.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbFaultPlan, arbWorkload } from '../../harness/arbitraries.ts';
import { validateFaultPlan } from '../../harness/scenario/fault-plan.ts';
import { validateWorkload, workloadOpCount } from '../../harness/scenario/workload.ts';
import { runScenario, scenarioWith } from '../../harness/scenario/scenario.ts';
import { faultKinds } from '../../harness/scenario/nemesis.ts';
import { testSeed } from '../../harness/test-seed.ts';
import { primary } from '../../impls/primary/index.ts';

const seed = testSeed(424242, 'fast-check seed');

describe('arbitraries', () => {
  it('generate valid plans of every kind and valid workloads', () => {
    fc.assert(
      fc.property(arbFaultPlan({ nodes: 4, durationMs: 5_000, kinds: faultKinds }), arbWorkload(), (plan, workload) => {
        expect(validateFaultPlan(plan, 4)).toBeUndefined();
        expect(validateWorkload(workload)).toBeUndefined();
      }),
      { seed, numRuns: 200 },
    );
  });

  it('the correct primary passes random crash and network plans', () => {
    fc.assert(
      fc.property(arbFaultPlan({ nodes: 3, durationMs: 5_000, kinds: ['crash', 'crash_leader', 'drop', 'duplicate', 'delay', 'pause'] }), arbWorkload({ opsPerClientMax: 6 }), (plan, workload) => {
        const scenario = scenarioWith({ impl: 'primary', algorithm: primary, seed, nodes: 3, durationMs: 5_000, faultPlan: plan, workload });
        return runScenario(scenario, primary).verdict === 'ok';
      }),
      { seed, numRuns: 25 },
    );
  });

  it('a failing property shrinks to one fault and a single write', () => {
    const details = fc.check(
      fc.property(arbFaultPlan({ nodes: 3, durationMs: 5_000, kinds: ['crash_leader', 'drop'] }), arbWorkload({ thinkMsMax: 300 }), (plan, workload) => {
        const scenario = scenarioWith({ impl: 'primary', algorithm: primary, bug: 'no_sync', seed, nodes: 3, durationMs: 5_000, faultPlan: plan, workload });
        return runScenario(scenario, primary).verdict === 'ok';
      }),
      { seed, numRuns: 200 },
    );
    expect(details.failed).toBe(true);
    const [plan, workload] = details.counterexample ?? [[], undefined];
    expect(plan).toHaveLength(1);
    expect(plan[0]?.type).toBe('crash');
    expect(workloadOpCount(workload as NonNullable<typeof workload>)).toBe(1);
  });
});
