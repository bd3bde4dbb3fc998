// A worker computes partitions on request. It keeps no durable state: the data set is a
// function of the spec, and the coordinator re-asks for whatever a crash lost. It batches
// what arrives while it is busy and answers one result per partition, all tagged with the
// iteration they were computed for.

import { assert } from '../../harness/assert.ts';
import type { NodeContext, NodeId } from '../../harness/types.ts';
import { computeMsPerPartition } from './config.ts';
import { datasetFor, type Dataset } from './dataset.ts';
import { partitionSums, type Centroids } from './lloyd.ts';
import type { KmeansMsg, PartitionResult } from './messages.ts';
import type { KmeansSpec } from './spec.ts';
import type { WorkerState } from './state.ts';

export const computeTimer = 'compute';

export class Worker {
  private readonly dataset: Dataset;
  /** The newest iteration asked about, its centroids, and who asked. */
  private iteration = -1;
  private centroids: Centroids = [];
  private coordinator: NodeId | undefined;
  /** Partitions of `iteration` still to compute; at most partitionCount (deduplicated). */
  private pending: number[] = [];
  private computeScheduled = false;
  private partitionsComputed = 0;

  constructor(
    private readonly ctx: NodeContext<KmeansMsg>,
    private readonly spec: KmeansSpec,
  ) {
    this.dataset = datasetFor(spec);
  }

  handleCompute(from: NodeId, msg: Extract<KmeansMsg, { type: 'compute' }>): void {
    // A request the coordinator has moved past (reordered or duplicated): its answer would
    // be dropped anyway. The coordinator's iteration never goes back (it is durable).
    if (msg.iteration < this.iteration) return;
    assert(msg.centroids.length === this.spec.clusterCount, `compute with ${msg.centroids.length} centroids, want ${this.spec.clusterCount}`);
    if (msg.iteration > this.iteration) {
      this.iteration = msg.iteration;
      this.centroids = msg.centroids;
      this.pending = [];
    }
    this.coordinator = from;
    for (const p of msg.partitions) {
      assert(Number.isInteger(p) && p >= 0 && p < this.spec.partitionCount, `compute for unknown partition ${p}`);
      if (!this.pending.includes(p)) this.pending.push(p);
    }
    assert(this.pending.length <= this.spec.partitionCount, 'pending partitions are deduplicated');
    if (!this.computeScheduled && this.pending.length > 0) {
      this.computeScheduled = true;
      this.ctx.setTimer(computeTimer, computeMsPerPartition * this.pending.length);
    }
  }

  handleComputeTimer(): void {
    this.computeScheduled = false;
    if (this.pending.length === 0 || this.coordinator === undefined) return;
    const results: PartitionResult[] = this.pending.map((partition) => ({ partition, ...partitionSums(this.dataset, partition, this.centroids) }));
    this.partitionsComputed += results.length;
    this.pending = [];
    this.ctx.send(this.coordinator, { type: 'partials', iteration: this.iteration, results });
  }

  inspect(): WorkerState {
    return { role: 'worker', iteration: this.iteration, pending: this.pending.length, partitionsComputed: this.partitionsComputed };
  }
}
