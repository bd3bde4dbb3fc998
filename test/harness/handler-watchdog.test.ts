// Proves a node handler that never returns ends its run as a recorded "could not finish"
// (verdict unfinished, never a violation), naming the node, the handler and the virtual
// time, instead of hanging the harness: in a scripted simulation (from an event and from
// the constructor), for harness code that loops, and end to end through the CLI, where
// explore saves the record and replay reproduces it. And that the limit bounds one
// handler: many handlers that each take a good part of it, one after the other, are
// never stopped.

import { describe, expect, it } from 'vitest';
import { Simulation } from '../../harness/index.ts';
import type { Algorithm } from '../../harness/types.ts';
import { pingpong } from '../../impls/pingpong/index.ts';
import { algorithm as endlessLoop } from '../cli/fixtures/endless-loop.ts';
import { faultlineBin } from '../support/bin.ts';
import { tempDir } from '../support/temp.ts';

const limitMs = 300;

const loopsInStart: Algorithm = {
  name: 'loops-in-start',
  createNode: (ctx) => ({
    start: () => {
      if (ctx.id !== 2) return;
      for (;;) ctx.now();
    },
    onMessage: () => {},
    onTimer: () => {},
    onRequest: () => {},
    inspect: () => ({}),
  }),
};

describe('handler watchdog', () => {
  it('stops a handler stuck in a loop and fails the run, naming node, handler and time', () => {
    const sim = new Simulation({ algorithm: endlessLoop, nodes: 3, seed: 1, handlerWallMsMax: limitMs });
    sim.runFor(1_000);
    expect(sim.failed).toBe(true);
    const violations = sim.check();
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ checker: 'implementation-hang', nodes: [1] });
    expect(violations[0]?.message).toMatch(/^could not finish: node 1 did not return from onMessage at t=4\d ms: it ran past the handler wall-time limit/);
    // The harness is unharmed: the next simulation in this process runs normally.
    const next = new Simulation({ algorithm: pingpong, nodes: 3, seed: 1, handlerWallMsMax: limitMs });
    next.runFor(2_000);
    expect(next.check()).toEqual([]);
    expect(next.stats().events).toBeGreaterThan(100);
  });

  it('gives the same trace under any limit that stops the handler', () => {
    const hash = (ms: number): string => {
      const sim = new Simulation({ algorithm: endlessLoop, nodes: 3, seed: 7, handlerWallMsMax: ms });
      sim.runFor(1_000);
      return sim.traceHash;
    };
    expect(hash(limitMs)).toBe(hash(limitMs * 2));
  });

  it('also covers node code called from the script: boot in the constructor', () => {
    const sim = new Simulation({ algorithm: loopsInStart, nodes: 3, seed: 1, handlerWallMsMax: limitMs });
    expect(sim.check()[0]?.message).toMatch(/^could not finish: node 2 did not return from start at t=0 ms/);
  });

  it('names harness code when the loop is in a runUntil condition', () => {
    const sim = new Simulation({ algorithm: pingpong, nodes: 3, seed: 1, handlerWallMsMax: limitMs });
    let calls = 0;
    sim.runUntil(
      () => {
        calls++;
        if (calls > 10) for (;;) calls++;
        return false;
      },
      { timeoutMs: 10_000 },
    );
    expect(sim.check()[0]).toMatchObject({ checker: 'harness-hang' });
  });

  it('through the CLI: explore saves the hung seed as a record, and replay reproduces it', async () => {
    const out = tempDir('faultline-watchdog-');
    const env = { ...process.env, FAULTLINE_HANDLER_WALL_MS: String(limitMs) };
    const explore = await faultlineBin(['explore', '--impl', './test/cli/fixtures/endless-loop.ts', '--seeds', '1..1', '--faults', 'none', '--out', out, '--no-report', '--json'], env);
    expect(explore.err).toBe('');
    expect(explore.code).toBe(1);
    const failure = JSON.parse(explore.out).failures[0];
    expect(failure.violations[0]).toMatchObject({ checker: 'implementation-hang' });
    const replay = await faultlineBin(['replay', failure.record, '--json'], env);
    expect(replay.code).toBe(1);
    expect(JSON.parse(replay.out)).toMatchObject({ verdict: 'unfinished', identical: true });
  });

  it('never stops handlers that each take a fifth of the limit, however many run in a row', () => {
    // A spin of about limit/5, measured here (node code may not read the clock).
    let spins = 1_000;
    for (;;) {
      const t0 = performance.now();
      let x = 0;
      for (let i = 0; i < spins; i++) x += i % 7;
      if (x < 0) throw new Error('unreachable');
      if (performance.now() - t0 >= limitMs / 5 || spins > 1e10) break;
      spins *= 2;
    }
    const slow: Algorithm = {
      name: 'slow',
      createNode: (ctx) => ({
        start: () => {
          if (ctx.id === 0) ctx.setTimer('work', 1);
        },
        onMessage: () => {},
        onTimer: () => {
          let x = 0;
          for (let i = 0; i < spins; i++) x += i % 7;
          if (x >= 0) ctx.setTimer('work', 1);
        },
        onRequest: () => {},
        inspect: () => ({}),
      }),
    };
    // Ten handlers of a fifth of the limit: two limits of wall time in all, in one span before.
    const sim = new Simulation({ algorithm: slow, nodes: 2, seed: 1, handlerWallMsMax: limitMs });
    sim.runFor(10);
    expect(sim.check()).toEqual([]);
  }, 30_000);
});
