// Simulator throughput: events per wall second for ping-pong on 5 nodes, loaded as the
// CLI loads the sources (a tsx worker thread, bench/cli-loaded.ts) and in the bench
// runner, against a baseline in the same process (the bare event queue doing the same
// number of push/pop pairs), so the figure survives a slower or busier machine as a
// ratio. The three run in alternating rounds after a warm-up round: this machine's speed
// drifts by up to 2x within minutes, and only interleaved ratios survive that.
import { afterAll, bench, describe } from 'vitest';
import { EventQueue } from '../harness/event-queue.ts';
import { wallNowMs } from '../harness/wall-clock.ts';
import { startCliLoaded } from './cli-loaded.ts';
import { median } from './median.ts';
import { pingPongRun } from './work.ts';

const virtualMs = 200_000;
const rounds = 8;
const simulationRates: number[] = [];
const cliLoadedRates: number[] = [];
const baselineRates: number[] = [];

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

const rate = (f: { events: number; wallMs: number }): number => (f.events * 1000) / f.wallMs;

describe('simulator', () => {
  bench(
    `pingpong 5 nodes (runner, CLI-loaded) vs bare event queue, ${rounds} alternating rounds`,
    async () => {
      const cli = await startCliLoaded();
      try {
        // Warm-up round, not counted.
        const events = pingPongRun(virtualMs).events;
        await cli.pingPongRun(virtualMs);
        baseline(events);
        const cases: (() => Promise<unknown>)[] = [
          async () => simulationRates.push(rate(pingPongRun(virtualMs))),
          async () => cliLoadedRates.push(rate(await cli.pingPongRun(virtualMs))),
          async () => baselineRates.push(baseline(events)),
        ];
        // Each round runs every case, starting one further along: no case always goes first.
        for (let round = 0; round < rounds; round++) {
          for (let k = 0; k < cases.length; k++) await (cases[(round + k) % cases.length] as () => Promise<unknown>)();
        }
      } finally {
        await cli.close();
      }
    },
    { iterations: 1, warmupIterations: 0, time: 0 },
  );
});

afterAll(() => {
  const row = (name: string, rates: number[]) => ({
    case: name,
    eventsPerSecBest: Math.round(Math.max(...rates)),
    eventsPerSecMedian: Math.round(median(rates)),
    // Same-round ratios: each round ran every case back to back.
    ratioToBaseline: median(rates.map((r, i) => r / (baselineRates[i] as number))).toFixed(3),
  });
  console.log(`\nSimulator throughput (${rounds} alternating rounds, Node ${process.version})`);
  console.table([
    row('simulation (pingpong, 5 nodes)', cliLoadedRates),
    row('simulation, in the vitest runner', simulationRates),
    row('baseline (event queue only)', baselineRates),
  ]);
});
