// Plays a workload spec against a Simulation: each client slot submits its steps one at a
// time (sim.submit with process: slot), waiting the step's think time after the previous
// operation completed. No new operation starts after the fault phase; what is still
// pending then is the liveness phase's business.

import { AssertionError } from '../assert.ts';
import type { Simulation } from '../simulation.ts';
import type { WorkloadSpec } from './workload.ts';

export class WorkloadDriver {
  /** Operations submitted so far, per slot. */
  readonly submitted: number[];

  constructor(
    private readonly sim: Simulation,
    private readonly spec: WorkloadSpec,
    /** No new operation starts at or after this time. */
    private readonly submitUntilMs: number,
  ) {
    this.submitted = spec.slots.map(() => 0);
  }

  schedule(): void {
    this.spec.slots.forEach((slot, k) => {
      const first = slot.steps[0];
      if (first !== undefined) this.sim.at(this.sim.now + first.thinkMs, () => this.submitNext(k));
    });
  }

  private submitNext(k: number): void {
    const slot = this.spec.slots[k];
    if (slot === undefined) throw new AssertionError(`workload: no slot ${k}`);
    const index = this.submitted[k] as number;
    const step = slot.steps[index];
    if (step === undefined || this.sim.now >= this.submitUntilMs || this.sim.failed) return;
    if (!this.sim.processIdle(k)) throw new AssertionError(`workload: slot ${k} is busy at its next step`);
    this.submitted[k] = index + 1;
    this.sim.submit(step.op, { process: k, onComplete: () => this.completed(k) });
  }

  /** Slot k's operation completed (ok, fail or info): its next step follows after its think time. */
  private completed(k: number): void {
    if (this.sim.failed || this.sim.now >= this.submitUntilMs) return;
    const next = this.spec.slots[k]?.steps[this.submitted[k] as number];
    if (next !== undefined) this.sim.at(this.sim.now + next.thinkMs, () => this.submitNext(k));
  }
}
