// Traps nondeterministic APIs while node code runs. The wrappers are installed once per
// process and cost one variable check when no node is running, so test code and the CLI
// keep using timers and clocks freely; inside a node handler every trapped API throws a
// DeterminismError naming the API and the node, and the simulation fails the run.
//
// What is trapped: the clocks (Date, performance.now, process.hrtime/uptime/cpuUsage,
// os.uptime/loadavg/freemem), randomness (Math.random, node:crypto and Web Crypto), timers
// and deferred work (setTimeout and friends, queueMicrotask, process.nextTick, a promise's
// then/catch/finally: its callback would run after the handler, outside the simulation),
// a clock read hidden in Intl.DateTimeFormat#format(), and leaving the process
// (process.exit, abort, kill of itself). The CLI installs the guard before it loads a
// plug-in, so a reference taken at import time (`const rand = Math.random`) is the trap
// too. What cannot be trapped is listed in docs/plugging-in.md.

import { createRequire } from 'node:module';

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
  queueMicrotask: 'handlers are synchronous: do the work now, or later with ctx.setTimer()',
  'process.nextTick': 'handlers are synchronous: do the work now, or later with ctx.setTimer()',
  'Promise#then': 'handlers are synchronous: a promise callback runs after the handler, outside the simulation; use ctx.setTimer() for later work',
  'process.exit': 'a node cannot leave the process: throw an error, and the run fails with it',
  'process.abort': 'a node cannot leave the process: throw an error, and the run fails with it',
  'process.kill': 'a node cannot signal processes: throw an error, and the run fails with it',
  'process.uptime': 'use ctx.now()',
  'process.cpuUsage': 'use ctx.now()',
  'process.memoryUsage': 'a node may not depend on the machine',
  'process.resourceUsage': 'a node may not depend on the machine',
  'os.uptime': 'use ctx.now()',
  'os.loadavg': 'a node may not depend on the machine',
  'os.freemem': 'a node may not depend on the machine',
  'Intl.DateTimeFormat#format()': 'use ctx.now(), and format a time you pass in',
};

const cryptoRandom = ['randomBytes', 'randomInt', 'randomUUID', 'randomFillSync', 'randomFill', 'getRandomValues', 'pseudoRandomBytes', 'rng', 'prng'] as const;

let runningNode: number | undefined;
/** A plug-in module being imported (its path): leaving the process is trapped then too. */
let importing: string | undefined;
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

/** Like `wrap`, for the ways out of the process, which are trapped while a plug-in is imported as well. */
function wrapExit<F extends (...args: any[]) => any>(api: string, original: F): F {
  return function (this: unknown, ...args: unknown[]) {
    if (runningNode !== undefined) trap(api);
    if (importing !== undefined) throw new DeterminismError(`${importing} called ${api} while it was imported: a plug-in cannot leave the process; throw an error instead`);
    return original.apply(this, args);
  } as F;
}

/**
 * Runs `load` (the import of the plug-in module at `file`) with the ways out of the
 * process trapped, so a module that exits at import time is a load failure, not a CLI
 * that exits 0 having checked nothing.
 */
export async function importingPlugin<T>(file: string, load: () => Promise<T>): Promise<T> {
  importing = file;
  try {
    return await load();
  } finally {
    importing = undefined;
  }
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
  if (typeof g.queueMicrotask === 'function') g.queueMicrotask = wrap('queueMicrotask', g.queueMicrotask);
  const promiseThen = Promise.prototype.then;
  // catch and finally call then, so one trap covers all three.
  Object.defineProperty(Promise.prototype, 'then', { value: wrap('Promise#then', promiseThen), writable: true, configurable: true });
  if (typeof process !== 'undefined') {
    const p = process as unknown as Record<string, unknown>;
    for (const api of ['nextTick', 'uptime', 'cpuUsage', 'memoryUsage', 'resourceUsage'] as const) {
      if (typeof p[api] === 'function') p[api] = Object.assign(wrap(`process.${api}`, p[api] as (...args: unknown[]) => unknown), p[api]);
    }
    for (const api of ['exit', 'abort'] as const) {
      if (typeof p[api] === 'function') p[api] = Object.assign(wrapExit(`process.${api}`, p[api] as (...args: unknown[]) => unknown), p[api]);
    }
    // process.exit ends in reallyExit; a node that calls that directly is stopped there too.
    if (typeof p.reallyExit === 'function') p.reallyExit = wrapExit('process.exit', p.reallyExit as (...args: unknown[]) => unknown);
    const kill = p.kill as (pid: number, signal?: string | number) => boolean;
    p.kill = function (this: unknown, pid: number, signal?: string | number) {
      if (runningNode !== undefined) trap('process.kill');
      // At import, only a signal to this process (or its group) is a way out of it.
      if (importing !== undefined && (pid === process.pid || pid <= 0)) throw new DeterminismError(`${importing} called process.kill on its own process while it was imported: a plug-in cannot leave the process; throw an error instead`);
      return kill.call(process, pid, signal);
    };
  }
  guardModules();
  const intl = g.Intl as typeof Intl | undefined;
  const formatDescriptor = intl === undefined ? undefined : Object.getOwnPropertyDescriptor(intl.DateTimeFormat.prototype, 'format');
  if (intl !== undefined && formatDescriptor?.get !== undefined) {
    const getFormat = formatDescriptor.get;
    // `format` is a getter that hands out a bound function; with no date, it reads the clock.
    Object.defineProperty(intl.DateTimeFormat.prototype, 'format', {
      ...formatDescriptor,
      get(this: Intl.DateTimeFormat) {
        const format = getFormat.call(this) as (date?: Date | number) => string;
        return (date?: Date | number) => {
          if (runningNode !== undefined && date === undefined) trap('Intl.DateTimeFormat#format()');
          return format(date);
        };
      },
    });
  }
}

/** Replaces `target[key]` (a function) by its trap, however the property is defined; leaves it if it cannot. */
function patch(target: Record<string, unknown>, key: string, api: string): void {
  let original: unknown;
  try {
    original = target[key];
  } catch {
    return;
  }
  if (typeof original !== 'function') return;
  const trapped = wrap(api, (original as (...args: unknown[]) => unknown).bind(target));
  try {
    Object.defineProperty(target, key, { value: trapped, writable: true, configurable: true, enumerable: true });
  } catch {
    // A frozen module object: that API stays as it is (docs/plugging-in.md says so).
  }
}

/**
 * node:crypto and node:os hand their functions out as module exports: wrapped on the
 * module objects, and pushed to the ESM named bindings (`import { randomBytes } from
 * 'node:crypto'`) with syncBuiltinESMExports.
 */
function guardModules(): void {
  let require: NodeJS.Require;
  try {
    require = createRequire(import.meta.url);
  } catch {
    return;
  }
  const crypto = require('node:crypto') as Record<string, unknown>;
  for (const api of cryptoRandom) patch(crypto, api, `crypto.${api}`);
  const web = crypto.webcrypto as Record<string, unknown> | undefined;
  if (web !== undefined) for (const api of ['getRandomValues', 'randomUUID'] as const) patch(web, api, `crypto.${api}`);
  const os = require('node:os') as Record<string, unknown>;
  for (const api of ['uptime', 'loadavg', 'freemem'] as const) patch(os, api, `os.${api}`);
  (require('node:module') as { syncBuiltinESMExports: () => void }).syncBuiltinESMExports();
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
