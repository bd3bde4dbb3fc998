// Plays a fault plan against a Simulation. Windows may overlap, so the driver keeps the
// set of active windows and recomputes the combined state on every start and end: the
// links cut are the union of every active partition's cuts, the network is the base
// network made as bad as the worst active burst, a node stays down while any crash
// window on it is open. At the end of the fault phase `healAll` undoes everything.

import { assert, assertNever } from '../assert.ts';
import type { MessageRule, NetworkConfig } from '../network.ts';
import type { Simulation } from '../simulation.ts';
import type { NodeId } from '../types.ts';
import { findLeader } from './roles.ts';
import { describeFault, faultEndMs, type FaultEvent, type FaultPlan, type FaultTarget } from './fault-plan.ts';

/** What a window resolved to when it started (e.g. which node "leader" was). */
export interface FaultLogEntry {
  index: number;
  atMs: number;
  text: string;
}

interface ActiveWindow {
  index: number;
  event: FaultEvent;
  /** The node a `leader` target resolved to, or the node itself. */
  node: NodeId | undefined;
}

export class FaultDriver {
  private readonly active: ActiveWindow[] = [];
  readonly log: FaultLogEntry[] = [];
  private cutsApplied = false;
  private networkChanged = false;
  private messageRulesOn = false;
  private readonly driftChanged = new Set<NodeId>();
  private readonly syncDisabled = new Set<NodeId>();

  constructor(
    private readonly sim: Simulation,
    private readonly plan: FaultPlan,
    private readonly baseNetwork: NetworkConfig,
    /** Windows are clipped to end by this time (the end of the fault phase). */
    private readonly faultPhaseEndMs: number,
  ) {}

  /** Schedules every window's start and end on the simulation's clock. */
  schedule(): void {
    this.plan.forEach((event, index) => {
      if (event.atMs >= this.faultPhaseEndMs) return;
      this.sim.at(event.atMs, () => this.start(index, event));
      const endMs = Math.min(faultEndMs(event), this.faultPhaseEndMs);
      // A window ending at the phase end is closed by healAll, in one place.
      if (endMs < this.faultPhaseEndMs) this.sim.at(endMs, () => this.end(index));
    });
  }

  private resolve(target: FaultTarget): NodeId | undefined {
    return target === 'leader' ? findLeader(this.sim) : target;
  }

  private start(index: number, event: FaultEvent): void {
    let node: NodeId | undefined;
    switch (event.type) {
      case 'isolate':
      case 'crash':
      case 'pause':
        node = this.resolve(event.node);
        if (node === undefined) {
          this.note(index, `${describeFault(event)}: no leader, skipped`);
          return;
        }
        break;
      case 'clock_drift':
      case 'disk_no_sync':
        node = event.node;
        break;
      default:
        node = undefined;
    }
    const window: ActiveWindow = { index, event, node };
    this.active.push(window);
    this.note(index, event.type !== 'network' && 'node' in event && event.node === 'leader' ? `${describeFault(event)}: leader is node ${node}` : describeFault(event));
    switch (event.type) {
      case 'partition':
      case 'isolate':
      case 'ring':
      case 'bridge':
      case 'one_way':
        this.applyCuts();
        return;
      case 'crash':
        this.sim.crash(node as NodeId);
        return;
      case 'pause':
        this.sim.pause(node as NodeId);
        return;
      case 'clock_drift':
        this.driftChanged.add(event.node);
        this.sim.setClockDrift(event.node, event.factor);
        return;
      case 'network':
        this.applyNetwork();
        return;
      case 'message':
        this.applyMessageRules();
        return;
      case 'disk_no_sync':
        this.syncDisabled.add(event.node);
        this.sim.setDiskSyncDisabled(event.node, true);
        return;
      default:
        return assertNever(event);
    }
  }

  private end(index: number): void {
    const at = this.active.findIndex((w) => w.index === index);
    if (at < 0) return; // Skipped at start (no leader).
    const [window] = this.active.splice(at, 1) as [ActiveWindow];
    const { event, node } = window;
    switch (event.type) {
      case 'partition':
      case 'isolate':
      case 'ring':
      case 'bridge':
      case 'one_way':
        this.applyCuts();
        return;
      case 'crash':
        if (!this.anyActive('crash', node) && !this.sim.isUp(node as NodeId)) this.sim.restart(node as NodeId);
        return;
      case 'pause':
        if (!this.anyActive('pause', node)) this.sim.resume(node as NodeId);
        return;
      case 'clock_drift': {
        const still = this.active.filter((w) => w.event.type === 'clock_drift' && w.node === node);
        const last = still[still.length - 1];
        this.sim.setClockDrift(event.node, last?.event.type === 'clock_drift' ? last.event.factor : 1);
        return;
      }
      case 'network':
        this.applyNetwork();
        return;
      case 'message':
        this.applyMessageRules();
        return;
      case 'disk_no_sync':
        // The lie comes out: the node crashes with everything it "synced" in the window lost.
        if (this.sim.isUp(event.node)) {
          this.sim.crash(event.node);
          if (!this.anyActive('crash', event.node)) this.sim.restart(event.node);
        }
        if (!this.anyActive('disk_no_sync', event.node)) {
          this.syncDisabled.delete(event.node);
          this.sim.setDiskSyncDisabled(event.node, false);
        }
        return;
      default:
        return assertNever(event);
    }
  }

  private anyActive(type: FaultEvent['type'], node: NodeId | undefined): boolean {
    return this.active.some((w) => w.event.type === type && w.node === node);
  }

  /** Directed links (from, to) cut by the active partition windows. */
  private cuts(): [NodeId, NodeId][] {
    const n = this.sim.nodeCount;
    const cut = new Uint8Array(n * n);
    const block = (a: NodeId, b: NodeId): void => {
      if (a !== b) cut[a * n + b] = 1;
    };
    const blockBoth = (a: NodeId, b: NodeId): void => {
      block(a, b);
      block(b, a);
    };
    for (const { event, node } of this.active) {
      switch (event.type) {
        case 'partition': {
          const groupOf = new Int32Array(n).fill(-1);
          event.groups.forEach((g, gi) => g.forEach((id) => (groupOf[id] = gi)));
          for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (groupOf[a] === -1 || groupOf[a] !== groupOf[b]) block(a, b);
          break;
        }
        case 'isolate':
          for (let b = 0; b < n; b++) blockBoth(node as NodeId, b);
          break;
        case 'ring': {
          // Each node keeps links to the `reach` nearest nodes on each side of the ring,
          // enough that it sees a majority (itself + 2·reach ≥ ⌊n/2⌋ + 1).
          const reach = Math.ceil(Math.floor(n / 2) / 2);
          const pos = new Int32Array(n);
          event.order.forEach((id, i) => (pos[id] = i));
          for (let a = 0; a < n; a++) {
            for (let b = 0; b < n; b++) {
              const d = Math.abs((pos[a] as number) - (pos[b] as number));
              if (Math.min(d, n - d) > reach) block(a, b);
            }
          }
          break;
        }
        case 'bridge': {
          const mid = Math.floor(n / 2);
          const bridge = event.order[mid] as NodeId;
          const left = new Set(event.order.slice(0, mid));
          for (let a = 0; a < n; a++) {
            for (let b = 0; b < n; b++) {
              if (a === bridge || b === bridge) continue;
              if (left.has(a) !== left.has(b)) block(a, b);
            }
          }
          break;
        }
        case 'one_way':
          block(event.from, event.to);
          break;
        default:
          break;
      }
    }
    const out: [NodeId, NodeId][] = [];
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (cut[a * n + b] === 1) out.push([a, b]);
    return out;
  }

  private applyCuts(): void {
    const cuts = this.cuts();
    if (cuts.length === 0 && !this.cutsApplied) return;
    this.sim.heal();
    for (const [a, b] of cuts) this.sim.cutOneWay(a, b);
    this.cutsApplied = cuts.length > 0;
  }

  /** The base network, as bad as the worst active burst in each respect. */
  private applyNetwork(): void {
    const config: NetworkConfig = { ...this.baseNetwork, delayMs: [this.baseNetwork.delayMs[0], this.baseNetwork.delayMs[1]] };
    let bursts = 0;
    for (const { event } of this.active) {
      if (event.type !== 'network') continue;
      bursts++;
      if (event.dropRate !== undefined) config.dropRate = Math.max(config.dropRate, event.dropRate);
      if (event.duplicateRate !== undefined) config.duplicateRate = Math.max(config.duplicateRate, event.duplicateRate);
      if (event.delayMs !== undefined) config.delayMs = [Math.max(config.delayMs[0], event.delayMs[0]), Math.max(config.delayMs[1], event.delayMs[1])];
    }
    if (bursts === 0 && !this.networkChanged) return;
    this.sim.setNetwork(config);
    this.networkChanged = bursts > 0;
  }

  /** The rules of every active message window, in plan order. */
  private applyMessageRules(): void {
    const rules: MessageRule[] = [];
    for (const { event } of [...this.active].sort((a, b) => a.index - b.index)) {
      if (event.type !== 'message') continue;
      const rule: MessageRule = { kind: event.kind };
      if (event.from !== undefined) rule.from = event.from;
      if (event.to !== undefined) rule.to = event.to;
      if (event.dropRate !== undefined) rule.dropRate = event.dropRate;
      if (event.duplicateRate !== undefined) rule.duplicateRate = event.duplicateRate;
      if (event.delayMs !== undefined) rule.delayMs = event.delayMs;
      rules.push(rule);
    }
    if (rules.length === 0 && !this.messageRulesOn) return;
    this.sim.setMessageFaults(rules);
    this.messageRulesOn = rules.length > 0;
  }

  /**
   * The end of the fault phase: every window closes at once. Links healed, crashed nodes
   * restarted, paused ones resumed, clocks true, disks honest, network back to base.
   */
  healAll(): void {
    this.active.length = 0;
    // A lying disk's window that reaches the phase end still ends in its crash.
    for (const id of [...this.syncDisabled].sort((a, b) => a - b)) if (this.sim.isUp(id)) this.sim.crash(id);
    this.sim.heal();
    this.cutsApplied = false;
    for (let id = 0; id < this.sim.nodeCount; id++) {
      if (this.sim.isPaused(id)) this.sim.resume(id);
      if (!this.sim.isUp(id)) this.sim.restart(id);
      if (this.driftChanged.has(id)) this.sim.setClockDrift(id, 1);
    }
    for (const id of [...this.syncDisabled].sort((a, b) => a - b)) this.sim.setDiskSyncDisabled(id, false);
    this.syncDisabled.clear();
    this.driftChanged.clear();
    if (this.networkChanged) this.sim.setNetwork(this.baseNetwork);
    this.networkChanged = false;
    if (this.messageRulesOn) this.sim.setMessageFaults([]);
    this.messageRulesOn = false;
    assert(this.sim.failed || this.sim.networkHealed, 'healAll: the network is still cut');
  }

  private note(index: number, text: string): void {
    this.log.push({ index, atMs: this.sim.now, text });
  }
}
