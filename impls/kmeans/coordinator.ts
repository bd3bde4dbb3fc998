// The coordinator (node 0) runs Lloyd's iterations. Each iteration it asks the workers for
// every partition's sums under the current centroids, counts each partition exactly once
// (a slot per partition: duplicates and replies of other iterations are dropped), and once
// it holds all of them adds them in partition order and moves on. Ordering contract, as
// in etcd's Ready: the record of an iteration is written AND synced before any request of
// that iteration is sent, so a restarted coordinator resumes the same iteration with the
// same centroids and every reply computed before the crash is still valid.

import { assert } from '../../harness/assert.ts';
import type { NodeContext, NodeId } from '../../harness/types.ts';
import type { KmeansBug } from './bugs.ts';
import { coordinatorRecordKey, resendMsMax, resendMsMin, sendsBeforeReassign } from './config.ts';
import { datasetFor, type Dataset } from './dataset.ts';
import { combine, nearestCentroid, sameCentroids, type Centroids } from './lloyd.ts';
import type { KmeansMsg, PartitionResult } from './messages.ts';
import { homeWorker, type KmeansSpec } from './spec.ts';
import type { CoordinatorRecord, CoordinatorState } from './state.ts';

export const resendTimer = 'resend';

export class Coordinator {
  private readonly dataset: Dataset;
  private record!: CoordinatorRecord;
  // Volatile, per iteration: rebuilt by beginIteration (and so after a restart).
  /** The results counted this iteration, in arrival order. */
  private results: PartitionResult[] = [];
  /** counted[p]: partition p's result is in `results` (the exactly-once guard). */
  private counted: boolean[] = [];
  /** The worker partition p is asked of now, and how many requests it got. */
  private assignee: NodeId[] = [];
  private sendsToAssignee: number[] = [];
  /** Each partition's most recent result of any iteration (only the lose_crashed_partition bug reads it). */
  private readonly lastResults: (PartitionResult | undefined)[] = [];
  private resendMs = resendMsMin;
  private progressSinceResend = false;
  private reassignments = 0;

  constructor(
    private readonly ctx: NodeContext<KmeansMsg>,
    private readonly spec: KmeansSpec,
    private readonly workers: readonly NodeId[],
    private readonly bug: KmeansBug | undefined,
  ) {
    assert(workers.length >= 1, 'the coordinator needs at least one worker');
    this.dataset = datasetFor(spec);
  }

  start(): void {
    // The forget_iteration_on_restart bug: the record is written, but never read back.
    const saved = this.bug === 'forget_iteration_on_restart' ? undefined : this.ctx.disk.read<CoordinatorRecord>(coordinatorRecordKey);
    if (saved !== undefined) {
      assert(saved.iteration >= 0 && saved.iteration <= this.spec.iterationsMax, `recovered iteration ${saved.iteration} out of range`);
      assert(saved.objectives.length === saved.iteration, 'recovered record: one objective per completed iteration');
      this.record = saved;
    } else {
      const initialCentroids = this.chooseInitialCentroids();
      this.persist({ iteration: 0, centroids: initialCentroids, initialCentroids, objectives: [], countsTotals: [], status: 'running' });
    }
    if (this.record.status === 'running') this.beginIteration();
  }

  handlePartials(msg: Extract<KmeansMsg, { type: 'partials' }>): void {
    if (this.record.status !== 'running') return;
    const iteration = this.record.iteration;
    const late = msg.iteration < iteration && this.bug === 'mix_old_iteration';
    // Replies of any other iteration were computed under other centroids: drop them.
    if (msg.iteration !== iteration && !late) return;
    for (const result of msg.results) {
      // The batch may close the iteration half way; the rest belongs to the old one.
      if (this.record.iteration !== iteration || this.record.status !== 'running') return;
      this.maybeCount(result);
    }
  }

  handleResendTimer(): void {
    if (this.record.status !== 'running') return;
    const iteration = this.record.iteration;
    const missing: number[] = [];
    for (let p = 0; p < this.spec.partitionCount; p++) if (!this.counted[p]) missing.push(p);
    assert(missing.length > 0, 'a complete iteration has no resend timer');
    for (const p of missing) {
      if ((this.sendsToAssignee[p] as number) < sendsBeforeReassign) continue;
      if (this.bug === 'lose_crashed_partition') {
        const stale = this.lastResults[p];
        if (stale !== undefined) this.maybeCount(stale);
        if (this.record.iteration !== iteration) return;
        continue;
      }
      // The owner is silent (crashed, paused, cut off, or its messages lost): any worker
      // can compute any partition, since every node regenerates the data set.
      const at = this.workers.indexOf(this.assignee[p] as NodeId);
      this.assignee[p] = this.workers[(at + 1) % this.workers.length] as NodeId;
      this.sendsToAssignee[p] = 0;
      this.reassignments++;
    }
    this.sendCompute(missing.filter((p) => !this.counted[p]));
    // Back off while nothing arrives; come back to the fast pace once something does.
    this.resendMs = this.progressSinceResend ? resendMsMin : Math.min(this.resendMs * 2, resendMsMax);
    this.progressSinceResend = false;
    this.ctx.setTimer(resendTimer, this.resendMs);
  }

  inspect(): CoordinatorState {
    const r = this.record;
    return {
      role: 'coordinator',
      spec: this.spec,
      iteration: r.iteration,
      centroids: r.centroids,
      initialCentroids: r.initialCentroids,
      objectives: r.objectives,
      countsTotals: r.countsTotals,
      status: r.status,
      done: r.status !== 'running',
      partitionsCounted: this.results.length,
      reassignments: this.reassignments,
    };
  }

  private maybeCount(result: PartitionResult): void {
    const p = result.partition;
    assert(Number.isInteger(p) && p >= 0 && p < this.spec.partitionCount, `result for unknown partition ${p}`);
    // double_count_duplicate: counting replies, not partitions, lets a duplicate in.
    if (this.counted[p] && this.bug !== 'double_count_duplicate') return;
    this.counted[p] = true;
    this.results.push(result);
    this.progressSinceResend = true;
    if (this.results.length === this.spec.partitionCount) this.completeIteration();
  }

  private beginIteration(): void {
    const partitions = this.spec.partitionCount;
    this.results = [];
    this.counted = new Array<boolean>(partitions).fill(false);
    this.assignee = Array.from({ length: partitions }, (_, p) => homeWorker(this.workers, p));
    this.sendsToAssignee = new Array<number>(partitions).fill(0);
    this.sendCompute(Array.from({ length: partitions }, (_, p) => p));
    this.resendMs = resendMsMin;
    this.progressSinceResend = false;
    this.ctx.setTimer(resendTimer, this.resendMs);
  }

  /** One compute request per worker, naming the partitions it is asked for. */
  private sendCompute(partitions: readonly number[]): void {
    const r = this.record;
    const centroids = r.centroids as number[][];
    for (const worker of this.workers) {
      const mine = partitions.filter((p) => this.assignee[p] === worker);
      if (mine.length === 0) continue;
      for (const p of mine) this.sendsToAssignee[p] = (this.sendsToAssignee[p] as number) + 1;
      this.ctx.send(worker, { type: 'compute', iteration: r.iteration, centroids, partitions: mine });
    }
  }

  private completeIteration(): void {
    const r = this.record;
    assert(this.results.length === this.spec.partitionCount, 'an iteration completes with one result per partition');
    // Partition order, whatever order the replies came in: the sum is then the same
    // floating-point sum as the sequential run's (a stable sort keeps duplicates adjacent).
    const ordered = [...this.results].sort((a, b) => a.partition - b.partition);
    const step = combine(this.spec, r.centroids, ordered);
    for (const result of ordered) this.lastResults[result.partition] = result;
    const iteration = r.iteration + 1;
    const converged = sameCentroids(step.centroids, r.centroids);
    const status = converged ? 'converged' : iteration >= this.spec.iterationsMax ? 'iteration_limit' : 'running';
    const countsTotal = step.counts.reduce((a, b) => a + b, 0);
    this.persist({
      iteration,
      centroids: step.centroids,
      initialCentroids: r.initialCentroids,
      objectives: [...r.objectives, step.cost],
      countsTotals: [...r.countsTotals, countsTotal],
      status,
    });
    if (status === 'running') this.beginIteration();
    else {
      this.results = [];
      this.ctx.cancelTimer(resendTimer);
    }
  }

  /** Write and sync, then adopt: nothing of an iteration leaves before its record is durable. */
  private persist(record: CoordinatorRecord): void {
    this.ctx.disk.write(coordinatorRecordKey, record);
    this.ctx.disk.sync();
    this.record = record;
  }

  /**
   * k-means++ (Arthur and Vassilvitskii 2007) from the node's seeded stream: the first
   * centroid uniform, each next one a point drawn with probability proportional to its
   * squared distance to the nearest centroid chosen so far. Each run gets its own start.
   */
  private chooseInitialCentroids(): Centroids {
    const { dims, pointCount, clusterCount } = this.spec;
    const points = this.dataset.points;
    const pointAt = (i: number): number[] => Array.from(points.subarray(i * dims, (i + 1) * dims));
    const chosen: number[][] = [pointAt(this.ctx.randomInt(0, pointCount - 1))];
    const weights = new Float64Array(pointCount);
    while (chosen.length < clusterCount) {
      let total = 0;
      for (let i = 0; i < pointCount; i++) {
        const w = nearestCentroid(points, i * dims, chosen, dims).distance2;
        weights[i] = w;
        total += w;
      }
      let target = this.ctx.random() * total;
      let pick = 0;
      while (pick < pointCount - 1 && target >= (weights[pick] as number)) {
        target -= weights[pick] as number;
        pick++;
      }
      chosen.push(pointAt(pick));
    }
    return chosen;
  }
}
