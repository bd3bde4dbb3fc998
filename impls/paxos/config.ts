// Every timing and size bound of the Multi-Paxos implementation, in one place (STYLE.md).

/** The leader's heartbeat and retransmission period. */
export const heartbeatMs = 50;
/** A follower that hears no leader for a random time in this range starts Phase 1. */
export const electionTimeoutMsMin = 150;
export const electionTimeoutMsMax = 300;
/** The leader resends a 2a that has not been decided after this long. */
export const acceptRetransmitMs = 100;
/** Undecided proposals a leader keeps in flight; further requests wait for a client retry. */
export const proposalsInFlightMax = 64;
/** Decided slots per catch-up reply. */
export const catchUpBatchMax = 64;
/** Slots shown per node in inspect(), from the first unchosen slot on. */
export const inspectSlotsMax = 8;
