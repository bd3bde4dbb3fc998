// faultline's checkers as a library: pure functions and stateful observers over histories
// and node snapshots. Nothing here imports the simulator, so they can judge histories
// recorded anywhere (Jepsen, Porcupine, Knossos, a user's own system).

export type * from './types.ts';
export type * from './history.ts';
export { rsmChecker, requestOf } from './rsm.ts';
export * from './linearizability/index.ts';
