// The G-counter's invariants, as checkers: pure observers of the nodes' inspect()
// snapshots. One property each, so a violation names what broke.

import type { Checker, NodeId, Violation } from 'faultline';
import type { GCounterState } from './algorithm.ts';

/**
 * A count never goes down: not on gossip, not across a crash and restart. A node that
 * forgets increments it already gossiped would count them again, and the merge (max)
 * would silently swallow the new ones.
 */
export const monotonicChecker: Checker = {
  name: 'gcounter-monotonic',
  describe: "no node's count of any node ever decreases, restarts included",
  observes: ['node_state'],
  create() {
    const last = new Map<NodeId, { counts: number[]; incarnation: number }>();
    return {
      observe(obs) {
        if (obs.type !== 'node_state') return [];
        const { counts } = obs.state as GCounterState;
        const before = last.get(obs.node);
        last.set(obs.node, { counts, incarnation: obs.incarnation });
        if (before === undefined) return [];
        const violations: Violation[] = [];
        for (const [j, was] of before.counts.entries()) {
          const now = counts[j] ?? 0;
          if (now >= was) continue;
          const when = obs.incarnation === before.incarnation ? '' : ', after a restart';
          violations.push({
            checker: 'gcounter-monotonic',
            message: `node ${obs.node}'s count of node ${j} went down from ${was} to ${now}${when} (t=${obs.timeMs} ms)`,
            timeMs: obs.timeMs,
            nodes: obs.node === j ? [obs.node] : [obs.node, j],
          });
        }
        return violations;
      },
    };
  },
};

/** A count the owner has not changed for this long must have reached every running node. */
export const settleMs = 1_000;

/**
 * Convergence, judged once at the end of the run (faultline ends every run healed and
 * quiet): every node that is up knows each node's own count, once that count has held
 * still for `settleMs`. This is the liveness half: gossip must make up for lost messages.
 */
export const convergenceChecker: Checker = {
  name: 'gcounter-convergence',
  describe: 'at the end, every running node knows every settled count',
  observes: ['node_state', 'crash'],
  create({ nodeCount }) {
    const counts = new Map<NodeId, number[]>();
    const up = new Set<NodeId>();
    // When each node's own count last changed, by its own snapshots.
    const ownSinceMs = new Map<NodeId, number>();
    return {
      observe(obs) {
        if (obs.type === 'crash') {
          up.delete(obs.node);
        } else if (obs.type === 'node_state') {
          const mine = (obs.state as GCounterState).counts;
          if (mine[obs.node] !== counts.get(obs.node)?.[obs.node]) ownSinceMs.set(obs.node, obs.timeMs);
          counts.set(obs.node, mine);
          up.add(obs.node);
        }
      },
      finish(end) {
        const violations: Violation[] = [];
        for (let j = 0; j < nodeCount; j++) {
          const own = counts.get(j)?.[j];
          const sinceMs = ownSinceMs.get(j);
          if (own === undefined || sinceMs === undefined || end.timeMs - sinceMs < settleMs) continue;
          for (const i of up) {
            const known = counts.get(i)?.[j] ?? 0;
            if (i === j || known === own) continue;
            violations.push({
              checker: 'gcounter-convergence',
              message: `node ${i} counts ${known} for node ${j} at the end (t=${end.timeMs} ms), but node ${j} has counted ${own} since t=${sinceMs} ms`,
              timeMs: end.timeMs,
              nodes: [i, j],
            });
          }
        }
        return violations;
      },
    };
  },
};
