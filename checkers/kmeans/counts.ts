// kmeans-counts: every iteration counts every point exactly once, so the cluster sizes of
// each completed iteration add up to the number of points. A partition counted twice or
// left out shows here (partitions differ in size when P does not divide the point count).

import type { Checker, CheckerInstance, Observation, Violation } from '../types.ts';
import { coordinatorView } from './snapshot.ts';

const name = 'kmeans-counts';

class CountsInstance implements CheckerInstance {
  private lastChecked: readonly number[] | undefined;
  private reported = false;

  observe(obs: Observation): Violation[] | undefined {
    if (obs.type !== 'node_state' || this.reported) return undefined;
    const view = coordinatorView(obs.state);
    if (view === undefined || view.countsTotals === this.lastChecked) return undefined;
    this.lastChecked = view.countsTotals;
    const i = view.countsTotals.findIndex((total) => total !== view.spec.pointCount);
    if (i < 0) return undefined;
    this.reported = true;
    return [
      {
        checker: name,
        message: `node ${obs.node}: iteration ${i} counted ${view.countsTotals[i]} points, the data set has ${view.spec.pointCount}`,
        timeMs: obs.timeMs,
        nodes: [obs.node],
        details: { countsTotals: view.countsTotals },
      },
    ];
  }
}

export const kmeansCountsChecker: Checker = {
  name,
  describe: "each iteration's cluster counts add up to the number of points",
  observes: ['node_state'],
  create: () => new CountsInstance(),
};
