// What the harness reads of a node's inspect() snapshot without knowing the algorithm:
// its role and its epoch. Leader-based algorithms put `role: 'leader' | 'follower' |
// 'candidate'` in their snapshot (DESIGN.md); the epoch is the number that moves with
// every new leadership, under the name the papers give it (Raft's term, Paxos's ballot,
// Viewstamped Replication's view).

import type { Simulation } from '../simulation.ts';
import type { NodeId } from '../types.ts';

/** Role names of the leader-based vocabulary; a snapshot with one of them is leader-based. */
const leaderVocabulary: ReadonlySet<string> = new Set(['leader', 'follower', 'candidate']);

/** Fields that name a node's epoch, in the order they are looked for. */
const epochFields = ['term', 'currentTerm', 'ballot', 'epoch', 'view'] as const;

export function roleOf(state: unknown): string | undefined {
  if (state === null || typeof state !== 'object') return undefined;
  const role = (state as { role?: unknown }).role;
  return typeof role === 'string' ? role : undefined;
}

/** Whether the snapshot speaks of leaders and followers. */
export function isLeaderBased(state: unknown): boolean {
  const role = roleOf(state);
  return role !== undefined && leaderVocabulary.has(role);
}

/** The node's epoch as comparable text ('7', '{"round":3,"node":1}'), or undefined. */
export function epochOf(state: unknown): string | undefined {
  if (state === null || typeof state !== 'object') return undefined;
  for (const field of epochFields) {
    const value = (state as Record<string, unknown>)[field];
    if (value === undefined) continue;
    if (typeof value === 'number' || typeof value === 'string') return String(value);
    try {
      return JSON.stringify(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A number to rank epochs by, where the epoch is a number (Raft's term); else undefined. */
function epochRank(state: unknown): number {
  if (state === null || typeof state !== 'object') return -1;
  const s = state as Record<string, unknown>;
  const raw = s.term ?? s.currentTerm;
  return typeof raw === 'number' ? raw : -1;
}

/** The current leader: an up, unpaused node whose inspect() says role 'leader' (highest term wins). */
export function findLeader(sim: Simulation): NodeId | undefined {
  let best: { id: NodeId; term: number } | undefined;
  for (let id = 0; id < sim.nodeCount; id++) {
    if (!sim.isUp(id) || sim.isPaused(id)) continue;
    const state = sim.inspect(id);
    if (roleOf(state) !== 'leader') continue;
    const term = epochRank(state);
    if (best === undefined || term > best.term) best = { id, term };
  }
  return best?.id;
}

/** Every up, unpaused node that says it leads, in id order. */
export function leadersNow(sim: Simulation): NodeId[] {
  const out: NodeId[] = [];
  for (let id = 0; id < sim.nodeCount; id++) {
    if (sim.isUp(id) && !sim.isPaused(id) && roleOf(sim.inspect(id)) === 'leader') out.push(id);
  }
  return out;
}
