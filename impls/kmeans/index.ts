// Distributed k-means (Lloyd's algorithm) as a faultline plug-in: the example of an
// algorithm that is not consensus and serves no clients. Node 0 coordinates, the others
// compute partitions of a data set every node regenerates from the spec; the result must
// equal the sequential Lloyd run from the same initial centroids, bit for bit, under
// loss, duplication, reordering, partitions, pauses and crashes. Spec: docs/kmeans.md.

import { assertNever } from '../../harness/assert.ts';
import type { Algorithm, Node, NodeContext, NodeId } from '../../harness/types.ts';
import { kmeansCheckers } from '../../checkers/kmeans/index.ts';
import { activeBug, bugs } from './bugs.ts';
import { coordinatorId } from './config.ts';
import { Coordinator, resendTimer } from './coordinator.ts';
import type { KmeansMsg } from './messages.ts';
import { defaultSpec, validateSpec, type KmeansSpec } from './spec.ts';
import type { KmeansState } from './state.ts';
import { Worker, computeTimer } from './worker.ts';

export type { KmeansMsg, PartitionResult } from './messages.ts';
export type { CoordinatorState, KmeansState, WorkerState } from './state.ts';
export { defaultSpec, type KmeansSpec } from './spec.ts';

class KmeansNode implements Node<KmeansMsg, KmeansState> {
  private readonly coordinator: Coordinator | undefined;
  private readonly worker: Worker | undefined;

  constructor(ctx: NodeContext<KmeansMsg>, spec: KmeansSpec) {
    const others = ctx.peers.filter((p) => p !== coordinatorId);
    // Alone, the coordinator computes too (it sends its requests to itself).
    const workers: NodeId[] = others.length > 0 ? others : [coordinatorId];
    this.coordinator = ctx.id === coordinatorId ? new Coordinator(ctx, spec, workers, activeBug(ctx.bug)) : undefined;
    this.worker = workers.includes(ctx.id) ? new Worker(ctx, spec) : undefined;
  }

  start(): void {
    this.coordinator?.start();
  }

  onMessage(from: NodeId, msg: KmeansMsg): void {
    switch (msg.type) {
      case 'compute':
        this.worker?.handleCompute(from, msg);
        return;
      case 'partials':
        this.coordinator?.handlePartials(msg);
        return;
      default:
        return assertNever(msg);
    }
  }

  onTimer(name: string): void {
    if (name === resendTimer) this.coordinator?.handleResendTimer();
    else if (name === computeTimer) this.worker?.handleComputeTimer();
  }

  onRequest(): void {
    // No clients: the job is fixed by the spec.
  }

  inspect(): KmeansState {
    if (this.coordinator !== undefined) return this.coordinator.inspect();
    if (this.worker !== undefined) return this.worker.inspect();
    throw new Error('a k-means node is a coordinator or a worker');
  }
}

/** A k-means algorithm for another job (tests use small ones); `kmeans` runs defaultSpec. */
export function kmeansFor(spec: KmeansSpec): Algorithm<KmeansMsg, KmeansState> {
  validateSpec(spec);
  return {
    name: 'kmeans',
    describe: `distributed Lloyd's k-means: node 0 coordinates, workers sum ${spec.partitionCount} partitions of ${spec.pointCount} regenerable points; equals the sequential run exactly`,
    defaults: { nodes: 4 },
    bugs,
    checkers: kmeansCheckers,
    createNode: (ctx) => new KmeansNode(ctx, spec),
  };
}

export const kmeans: Algorithm<KmeansMsg, KmeansState> = kmeansFor(defaultSpec);
