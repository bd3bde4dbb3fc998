// Memory over a long sweep: runs N seeds of an algorithm's swarm scenario in one process
// and samples the heap after a forced GC at checkpoints, to show it stays flat (no growth
// per seed), and prints peak RSS. Not a vitest bench because it needs --expose-gc:
//   node --expose-gc --import tsx bench/memory-sweep.ts [IMPL=primary] [SEEDS=10000]
// (`npm run bench:memory` runs the default).
import { buildScenario, runScenario } from '../harness/scenario/scenario.ts';
import { wallNowMs } from '../harness/wall-clock.ts';
import { algorithms } from '../impls/index.ts';

const impl = process.argv[2] ?? 'primary';
const seedCount = Number(process.argv[3] ?? 10_000);
const algorithm = algorithms[impl];
if (algorithm === undefined) {
  console.error(`memory-sweep: unknown algorithm ${impl}`);
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error('memory-sweep: run with node --expose-gc');
  process.exit(2);
}
const checkpoints = 10;
const every = Math.max(1, Math.floor(seedCount / checkpoints));
const rows: { seeds: number; heapMb: number; rssMb: number; seedsPerSec: number }[] = [];
let peakRss = 0;
let failures = 0;
const start = wallNowMs();
for (let seed = 1; seed <= seedCount; seed++) {
  const outcome = runScenario(buildScenario({ impl, algorithm, seed }), algorithm);
  if (outcome.violations.length > 0) failures++;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (seed % every === 0 || seed === seedCount) {
    gc();
    const m = process.memoryUsage();
    rows.push({ seeds: seed, heapMb: Number((m.heapUsed / 2 ** 20).toFixed(1)), rssMb: Number((m.rss / 2 ** 20).toFixed(1)), seedsPerSec: Number(((seed * 1000) / (wallNowMs() - start)).toFixed(1)) });
  }
}
console.log(`memory over a ${seedCount}-seed sweep of ${impl} (${failures} failing seeds), Node ${process.version}`);
console.table(rows);
const first = rows[0];
const middle = rows[Math.floor(rows.length / 2)];
const last = rows.at(-1);
const growthKb = (from: (typeof rows)[number], to: (typeof rows)[number]): string => (((to.heapMb - from.heapMb) * 1024) / Math.max(1, to.seeds - from.seeds)).toFixed(3);
if (first && middle && last) {
  // Bounded memos (the wire walk's string digests) fill during the first seeds; a leak
  // keeps growing in the second half too.
  console.log(`heap growth after GC: ${growthKb(first, last)} KB per seed from seed ${first.seeds} to ${last.seeds}, ${growthKb(middle, last)} KB per seed over the second half; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MB`);
}
