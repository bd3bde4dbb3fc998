// faultline's public API: the simulation and its scripting API, and the plug-in types.
// Importing it installs the determinism guard (harness/determinism-guard.ts), so an
// algorithm module imported after it that keeps `Math.random` at import time keeps the trap.

import { installDeterminismGuard } from './determinism-guard.ts';

installDeterminismGuard();

export { Simulation, eventsMaxDefault, nodeCountMax } from './simulation.ts';
export type { SimulationOptions, SimStats } from './simulation.ts';
export type { OpHandle, OpStatus, ClientOptions } from './client.ts';
export type { NetworkConfig, NetworkOptions } from './network.ts';
export type { TraceEvent } from './trace.ts';
export { Rng } from './rng.ts';
export { assert, assertNever } from './assert.ts';
export type * from './types.ts';
