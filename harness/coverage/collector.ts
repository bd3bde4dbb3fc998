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
//   operation   a client operation's outcome, and whether a new leader arose while it ran
//   cover       a label the algorithm marked with ctx.cover(label)
//
// A run's coverage is the set of (feature, hit-count class) points. It also keeps
// landmarks for aimed mutations: when each node synced, when each message kind arrived,
// when leaders arose. Nothing here feeds back into the run: collecting never changes the
// trace.

import { messageKind } from '../message-kind.ts';
import type { History, NodeId, Observation, ObservationType } from '../types.ts';
import { StateAbstraction, abstractHash, emptyAbstract, relate, sameAbstract, type AbstractState } from './abstract-state.ts';
import { FeatureTable } from './feature-table.ts';
import { countBucket, feature, feature2, finish, hashString, mix, sizeClass } from './hash.ts';

const tagState = 1;
const tagTransition = 2;
const tagCluster = 3;
const tagDelivery = 4;
const tagSequence = 5;
const tagCrash = 6;
const tagRestart = 7;
const tagCover = 9;
const tagOperation = 10;

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

interface KindInfo {
  hash: number;
  fieldsKnown: boolean;
  keys: string[];
  hashes: number[];
  times: Thinned;
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
  static readonly observes: readonly ObservationType[] = ['node_state', 'deliver', 'crash', 'restart', 'sync', 'cover'];

  /** Features whose hit-count class is part of the point (how often a stale message arrived). */
  private readonly counts = new FeatureTable();
  /** Features that count once (a state reached, a sequence seen): their number of hits is noise. */
  private readonly reached = new FeatureTable();
  private readonly abstraction: StateAbstraction;
  private readonly lastRaw: unknown[];
  /** Per node, its abstract state and a second buffer the next one is computed into. */
  private readonly lastAbstract: AbstractState[];
  private readonly nextAbstract: AbstractState[];
  private readonly abstracted: boolean[];
  /** Scratch for the cluster feature's sorted ranks. */
  private readonly clusterScratch: number[];
  private readonly roleOf: number[];
  private readonly clusterRank: number[];
  private readonly roleChangedMs: number[];
  private readonly restartedMs: number[];
  private readonly lastDelivery: number[];
  private readonly lastMsgIdOnLink: Int32Array;
  private readonly syncs: Thinned[];
  private readonly kinds = new Map<string, KindInfo>();
  private readonly leaders: { timeMs: number; node: NodeId }[] = [];
  private readonly anomalies: ThinnedEvents = new ThinnedEvents();
  private readonly leaderChangeMs: number[] = [];

  constructor(private readonly nodeCount: number) {
    this.abstraction = new StateAbstraction(nodeCount);
    this.lastRaw = new Array(nodeCount).fill(undefined);
    this.lastAbstract = Array.from({ length: nodeCount }, () => emptyAbstract());
    this.nextAbstract = Array.from({ length: nodeCount }, () => emptyAbstract());
    this.abstracted = new Array(nodeCount).fill(false);
    this.clusterScratch = new Array(nodeCount).fill(0);
    this.roleOf = new Array(nodeCount).fill(0);
    this.clusterRank = new Array(nodeCount).fill(0);
    this.roleChangedMs = new Array(nodeCount).fill(-1);
    this.restartedMs = new Array(nodeCount).fill(-1);
    this.lastDelivery = new Array(nodeCount).fill(0);
    this.lastMsgIdOnLink = new Int32Array(nodeCount * nodeCount).fill(-1);
    this.syncs = Array.from({ length: nodeCount }, () => new Thinned());
  }

  private hit(f: number): void {
    this.counts.add(f);
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
      case 'sync':
        // A landmark only: when a node syncs says where a crash matters, not a situation.
        this.syncs[o.node]?.push(o.timeMs);
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
    const next = this.abstraction.abstractInto(node, state, this.nextAbstract[node] as AbstractState);
    const prev = this.lastAbstract[node] as AbstractState;
    const seen = this.abstracted[node] as boolean;
    if (seen && sameAbstract(prev, next)) return;
    // The buffers swap: the new state is kept, the old one becomes the next scratch.
    this.lastAbstract[node] = next;
    this.nextAbstract[node] = prev;
    this.abstracted[node] = true;
    this.reach(feature(tagState, abstractHash(next)));
    const role = next.role;
    if (seen && prev.length === next.length) {
      for (let i = 0; i < next.length; i++) {
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
    // The ranks as a multiset: sorted by insertion into the scratch (at most nodeCountMax).
    const sorted = this.clusterScratch;
    for (let i = 0; i < this.nodeCount; i++) {
      const c = this.clusterRank[i] as number;
      let j = i;
      while (j > 0 && (sorted[j - 1] as number) > c) {
        sorted[j] = sorted[j - 1] as number;
        j--;
      }
      sorted[j] = c;
    }
    let h = 0x51ed;
    for (let i = 0; i < this.nodeCount; i++) h = mix(h, sorted[i] as number);
    this.reach(feature(tagCluster, h));
  }

  /**
   * What is known of a message kind, found once: its hash, the fields of its messages that
   * the receiver's snapshot also has (messages of one kind have one shape; found from the
   * first message that meets a snapshot), and its landmark times.
   */
  private kindOf(kind: string, msg: unknown, receiver: Record<string, unknown> | undefined): KindInfo | undefined {
    let info = this.kinds.get(kind);
    if (info === undefined) {
      if (this.kinds.size >= kindsMax) return undefined;
      info = { hash: hashString(kind), fieldsKnown: false, keys: [], hashes: [], times: new Thinned() };
      this.kinds.set(kind, info);
    }
    if (!info.fieldsKnown && receiver !== undefined && msg !== null && typeof msg === 'object') {
      info.fieldsKnown = true;
      const m = msg as Record<string, unknown>;
      for (const key in m) {
        if (info.keys.length >= relatedFieldsMax) break;
        if (key === 'type' || !(key in receiver) || relate(m[key], receiver[key]) === undefined) continue;
        info.keys.push(key);
        info.hashes.push(hashString(key));
      }
    }
    return info;
  }

  private delivery(o: Extract<Observation, { type: 'deliver' }>): void {
    const receiver = this.abstraction.snapshotOf(o.to);
    const info = this.kindOf(messageKind(o.msg), o.msg, receiver);
    const kindHash = info?.hash ?? 0;
    let relation = 0;
    let odd = false;
    if (info !== undefined && receiver !== undefined && info.keys.length > 0) {
      const msg = o.msg as Record<string, unknown>;
      for (let i = 0; i < info.keys.length; i++) {
        const key = info.keys[i] as string;
        const r = relate(msg[key], receiver[key]);
        if (r === undefined) continue;
        relation = mix(mix(relation, info.hashes[i] as number), r);
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
    this.hit(feature(tagDelivery, kindHash, this.roleOf[o.to] as number, relation, flags));
    // The sequence keeps what a message is and how it stands, not the receiver's role or the flags.
    const step = mix(kindHash, relation);
    this.reach(feature2(tagSequence, this.lastDelivery[o.to] as number, step));
    this.lastDelivery[o.to] = step;
    info?.times.push(o.timeMs);
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
    const points = new Set<number>();
    this.reached.forEach((f) => points.add(f));
    this.counts.forEach((f, count) => points.add(finish(mix(f, countBucket(count)))));
    const deliveries: Record<string, number[]> = {};
    for (const [kind, info] of this.kinds) if (info.times.items.length > 0) deliveries[kind] = info.times.items;
    return {
      points: [...points].sort((a, b) => a - b),
      features: this.counts.size + this.reached.size,
      landmarks: { syncs: this.syncs.map((t) => t.items), deliveries, leaders: this.leaders.slice(0, landmarksPerListMax * 2), anomalies: this.anomalies.items },
    };
  }
}
