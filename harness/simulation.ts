// The deterministic discrete-event simulation and its scripting API (DESIGN.md,
// **contract**). One seeded scheduler runs every node, message, timer and client in
// virtual time; every step is folded into the trace hash. Node code runs synchronously
// inside handlers; anything it throws, or any banned nondeterministic API it touches,
// ends the run as a recorded failure, never as a crashed harness.

import { AssertionError, assert, assertNever } from './assert.ts';
import { ClientDriver, defaultClientOptions, type ClientOptions, type OpHandle } from './client.ts';
import { installDeterminismGuard, runningNodeId, setRunningNode, takeDeterminismViolation } from './determinism-guard.ts';
import { defaultNodes } from './cluster-size.ts';
import { EventQueue } from './event-queue.ts';
import { handlerWallMsMaxFromEnv, runWithWallLimit } from './handler-watchdog.ts';
import { wallNowMs } from './wall-clock.ts';
import { thrownFrame, thrownText } from './thrown.ts';
import { Network, defaultNetwork, inFlightMessagesMax, type MessageRule, type NetworkConfig, type NetworkOptions, type NodeTraffic } from './network.ts';
import { messageKind } from './message-kind.ts';
import { NodeHost } from './node-host.ts';
import { Rng } from './rng.ts';
import { TraceHasher, type DropReason, type TraceEvent } from './trace.ts';
import { copyWire, toWire, wireDigest } from './wire.ts';
import type {
  Algorithm,
  AppliedEntry,
  CheckerInstance,
  ClientRequest,
  ClientResult,
  History,
  NodeContext,
  NodeId,
  Observation,
  ObservationType,
  RunEnd,
  Violation,
} from './types.ts';
import { rsmChecker } from '../checkers/rsm.ts';
import { historyJudgeFor, type HistoryJudge } from './checks.ts';

/** Bounds with names (STYLE.md): one place for every limit of a run. */
export const nodeCountMax = 64;
export const eventsMaxDefault = 2_000_000;
/** The slots of SimulationOptions.progress. */
export const progressSlots = { events: 0, virtualMs: 1, runningNodePlusOne: 2, hashA: 3, hashB: 4 } as const;
export const progressLength = 5;

/** Late context calls a run names, at most. */
const lateCallsNamedMax = 5;

/** What a checker that names no `observes` gets; newer types (sync, cover) go only to those that name them. */
const defaultObservationTypes: readonly ObservationType[] = ['node_state', 'send', 'deliver', 'apply', 'snapshot', 'crash', 'restart', 'request'];
const allObservationTypes: readonly ObservationType[] = [...defaultObservationTypes, 'sync', 'cover'];

export interface SimulationOptions {
  algorithm: Algorithm;
  nodes?: number;
  seed: number | string;
  bug?: string | undefined;
  network?: NetworkOptions;
  client?: Partial<ClientOptions>;
  /** Events processed before the run fails with "event budget exceeded". */
  eventsMax?: number;
  /** Keep every trace event (for reports and replay diffs); the hash is kept regardless. */
  recordTrace?: boolean;
  /** Stop processing events at the first safety violation (exploration does). */
  stopOnViolation?: boolean;
  /** Wall time a node handler may run before the run fails as hung (harness/handler-watchdog.ts). */
  handlerWallMsMax?: number;
  /**
   * Judges the client history at `check()`. By default the algorithm's workload decides
   * (kv: linearizability per key, see harness/checks.ts); null turns it off.
   */
  historyChecker?: HistoryJudge | null;
  /**
   * Where the run is, written after every event for whoever shares the buffer (a run in a
   * thread of its own whose thread may die: harness/cli/isolated-runner.ts): see
   * `progressSlots`.
   */
  progress?: Int32Array;
  /** Harness code that watches the run from its first event, the boot included (see `watch`). */
  watchers?: readonly { name: string; types: readonly ObservationType[]; observe: (o: Observation) => void }[];
}

export interface SimStats {
  events: number;
  messagesSent: number;
  messagesDelivered: number;
  messagesDropped: number;
  /** Of messagesDropped: refused because inFlightMessagesMax were in flight (a message storm). */
  messagesOverflowed: number;
  messagesDuplicated: number;
  bytesSent: number;
  virtualMs: number;
  ops: number;
  perNode: NodeTraffic[];
}

type SimEvent =
  /** `msg` is the receiver's own wire copy (harness/wire.ts): nobody else holds it. */
  | { type: 'deliver'; msgId: number; from: NodeId; to: NodeId; msg: unknown; sentMs: number; duplicate: boolean }
  | { type: 'timer'; node: NodeId; incarnation: number; name: string; token: number }
  | { type: 'request_arrive'; node: NodeId; request: ClientRequest }
  | { type: 'reply_arrive'; node: NodeId; requestId: string; result: ClientResult }
  | { type: 'client_timeout'; requestId: string; attempt: number }
  | { type: 'client_retry'; requestId: string; attempt: number }
  | { type: 'action'; run: () => void };

/** Why the run stopped early, if it did. Kept as a violation so every report shows it. */
const failureChecker = 'run-failure';

export class Simulation {
  readonly algorithm: Algorithm;
  readonly nodeCount: number;
  readonly seed: string;
  readonly bug: string | undefined;
  private readonly rng: Rng;
  private readonly queue = new EventQueue<SimEvent>();
  private readonly hosts: NodeHost[];
  private readonly network: Network;
  private readonly clients: ClientDriver;
  private readonly hasher = new TraceHasher();
  private readonly traceEvents: TraceEvent[] | undefined;
  private readonly checkers: { name: string; instance: CheckerInstance }[];
  /** Per observation type, the checkers that observe it; a type nobody wants is never built. */
  private readonly observers: Record<ObservationType, { name: string; instance: CheckerInstance }[]>;
  private readonly eventsMax: number;
  private readonly progress: Int32Array | undefined;
  private readonly stopOnViolation: boolean;
  private readonly historyChecker: HistoryJudge | undefined;
  private nowMs = 0;
  private closed = false;
  private eventCount = 0;
  private msgIdNext = 0;
  private timerTokenNext = 0;
  private readonly violationsFound: Violation[] = [];
  private failure: Violation | undefined;
  private historyCheckCache: { length: number; violations: Violation[] } | undefined;
  private readonly handlerWallMsMax: number;
  /** Whether the current call stack already runs under the handler watchdog. */
  private watched = false;
  /** Which node call runs now (the node is the determinism guard's), for the watchdog's message. */
  private runningWhat = '';

  constructor(options: SimulationOptions) {
    const nodes = options.nodes ?? defaultNodes(options.algorithm);
    assert(Number.isInteger(nodes) && nodes >= 1 && nodes <= nodeCountMax, `nodes must be an integer in 1..${nodeCountMax}, got ${nodes}`);
    assert(typeof options.algorithm?.createNode === 'function', 'algorithm.createNode must be a function');
    if (options.bug !== undefined) {
      const bugs = options.algorithm.bugs ?? {};
      assert(Object.hasOwn(bugs, options.bug), `algorithm ${options.algorithm.name} has no bug "${options.bug}" (known: ${Object.keys(bugs).join(', ') || 'none'})`);
    }
    installDeterminismGuard();
    this.algorithm = options.algorithm;
    this.nodeCount = nodes;
    this.seed = String(options.seed);
    this.bug = options.bug;
    this.rng = new Rng(this.seed);
    this.eventsMax = options.eventsMax ?? eventsMaxDefault;
    this.progress = options.progress;
    assert(this.progress === undefined || this.progress.length >= progressLength, `progress needs ${progressLength} slots`);
    this.stopOnViolation = options.stopOnViolation ?? false;
    this.handlerWallMsMax = options.handlerWallMsMax ?? handlerWallMsMaxFromEnv();
    assert(Number.isInteger(this.handlerWallMsMax) && this.handlerWallMsMax >= 1, `handlerWallMsMax must be a positive integer, got ${this.handlerWallMsMax}`);
    this.historyChecker = options.historyChecker === null ? undefined : (options.historyChecker ?? historyJudgeFor(options.algorithm.workload));
    this.traceEvents = options.recordTrace ? [] : undefined;
    const networkConfig: NetworkConfig = { ...defaultNetwork, ...(options.network ?? {}) } as NetworkConfig;
    this.network = new Network(nodes, networkConfig, this.rng.fork('network'));
    const clientOptions: ClientOptions = { ...defaultClientOptions, ...(options.client ?? {}) } as ClientOptions;
    this.clients = new ClientDriver(
      {
        nowMs: () => this.nowMs,
        nodeCount: nodes,
        sendRequest: (node, req) => this.sendRequest(node, req),
        scheduleTimeout: (requestId, attempt, ms) => this.queue.push(this.nowMs + ms, { type: 'client_timeout', requestId, attempt }),
        scheduleRetry: (requestId, attempt, ms) => this.queue.push(this.nowMs + ms, { type: 'client_retry', requestId, attempt }),
      },
      clientOptions,
    );
    const setup = { nodeCount: nodes };
    const observers = Object.fromEntries(allObservationTypes.map((t) => [t, []])) as unknown as Record<ObservationType, { name: string; instance: CheckerInstance }[]>;
    this.checkers = [rsmChecker, ...(options.algorithm.checkers ?? [])].map((c) => {
      const entry = { name: c.name, instance: c.create(setup) };
      if (entry.instance.observe) {
        for (const t of new Set(c.observes ?? defaultObservationTypes)) {
          observers[t].push(entry);
        }
      }
      return entry;
    });
    this.observers = observers;
    for (const w of options.watchers ?? []) this.watch(w.name, w.types, w.observe);
    this.hosts = [];
    for (let id = 0; id < nodes; id++) {
      const host = new NodeHost(id, this.rng.fork(`node/${id}`));
      host.disk.onSync = (writes) => {
        if (this.observers.sync.length > 0 && host.up) this.observe({ type: 'sync', timeMs: this.nowMs, node: id, writes });
      };
      this.hosts.push(host);
    }
    this.hasher.foldStr(`${this.algorithm.name}|${this.bug ?? ''}|${nodes}|${this.seed}`);
    // One watchdog span for every boot, not one per node (each span starts a thread).
    this.runWatched(() => {
      for (const host of this.hosts) this.boot(host);
    });
  }

  // ---------------------------------------------------------------- scripting API

  /** Runs every event up to now + ms, then advances the clock to exactly now + ms. */
  runFor(ms: number): void {
    assert(Number.isInteger(ms) && ms >= 0, `runFor: ms must be a non-negative integer, got ${ms}`);
    const end = this.nowMs + ms;
    this.runEvents(end, undefined);
    if (!this.stopped() || this.nowMs < end) this.nowMs = Math.max(this.nowMs, end);
  }

  /** Runs until `condition()` holds (checked after every event) or timeoutMs passes. */
  runUntil(condition: () => boolean, options: { timeoutMs: number }): boolean {
    assert(Number.isInteger(options.timeoutMs) && options.timeoutMs >= 0, 'runUntil: timeoutMs must be a non-negative integer');
    const end = this.nowMs + options.timeoutMs;
    return this.runEvents(end, condition);
  }

  partition(groups: readonly (readonly NodeId[])[]): void {
    this.network.partition(groups);
    this.note({ type: 'partition', timeMs: this.nowMs, description: groups.map((g) => g.join(',')).join('|') });
  }

  /** Blocks only messages from → to (a one-way cut). */
  cutOneWay(from: NodeId, to: NodeId): void {
    this.network.cutOneWay(from, to);
    this.note({ type: 'partition', timeMs: this.nowMs, description: `${from}->${to}` });
  }

  heal(): void {
    this.network.heal();
    this.note({ type: 'heal', timeMs: this.nowMs });
  }

  disconnect(id: NodeId): void {
    this.network.setDisconnected(id, true);
    this.note({ type: 'disconnect', timeMs: this.nowMs, node: id });
  }

  connect(id: NodeId): void {
    this.network.setDisconnected(id, false);
    this.note({ type: 'connect', timeMs: this.nowMs, node: id });
  }

  crash(id: NodeId): void {
    const host = this.host(id);
    if (!host.up) return;
    const unsyncedWrites = host.crash();
    this.note({ type: 'crash', timeMs: this.nowMs, node: id });
    this.observe({ type: 'crash', timeMs: this.nowMs, node: id, incarnation: host.incarnation, unsyncedWrites });
  }

  restart(id: NodeId): void {
    const host = this.host(id);
    if (host.up) this.crash(id);
    host.incarnation++;
    this.note({ type: 'restart', timeMs: this.nowMs, node: id });
    this.boot(host);
  }

  pause(id: NodeId): void {
    const host = this.host(id);
    if (!host.up || host.paused) return;
    host.paused = true;
    this.note({ type: 'pause', timeMs: this.nowMs, node: id });
  }

  resume(id: NodeId): void {
    const host = this.host(id);
    if (!host.paused) return;
    host.paused = false;
    this.note({ type: 'resume', timeMs: this.nowMs, node: id });
    // What waited while the node was stopped arrives now, in the order it came.
    const held = host.held as SimEvent[];
    host.held = [];
    for (const event of held) this.queue.push(this.nowMs, event);
  }

  /** Timers of node `id` run `factor` times slower (> 1) or faster (< 1) than virtual time. */
  setClockDrift(id: NodeId, factor: number): void {
    assert(factor > 0 && factor <= 10, `clock drift factor must be in (0, 10], got ${factor}`);
    this.host(id).drift = factor;
    this.note({ type: 'drift', timeMs: this.nowMs, node: id, factor });
  }

  setNetwork(options: NetworkOptions): void {
    this.network.set(options);
    const c = this.network.config;
    this.note({ type: 'network', timeMs: this.nowMs, description: `delay ${c.delayMs[0]}-${c.delayMs[1]} drop ${c.dropRate} dup ${c.duplicateRate}` });
  }

  /** Bad network for single message kinds (their `type`), on top of setNetwork's; [] removes it. */
  setMessageFaults(rules: readonly MessageRule[]): void {
    this.network.setMessageRules(rules);
    const text = rules.map((r) => `${r.kind}${r.from !== undefined || r.to !== undefined ? ` ${r.from ?? '*'}->${r.to ?? '*'}` : ''} drop ${r.dropRate ?? 0} dup ${r.duplicateRate ?? 0} delay ${r.delayMs ? `${r.delayMs[0]}-${r.delayMs[1]}` : '-'}`).join('; ');
    this.note({ type: 'network', timeMs: this.nowMs, description: `messages: ${text || 'none'}` });
  }

  get networkConfig(): Readonly<NetworkConfig> {
    return this.network.config;
  }

  /** When set, node `id`'s disk ignores sync (a disk that lies about fsync). */
  setDiskSyncDisabled(id: NodeId, disabled: boolean): void {
    this.host(id).disk.syncDisabled = disabled;
    this.note({ type: 'fault', timeMs: this.nowMs, description: `disk ${id} sync ${disabled ? 'off' : 'on'}` });
  }

  /**
   * Submits a client operation; the handle's status updates as the simulation runs, and
   * `onComplete` (harness code, like an `at` action) is called in the event that completes it.
   */
  submit(op: unknown, options: { node?: NodeId; process?: number; onComplete?: (handle: OpHandle) => void } = {}): OpHandle {
    return this.clients.submit(op, options.node, options.process, options.onComplete);
  }

  /** Whether workload process slot `k` is free for a new operation. */
  processIdle(k: number): boolean {
    return this.clients.slotIdle(k);
  }

  /** Schedules harness code (a fault, a workload step) at an absolute virtual time. */
  at(timeMs: number, run: () => void): void {
    if (timeMs < this.nowMs) throw new AssertionError(`at: time ${timeMs} is in the past (now ${this.nowMs})`);
    this.queue.push(timeMs, { type: 'action', run });
  }

  inspect(id: NodeId): unknown {
    const host = this.host(id);
    if (!host.up || host.node === undefined) return { role: 'crashed' };
    return this.callNode(host, 'inspect', (node) => node.inspect());
  }

  /** Every command node `id` applied, in order, across incarnations. */
  applied(id: NodeId): readonly AppliedEntry[] {
    return this.host(id).applied.filter((e) => e.effect !== 'snapshot');
  }

  /**
   * How far node `id`'s state machine reaches in its current incarnation: the index of its
   * last apply or snapshot since it booted, 0 when it has reported none since. A node that
   * restarted and has not replayed its log yet is at 0, whatever it applied before.
   */
  appliedIndex(id: NodeId): number {
    const host = this.host(id);
    for (let i = host.applied.length - 1; i >= 0; i--) {
      const entry = host.applied[i] as AppliedEntry;
      if (entry.incarnation !== host.incarnation) return 0;
      return entry.index;
    }
    return 0;
  }

  /** Whether node `id` ever reported an apply or a snapshot (it runs a replicated state machine). */
  reportsApplies(id: NodeId): boolean {
    return this.host(id).applied.length > 0;
  }

  /**
   * Harness code that watches the run as a checker does (the liveness phase), from now
   * until the returned function is called. Watching `node_state` makes the simulation take
   * an `inspect()` snapshot after every handler, as a checker that asks for it does.
   */
  watch(name: string, types: readonly ObservationType[], observe: (o: Observation) => void): () => void {
    const entry: { name: string; instance: CheckerInstance } = { name, instance: { observe } };
    for (const t of new Set(types)) this.observers[t].push(entry);
    return () => {
      for (const t of new Set(types)) {
        const list = this.observers[t];
        const at = list.indexOf(entry);
        if (at >= 0) list.splice(at, 1);
      }
    };
  }

  /**
   * Gives every pending operation a fresh retry budget, as if just invoked (the heal): what
   * the faults used up says nothing about whether the healed cluster answers.
   */
  renewClientBudgets(): void {
    this.clients.renewBudgets();
  }

  isUp(id: NodeId): boolean {
    return this.host(id).up;
  }

  isPaused(id: NodeId): boolean {
    return this.host(id).paused;
  }

  /** The durable contents of node `id`'s disk. */
  durableDisk(id: NodeId): Record<string, unknown> {
    return this.host(id).disk.durableSnapshot();
  }

  get history(): History {
    return this.clients.history;
  }

  get operations(): readonly OpHandle[] {
    return this.clients.handles;
  }

  get pendingOperations(): number {
    return this.clients.pendingCount;
  }

  get traceHash(): string {
    return this.hasher.digest();
  }

  get trace(): readonly TraceEvent[] | undefined {
    return this.traceEvents;
  }

  get now(): number {
    return this.nowMs;
  }

  /** The last linearizability result computed by `check()`, for reports. */
  get historyVerdict(): HistoryJudge['last'] {
    return this.historyChecker?.last;
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  get networkHealed(): boolean {
    return this.network.isHealed();
  }

  /** Violations from every checker, [] when clean. End-of-run checks run on each call. */
  check(): Violation[] {
    const out: Violation[] = [];
    if (this.failure) out.push(this.failure);
    out.push(...this.violationsFound);
    const end = this.runEnd();
    for (const { instance } of this.checkers) {
      const found = instance.finish?.(end);
      if (found) out.push(...found);
    }
    if (this.historyChecker && this.failure === undefined) {
      const history = this.clients.history;
      if (this.historyCheckCache?.length !== history.length) {
        this.historyCheckCache = { length: history.length, violations: this.historyChecker(history, this.nowMs) };
      }
      out.push(...this.historyCheckCache.violations);
    }
    return out;
  }

  /**
   * Ends the run: from now on a node's context does nothing, and a call to it is noted in
   * `lateCalls` (runScenario closes the simulation after its checks; what calls it then is
   * a promise or microtask continuation of some handler, run after the run).
   */
  close(): void {
    this.closed = true;
  }

  /** Context calls made after close(), as "node 2 called ctx.send", at most a few. */
  readonly lateCalls: string[] = [];

  private noteLate(node: NodeId, what: string): void {
    const text = `node ${node} called ctx.${what}`;
    if (this.lateCalls.length < lateCallsNamedMax && !this.lateCalls.includes(text)) this.lateCalls.push(text);
  }

  /** Records a violation found outside the checkers (liveness, workload checks). */
  report(violation: Violation): void {
    this.violationsFound.push(violation);
  }

  stats(): SimStats {
    const perNode = this.network.traffic.map((t) => ({ ...t }));
    let sent = 0;
    let delivered = 0;
    let dropped = 0;
    let overflowed = 0;
    let duplicated = 0;
    let bytes = 0;
    for (const t of perNode) {
      sent += t.sent;
      delivered += t.delivered;
      dropped += t.dropped;
      overflowed += t.overflowed;
      duplicated += t.duplicated;
      bytes += t.bytesSent;
    }
    return {
      events: this.eventCount,
      messagesSent: sent,
      messagesDelivered: delivered,
      messagesDropped: dropped,
      messagesOverflowed: overflowed,
      messagesDuplicated: duplicated,
      bytesSent: bytes,
      virtualMs: this.nowMs,
      ops: this.clients.operations,
      perNode,
    };
  }

  // ---------------------------------------------------------------- internals

  /**
   * Steps every event up to `end` (or until `condition` holds), in chunks run under the
   * handler watchdog (harness/handler-watchdog.ts). Returns whether `condition` held.
   */
  private runEvents(end: number, condition: (() => boolean) | undefined): boolean {
    // met: undefined until the condition was first checked.
    const state: { met: boolean | undefined; finished: boolean } = { met: condition === undefined ? false : undefined, finished: false };
    const chunk = (): void => {
      // runUntil's condition is user code too: first and last checks run in here as well.
      if (state.met === undefined && (condition as () => boolean)()) {
        state.met = true;
        state.finished = true;
        return;
      }
      state.met = false;
      // A span ends as soon as a quarter of the limit has passed, checked after every
      // event, so an event starts at most a quarter into its span: a handler is stopped only
      // when it alone runs for three quarters of the limit, never because many ordinary
      // handlers shared a span (the clock read costs about 1% of a run).
      const spanEndWallMs = wallNowMs() + this.handlerWallMsMax / 4;
      for (;;) {
        const t = this.queue.peekTime();
        if (this.stopped() || t === undefined || t > end) break;
        this.step();
        if (condition !== undefined && condition()) {
          state.met = true;
          state.finished = true;
          return;
        }
        if (wallNowMs() > spanEndWallMs) return;
      }
      state.finished = true;
      if (condition !== undefined) {
        this.nowMs = Math.max(this.nowMs, end);
        state.met = condition();
      }
    };
    while (!state.finished) {
      if (!this.runWatched(chunk)) return false;
    }
    return state.met === true;
  }

  /** Runs harness work that calls node code under the watchdog; false when it was stopped. */
  private runWatched(body: () => void): boolean {
    if (this.watched) {
      body();
      return true;
    }
    this.watched = true;
    let outcome: 'done' | 'timed_out';
    try {
      outcome = runWithWallLimit(body, this.handlerWallMsMax);
    } finally {
      this.watched = false;
    }
    if (outcome === 'done') return true;
    this.failHung();
    return false;
  }

  /** The watchdog stopped a step that ran past handlerWallMsMax: name the node code it was in. */
  private failHung(): void {
    // The stopped code ran no finally blocks: undo what callNode would have.
    const node = runningNodeId();
    setRunningNode(undefined);
    takeDeterminismViolation();
    // The limit stays out of the message (and so out of the trace hash): a replay under
    // another limit that also stops the handler reproduces the record.
    if (node !== undefined) {
      this.fail(`could not finish: node ${node} did not return from ${this.runningWhat} at t=${this.nowMs} ms: it ran past the handler wall-time limit (an endless loop?) and the harness stopped it`, [node], 'implementation-hang');
    } else {
      this.fail(`could not finish: a simulation step at t=${this.nowMs} ms ran past the handler wall-time limit outside node code (a scheduled action or runUntil condition that never returns?)`, [], 'harness-hang');
    }
  }

  private stopped(): boolean {
    return this.failure !== undefined || (this.stopOnViolation && this.violationsFound.length > 0);
  }

  private host(id: NodeId): NodeHost {
    const host = this.hosts[id];
    if (!(host !== undefined)) throw new AssertionError(`no node ${id} (nodes are 0..${this.nodeCount - 1})`);
    return host;
  }

  private runEnd(): RunEnd {
    return {
      timeMs: this.nowMs,
      nodeCount: this.nodeCount,
      history: this.clients.history,
      applied: this.hosts.map((h) => h.applied),
      submitted: this.clients.submitted,
    };
  }

  private boot(host: NodeHost): void {
    host.up = true;
    host.paused = false;
    const ctx = this.makeContext(host, host.incarnation);
    const disk = host.disk.durableSnapshot();
    this.observe({ type: 'restart', timeMs: this.nowMs, node: host.id, incarnation: host.incarnation, disk });
    this.callNode(host, 'createNode', () => {
      host.node = this.algorithm.createNode(ctx) as NodeHost['node'];
    });
    if (host.node === undefined) return;
    this.callNode(host, 'start', (node) => node.start());
    this.afterHandler(host);
  }

  private makeContext(host: NodeHost, incarnation: number): NodeContext<unknown> {
    const sim = this;
    const peers = Object.freeze(this.hosts.map((h) => h.id));
    // After the run a node's context does nothing but say that it was called: only a
    // promise or microtask continuation of a handler can call it then.
    const ended = (what: string): boolean => {
      if (sim.closed) sim.noteLate(host.id, what);
      return sim.closed;
    };
    const live = (what: string): boolean => !ended(what) && host.up && host.incarnation === incarnation;
    return {
      id: host.id,
      peers,
      bug: this.bug,
      now: () => {
        ended('now');
        return sim.nowMs;
      },
      random: () => (ended('random') ? 0 : host.rng.float()),
      randomInt: (min, max) => (ended('randomInt') ? min : host.rng.range(min, max)),
      send: (to, msg) => {
        if (live('send')) sim.sendMessage(host.id, to, msg);
      },
      setTimer: (name, ms) => {
        assert(typeof name === 'string', 'setTimer: name must be a string');
        if (!(Number.isFinite(ms) && ms >= 0)) throw new AssertionError(`setTimer(${name}): ms must be a non-negative number, got ${ms}`);
        if (!live('setTimer')) return;
        const token = sim.timerTokenNext++;
        host.timers.set(name, token);
        const delay = Math.max(0, Math.round(ms * host.drift));
        sim.queue.push(sim.nowMs + delay, { type: 'timer', node: host.id, incarnation, name, token });
      },
      cancelTimer: (name) => {
        if (live('cancelTimer')) host.timers.delete(name);
      },
      disk: host.disk,
      reply: (requestId, result) => {
        if (live('reply')) sim.sendReply(host.id, requestId, result);
      },
      apply: (index, command, effect = 'applied') => {
        if (!live('apply')) return;
        if (!(Number.isInteger(index) && index >= 1)) throw new AssertionError(`apply: index must be a positive integer, got ${index}`);
        host.applied.push({ index, command, incarnation, effect, timeMs: sim.nowMs });
        const commandKey = digestOf(command);
        sim.foldApply(host.id, index, command, commandKey);
        if (sim.observers.apply.length > 0) sim.observe({ type: 'apply', timeMs: sim.nowMs, node: host.id, incarnation, index, command, commandKey, effect });
      },
      applySnapshot: (index) => {
        if (!live('applySnapshot')) return;
        if (!(Number.isInteger(index) && index >= 0)) throw new AssertionError(`applySnapshot: index must be a non-negative integer, got ${index}`);
        host.applied.push({ index, command: undefined, incarnation, effect: 'snapshot', timeMs: sim.nowMs });
        sim.note({ type: 'snapshot', timeMs: sim.nowMs, node: host.id, index });
        sim.observe({ type: 'snapshot', timeMs: sim.nowMs, node: host.id, incarnation, index });
      },
      cover: (label) => {
        // Checked whether or not coverage is on: a run must not fail only when it is collected.
        if (typeof label !== 'string') throw new AssertionError(`cover: label must be a string, got ${typeof label}`);
        if (live('cover') && sim.observers.cover.length > 0) sim.observe({ type: 'cover', timeMs: sim.nowMs, node: host.id, label });
      },
      log: (...parts) => {
        if (sim.traceEvents) sim.traceEvents.push({ type: 'log', timeMs: sim.nowMs, node: host.id, text: parts.map((p) => (typeof p === 'string' ? p : safeJson(p))).join(' ') });
      },
    };
  }

  private foldApply(node: NodeId, index: number, command: unknown, commandKey: string): void {
    this.hasher.foldInt(11);
    this.hasher.foldInt(node);
    this.hasher.foldInt(index);
    this.hasher.foldStr(commandKey);
    this.traceEvents?.push({ type: 'apply', timeMs: this.nowMs, node, index, command });
  }

  private sendMessage(from: NodeId, to: NodeId, msg: unknown): void {
    if (!(Number.isInteger(to) && to >= 0 && to < this.nodeCount)) throw new AssertionError(`node ${from} sent to unknown node ${to}`);
    const h = this.hasher;
    h.foldInt(1);
    h.foldInt(this.nowMs);
    h.foldInt(from);
    h.foldInt(to);
    // The message's structure goes into the hash as the copy the receiver gets is made.
    const wire = toWire(msg, h);
    if (wire === undefined) throw new AssertionError(`node ${from} sent a message that is not JSON data`);
    const copy = wire.value;
    const msgId = this.msgIdNext++;
    const traffic = this.network.traffic[from] as NodeTraffic;
    traffic.sent++;
    traffic.bytesSent += wire.bytes;
    this.traceEvents?.push({ type: 'send', timeMs: this.nowMs, msgId, from, to, msg: copyWire(copy), bytes: wire.bytes });
    if (this.observers.send.length > 0) this.observe({ type: 'send', timeMs: this.nowMs, from, to, msg: copy });
    const blocked = this.network.blocked(from, to);
    if (blocked !== undefined) {
      this.drop(msgId, from, to, blocked);
      return;
    }
    if (this.network.inFlight >= inFlightMessagesMax) {
      traffic.overflowed++;
      this.drop(msgId, from, to, 'queue_full');
      return;
    }
    const fate = this.network.fate(true, this.network.aimsAtKinds ? { kind: messageKind(msg), from, to } : undefined);
    if (fate.lost) {
      this.drop(msgId, from, to, 'loss');
      return;
    }
    this.network.inFlight++;
    // A duplicate is a second, separate copy: the first receiver may change its own.
    const duplicate = fate.duplicateDelayMs === undefined ? undefined : copyWire(copy);
    this.queue.push(this.nowMs + fate.delayMs, { type: 'deliver', msgId, from, to, msg: copy, sentMs: this.nowMs, duplicate: false });
    if (fate.duplicateDelayMs !== undefined) {
      const copyId = this.msgIdNext++;
      traffic.duplicated++;
      h.foldInt(3);
      h.foldInt(msgId);
      this.traceEvents?.push({ type: 'duplicate', timeMs: this.nowMs, msgId, copyId, from, to });
      this.network.inFlight++;
      this.queue.push(this.nowMs + fate.duplicateDelayMs, { type: 'deliver', msgId: copyId, from, to, msg: duplicate, sentMs: this.nowMs, duplicate: true });
    }
  }

  private drop(msgId: number, from: NodeId, to: NodeId, reason: DropReason): void {
    (this.network.traffic[from] as NodeTraffic).dropped++;
    this.hasher.foldInt(2);
    this.hasher.foldInt(msgId);
    this.traceEvents?.push({ type: 'drop', timeMs: this.nowMs, msgId, from, to, reason });
  }

  private sendRequest(node: NodeId, request: ClientRequest): void {
    const reachable = this.network.clientReachable(node);
    const fate = this.network.fate(false);
    this.hasher.foldInt(4);
    this.hasher.foldInt(node);
    this.hasher.foldStr(request.id);
    if (!reachable || fate.lost) {
      this.traceEvents?.push({ type: 'client_drop', timeMs: this.nowMs, node, requestId: request.id, direction: 'request' });
      return;
    }
    this.queue.push(this.nowMs + fate.delayMs, { type: 'request_arrive', node, request });
  }

  private sendReply(node: NodeId, requestId: string, result: ClientResult): void {
    if (!(typeof requestId === 'string')) throw new AssertionError(`node ${node} replied with a request id that is not a string`);
    this.hasher.foldInt(5);
    this.hasher.foldInt(node);
    this.hasher.foldStr(requestId);
    const wire = toWire(result, this.hasher);
    if (wire === undefined) throw new AssertionError(`node ${node} replied to ${requestId} with a result that is not JSON data`);
    this.traceEvents?.push({ type: 'reply', timeMs: this.nowMs, node, requestId, result: copyWire(wire.value) });
    const fate = this.network.fate(false);
    if (!this.network.clientReachable(node) || fate.lost) {
      this.traceEvents?.push({ type: 'client_drop', timeMs: this.nowMs, node, requestId, direction: 'reply' });
      return;
    }
    this.queue.push(this.nowMs + fate.delayMs, { type: 'reply_arrive', node, requestId, result: wire.value as ClientResult });
  }

  private step(): void {
    const timeMs = this.queue.peekTime();
    if (timeMs === undefined) return;
    const event = this.queue.pop() as SimEvent;
    assert(timeMs >= this.nowMs, 'time never goes backwards');
    this.nowMs = timeMs;
    if (event.type === 'timer' && this.timerIsStale(event)) return; // Cancelled or replaced: no event.
    const progress = this.progress;
    if (progress !== undefined) {
      // Before the event: if it never finishes, this is the run as it stood.
      progress[progressSlots.events] = this.eventCount;
      progress[progressSlots.virtualMs] = this.nowMs;
      progress[progressSlots.runningNodePlusOne] = 0;
      this.hasher.writeLanes(progress, progressSlots.hashA);
    }
    this.eventCount++;
    if (this.eventCount > this.eventsMax) {
      this.fail(`event budget exceeded: ${this.eventsMax} events by t=${this.nowMs} ms (an algorithm that never quiesces, or a message storm)`, []);
      return;
    }
    switch (event.type) {
      case 'deliver': {
        this.network.inFlight--;
        const host = this.hosts[event.to] as NodeHost;
        if (host.paused) {
          this.network.inFlight++;
          host.held.push(event);
          return;
        }
        const traffic = this.network.traffic[event.from] as NodeTraffic;
        const blocked = this.network.blocked(event.from, event.to);
        if (blocked !== undefined) {
          this.drop(event.msgId, event.from, event.to, blocked);
          return;
        }
        if (!host.up || host.node === undefined) {
          this.drop(event.msgId, event.from, event.to, 'crashed');
          return;
        }
        traffic.delivered++;
        this.hasher.foldInt(6);
        this.hasher.foldInt(this.nowMs);
        this.hasher.foldInt(event.msgId);
        this.traceEvents?.push({ type: 'deliver', timeMs: this.nowMs, msgId: event.msgId, from: event.from, to: event.to });
        const msg = event.msg;
        if (this.observers.deliver.length > 0) {
          this.observe({ type: 'deliver', timeMs: this.nowMs, from: event.from, to: event.to, msg, msgId: event.msgId, sentMs: event.sentMs, duplicate: event.duplicate });
        }
        this.callNode(host, 'onMessage', (node) => node.onMessage(event.from, msg));
        this.afterHandler(host);
        return;
      }
      case 'timer': {
        const host = this.hosts[event.node] as NodeHost;
        if (host.paused) {
          host.held.push(event);
          return;
        }
        host.timers.delete(event.name);
        this.hasher.foldInt(7);
        this.hasher.foldInt(this.nowMs);
        this.hasher.foldInt(event.node);
        this.hasher.foldStr(event.name);
        this.traceEvents?.push({ type: 'timer', timeMs: this.nowMs, node: event.node, name: event.name });
        this.callNode(host, 'onTimer', (node) => node.onTimer(event.name));
        this.afterHandler(host);
        return;
      }
      case 'request_arrive': {
        const host = this.hosts[event.node] as NodeHost;
        if (host.paused) {
          host.held.push(event);
          return;
        }
        if (!host.up || host.node === undefined || !this.network.clientReachable(event.node)) {
          this.traceEvents?.push({ type: 'client_drop', timeMs: this.nowMs, node: event.node, requestId: event.request.id, direction: 'request' });
          return;
        }
        const req = event.request;
        this.hasher.foldInt(8);
        this.hasher.foldInt(this.nowMs);
        this.hasher.foldInt(event.node);
        this.hasher.foldStr(req.id);
        this.traceEvents?.push({ type: 'request', timeMs: this.nowMs, node: event.node, requestId: req.id, client: req.client, op: req.op });
        if (this.observers.request.length > 0) this.observe({ type: 'request', timeMs: this.nowMs, node: event.node, requestId: req.id, client: req.client, seq: req.seq, op: req.op });
        // The node gets the request as JSON data, like a message: its own copy.
        const copy = (toWire(req, undefined) as { value: ClientRequest }).value;
        this.callNode(host, 'onRequest', (node) => node.onRequest(copy));
        this.afterHandler(host);
        return;
      }
      case 'reply_arrive':
        this.hasher.foldInt(9);
        this.hasher.foldInt(this.nowMs);
        this.hasher.foldStr(event.requestId);
        this.clients.onReply(event.node, event.requestId, event.result);
        return;
      case 'client_timeout':
        this.clients.onTimeout(event.requestId, event.attempt);
        return;
      case 'client_retry':
        this.clients.onRetry(event.requestId, event.attempt);
        return;
      case 'action':
        event.run();
        return;
      default:
        assertNever(event);
    }
  }

  private timerIsStale(event: Extract<SimEvent, { type: 'timer' }>): boolean {
    const host = this.hosts[event.node] as NodeHost;
    return !host.up || host.incarnation !== event.incarnation || host.timers.get(event.name) !== event.token;
  }

  /** Runs node code with the determinism guard armed; a throw fails the run. */
  private callNode<T>(host: NodeHost, what: string, fn: (node: NonNullable<NodeHost['node']>) => T): T | undefined {
    if (this.failure) return undefined;
    if (!this.watched) {
      // Called from a script (the constructor, restart, inspect), not from an event.
      let watchedResult: T | undefined;
      this.runWatched(() => {
        watchedResult = this.callNode(host, what, fn);
      });
      return watchedResult;
    }
    setRunningNode(host.id);
    this.runningWhat = what;
    if (this.progress !== undefined) this.progress[progressSlots.runningNodePlusOne] = host.id + 1;
    let result: T | undefined;
    try {
      result = fn(host.node as NonNullable<NodeHost['node']>);
    } catch (error) {
      setRunningNode(undefined);
      const guard = takeDeterminismViolation();
      if (guard) this.fail(`${guard.message} (t=${this.nowMs} ms, in ${what})`, [host.id], 'determinism');
      else {
        // The trace hash takes the error, not where it was thrown: a record replays in
        // another checkout, and after an edit that moved the line.
        const head = `node ${host.id} threw in ${what} at t=${this.nowMs} ms: ${thrownText(error)}`;
        const frame = thrownFrame(error);
        this.fail(frame === undefined ? head : `${head} (${frame})`, [host.id], 'implementation-error', head);
      }
      return undefined;
    }
    setRunningNode(undefined);
    if (this.progress !== undefined) this.progress[progressSlots.runningNodePlusOne] = 0;
    const guard = takeDeterminismViolation();
    if (guard) {
      this.fail(`${guard.message} (t=${this.nowMs} ms, in ${what}; the node caught the error)`, [host.id], 'determinism');
      return undefined;
    }
    if (isThenable(result)) {
      // Mark a rejection as seen, so it cannot end the process after the run.
      try {
        if (result instanceof Promise) result.then(undefined, () => undefined);
      } catch {
        // A Proxy whose prototype cannot be read: not a promise of ours to mark.
      }
      this.fail(
        `node ${host.id}'s ${what} returned a promise at t=${this.nowMs} ms: handlers must finish synchronously (what an async handler does after its first suspension would run outside the simulation, after the run)`,
        [host.id],
        'implementation-error',
      );
      return undefined;
    }
    return result;
  }

  private afterHandler(host: NodeHost): void {
    if (this.observers.node_state.length === 0 || this.failure || !host.up || host.node === undefined) return;
    const state = this.callNode(host, 'inspect', (node) => node.inspect());
    if (this.failure) return;
    this.observe({ type: 'node_state', timeMs: this.nowMs, node: host.id, incarnation: host.incarnation, state });
  }

  private observe(obs: Observation): void {
    const observers = this.observers[obs.type];
    for (let i = 0; i < observers.length; i++) {
      const { name, instance } = observers[i] as (typeof observers)[number];
      let found: Violation[] | undefined | void;
      try {
        found = instance.observe?.(obs);
      } catch (error) {
        this.fail(`checker ${name} threw at t=${this.nowMs} ms: ${describeError(error)}`, [], 'checker-error');
        return;
      }
      if (found && found.length > 0) this.violationsFound.push(...found);
    }
  }

  /** Ends the run with a failure; `hashed` is the part of the message the trace takes (default: all of it). */
  private fail(message: string, nodes: NodeId[], checker: string = failureChecker, hashed: string = message): void {
    if (this.failure) return;
    this.failure = { checker, message, timeMs: this.nowMs, nodes };
    this.hasher.foldInt(10);
    this.hasher.foldStr(hashed);
  }

  private note(event: TraceEvent): void {
    this.hasher.foldInt(12);
    this.hasher.foldStr(event.type);
    this.hasher.foldInt(this.nowMs);
    if ('node' in event) this.hasher.foldInt(event.node);
    if ('description' in event) this.hasher.foldStr(event.description);
    this.traceEvents?.push(event);
  }
}

/** The wire digest of an applied command; one fixed key for a command JSON cannot encode. */
function digestOf(command: unknown): string {
  try {
    return wireDigest(command);
  } catch {
    return '[unserializable]';
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return '[unserializable]';
  }
}

function describeError(error: unknown): string {
  const frame = thrownFrame(error);
  return `${thrownText(error)}${frame ? ` (${frame})` : ''}`;
}

function isThenable(value: unknown): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  try {
    return typeof (value as { then?: unknown }).then === 'function';
  } catch {
    return false;
  }
}
