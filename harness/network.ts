// The simulated network between nodes: link state (partitions, one-way cuts, disconnected
// nodes) and the per-message fate (delay, loss, duplication). Reordering follows from
// independent random delays. Clients reach every node that is not disconnected.

import { assert } from './assert.ts';
import type { NodeId } from './types.ts';
import type { Rng } from './rng.ts';

export interface NetworkConfig {
  /** Inclusive range of one-way delay, in virtual ms. */
  delayMs: [number, number];
  /** Probability that a message is lost. */
  dropRate: number;
  /** Probability that a delivered message is delivered a second time. */
  duplicateRate: number;
}

export type NetworkOptions = Partial<NetworkConfig>;

/** Bad network for messages of one kind (their `type`), optionally on one link only. */
export interface MessageRule {
  kind: string;
  from?: NodeId;
  to?: NodeId;
  dropRate?: number;
  duplicateRate?: number;
  delayMs?: [number, number];
}

export const defaultNetwork: NetworkConfig = { delayMs: [1, 10], dropRate: 0, duplicateRate: 0 };

/**
 * Messages in flight beyond this are dropped as `queue_full`, counted per sender
 * (`NodeTraffic.overflowed`, `SimStats.messagesOverflowed`) and shown by run, replay and
 * the report: a message storm costs memory without bound otherwise. No correct algorithm
 * of the sizes faultline runs comes near it; one that does has a storm to look at.
 */
export const inFlightMessagesMax = 200_000;

export interface NodeTraffic {
  sent: number;
  /** Of `dropped`: sends refused because inFlightMessagesMax messages were already in flight. */
  overflowed: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  bytesSent: number;
}

/** Longest one-way delay a network may give (virtual ms): one hour. */
export const networkDelayMsMax = 3_600_000;

export function validateNetwork(config: NetworkConfig): void {
  const [min, max] = config.delayMs;
  assert(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && max >= min && max <= networkDelayMsMax, `network delayMs must be integers 0 <= min <= max <= ${networkDelayMsMax}, got [${min}, ${max}]`);
  assert(config.dropRate >= 0 && config.dropRate <= 1, `network dropRate must be in [0, 1], got ${config.dropRate}`);
  assert(config.duplicateRate >= 0 && config.duplicateRate <= 1, `network duplicateRate must be in [0, 1], got ${config.duplicateRate}`);
}

export class Network {
  config: NetworkConfig;
  readonly traffic: NodeTraffic[];
  private readonly n: number;
  /** cut[from * n + to] = 1 when messages from → to are blocked. */
  private readonly cut: Uint8Array;
  private readonly disconnected: Uint8Array;
  inFlight = 0;
  /** Rules for single message kinds, on top of `config` (each only makes it worse). */
  private messageRules: readonly MessageRule[] = [];

  constructor(nodeCount: number, config: NetworkConfig, private readonly rng: Rng) {
    validateNetwork(config);
    this.n = nodeCount;
    this.config = { ...config, delayMs: [config.delayMs[0], config.delayMs[1]] };
    this.cut = new Uint8Array(nodeCount * nodeCount);
    this.disconnected = new Uint8Array(nodeCount);
    this.traffic = Array.from({ length: nodeCount }, () => ({ sent: 0, overflowed: 0, delivered: 0, dropped: 0, duplicated: 0, bytesSent: 0 }));
  }

  set(options: NetworkOptions): void {
    const next: NetworkConfig = {
      delayMs: options.delayMs ? [options.delayMs[0], options.delayMs[1]] : this.config.delayMs,
      dropRate: options.dropRate ?? this.config.dropRate,
      duplicateRate: options.duplicateRate ?? this.config.duplicateRate,
    };
    validateNetwork(next);
    this.config = next;
  }

  /** Why a message from → to cannot pass now, or undefined when the link is up. */
  blocked(from: NodeId, to: NodeId): 'partition' | 'disconnected' | undefined {
    if (this.disconnected[from] === 1 || this.disconnected[to] === 1) return 'disconnected';
    if (this.cut[from * this.n + to] === 1) return 'partition';
    return undefined;
  }

  /** Whether a client can reach `node` (and hear back from it). */
  clientReachable(node: NodeId): boolean {
    return this.disconnected[node] !== 1;
  }

  /** Splits the nodes into groups that cannot talk to each other; unlisted nodes are isolated. */
  partition(groups: readonly (readonly NodeId[])[]): void {
    const groupOf = new Int32Array(this.n).fill(-1);
    groups.forEach((group, g) => {
      for (const id of group) {
        this.assertNode(id);
        assert(groupOf[id] === -1, `partition: node ${id} is in two groups`);
        groupOf[id] = g;
      }
    });
    for (let a = 0; a < this.n; a++) {
      for (let b = 0; b < this.n; b++) {
        if (a === b) continue;
        const ga = groupOf[a] as number;
        const gb = groupOf[b] as number;
        this.cut[a * this.n + b] = ga === -1 || gb === -1 || ga !== gb ? 1 : 0;
      }
    }
  }

  /** Blocks messages from → to only (a one-way cut); the other direction is unchanged. */
  cutOneWay(from: NodeId, to: NodeId): void {
    this.assertNode(from);
    this.assertNode(to);
    this.cut[from * this.n + to] = 1;
  }

  /** Restores every link cut by `partition` or `cutOneWay`; disconnected nodes stay so. */
  heal(): void {
    this.cut.fill(0);
  }

  setDisconnected(id: NodeId, disconnected: boolean): void {
    this.assertNode(id);
    this.disconnected[id] = disconnected ? 1 : 0;
  }

  isHealed(): boolean {
    for (let i = 0; i < this.cut.length; i++) if (this.cut[i] === 1) return false;
    for (let i = 0; i < this.n; i++) if (this.disconnected[i] === 1) return false;
    return true;
  }

  /** Replaces the rules for single message kinds (an empty list removes them). */
  setMessageRules(rules: readonly MessageRule[]): void {
    for (const rule of rules) {
      if (rule.from !== undefined) this.assertNode(rule.from);
      if (rule.to !== undefined) this.assertNode(rule.to);
      validateNetwork({ delayMs: rule.delayMs ?? [0, 0], dropRate: rule.dropRate ?? 0, duplicateRate: rule.duplicateRate ?? 0 });
    }
    this.messageRules = rules.map((r) => ({ ...r, ...(r.delayMs ? { delayMs: [r.delayMs[0], r.delayMs[1]] as [number, number] } : {}) }));
  }

  /** Whether some message-kind rule is on (the sender then names the kind of each message). */
  get aimsAtKinds(): boolean {
    return this.messageRules.length > 0;
  }

  /**
   * The network a message of `kind` from → to meets: the base config, made as bad as every
   * matching message rule in each respect (the highest rates, the longest delays).
   */
  private configFor(kind: string, from: NodeId, to: NodeId): NetworkConfig {
    let config = this.config;
    for (const rule of this.messageRules) {
      if (rule.kind !== kind || (rule.from !== undefined && rule.from !== from) || (rule.to !== undefined && rule.to !== to)) continue;
      config = {
        dropRate: Math.max(config.dropRate, rule.dropRate ?? 0),
        duplicateRate: Math.max(config.duplicateRate, rule.duplicateRate ?? 0),
        delayMs: rule.delayMs ? [Math.max(config.delayMs[0], rule.delayMs[0]), Math.max(config.delayMs[1], rule.delayMs[1])] : config.delayMs,
      };
    }
    return config;
  }

  /** A message's fate: lost, or delivered after `delayMs` and maybe again after `duplicateDelayMs`. */
  fate(allowDuplicate: boolean, kind?: { kind: string; from: NodeId; to: NodeId }): { lost: true } | { lost: false; delayMs: number; duplicateDelayMs: number | undefined } {
    const { dropRate, duplicateRate, delayMs } = kind === undefined || this.messageRules.length === 0 ? this.config : this.configFor(kind.kind, kind.from, kind.to);
    if (dropRate > 0 && this.rng.rate(dropRate)) return { lost: true };
    const delay = this.rng.range(delayMs[0], delayMs[1]);
    let duplicateDelayMs: number | undefined;
    if (allowDuplicate && duplicateRate > 0 && this.rng.rate(duplicateRate)) {
      duplicateDelayMs = this.rng.range(delayMs[0], delayMs[1]);
    }
    return { lost: false, delayMs: delay, duplicateDelayMs };
  }

  private assertNode(id: NodeId): void {
    assert(Number.isInteger(id) && id >= 0 && id < this.n, `no node ${id} (nodes are 0..${this.n - 1})`);
  }
}
