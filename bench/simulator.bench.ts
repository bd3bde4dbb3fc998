// Simulator throughput: events per wall second for ping-pong on 5 nodes, against a
// baseline in the same process (the bare event queue doing the same number of
// push/pop pairs), so the figure survives a slower or busier machine as a ratio.
import { afterAll, bench, describe } from 'vitest';
import { EventQueue } from '../harness/event-queue.ts';
import { Simulation } from '../harness/index.ts';
import { wallNowMs } from '../harness/wall-clock.ts';
import { pingpong } from '../impls/pingpong/index.ts';

const virtualMs = 200_000;
const rows: { case: string; events: number; wallMs: number; eventsPerSec: number }[] = [];

function record(name: string, events: number, wallMs: number): void {
  rows.push({ case: name, events, wallMs: Math.round(wallMs), eventsPerSec: Math.round((events / wallMs) * 1000) });
}

describe('simulator', () => {
  bench(
    'pingpong, 5 nodes, 200 s virtual',
    () => {
      const start = wallNowMs();
      const sim = new Simulation({ algorithm: pingpong, nodes: 5, seed: 1, network: { delayMs: [1, 10] } });
      sim.runFor(virtualMs);
      record('simulation (pingpong, 5 nodes)', sim.stats().events, wallNowMs() - start);
    },
    { iterations: 5, warmupIterations: 1 },
  );

  bench(
    'baseline: bare event queue, same event count',
    () => {
      const events = 180_000;
      const start = wallNowMs();
      const q = new EventQueue<number>();
      for (let i = 0; i < 5; i++) q.push(i, i);
      let t = 0;
      for (let i = 0; i < events; i++) {
        t = q.peekTime() ?? t;
        q.pop();
        q.push(t + 1 + (i % 10), i);
      }
      record('baseline (event queue only)', events, wallNowMs() - start);
    },
    { iterations: 5, warmupIterations: 1 },
  );
});

afterAll(() => {
  const best = (name: string) => Math.max(...rows.filter((r) => r.case.startsWith(name)).map((r) => r.eventsPerSec));
  const sim = best('simulation');
  const base = best('baseline');
  console.log('\nSimulator throughput (best of runs)');
  console.table([
    { case: 'simulation (pingpong, 5 nodes)', eventsPerSec: sim, ratioToBaseline: (sim / base).toFixed(3) },
    { case: 'baseline (event queue only)', eventsPerSec: base, ratioToBaseline: '1.000' },
  ]);
});
