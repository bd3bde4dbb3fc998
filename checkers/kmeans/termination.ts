// kmeans-termination: the job finishes. By the end of the run (which under faults ends
// with a healed, quiet period) the coordinator has recorded that it stopped, converged or
// at the iteration limit.

import type { Checker, CheckerInstance, Observation, RunEnd, Violation } from '../types.ts';
import { coordinatorView, type CoordinatorView } from './snapshot.ts';

const name = 'kmeans-termination';

class TerminationInstance implements CheckerInstance {
  private last: CoordinatorView | undefined;

  observe(obs: Observation): undefined {
    if (obs.type !== 'node_state') return undefined;
    const view = coordinatorView(obs.state);
    if (view !== undefined) this.last = view;
    return undefined;
  }

  finish(end: RunEnd): Violation[] {
    if (this.last?.done === true) return [];
    const where = this.last === undefined ? 'no coordinator snapshot was ever seen' : `the coordinator is still at iteration ${this.last.iteration}`;
    return [{ checker: name, message: `the job did not finish by the end of the run (t=${end.timeMs} ms): ${where}`, timeMs: end.timeMs }];
  }
}

export const kmeansTerminationChecker: Checker = {
  name,
  describe: 'the coordinator has finished (converged or at the iteration limit) by the end of the run',
  observes: ['node_state'],
  create: () => new TerminationInstance(),
};
