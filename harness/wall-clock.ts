// The one module in harness/ (outside the CLI) that reads real time: for measuring how
// long runs take (seeds/s, wallMs), stamping records, and pacing the handler watchdog's
// spans (where a span ends never changes what the simulation does). Simulation logic
// never decides anything by it.

import { performance } from 'node:perf_hooks';

/** Milliseconds from an arbitrary origin, for durations. */
export function wallNowMs(): number {
  return performance.now();
}

/** The current date as an ISO string, for `createdAt` stamps. */
export function wallIsoDate(): string {
  return new Date().toISOString();
}
