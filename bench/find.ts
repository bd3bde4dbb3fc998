// `npm run bench:find`: how fast each strategy finds each bug. For every bug variant of
// raft, paxos, kmeans, primary and the guide's gcounter example, `explore` runs from seed 1
// until the first failure, once with the swarm strategy and once guided, with the same
// options in the same process, alternating so a slow minute of the machine hurts both.
// Prints runs and wall seconds to the first failure per bug, the checker that caught it,
// and the median over bugs of swarm runs / guided runs (above 1: guided needs fewer runs).
// A bug not found within --cap runs counts as cap + 1 runs (a lower bound).
//
//   npm run bench:find -- [--impls raft,paxos] [--bugs a,b] [--cap 1000] [--json FILE]

import { writeFileSync } from 'node:fs';
import { explore, type ExploreStrategy } from '../harness/explore/explore.ts';
import { buildScenario } from '../harness/scenario/scenario.ts';
import { swarmKinds } from '../harness/scenario/nemesis.ts';
import type { Algorithm } from '../harness/types.ts';
import { wallNowMs } from '../harness/wall-clock.ts';
import { algorithms } from '../impls/index.ts';
import { gcounter } from '../examples/gcounter/algorithm.ts';
import { median } from './median.ts';

interface Row {
  impl: string;
  bug: string;
  strategy: ExploreStrategy;
  /** Runs to the first failure, undefined when none within the cap. */
  runs: number | undefined;
  wallMs: number;
  checker: string | undefined;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const cap = Number(arg('--cap') ?? 1000);
const implNames = (arg('--impls') ?? 'raft,paxos,kmeans,primary,gcounter').split(',');
const bugFilter = arg('--bugs')?.split(',');
const subjects: Record<string, Algorithm> = { ...algorithms, gcounter };

function find(impl: string, algorithm: Algorithm, bug: string, strategy: ExploreStrategy): Row {
  const seeds = Array.from({ length: cap }, (_, i) => i + 1);
  const scenarioOf = (seed: number) => buildScenario({ impl, algorithm, bug, seed });
  const result = explore({
    algorithm,
    seeds,
    scenarioOf,
    strategy,
    guided: { pool: swarmKinds, nodesRange: algorithm.defaults?.nodesRange, label: JSON.stringify(['bench:find', impl, bug]) },
    maxFailures: 1,
    nowMs: wallNowMs,
  });
  const first = result.failures[0];
  return { impl, bug, strategy, runs: first === undefined ? undefined : first.run + 1, wallMs: result.wallMs, checker: first?.violations[0]?.checker };
}

const rows: Row[] = [];
const cell = (r: Row): string => `${r.runs === undefined ? `>${cap}` : String(r.runs)} (${(r.wallMs / 1000).toFixed(1)} s)`;
console.log(`bench:find · cap ${cap} runs · ${implNames.join(', ')} · node ${process.version}`);
console.log(`${'impl'.padEnd(8)} ${'bug'.padEnd(32)} ${'swarm'.padEnd(16)} ${'guided'.padEnd(16)} ${'ratio'.padEnd(7)} checker`);
const ratios: number[] = [];
for (const impl of implNames) {
  const algorithm = subjects[impl];
  if (algorithm === undefined) throw new Error(`bench:find: unknown impl ${impl}`);
  for (const [k, bug] of Object.keys(algorithm.bugs ?? {}).entries()) {
    if (bugFilter !== undefined && !bugFilter.includes(bug)) continue;
    // Alternate which strategy goes first, so drift of the machine's speed hurts both.
    const order: ExploreStrategy[] = k % 2 === 0 ? ['swarm', 'guided'] : ['guided', 'swarm'];
    const pair = order.map((s) => find(impl, algorithm, bug, s));
    const swarm = pair.find((r) => r.strategy === 'swarm') as Row;
    const guided = pair.find((r) => r.strategy === 'guided') as Row;
    rows.push(swarm, guided);
    const ratio = ((swarm.runs ?? cap + 1) / (guided.runs ?? cap + 1));
    if (swarm.runs !== undefined || guided.runs !== undefined) ratios.push(ratio);
    console.log(`${impl.padEnd(8)} ${bug.padEnd(32)} ${cell(swarm).padEnd(16)} ${cell(guided).padEnd(16)} ${ratio.toFixed(2).padEnd(7)} ${guided.checker ?? swarm.checker ?? '-'}`);
  }
}
const found = (s: ExploreStrategy): number => rows.filter((r) => r.strategy === s && r.runs !== undefined).length;
const total = rows.length / 2;
console.log(`found: swarm ${found('swarm')}/${total}, guided ${found('guided')}/${total} · median runs ratio swarm/guided ${ratios.length > 0 ? median(ratios).toFixed(2) : '-'} over ${ratios.length} bugs`);
const sum = (s: ExploreStrategy): number => rows.filter((r) => r.strategy === s).reduce((a, r) => a + r.wallMs, 0) / 1000;
console.log(`wall: swarm ${sum('swarm').toFixed(1)} s, guided ${sum('guided').toFixed(1)} s`);
const out = arg('--json');
if (out !== undefined) writeFileSync(out, `${JSON.stringify({ cap, rows }, null, 1)}\n`);
