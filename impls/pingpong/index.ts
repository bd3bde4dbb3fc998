// Ping-pong: the smallest algorithm that keeps a network busy. Every node keeps one ping
// in flight to a random peer and answers every ping with a pong; a resend timer covers
// lost messages. It exercises the simulator's hot path (queue, network, timers, trace
// hash) and is the benchmark workload for simulator throughput. No clients, no checkers.

import type { Algorithm, Node, NodeContext, NodeId } from '../../harness/types.ts';

export type PingPongMsg = { type: 'ping'; n: number } | { type: 'pong'; n: number };

export interface PingPongState {
  pingsSent: number;
  pongsReceived: number;
}

const resendMs = 100;

class PingPongNode implements Node<PingPongMsg, PingPongState> {
  private pingsSent = 0;
  private pongsReceived = 0;
  private readonly others: NodeId[];

  constructor(private readonly ctx: NodeContext<PingPongMsg>) {
    this.others = ctx.peers.filter((p) => p !== ctx.id);
  }

  start(): void {
    this.pingSomeone();
  }

  onMessage(from: NodeId, msg: PingPongMsg): void {
    switch (msg.type) {
      case 'ping':
        this.ctx.send(from, { type: 'pong', n: msg.n });
        return;
      case 'pong':
        // Only the answer to the ping in flight starts the next one: a duplicated or late
        // pong must not add a second ping, or duplication would breed a message storm.
        if (msg.n !== this.pingsSent - 1) return;
        this.pongsReceived++;
        this.pingSomeone();
        return;
    }
  }

  onTimer(): void {
    this.pingSomeone();
  }

  onRequest(): void {
    // No clients.
  }

  inspect(): PingPongState {
    return { pingsSent: this.pingsSent, pongsReceived: this.pongsReceived };
  }

  private pingSomeone(): void {
    const others = this.others;
    if (others.length === 0) return;
    const to = others[this.ctx.randomInt(0, others.length - 1)] as NodeId;
    this.ctx.send(to, { type: 'ping', n: this.pingsSent++ });
    this.ctx.setTimer('resend', resendMs);
  }
}

export const pingpong: Algorithm<PingPongMsg, PingPongState> = {
  name: 'pingpong',
  describe: 'every node keeps one ping in flight to a random peer; the simulator benchmark',
  createNode: (ctx) => new PingPongNode(ctx),
};
