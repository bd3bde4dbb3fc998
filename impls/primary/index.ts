// Primary copy: the simplest key-value service, kept as a worked example of the plug-in
// interface. Node 0 is the primary and serves every request from a durable store; the
// other nodes redirect clients to it. It is linearizable and exactly-once while node 0 is
// reachable, and makes no progress when it is not (there is no failover): a baseline
// that shows what the harness sees, not a fault-tolerant design.

import type { Algorithm, ClientRequest, Node, NodeContext } from '../../harness/types.ts';
import { KvStore, isKvOp, type KvCommand, type KvSnapshot } from '../shared/kv-store.ts';

export interface PrimaryState {
  role: 'leader' | 'follower';
  appliedIndex: number;
}

const primaryId = 0;

const bugs = {
  no_sync: 'the primary acknowledges writes without syncing them to disk: a crash loses acknowledged writes',
  no_dedup: 'retried requests are applied again (no client sessions)',
} as const;

class PrimaryNode implements Node<never, PrimaryState> {
  private store = new KvStore();
  private appliedIndex = 0;

  constructor(private readonly ctx: NodeContext<never>) {}

  start(): void {
    if (this.ctx.id !== primaryId) return;
    const saved = this.ctx.disk.read<{ index: number; store: KvSnapshot }>('state');
    this.store = saved ? KvStore.restore(saved.store, this.ctx.bug !== 'no_dedup') : new KvStore(this.ctx.bug !== 'no_dedup');
    this.appliedIndex = saved?.index ?? 0;
    this.ctx.applySnapshot(this.appliedIndex);
  }

  onMessage(): void {
    // Nodes never talk to each other.
  }

  onTimer(): void {}

  onRequest(req: ClientRequest): void {
    if (this.ctx.id !== primaryId) {
      this.ctx.reply(req.id, { type: 'not_leader', leaderHint: primaryId });
      return;
    }
    if (!isKvOp(req.op)) {
      this.ctx.reply(req.id, { type: 'fail', error: 'bad_op' });
      return;
    }
    const command: KvCommand = { type: 'client', request: { ...req, op: req.op } };
    const outcome = this.store.apply(command);
    this.appliedIndex++;
    this.ctx.apply(this.appliedIndex, command, outcome.effect);
    this.ctx.disk.write('state', { index: this.appliedIndex, store: this.store.snapshot() });
    // Persist before acknowledging: the reply promises durability.
    if (this.ctx.bug !== 'no_sync') this.ctx.disk.sync();
    if (outcome.result) this.ctx.reply(req.id, outcome.result);
  }

  inspect(): PrimaryState {
    return { role: this.ctx.id === primaryId ? 'leader' : 'follower', appliedIndex: this.appliedIndex };
  }
}

export const primary: Algorithm<never, PrimaryState> = {
  name: 'primary',
  describe: 'node 0 serves every request from a durable store; no failover (a worked example)',
  workload: 'kv',
  defaults: { nodes: 3 },
  bugs,
  createNode: (ctx) => new PrimaryNode(ctx),
};
