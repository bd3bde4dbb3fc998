// Raft (Ongaro & Ousterhout, extended version) as a faultline algorithm: leader election
// with pre-vote and check-quorum, pipelined log replication with fast backup, persistence,
// the §5.4.2 commit rule, ReadIndex reads, snapshots and InstallSnapshot, and the shared
// kv state machine with client sessions. See docs/raft.md.

import type { Algorithm } from '../../harness/types.ts';
import { raftCheckers } from '../../checkers/raft/index.ts';
import { raftBugs } from './bugs.ts';
import type { RaftMessage } from './messages.ts';
import { RaftNode, type RaftOptions, type RaftState } from './node.ts';
import { electionTimeoutMsMax as raftElectionTimeoutMsMax } from './config.ts';

export type { RaftMessage } from './messages.ts';
export type { RaftOptions, RaftRole, RaftState } from './node.ts';
export type { RaftEntry } from './log.ts';
export { raftBugs, type RaftBug } from './bugs.ts';
export * as raftConfig from './config.ts';

/** A Raft algorithm with non-default options (e.g. a small snapshot threshold for tests). */
export function createRaft(options: RaftOptions = {}): Algorithm<RaftMessage, RaftState> {
  return {
    name: 'raft',
    describe: 'Raft with pre-vote, check-quorum, pipelining, fast backup, ReadIndex reads and snapshots, serving the kv workload',
    workload: 'kv',
    defaults: { nodes: 5, nodesRange: [3, 7], electionTimeoutMs: raftElectionTimeoutMsMax },
    bugs: { ...raftBugs },
    checkers: raftCheckers,
    createNode: (ctx) => new RaftNode(ctx, options),
  };
}

export const raft: Algorithm<RaftMessage, RaftState> = createRaft();
