// Proves that node code which misbehaves fails its run instead of breaking the harness or
// passing silently: a handler that returns a promise (an async handler, a rejection),
// that defers work (a then, queueMicrotask, process.nextTick), that reads the machine
// (process.uptime, os.loadavg, crypto.randomBytes by module import, Intl's clock) or that
// tries to leave the process (process.exit) fails with the node, the handler and the
// virtual time; and an error's trace hash does not depend on where it was thrown, so a
// record replays in another checkout.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { Simulation } from '../../harness/simulation.ts';
import type { Algorithm, NodeContext } from '../../harness/types.ts';
import { testSeed } from '../../harness/test-seed.ts';

const seed = testSeed(7, 'hostile seed');

/** Node 0 does `misbehave` in its first timer handler (at t=10 ms); everyone else is quiet. */
function hostile(misbehave: (ctx: NodeContext<unknown>) => unknown): Algorithm {
  return {
    name: 'hostile',
    createNode: (ctx) => ({
      start: () => {
        if (ctx.id === 0) ctx.setTimer('go', 10);
      },
      onMessage: () => {},
      onTimer: () => misbehave(ctx) as void,
      onRequest: () => {},
      inspect: () => ({}),
    }),
  };
}

function failureOf(algorithm: Algorithm) {
  const sim = new Simulation({ algorithm, nodes: 2, seed });
  sim.runFor(100);
  return sim.check();
}

describe('misbehaving node code', () => {
  it('an async handler, rejected or not, fails the run and leaves no unhandled rejection', () => {
    for (const handler of [
      async () => {
        throw new Error('late');
      },
      async () => undefined,
    ]) {
      const [v] = failureOf(hostile(handler));
      expect(v?.checker).toBe('implementation-error');
      expect(v?.message).toMatch(/^node 0's onTimer returned a promise at t=10 ms: handlers must finish synchronously/);
    }
  });

  it.each([
    ['Promise#then', () => Promise.resolve(1).then(() => 2)],
    ['queueMicrotask', () => queueMicrotask(() => {})],
    ['process.nextTick', () => process.nextTick(() => {})],
    ['process.exit', () => process.exit(0)],
    ['process.uptime', () => process.uptime()],
    ['os.loadavg', () => loadavg()],
    ['crypto.randomBytes', () => randomBytes(4)],
    ['Intl.DateTimeFormat#format()', () => new Intl.DateTimeFormat('en').format()],
  ])('%s in a handler fails the run with checker determinism, naming the node and the time', (api, misbehave) => {
    const [v] = failureOf(hostile(misbehave));
    expect(v?.checker).toBe('determinism');
    expect(v?.message).toContain(`node 0 called ${api}`);
    expect(v?.message).toContain('t=10 ms, in onTimer');
  });

  it('a fixed date is fine: only reading the clock is trapped', () => {
    expect(failureOf(hostile(() => new Intl.DateTimeFormat('en', { timeZone: 'UTC' }).format(0)))).toEqual([]);
  });

  it('hashes an error by what it says, not by the line that threw it', () => {
    function throwHere(): never {
      throw new TypeError('bad state');
    }
    function throwThere(): never {
      throw new TypeError('bad state');
    }
    const a = new Simulation({ algorithm: hostile(() => throwHere()), nodes: 2, seed });
    const b = new Simulation({ algorithm: hostile(() => throwThere()), nodes: 2, seed });
    a.runFor(100);
    b.runFor(100);
    expect(a.check()[0]?.message).toMatch(/^node 0 threw in onTimer at t=10 ms: TypeError: bad state \(at throwHere /);
    expect(b.check()[0]?.message).toMatch(/\(at throwThere /);
    expect(a.traceHash).toBe(b.traceHash);
  });
});
