// Before/after for an optimisation: checks out REF (default: the parent of HEAD) into a
// temporary git worktree, loads both trees into this one process, and runs the same work
// on each in alternating rounds (A B, B A, A B, …), so a machine that speeds up or slows
// down mid-run (a shared VM does, by 2x) moves both sides alike. Prints per-round times,
// the best and the median of each side, and the ratios. Not a vitest bench: it needs
// two copies of the code side by side.
//   npm run bench:compare -- [REF=HEAD~1] [raft|paxos|kmeans|pingpong] [SEEDS=8] [ROUNDS=8]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wallNowMs } from '../harness/wall-clock.ts';
import { median } from './median.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [ref = 'HEAD~1', impl = 'raft', seedsArg = '8', roundsArg = '8'] = process.argv.slice(2);
const seedCount = Number(seedsArg);
const rounds = Number(roundsArg);
if (!(Number.isInteger(seedCount) && seedCount >= 1 && Number.isInteger(rounds) && rounds >= 2)) {
  console.error('compare: SEEDS must be a positive integer and ROUNDS at least 2');
  process.exit(2);
}

/** One side's work: the standard scenario over the seeds, or a ping-pong simulation. */
type Work = () => { events: number };

async function loadWork(tree: string): Promise<Work> {
  if (impl === 'pingpong') {
    const { Simulation } = await import(join(tree, 'harness/simulation.ts'));
    const { pingpong } = await import(join(tree, 'impls/pingpong/index.ts'));
    return () => {
      const sim = new Simulation({ algorithm: pingpong, nodes: 5, seed: 1, network: { delayMs: [1, 10] } });
      sim.runFor(200_000);
      return { events: sim.stats().events as number };
    };
  }
  const { buildScenario, runScenario } = await import(join(tree, 'harness/scenario/scenario.ts'));
  const { algorithms } = await import(join(tree, 'impls/index.ts'));
  const algorithm = algorithms[impl];
  if (algorithm === undefined) throw new Error(`compare: ${tree} has no algorithm ${impl}`);
  return () => {
    let events = 0;
    for (let seed = 1; seed <= seedCount; seed++) {
      const scenario = buildScenario({ impl, algorithm, seed, clients: 3, ops: 500, durationMs: 60_000 });
      events += runScenario(scenario, algorithm).stats.events as number;
    }
    return { events };
  };
}

const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).trim();
const worktree = mkdtempSync(join(tmpdir(), `faultline-compare-${sha}-`));
execFileSync('git', ['worktree', 'add', '--detach', worktree, sha], { cwd: root, stdio: 'ignore' });
try {
  if (!existsSync(join(worktree, 'node_modules'))) symlinkSync(join(root, 'node_modules'), join(worktree, 'node_modules'));
  const sides = [
    { name: `before (${sha})`, work: await loadWork(worktree), ms: [] as number[], events: 0 },
    { name: 'after (working tree)', work: await loadWork(root), ms: [] as number[], events: 0 },
  ];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      const start = wallNowMs();
      side.events = side.work().events;
      side.ms.push(wallNowMs() - start);
    }
  }
  const unit = impl === 'pingpong' ? 'runs' : 'seeds';
  const perRun = impl === 'pingpong' ? 1 : seedCount;
  console.log(`${impl}: ${rounds} alternating rounds of ${perRun} ${unit}, Node ${process.version}`);
  console.table(
    sides.map((s) => ({
      side: s.name,
      roundsMs: s.ms.map((m) => Math.round(m)).join(' '),
      bestMs: Math.round(Math.min(...s.ms)),
      medianMs: Math.round(median(s.ms)),
      [`${unit}PerSecBest`]: Number(((perRun * 1000) / Math.min(...s.ms)).toFixed(2)),
      eventsPerSecBest: Math.round((s.events * 1000) / Math.min(...s.ms)),
    })),
  );
  const [before, after] = sides as [(typeof sides)[number], (typeof sides)[number]];
  const pairwise = before.ms.map((b, i) => b / (after.ms[i] as number));
  console.log(
    `speedup after/before: best ${(Math.min(...before.ms) / Math.min(...after.ms)).toFixed(2)}x, median ${(median(before.ms) / median(after.ms)).toFixed(2)}x, median of per-round ratios ${median(pairwise).toFixed(2)}x`,
  );
} finally {
  execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: root, stdio: 'ignore' });
  rmSync(worktree, { recursive: true, force: true });
}
