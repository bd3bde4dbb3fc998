// kmeans-sequential: the distributed run equals the sequential Lloyd run from the same
// initial centroids. Every iteration the coordinator reaches is compared with the same
// step of the reference (centroids and objective, within 1e-9), so a corrupted step is
// caught where it happens even if the run later converges to the right answer anyway;
// and a coordinator that stops must stop where the sequential run stops.

import type { Checker, CheckerInstance, Observation, Violation } from '../types.ts';
import { centroidsClose, closeTo, maxDifference, ReferenceRun } from './reference.ts';
import { coordinatorView, type CoordinatorView } from './snapshot.ts';

const name = 'kmeans-sequential';

class SequentialInstance implements CheckerInstance {
  private reference: ReferenceRun | undefined;
  /** The last (incarnation, iteration) compared: snapshots repeat between iterations. */
  private lastKey = '';
  private reported = false;

  observe(obs: Observation): Violation[] | undefined {
    if (obs.type !== 'node_state' || this.reported) return undefined;
    const view = coordinatorView(obs.state);
    if (view === undefined) return undefined;
    const key = `${obs.incarnation}/${view.iteration}/${view.status}`;
    if (key === this.lastKey) return undefined;
    this.lastKey = key;
    // The first snapshot fixes the initial centroids; kmeans-progress flags later changes.
    this.reference ??= new ReferenceRun(view.spec, view.initialCentroids);
    const message = this.compare(this.reference, view);
    if (message === undefined) return undefined;
    this.reported = true;
    return [{ checker: name, message: `node ${obs.node}: ${message}`, timeMs: obs.timeMs, nodes: [obs.node], details: { iteration: view.iteration, centroids: view.centroids } }];
  }

  private compare(reference: ReferenceRun, view: CoordinatorView): string | undefined {
    const t = view.iteration;
    const expected = reference.centroidsAt(t);
    if (expected === undefined) {
      const stop = reference.stop();
      return `the coordinator reached iteration ${t}, but the sequential run stops (${stop.status}) at iteration ${stop.iteration}`;
    }
    if (!centroidsClose(view.centroids, expected)) {
      return `centroids after iteration ${t} differ from the sequential run's by up to ${maxDifference(view.centroids, expected)} (tolerance 1e-9)`;
    }
    for (let i = 0; i < view.objectives.length; i++) {
      const cost = reference.costAt(i);
      const actual = view.objectives[i] as number;
      if (cost === undefined || !closeTo(actual, cost)) return `objective of iteration ${i} is ${actual}, the sequential run's is ${cost}`;
    }
    if (view.done) {
      const stop = reference.stop();
      if (stop.iteration !== t || stop.status !== view.status) {
        return `the coordinator stopped (${view.status}) at iteration ${t}, the sequential run stops (${stop.status}) at iteration ${stop.iteration}`;
      }
    }
    return undefined;
  }
}

export const kmeansSequentialChecker: Checker = {
  name,
  describe: 'every iteration (and the final centroids) equals the sequential Lloyd run from the same initial centroids, within 1e-9',
  observes: ['node_state'],
  create: () => new SequentialInstance(),
};
