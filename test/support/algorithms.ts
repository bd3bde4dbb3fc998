// Small test-only algorithms that each exercise one simulator behaviour.

import type { Algorithm, NodeContext } from '../../harness/types.ts';

/** Every node broadcasts a numbered message to every peer every `tick` ms and records what it receives. */
export function broadcaster(tickMs = 10): Algorithm<{ n: number }, { received: [number, number][] }> {
  return {
    name: 'broadcaster',
    createNode: (ctx) => {
      const received: [number, number][] = [];
      let n = 0;
      const tick = (): void => {
        for (const p of ctx.peers) if (p !== ctx.id) ctx.send(p, { n: n++ });
        ctx.setTimer('tick', tickMs);
      };
      return {
        start: tick,
        onMessage: (from, msg) => void received.push([from, msg.n]),
        onTimer: tick,
        onRequest: () => {},
        inspect: () => ({ received: received.slice() }),
      };
    },
  };
}

/** On first boot writes `synced` (then syncs) and `unsynced` (no sync); reports what it finds at each start. */
export const diskProbe: Algorithm<never, { found: Record<string, unknown>; timersFired: string[] }> = {
  name: 'disk-probe',
  createNode: (ctx: NodeContext<never>) => {
    const found: Record<string, unknown> = {};
    const timersFired: string[] = [];
    return {
      start: () => {
        for (const key of ['synced', 'unsynced', 'booted']) found[key] = ctx.disk.read(key);
        if (found.booted === undefined) {
          ctx.disk.write('booted', true);
          ctx.disk.write('synced', 'kept');
          ctx.disk.sync();
          ctx.disk.write('unsynced', 'lost');
          ctx.setTimer('first-boot-timer', 100);
        }
      },
      onMessage: () => {},
      onTimer: (name) => void timersFired.push(name),
      onRequest: () => {},
      inspect: () => ({ found: { ...found }, timersFired: timersFired.slice() }),
    };
  },
};

/** Calls a banned API in its first timer. */
export function cheater(api: 'Math.random' | 'Date.now' | 'setTimeout' | 'new Date()'): Algorithm {
  return {
    name: 'cheater',
    createNode: (ctx) => ({
      start: () => ctx.setTimer('t', 5),
      onMessage: () => {},
      onTimer: () => {
        if (api === 'Math.random') Math.random();
        else if (api === 'Date.now') Date.now();
        else if (api === 'setTimeout') setTimeout(() => {}, 1);
        else new Date();
      },
      onRequest: () => {},
      inspect: () => ({}),
    }),
  };
}

/** Throws from onMessage once a message arrives. */
export const thrower: Algorithm<string> = {
  name: 'thrower',
  createNode: (ctx) => ({
    start: () => {
      if (ctx.id === 0) ctx.send(1, 'boom');
    },
    onMessage: () => {
      throw new TypeError('cannot read the thing');
    },
    onTimer: () => {},
    onRequest: () => {},
    inspect: () => ({}),
  }),
};

/** Never stops: every message is answered by two more, at zero delay. */
export const storm: Algorithm<number> = {
  name: 'storm',
  createNode: (ctx) => ({
    start: () => ctx.send((ctx.id + 1) % ctx.peers.length, 0),
    onMessage: (from, n) => {
      ctx.send(from, n + 1);
      ctx.send(from, n + 2);
    },
    onTimer: () => {},
    onRequest: () => {},
    inspect: () => ({}),
  }),
};
