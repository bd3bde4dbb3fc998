// `npm run bench:coverage`: coverage growth of a campaign, swarm against guided. Both
// strategies run the same number of runs on the correct algorithm with the same options;
// the distinct coverage points reached after each run are printed at checkpoints and drawn
// as two curves on one page (the plot explore's index page draws for one sweep).
//
//   npm run bench:coverage -- [--impl raft] [--runs 2000] [--out reports/coverage-raft.html]

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { explore, type ExploreResult, type ExploreStrategy } from '../harness/explore/explore.ts';
import type { GrowthSample } from '../harness/explore/growth.ts';
import { renderSummaryHtml } from '../harness/report/html.ts';
import { buildScenario } from '../harness/scenario/scenario.ts';
import { swarmKinds } from '../harness/scenario/nemesis.ts';
import { wallNowMs } from '../harness/wall-clock.ts';
import { algorithms } from '../impls/index.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const impl = arg('--impl') ?? 'raft';
const runs = Number(arg('--runs') ?? 2000);
const out = arg('--out') ?? `reports/coverage-${impl}.html`;
const algorithm = algorithms[impl];
if (algorithm === undefined) throw new Error(`bench:coverage: unknown impl ${impl}`);

function campaign(strategy: ExploreStrategy): ExploreResult {
  const seeds = Array.from({ length: runs }, (_, i) => i + 1);
  return explore({
    algorithm: algorithm as NonNullable<typeof algorithm>,
    seeds,
    scenarioOf: (seed) => buildScenario({ impl, algorithm: algorithm as NonNullable<typeof algorithm>, seed }),
    strategy,
    guided: { pool: swarmKinds, nodesRange: algorithm?.defaults?.nodesRange, label: JSON.stringify(['bench:coverage', impl]) },
    nowMs: wallNowMs,
  });
}

function at(growth: readonly GrowthSample[], run: number): number {
  let points = 0;
  for (const [r, p] of growth) if (r <= run) points = p;
  return points;
}

console.log(`bench:coverage · ${impl} · ${runs} runs per strategy · node ${process.version}`);
const results = { swarm: campaign('swarm'), guided: campaign('guided') };
const checkpoints = [16, 50, 100, 200, 500, 1000, 2000, 5000].filter((c) => c <= runs);
if (!checkpoints.includes(runs)) checkpoints.push(runs);
console.log(`${'runs'.padStart(6)} ${'swarm'.padStart(8)} ${'guided'.padStart(8)} ratio`);
for (const c of checkpoints) {
  const s = at(results.swarm.coverage.growth, c);
  const g = at(results.guided.coverage.growth, c);
  console.log(`${String(c).padStart(6)} ${String(s).padStart(8)} ${String(g).padStart(8)} ${(g / Math.max(1, s)).toFixed(2)}`);
}
for (const [name, r] of Object.entries(results)) {
  console.log(`${name}: ${r.coverage.points} points, ${r.failures.length} failures, ${r.freshSeeds} fresh seeds, ${(r.wallMs / 1000).toFixed(1)} s`);
}
const page = renderSummaryHtml(
  `faultline: coverage of ${impl}, swarm against guided (${runs} runs each)`,
  [],
  { text: `Distinct coverage points reached after each run, for ${runs} runs of each strategy with the default options of explore.` },
  [
    { label: 'swarm', growth: results.swarm.coverage.growth },
    { label: 'guided', growth: results.guided.coverage.growth },
  ],
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, page);
console.log(`plot: ${out}`);
