// Timing and placement constants of the k-means protocol, in one place (STYLE.md: every
// bound has a name). Virtual milliseconds throughout.

import type { NodeId } from '../../harness/types.ts';

/** Node 0 coordinates; every other node is a worker (node 0 computes too when alone). */
export const coordinatorId: NodeId = 0;

/**
 * The coordinator's first resend delay: above a healthy round trip (two network delays of
 * at most 10 ms by default plus a worker's compute time), so a healthy run never resends.
 */
export const resendMsMin = 40;
/** Resend delays double while nothing arrives, up to this: bounded load under a long cut. */
export const resendMsMax = 320;
/** Requests sent for a partition to one worker before it moves to the next worker. */
export const sendsBeforeReassign = 2;
/** Simulated work: a worker answers a batch after this many ms per partition in it. */
export const computeMsPerPartition = 1;

/** Disk key of the coordinator's durable record. */
export const coordinatorRecordKey = 'kmeans/coordinator';
