// Every built-in algorithm by name (DESIGN.md, **contract**).

import type { Algorithm } from '../harness/types.ts';
import { kmeans } from './kmeans/index.ts';
import { pingpong } from './pingpong/index.ts';
import { primary } from './primary/index.ts';
import { raft } from './raft/index.ts';
import { paxos } from './paxos/index.ts';

export const algorithms: Record<string, Algorithm> = {
  kmeans,
  pingpong,
  primary,
  raft,
  paxos,
};
