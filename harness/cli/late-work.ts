// Node code that outlives its handler. A simulation runs synchronously, so a promise or
// microtask continuation a handler left behind (an un-awaited async helper, say) can only
// run once the whole run has ended, outside the simulation, where it may call its context
// (which then does nothing but note the call) or reject with nobody listening (which would
// kill the process). The CLI lets each finished run's late work run, one turn of the event
// loop, before it takes the run's verdict, and fails the run if any did: in the run it
// belongs to, before the next run starts, the same way every time.

import { verdictOf, type RunOutcome } from '../scenario/scenario.ts';
import { thrownText } from '../thrown.ts';

/** Late rejections named in a message, at most. */
const rejectionsNamedMax = 3;

let trapping = false;
const rejections: string[] = [];

/** From now on an unhandled rejection is kept for settleLateWork instead of ending the process. */
export function trapUnhandledRejections(): void {
  if (trapping) return;
  trapping = true;
  process.on('unhandledRejection', (reason) => {
    if (rejections.length < 100) rejections.push(thrownText(reason));
  });
}

/** Lets `outcome`'s late work run; when some did, the run fails with checker implementation-error. */
export async function settleLateWork(outcome: RunOutcome): Promise<RunOutcome> {
  const before = rejections.length;
  await new Promise<void>((resolve) => setImmediate(resolve));
  const rejected = rejections.splice(before);
  const calls = outcome.lateCalls ?? [];
  if (calls.length === 0 && rejected.length === 0) return outcome;
  const what = [...calls, ...rejected.slice(0, rejectionsNamedMax).map((r) => `a promise rejected with ${r}`)].join('; ');
  outcome.violations = [
    ...outcome.violations,
    {
      checker: 'implementation-error',
      message: `node code kept running after its handler returned, after the run ended: ${what} (a promise or microtask continuation; handlers must finish synchronously)`,
      timeMs: outcome.stats.virtualMs,
    },
  ];
  outcome.verdict = verdictOf(outcome.violations);
  return outcome;
}
