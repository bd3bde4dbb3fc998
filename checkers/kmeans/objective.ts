// kmeans-objective: Lloyd's objective (the sum of squared distances to the nearest
// centroid) never increases from one iteration to the next. Reassigning each point to its
// nearest centroid and moving each centroid to its points' mean can only lower it (Lloyd
// 1982); a step computed from the wrong sums can raise it. A property check, independent
// of the reference run.

import type { Checker, CheckerInstance, Observation, Violation } from '../types.ts';
import { toleranceRelative } from './reference.ts';
import { coordinatorView } from './snapshot.ts';

const name = 'kmeans-objective';

class ObjectiveInstance implements CheckerInstance {
  /** The objectives history last checked (the same array while nothing changes). */
  private lastChecked: readonly number[] | undefined;
  private reported = false;

  observe(obs: Observation): Violation[] | undefined {
    if (obs.type !== 'node_state' || this.reported) return undefined;
    const view = coordinatorView(obs.state);
    if (view === undefined || view.objectives === this.lastChecked) return undefined;
    this.lastChecked = view.objectives;
    const objectives = view.objectives;
    for (let i = 1; i < objectives.length; i++) {
      const before = objectives[i - 1] as number;
      const after = objectives[i] as number;
      // Floating-point noise near convergence is far below the tolerance.
      if (!(after <= before + toleranceRelative * Math.max(1, Math.abs(before)))) {
        this.reported = true;
        return [
          {
            checker: name,
            message: `node ${obs.node}: the objective rose from ${before} at iteration ${i - 1} to ${after} at iteration ${i}`,
            timeMs: obs.timeMs,
            nodes: [obs.node],
            details: { objectives },
          },
        ];
      }
    }
    return undefined;
  }
}

export const kmeansObjectiveChecker: Checker = {
  name,
  describe: 'the k-means objective never increases between iterations',
  observes: ['node_state'],
  create: () => new ObjectiveInstance(),
};
