// Stops node code that never returns. JavaScript cannot interrupt a synchronous loop from
// inside, but V8 can: node:vm runs a script with a wall-clock timeout, enforced by a
// watchdog thread that terminates execution however deep the loop is, and turns it into
// an error at the script's boundary. The simulation runs its events in chunks inside
// such a script, so a handler stuck in `while (true)` ends the run as a recorded failure
// instead of hanging the harness. A watchdog thread per script is costly (~0.1 ms), hence
// chunks of many events: a chunk ends once a quarter of the limit has passed (the clock is
// read after every event), so a handler is stopped only when it alone runs for three
// quarters of the limit or more. Such a stop is a harness-level "could not finish" (the
// run's verdict is `unfinished`): wall time never decides that a run is wrong.

import vm from 'node:vm';

/** Wall time one handler may run before it is stopped (a slow machine still never gets near it). */
export const handlerWallMsMaxDefault = 10_000;
export const handlerWallMsEnv = 'FAULTLINE_HANDLER_WALL_MS';

/**
 * The limit for simulations that do not set one: FAULTLINE_HANDLER_WALL_MS when it holds a
 * positive integer (so a CLI run, its worker processes and a test suite can all be told),
 * else the default. The limit never enters a trace: any limit that stops a hung handler
 * gives the same record.
 */
export function handlerWallMsMaxFromEnv(): number {
  const text = process.env[handlerWallMsEnv];
  if (text === undefined || text === '') return handlerWallMsMaxDefault;
  const ms = Number(text);
  if (!(Number.isSafeInteger(ms) && ms >= 1)) throw new Error(`${handlerWallMsEnv} must be a positive integer of milliseconds, got "${text}"`);
  return ms;
}

const bodyKey = '__faultlineWatchdogBody';
const script = new vm.Script(`globalThis.${bodyKey}()`, { filename: 'faultline-handler-watchdog' });

/**
 * Runs `body` with a wall-clock limit; returns 'timed_out' when the watchdog stopped it.
 * Whatever `body` was doing is abandoned mid-way: no finally block runs, so the caller
 * must restore its own state. Other errors propagate unchanged.
 */
export function runWithWallLimit(body: () => void, wallMsMax: number): 'done' | 'timed_out' {
  const g = globalThis as Record<string, unknown>;
  g[bodyKey] = body;
  try {
    script.runInThisContext({ timeout: wallMsMax, breakOnSigint: false });
    return 'done';
  } catch (error) {
    if ((error as { code?: unknown })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'timed_out';
    throw error;
  } finally {
    g[bodyKey] = undefined;
  }
}
