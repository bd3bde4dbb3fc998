// kmeans-progress: the coordinator's state is durable. Across crashes and restarts its
// iteration never goes back, a finished job stays finished, and the initial centroids of
// the run never change; otherwise a restarted coordinator redoes or mixes work.

import type { Checker, CheckerInstance, Observation, Violation } from '../types.ts';
import { coordinatorView, type Matrix } from './snapshot.ts';

const name = 'kmeans-progress';

class ProgressInstance implements CheckerInstance {
  private iteration = -1;
  private done = false;
  private initial: Matrix | undefined;
  private initialJson = '';
  private reported = false;

  observe(obs: Observation): Violation[] | undefined {
    if (obs.type !== 'node_state' || this.reported) return undefined;
    const view = coordinatorView(obs.state);
    if (view === undefined) return undefined;
    const problem = this.judge(view.iteration, view.done, view.initialCentroids);
    if (problem === undefined) return undefined;
    this.reported = true;
    return [{ checker: name, message: `node ${obs.node} (incarnation ${obs.incarnation}): ${problem}`, timeMs: obs.timeMs, nodes: [obs.node] }];
  }

  private judge(iteration: number, done: boolean, initial: Matrix): string | undefined {
    if (iteration < this.iteration) return `the coordinator went back from iteration ${this.iteration} to ${iteration}`;
    if (this.done && !done) return `the coordinator finished at iteration ${this.iteration}, then ran again`;
    if (this.initial !== initial) {
      // A new array (e.g. read back from disk after a restart) may still hold the same values.
      const json = JSON.stringify(initial);
      if (this.initial !== undefined && json !== this.initialJson) return 'the initial centroids changed during the run';
      this.initial = initial;
      this.initialJson = json;
    }
    this.iteration = iteration;
    this.done = done;
    return undefined;
  }
}

export const kmeansProgressChecker: Checker = {
  name,
  describe: "the coordinator's iteration never decreases, done stays done, the initial centroids never change",
  observes: ['node_state'],
  create: () => new ProgressInstance(),
};
