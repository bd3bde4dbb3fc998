// A guided campaign (`explore --strategy guided`): coverage-guided search over explicit
// fault plans and workloads, in the spirit of AFL. It runs in epochs of `epochRuns` runs.
// An epoch's runs are planned from the corpus as it stood when the epoch began and from
// the campaign's seeded stream alone, so they do not depend on each other: any number of
// worker processes can run them, in any order, and the results are then taken in run
// order. The same range, options and corpus therefore give the same runs, failures and
// records for any --workers K.
//
// A planned run is either fresh (the swarm scenario of the next seed of the range: the
// first epoch is all fresh, and fresh seeds keep their share throughout) or a mutant of a
// corpus entry (harness/explore/guided/mutate.ts: one to four operators stacked). Which
// operator is chosen adapts to what each has found so far: a run's reward is the log of
// the new points it reached (a failure counts as much as a large find), and an operator's
// share follows its mean reward, with a floor so none is starved (a deterministic bandit).

import { assert } from '../../assert.ts';
import type { RunCoverage } from '../../coverage/index.ts';
import { Rng } from '../../rng.ts';
import type { Scenario } from '../../scenario/scenario.ts';
import type { FaultKind } from '../../scenario/nemesis.ts';
import { Corpus } from './corpus.ts';
import { mutate, mutationOperators, type MutationOperator } from './mutate.ts';

/** Runs per epoch: fixed, so the plan never depends on how many workers run it. */
export const epochRunsDefault = 16;
/** Operators stacked on one mutant, at most. */
const stackMax = 4;
/** Tries to find an operator that applies before a mutant falls back to a reseed. */
const mutationTriesMax = 8;
/** Share every choice keeps whatever it found: fresh seeds, and each operator. */
const freshShareMin = 0.15;
const mutantShareMin = 0.15;
const operatorShareMin = 0.02;
/** What a failing run is worth to the operators that made it, in units of log2(new points). */
const failureReward = 8;

export type Choice = 'fresh' | MutationOperator;
const choices: readonly Choice[] = ['fresh', ...mutationOperators];

export type RunOrigin =
  | { type: 'fresh'; seed: number }
  | { type: 'mutant'; parent: number; parentSeed: number; operators: MutationOperator[]; description: string };

export interface PlannedRun {
  /** 0-based number of the run in the campaign. */
  run: number;
  scenario: Scenario;
  origin: RunOrigin;
}

export interface RunReport {
  run: number;
  failed: boolean;
  /** Absent when the run failed before coverage could be taken (it is then not admitted). */
  coverage: RunCoverage | undefined;
}

export interface CampaignOptions {
  /** Fresh seeds, in the order they are used (the range of `--seeds`). */
  seeds: readonly number[];
  /** Runs in the whole campaign. */
  runs: number;
  /** The swarm scenario of a seed. */
  scenarioOf: (seed: number) => Scenario;
  /** Fault kinds mutations may add. */
  pool: readonly FaultKind[];
  /** Cluster sizes mutations may move between; undefined when the size is fixed. */
  nodesRange: readonly [number, number] | undefined;
  /** Names the campaign's stream: the same label, the same choices. */
  label: string;
  epochRuns?: number;
  /** A corpus to resume from (`--corpus DIR`). */
  corpus?: Corpus;
}

interface ChoiceStats {
  uses: number;
  reward: number;
}

export class GuidedCampaign {
  readonly corpus: Corpus;
  private readonly rng: Rng;
  private readonly epochRuns: number;
  private freshNext = 0;
  private runNext = 0;
  private epoch = 0;
  private readonly stats = new Map<Choice, ChoiceStats>(choices.map((c) => [c, { uses: 0, reward: 0 }]));
  private planned = new Map<number, PlannedRun>();
  /** Coverage points reached so far after each absorbed run (the growth curve). */
  readonly growth: number[] = [];

  constructor(private readonly options: CampaignOptions) {
    assert(Number.isSafeInteger(options.runs) && options.runs >= 0, 'campaign: runs must be a non-negative integer');
    this.epochRuns = options.epochRuns ?? epochRunsDefault;
    assert(Number.isInteger(this.epochRuns) && this.epochRuns >= 1, 'campaign: epochRuns must be a positive integer');
    this.corpus = options.corpus ?? new Corpus();
    this.rng = new Rng(`guided|${options.label}|${this.corpus.entries.length}|${this.corpus.points}`);
  }

  get done(): boolean {
    return this.runNext >= this.options.runs;
  }

  /** Fresh seeds used so far. */
  get freshUsed(): number {
    return this.freshNext;
  }

  /** The next epoch's runs; [] when the campaign is over. */
  nextEpoch(): PlannedRun[] {
    const count = Math.min(this.epochRuns, this.options.runs - this.runNext);
    if (count <= 0) return [];
    const rng = this.rng.fork(`epoch/${this.epoch++}`);
    this.corpus.refresh();
    const runs: PlannedRun[] = [];
    for (let i = 0; i < count; i++) {
      const planned = this.plan(this.runNext++, rng.fork(`run/${i}`));
      this.planned.set(planned.run, planned);
      runs.push(planned);
    }
    return runs;
  }

  private plan(run: number, rng: Rng): PlannedRun {
    const freshLeft = this.freshNext < this.options.seeds.length;
    const choice = this.corpus.entries.length === 0 ? 'fresh' : this.choose(rng, freshLeft);
    if (choice === 'fresh' && freshLeft) {
      const seed = this.options.seeds[this.freshNext++] as number;
      return { run, scenario: this.options.scenarioOf(seed), origin: { type: 'fresh', seed } };
    }
    const parent = this.corpus.pick(rng);
    assert(parent !== undefined, 'campaign: a mutant needs a corpus entry');
    parent.picks++;
    let scenario = parent.scenario;
    const operators: MutationOperator[] = [];
    const descriptions: string[] = [];
    const stack = 1 + (rng.chance(1, 2) ? 0 : rng.int(stackMax));
    const ctx = {
      pool: this.options.pool,
      nodesRange: this.options.nodesRange,
      landmarks: parent.landmarks,
      other: () => this.corpus.entries[rng.int(this.corpus.entries.length)]?.scenario,
    };
    for (let k = 0; k < stack; k++) {
      for (let attempt = 0; attempt < mutationTriesMax; attempt++) {
        const op = k === 0 && choice !== 'fresh' ? (attempt === 0 ? choice : this.chooseOperator(rng)) : this.chooseOperator(rng);
        const mutant = mutate(scenario, op, ctx, rng.fork(`op/${k}/${attempt}`));
        if (mutant === undefined) continue;
        scenario = mutant.scenario;
        operators.push(op);
        descriptions.push(mutant.description);
        break;
      }
    }
    if (operators.length === 0) {
      const reseeded = mutate(scenario, 'reseed', ctx, rng.fork('reseed')) as NonNullable<ReturnType<typeof mutate>>;
      scenario = reseeded.scenario;
      operators.push('reseed');
      descriptions.push(reseeded.description);
    }
    return { run, scenario, origin: { type: 'mutant', parent: parent.id, parentSeed: parent.scenario.seed, operators, description: descriptions.join('; ') } };
  }

  private share(choice: Choice): number {
    const s = this.stats.get(choice) as ChoiceStats;
    return (s.reward + 1) / (s.uses + 2);
  }

  /**
   * Fresh or a mutant, by the mean reward of fresh runs against that of all mutants (each
   * keeps its floor), then which operator, by theirs.
   */
  private choose(rng: Rng, freshLeft: boolean): Choice {
    if (freshLeft) {
      const fresh = this.stats.get('fresh') as ChoiceStats;
      let uses = 0;
      let reward = 0;
      for (const op of mutationOperators) {
        const s = this.stats.get(op) as ChoiceStats;
        uses += s.uses;
        reward += s.reward;
      }
      const rf = (fresh.reward + 1) / (fresh.uses + 2);
      const rm = (reward + 1) / (uses + 2);
      const p = Math.min(1 - mutantShareMin, Math.max(freshShareMin, rf / (rf + rm)));
      if (rng.float() < p) return 'fresh';
    }
    return this.chooseOperator(rng);
  }

  private chooseOperator(rng: Rng): MutationOperator {
    let total = 0;
    for (const op of mutationOperators) total += this.share(op);
    const weights = mutationOperators.map((op) => (1 - operatorShareMin * mutationOperators.length) * (this.share(op) / total) + operatorShareMin);
    let x = rng.float() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < mutationOperators.length; i++) {
      x -= weights[i] as number;
      if (x < 0) return mutationOperators[i] as MutationOperator;
    }
    return mutationOperators[mutationOperators.length - 1] as MutationOperator;
  }

  /** Takes an epoch's results, in run order: rewards, admissions, the growth curve. */
  absorb(reports: readonly RunReport[]): void {
    const sorted = reports.slice().sort((a, b) => a.run - b.run);
    for (const report of sorted) {
      const planned = this.planned.get(report.run);
      assert(planned !== undefined, `campaign: run ${report.run} was not planned`);
      this.planned.delete(report.run);
      const points = report.coverage?.points ?? [];
      const fresh = this.corpus.novelty(points);
      const reward = report.failed ? failureReward : Math.log2(1 + fresh);
      const used: Choice[] = planned.origin.type === 'fresh' ? ['fresh'] : [...new Set(planned.origin.operators)];
      for (const c of used) {
        const s = this.stats.get(c) as ChoiceStats;
        s.uses++;
        s.reward += reward;
      }
      if (planned.origin.type === 'mutant' && (fresh > 0 || report.failed)) {
        const parent = this.corpus.byId(planned.origin.parent);
        if (parent !== undefined) parent.finds++;
      }
      // A failing run is kept out: its children would find the same failure again.
      if (!report.failed && fresh > 0 && report.coverage !== undefined) {
        this.corpus.admit({
          scenario: planned.scenario,
          points,
          landmarks: report.coverage.landmarks,
          origin: planned.origin.type === 'fresh' ? `seed ${planned.origin.seed}` : planned.origin.description,
        });
      }
      this.corpus.record(points);
      this.growth.push(this.corpus.points);
    }
  }

  /** What each choice was used for and earned, for the summary. */
  choiceStats(): { choice: Choice; uses: number; meanReward: number }[] {
    return choices.map((c) => {
      const s = this.stats.get(c) as ChoiceStats;
      return { choice: c, uses: s.uses, meanReward: s.uses === 0 ? 0 : s.reward / s.uses };
    });
  }
}
