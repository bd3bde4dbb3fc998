// Multi-Paxos: a replicated key-value service (Paxos Made Simple; Paxos Made Live;
// Paxos Made Moderately Complex), its Paxos invariant checkers and its bug variants.

import type { Algorithm } from '../../harness/types.ts';
import { paxosCheckers } from '../../checkers/paxos/index.ts';
import { paxosBugs } from './bugs.ts';
import type { PaxosMsg } from './messages.ts';
import { PaxosNode } from './node.ts';
import type { PaxosState } from './state.ts';
import { electionTimeoutMsMax } from './config.ts';

export type { PaxosMsg } from './messages.ts';
export type { PaxosState, PaxosRole, PaxosSlotState } from './state.ts';
export type { Ballot } from './ballot.ts';
export { paxosBugs } from './bugs.ts';

export const paxos: Algorithm<PaxosMsg, PaxosState> = {
  name: 'paxos',
  describe: 'Multi-Paxos replicated kv store: stable leader, one Phase 1 for all slots, no-op hole filling, catch-up',
  workload: 'kv',
  defaults: { nodes: 5, nodesRange: [3, 7], electionTimeoutMs: electionTimeoutMsMax },
  bugs: paxosBugs,
  checkers: paxosCheckers,
  createNode: (ctx) => new PaxosNode(ctx),
};
