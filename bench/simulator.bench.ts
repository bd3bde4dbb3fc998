// Simulator throughput: events per wall second for ping-pong on 5 nodes, against a
// baseline in the same process (the bare event queue doing the same number of push/pop
// pairs), so the figure survives a slower or busier machine as a ratio. The two run in
// alternating rounds after a warm-up round: this machine's speed drifts by up to 2x
// within minutes, and only interleaved ratios survive that.
import { afterAll, bench, describe } from 'vitest';
import { EventQueue } from '../harness/event-queue.ts';
import { Simulation } from '../harness/index.ts';
import { wallNowMs } from '../harness/wall-clock.ts';
import { median } from './median.ts';
import { pingpong } from '../impls/pingpong/index.ts';

const virtualMs = 200_000;
const rounds = 8;
const simulationRates: number[] = [];
const baselineRates: number[] = [];

/** Ping-pong for 200 s of virtual time; returns events per wall second. */
function simulation(): number {
  const start = wallNowMs();
  const sim = new Simulation({ algorithm: pingpong, nodes: 5, seed: 1, network: { delayMs: [1, 10] } });
  sim.runFor(virtualMs);
  return (sim.stats().events * 1000) / (wallNowMs() - start);
}

/** The bare event queue doing `events` pop/push pairs; returns pairs per wall second. */
function baseline(events: number): number {
  const start = wallNowMs();
  const q = new EventQueue<number>();
  for (let i = 0; i < 5; i++) q.push(i, i);
  let t = 0;
  for (let i = 0; i < events; i++) {
    t = q.peekTime() ?? t;
    q.pop();
    q.push(t + 1 + (i % 10), i);
  }
  return (events * 1000) / (wallNowMs() - start);
}

describe('simulator', () => {
  bench(
    `pingpong 5 nodes vs bare event queue, ${rounds} alternating rounds`,
    () => {
      simulation(); // warm-up round, not counted
      baseline(180_000);
      for (let round = 0; round < rounds; round++) {
        if (round % 2 === 0) {
          simulationRates.push(simulation());
          baselineRates.push(baseline(180_000));
        } else {
          baselineRates.push(baseline(180_000));
          simulationRates.push(simulation());
        }
      }
    },
    { iterations: 1, warmupIterations: 0, time: 0 },
  );
});

afterAll(() => {
  const ratios = simulationRates.map((r, i) => r / (baselineRates[i] as number));
  console.log(`\nSimulator throughput (${rounds} alternating rounds, Node ${process.version})`);
  console.table([
    { case: 'simulation (pingpong, 5 nodes)', eventsPerSecBest: Math.round(Math.max(...simulationRates)), eventsPerSecMedian: Math.round(median(simulationRates)), ratioToBaseline: median(ratios).toFixed(3) },
    { case: 'baseline (event queue only)', eventsPerSecBest: Math.round(Math.max(...baselineRates)), eventsPerSecMedian: Math.round(median(baselineRates)), ratioToBaseline: '1.000' },
  ]);
});
