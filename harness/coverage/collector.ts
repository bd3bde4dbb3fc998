// Coverage of one run, computed for any algorithm from what the simulation already
// observes, in the spirit of AFL's edge coverage applied to a distributed run. Features:
//
//   state       a node's abstract state (harness/coverage/abstract-state.ts)
//   transition  one field's code changing, in the node's role (follower → candidate; term
//               level → ahead as candidate; commitIndex behind → level as leader)
//   cluster     the multiset of (role, rank of the first ranked field) over all nodes:
//               two leaders at once, a leader behind a follower
//   delivery    a message kind arriving, in the receiver's role, with how its epoch-like
//               fields (any number field the receiver's snapshot also has: term, ballot)
//               stand against the receiver's (older, same, newer), and whether it is a
//               duplicate, overtook a later message on its link, or comes from a node that
//               crashed or changed role since sending it
//   sequence    two deliveries in a row at one node (message-sequence feedback, as in
//               DistFuzz and ModelFuzz; Mallory's happens-before summaries in small)
//   crash       a crash in the node's role, with or without unsynced writes lost
//   request     a client request arriving, by operation and the receiver's role
//   operation   a client operation's outcome, and whether a new leader arose while it ran
//   cover       a label the algorithm marked with ctx.cover(label)
//
// A run's coverage is the set of (feature, hit-count class) points. It also keeps
// landmarks for aimed mutations: when each node synced, when each message kind arrived,
// when leaders arose. Nothing here feeds back into the run: collecting never changes the
// trace.

import { messageKind } from '../message-kind.ts';
import type { History, NodeId, Observation, ObservationType } from '../types.ts';
import { StateAbstraction, abstractHash, relate, sameAbstract, type AbstractState } from './abstract-state.ts';
import { countBucket, feature, finish, hashString, mix, sizeClass } from './hash.ts';

const tagState = 1;
const tagTransition = 2;
const tagCluster = 3;
const tagDelivery = 4;
const tagSequence = 5;
const tagCrash = 6;
const tagRestart = 7;
const tagRequest = 8;
const tagCover = 9;
const tagOperation = 10;
const tagSync = 11;

/** Landmark times kept per list, at most (thinned evenly beyond it). */
export const landmarksPerListMax = 32;
/** Message kinds with landmarks, at most (user messages may have many). */
const kindsMax = 64;
/** Epoch-like fields of a message compared against the receiver, at most. */
const relatedFieldsMax = 3;
/** Leader changes remembered for the operation features, at most. */
const leaderChangesMax = 10_000;

const leaderRole = hashString('leader');

/** Times, thinned deterministically to at most landmarksPerListMax spread over the run. */
class Thinned {
  items: number[] = [];
  private stride = 1;
  private seen = 0;

  push(x: number): void {
    if (this.seen++ % this.stride !== 0) return;
    this.items.push(x);
    if (this.items.length > landmarksPerListMax) {
      this.items = this.items.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }
}

/** Like Thinned, for (time, node) pairs. */
class ThinnedEvents {
  items: { timeMs: number; node: NodeId }[] = [];
  private stride = 1;
  private seen = 0;

  push(timeMs: number, node: NodeId): void {
    if (this.seen++ % this.stride !== 0) return;
    this.items.push({ timeMs, node });
    if (this.items.length > landmarksPerListMax) {
      this.items = this.items.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }
}

/** Where a run did things, for mutations that aim at them (plain data, stored in a corpus). */
export interface CoverageLandmarks {
  /** Per node, times it synced its disk. */
  syncs: number[][];
  /** Per message kind (its `type`), times one was delivered. */
  deliveries: Record<string, number[]>;
  /** Times some node became leader, and which one. */
  leaders: { timeMs: number; node: NodeId }[];
  /**
   * Times a message arrived out of the ordinary, and where: from an older or newer epoch
   * than the receiver's, duplicated, overtaking, or from a node that crashed or changed
   * role since it sent it. Windows in which a second event may turn into a bug.
   */
  anomalies: { timeMs: number; node: NodeId }[];
}

export interface RunCoverage {
  /** Sorted distinct coverage points (32-bit). */
  points: number[];
  /** Distinct features before hit-count classes. */
  features: number;
  landmarks: CoverageLandmarks;
}

export class CoverageCollector {
  /** The observations it needs. */
  static readonly observes: readonly ObservationType[] = ['node_state', 'deliver', 'crash', 'restart', 'request', 'sync', 'cover'];

  /** Features whose hit-count class is part of the point (how often a stale message arrived). */
  private readonly counts = new Map<number, number>();
  /** Features that count once (a state reached, a sequence seen): their number of hits is noise. */
  private readonly reached = new Set<number>();
  private readonly abstraction: StateAbstraction;
  private readonly lastRaw: unknown[];
  private readonly lastAbstract: (AbstractState | undefined)[];
  private readonly roleOf: number[];
  private readonly clusterRank: number[];
  private readonly roleChangedMs: number[];
  private readonly restartedMs: number[];
  private readonly lastDelivery: number[];
  private readonly lastMsgIdOnLink: Int32Array;
  private readonly syncs: Thinned[];
  private readonly deliveries = new Map<string, Thinned>();
  private readonly fieldsByKind = new Map<string, { keys: string[]; hashes: number[] }>();
  private readonly leaders: { timeMs: number; node: NodeId }[] = [];
  private readonly anomalies: ThinnedEvents = new ThinnedEvents();
  private readonly leaderChangeMs: number[] = [];

  constructor(private readonly nodeCount: number) {
    this.abstraction = new StateAbstraction(nodeCount);
    this.lastRaw = new Array(nodeCount).fill(undefined);
    this.lastAbstract = new Array(nodeCount).fill(undefined);
    this.roleOf = new Array(nodeCount).fill(0);
    this.clusterRank = new Array(nodeCount).fill(0);
    this.roleChangedMs = new Array(nodeCount).fill(-1);
    this.restartedMs = new Array(nodeCount).fill(-1);
    this.lastDelivery = new Array(nodeCount).fill(0);
    this.lastMsgIdOnLink = new Int32Array(nodeCount * nodeCount).fill(-1);
    this.syncs = Array.from({ length: nodeCount }, () => new Thinned());
  }

  private hit(f: number): void {
    this.counts.set(f, (this.counts.get(f) ?? 0) + 1);
  }

  private reach(f: number): void {
    this.reached.add(f);
  }

  observe(o: Observation): void {
    switch (o.type) {
      case 'node_state':
        this.state(o.node, o.state, o.timeMs);
        return;
      case 'deliver':
        this.delivery(o);
        return;
      case 'crash':
        this.hit(feature(tagCrash, this.roleOf[o.node] as number, (o.unsyncedWrites ?? 0) > 0 ? 1 : 0, this.leaderCount()));
        return;
      case 'restart':
        this.restartedMs[o.node] = o.timeMs;
        this.hit(feature(tagRestart, this.roleOf[o.node] as number, sizeClass(Object.keys(o.disk).length)));
        return;
      case 'request': {
        const f = o.op !== null && typeof o.op === 'object' ? (o.op as { f?: unknown }).f : undefined;
        this.hit(feature(tagRequest, typeof f === 'string' ? hashString(f) : 0, this.roleOf[o.node] as number));
        return;
      }
      case 'sync':
        this.syncs[o.node]?.push(o.timeMs);
        this.hit(feature(tagSync, this.roleOf[o.node] as number, sizeClass(o.writes)));
        return;
      case 'cover':
        this.hit(feature(tagCover, hashString(o.label), this.roleOf[o.node] as number));
        return;
      default:
        return;
    }
  }

  private leaderCount(): number {
    let n = 0;
    for (let i = 0; i < this.nodeCount; i++) if (this.roleOf[i] === leaderRole) n++;
    return n;
  }

  private state(node: NodeId, state: unknown, timeMs: number): void {
    // Snapshots are never mutated once handed out: the same object is the same state.
    if (state === this.lastRaw[node]) return;
    this.lastRaw[node] = state;
    const next = this.abstraction.abstract(node, state);
    const prev = this.lastAbstract[node];
    if (sameAbstract(prev, next)) return;
    this.lastAbstract[node] = next;
    this.reach(feature(tagState, abstractHash(next)));
    const role = next.role;
    if (prev !== undefined && prev.keys.length === next.keys.length) {
      for (let i = 0; i < next.codes.length; i++) {
        if (prev.codes[i] !== next.codes[i]) this.hit(feature(tagTransition, next.keys[i] as number, prev.codes[i] as number, next.codes[i] as number, role));
      }
    }
    if (role !== this.roleOf[node]) {
      this.roleOf[node] = role;
      this.roleChangedMs[node] = timeMs;
      if (role === leaderRole) {
        if (this.leaders.length < leaderChangesMax) this.leaders.push({ timeMs, node });
        if (this.leaderChangeMs.length < leaderChangesMax) this.leaderChangeMs.push(timeMs);
      }
    }
    // The first ranked field (Raft's term, a ballot) places the node in the cluster.
    this.clusterRank[node] = mix(role, next.firstRank);
    const cluster = this.clusterRank.slice().sort((a, b) => a - b);
    let h = 0x51ed;
    for (const c of cluster) h = mix(h, c);
    this.reach(feature(tagCluster, h));
  }

  /**
   * The fields of a kind's messages that the receiver's snapshot also has, found once per
   * kind from its first message (messages of one kind have one shape).
   */
  private relatedFields(kind: string, msg: Record<string, unknown>, receiver: Record<string, unknown>): { keys: string[]; hashes: number[] } {
    let fields = this.fieldsByKind.get(kind);
    if (fields === undefined) {
      fields = { keys: [], hashes: [] };
      for (const key in msg) {
        if (fields.keys.length >= relatedFieldsMax) break;
        if (key === 'type' || !(key in receiver) || relate(msg[key], receiver[key]) === undefined) continue;
        fields.keys.push(key);
        fields.hashes.push(hashString(key));
      }
      if (this.fieldsByKind.size < kindsMax) this.fieldsByKind.set(kind, fields);
    }
    return fields;
  }

  private delivery(o: Extract<Observation, { type: 'deliver' }>): void {
    const kind = messageKind(o.msg);
    const receiver = this.abstraction.snapshotOf(o.to);
    let relation = 0;
    let odd = false;
    if (receiver !== undefined && o.msg !== null && typeof o.msg === 'object') {
      const msg = o.msg as Record<string, unknown>;
      const fields = this.relatedFields(kind, msg, receiver);
      for (let i = 0; i < fields.keys.length; i++) {
        const key = fields.keys[i] as string;
        const r = relate(msg[key], receiver[key]);
        if (r === undefined) continue;
        relation = mix(mix(relation, fields.hashes[i] as number), r);
        // Only the first related field (Raft's term, a ballot) says "from another epoch".
        if (i === 0 && r !== 1) odd = true;
      }
    }
    let flags = o.duplicate === true ? 1 : 0;
    if (o.msgId !== undefined) {
      const link = o.from * this.nodeCount + o.to;
      if (o.msgId < (this.lastMsgIdOnLink[link] as number)) flags |= 2;
      else this.lastMsgIdOnLink[link] = o.msgId;
    }
    if (o.sentMs !== undefined) {
      if ((this.restartedMs[o.from] as number) > o.sentMs) flags |= 4;
      if ((this.roleChangedMs[o.from] as number) > o.sentMs) flags |= 8;
    }
    if (odd || flags !== 0) this.anomalies.push(o.timeMs, o.to);
    const kindHash = hashString(kind);
    this.hit(feature(tagDelivery, kindHash, this.roleOf[o.to] as number, relation, flags));
    // The sequence keeps what a message is and how it stands, not the receiver's role or the flags.
    const step = mix(kindHash, relation);
    this.reach(feature(tagSequence, this.lastDelivery[o.to] as number, step));
    this.lastDelivery[o.to] = step;
    let times = this.deliveries.get(kind);
    if (times === undefined && this.deliveries.size < kindsMax) {
      times = new Thinned();
      this.deliveries.set(kind, times);
    }
    times?.push(o.timeMs);
  }

  /** The run's coverage, given its client history (for the operation features). */
  finish(history: History): RunCoverage {
    const invoked = new Map<string, number>();
    const changes = this.leaderChangeMs;
    for (const e of history) {
      const id = e.requestId;
      if (id === undefined) continue;
      if (e.type === 'invoke') {
        invoked.set(id, e.time);
        continue;
      }
      const start = invoked.get(id);
      let crossed = 0;
      if (start !== undefined) for (let i = 0; i < changes.length && crossed === 0; i++) if ((changes[i] as number) > start && (changes[i] as number) <= e.time) crossed = 1;
      this.hit(feature(tagOperation, hashString(e.f), hashString(e.type), crossed));
    }
    const points = new Set<number>(this.reached);
    for (const [f, count] of this.counts) points.add(finish(mix(f, countBucket(count))));
    const deliveries: Record<string, number[]> = {};
    for (const [kind, times] of this.deliveries) deliveries[kind] = times.items;
    return {
      points: [...points].sort((a, b) => a - b),
      features: this.counts.size + this.reached.size,
      landmarks: { syncs: this.syncs.map((t) => t.items), deliveries, leaders: this.leaders.slice(0, landmarksPerListMax * 2), anomalies: this.anomalies.items },
    };
  }
}
