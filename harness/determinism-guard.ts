// Traps nondeterministic APIs while node code runs. The wrappers are installed once per
// process and cost one variable check when no node is running, so test code and the CLI
// keep using timers and clocks freely; inside a node handler every trapped API throws a
// DeterminismError naming the API and the node, and the simulation fails the run.

export class DeterminismError extends Error {
  override name = 'DeterminismError';
}

const BANNED_HINTS: Record<string, string> = {
  'Math.random': 'use ctx.random() or ctx.randomInt()',
  'Date.now': 'use ctx.now()',
  'new Date()': 'use ctx.now()',
  setTimeout: 'use ctx.setTimer()',
  setInterval: 'use ctx.setTimer()',
  setImmediate: 'use ctx.setTimer()',
  'performance.now': 'use ctx.now()',
  'process.hrtime': 'use ctx.now()',
  'crypto.randomUUID': 'use ctx.random()',
  'crypto.getRandomValues': 'use ctx.random()',
};

let runningNode: number | undefined;
let installed = false;
/** The first trapped call since the last `takeViolation`, kept even if the node caught the error. */
let violation: DeterminismError | undefined;

function trap(api: string): never {
  const error = new DeterminismError(
    `node ${runningNode} called ${api}, which is nondeterministic and banned in node code: ${BANNED_HINTS[api] ?? 'use the ctx API'}`,
  );
  violation ??= error;
  throw error;
}

function wrap<F extends (...args: any[]) => any>(api: string, original: F): F {
  return function (this: unknown, ...args: unknown[]) {
    if (runningNode !== undefined) trap(api);
    return original.apply(this, args);
  } as F;
}

export function installDeterminismGuard(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as any;
  Math.random = wrap('Math.random', Math.random);
  const OriginalDate: DateConstructor = g.Date;
  const GuardedDate = function (this: unknown, ...args: unknown[]) {
    if (runningNode !== undefined && args.length === 0) trap('new Date()');
    if (!new.target) return (OriginalDate as any)(...args);
    return Reflect.construct(OriginalDate, args, new.target);
  } as unknown as DateConstructor;
  Object.setPrototypeOf(GuardedDate, OriginalDate);
  (GuardedDate as any).prototype = OriginalDate.prototype;
  (GuardedDate as any).now = wrap('Date.now', OriginalDate.now.bind(OriginalDate));
  g.Date = GuardedDate;
  for (const api of ['setTimeout', 'setInterval', 'setImmediate'] as const) {
    if (typeof g[api] === 'function') g[api] = Object.assign(wrap(api, g[api]), g[api]);
  }
  if (g.performance && typeof g.performance.now === 'function') {
    const now = g.performance.now.bind(g.performance);
    try {
      g.performance.now = wrap('performance.now', now);
    } catch {
      // Some runtimes make performance.now read-only; leave it.
    }
  }
  if (typeof process !== 'undefined' && typeof process.hrtime === 'function') {
    const hrtime = process.hrtime;
    const guarded = wrap('process.hrtime', hrtime) as typeof process.hrtime;
    guarded.bigint = wrap('process.hrtime', hrtime.bigint);
    process.hrtime = guarded;
  }
  if (g.crypto) {
    for (const api of ['randomUUID', 'getRandomValues'] as const) {
      if (typeof g.crypto[api] === 'function') {
        const original = g.crypto[api].bind(g.crypto);
        try {
          g.crypto[api] = wrap(`crypto.${api}`, original);
        } catch {
          // Read-only in some runtimes.
        }
      }
    }
  }
}

/** Marks that node `id` code is running (or none, with undefined). */
export function setRunningNode(id: number | undefined): void {
  runningNode = id;
}

/** The node whose code is running now, if any. */
export function runningNodeId(): number | undefined {
  return runningNode;
}

/** The first trapped call since the last take, if any; clears it. */
export function takeDeterminismViolation(): DeterminismError | undefined {
  const v = violation;
  violation = undefined;
  return v;
}
