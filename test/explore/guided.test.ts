// Proves the guided strategy's contract: a campaign is a function of its range, options and
// corpus (two campaigns with one label plan and keep the same runs; another label plans
// others); it takes fresh seeds first and then mutants of runs that reached new coverage;
// every mutation operator yields a valid scenario that changes what it says (property
// tests over drawn plans and landmarks); a failure a mutant finds is an ordinary record
// that replays to its trace; and --workers 1 and 2 give the same failures and records, as
// does a resumed --corpus, while another sweep's corpus is refused in one line.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbFaultPlan } from '../../harness/arbitraries.ts';
import { explore, type ExploreParams } from '../../harness/explore/explore.ts';
import { mutate, mutationOperators, type MutationContext } from '../../harness/explore/guided/mutate.ts';
import { replayRecord } from '../../harness/explore/replay.ts';
import { readRecordFile } from '../../harness/record/write.ts';
import { Rng } from '../../harness/rng.ts';
import { faultsPerRunMax, type FaultEvent } from '../../harness/scenario/fault-plan.ts';
import { swarmKinds } from '../../harness/scenario/nemesis.ts';
import { buildScenario, validateScenario } from '../../harness/scenario/scenario.ts';
import { testSeed } from '../../harness/test-seed.ts';
import { wallNowMs } from '../../harness/wall-clock.ts';
import { primary } from '../../impls/primary/index.ts';
import { raft } from '../../impls/raft/index.ts';
import { faultlineBin } from '../support/bin.ts';
import { tempDir } from '../support/temp.ts';

const base = testSeed(1, 'guided seeds start');

function campaign(label: string, runs: number, extra: Partial<ExploreParams> = {}) {
  const seeds = Array.from({ length: runs }, (_, i) => base + i);
  return explore({
    algorithm: primary,
    seeds,
    scenarioOf: (seed) => buildScenario({ impl: 'primary', algorithm: primary, seed, ops: 30, durationMs: 8_000 }),
    strategy: 'guided',
    guided: { pool: swarmKinds, nodesRange: undefined, label, epochRuns: 8 },
    nowMs: wallNowMs,
    ...extra,
  });
}

const corpusOrigins = (r: ReturnType<typeof campaign>): string[] => r.campaign?.corpus.entries.map((e) => `${e.scenario.seed}:${e.origin}`) ?? [];

describe('guided exploration', () => {
  it('is a function of its label: the same runs, corpus and coverage twice; another label, other runs', () => {
    const a = campaign('same', 48);
    const b = campaign('same', 48);
    expect(a.seedsRun).toBe(48);
    expect(corpusOrigins(a)).toEqual(corpusOrigins(b));
    expect(a.coverage.growth).toEqual(b.coverage.growth);
    const c = campaign('other', 48);
    expect(corpusOrigins(c)).not.toEqual(corpusOrigins(a));
  });

  it('starts with fresh seeds, then mixes in mutants of the runs that reached new coverage', () => {
    const r = campaign('mix', 48, { seeds: Array.from({ length: 48 }, (_, i) => 1 + i) });
    const entries = r.campaign?.corpus.entries ?? [];
    // The first epoch is all fresh seeds of the range, in order.
    expect(entries[0]?.origin).toBe('seed 1');
    expect(r.freshSeeds).toBeGreaterThanOrEqual(8);
    expect(r.freshSeeds).toBeLessThan(48);
    expect(entries.some((e) => !e.origin.startsWith('seed '))).toBe(true);
    const uses = r.campaign?.choiceStats() ?? [];
    expect(uses.find((u) => u.choice === 'fresh')?.uses).toBe(r.freshSeeds);
  });

  it('saves a failing mutant as an ordinary record that replays to its trace', () => {
    const out = tempDir('faultline-guided-');
    // A fixed range, not FAULTLINE_SEED's: this proves what a found failure is, not how
    // soon a search finds it (npm run bench:find measures that).
    const seeds = Array.from({ length: 80 }, (_, i) => 1 + i);
    const result = explore({
      algorithm: primary,
      seeds,
      scenarioOf: (seed) => buildScenario({ impl: 'primary', algorithm: primary, bug: 'no_sync', seed, ops: 30, durationMs: 8_000, faults: { type: 'list', kinds: ['drop'] } }),
      strategy: 'guided',
      guided: { pool: ['crash'], nodesRange: undefined, label: 'records', epochRuns: 8 },
      maxFailures: 1,
      outDir: out,
      nowMs: wallNowMs,
    });
    // Drops alone never lose a synced write: the failure needs a crash a mutation added.
    const failure = result.failures[0];
    expect(failure?.origin?.type).toBe('mutant');
    const read = readRecordFile(failure?.record as string);
    if (read.type === 'error') throw new Error(read.message);
    expect(read.record.origin).toMatchObject({ command: 'explore', strategy: 'guided', run: failure?.run });
    expect(read.record.faultPlan.some((e) => e.type === 'crash')).toBe(true);
    const replay = replayRecord(read.record, primary);
    expect(replay.identical).toBe(true);
    expect(replay.outcome.violations.map((v) => v.checker)).toEqual(read.record.violations.map((v) => v.checker));
  });
});

describe('mutation operators', () => {
  const nodes = 5;
  const scenarioWithPlan = (plan: FaultEvent[]) => ({ ...buildScenario({ impl: 'raft', algorithm: raft, seed: base, nodes, ops: 20, durationMs: 10_000 }), faultPlan: plan });
  const arbLandmarks = fc.record({
    syncs: fc.array(fc.array(fc.integer({ min: 0, max: 9_999 }), { maxLength: 4 }), { minLength: nodes, maxLength: nodes }),
    deliveries: fc.dictionary(fc.constantFrom('append_entries', 'request_vote', 'append_entries_reply'), fc.array(fc.integer({ min: 0, max: 9_999 }), { minLength: 1, maxLength: 4 })),
    leaders: fc.array(fc.record({ timeMs: fc.integer({ min: 0, max: 9_999 }), node: fc.integer({ min: 0, max: nodes - 1 }) }), { maxLength: 4 }),
    anomalies: fc.array(fc.record({ timeMs: fc.integer({ min: 0, max: 9_999 }), node: fc.integer({ min: 0, max: nodes - 1 }) }), { maxLength: 4 }),
  });

  it('every operator yields a valid scenario, for any plan and landmarks', () => {
    fc.assert(
      fc.property(arbFaultPlan({ nodes, durationMs: 10_000, kinds: swarmKinds }), arbLandmarks, fc.constantFrom(...mutationOperators), fc.integer({ min: 0, max: 1e6 }), (plan, landmarks, op, salt) => {
        const scenario = scenarioWithPlan(plan.slice(0, faultsPerRunMax));
        const ctx: MutationContext = { pool: swarmKinds, nodesRange: [3, 7], landmarks, other: () => scenarioWithPlan(plan.slice().reverse()) };
        const mutant = mutate(scenario, op, ctx, new Rng(`prop/${salt}`));
        if (mutant === undefined) return;
        expect(validateScenario(mutant.scenario)).toBeUndefined();
        expect(mutant.description.length).toBeGreaterThan(0);
        const before = scenario.faultPlan.length;
        const after = mutant.scenario.faultPlan.length;
        switch (op) {
          case 'remove':
            expect(after).toBe(before - 1);
            break;
          case 'add':
          case 'crash_at_sync':
          case 'aim_leader':
          case 'aim_kind':
            expect(after).toBe(before + 1);
            break;
          case 'reseed':
            expect(mutant.scenario.faultPlan).toEqual(scenario.faultPlan);
            expect(mutant.scenario.seed).not.toBe(scenario.seed === mutant.scenario.seed ? -1 : scenario.seed);
            break;
          case 'resize':
            expect(Math.abs(mutant.scenario.options.nodes - nodes)).toBe(1);
            break;
          case 'workload':
            expect(mutant.scenario.faultPlan).toEqual(scenario.faultPlan);
            break;
          default:
            expect(mutant.scenario.options.nodes).toBe(nodes);
        }
      }),
      { numRuns: 300, seed: base },
    );
  });

  it('aims a crash just before or just after a sync the parent run made, and a message fault at a kind it saw', () => {
    const scenario = scenarioWithPlan([]);
    const landmarks = { syncs: [[], [], [1_234], [], []], deliveries: { append_entries_reply: [4_321] }, leaders: [], anomalies: [] };
    const ctx: MutationContext = { pool: swarmKinds, nodesRange: undefined, landmarks, other: () => undefined };
    const crashes = new Set<number>();
    for (let k = 0; k < 20; k++) {
      const mutant = mutate(scenario, 'crash_at_sync', ctx, new Rng(`sync/${k}`));
      const event = mutant?.scenario.faultPlan[0];
      expect(event).toMatchObject({ type: 'crash', node: 2 });
      crashes.add(event?.atMs ?? -1);
    }
    expect([...crashes].sort()).toEqual([1_234, 1_235]);
    const aimed = mutate(scenario, 'aim_kind', ctx, new Rng('kind'))?.scenario.faultPlan[0];
    expect(aimed).toMatchObject({ type: 'message', kind: 'append_entries_reply' });
    expect(aimed?.atMs).toBeLessThanOrEqual(4_321);
    expect((aimed?.atMs ?? 0) + (aimed?.durationMs ?? 0)).toBeGreaterThan(4_321 - 200);
    expect(mutate(scenario, 'resize', ctx, new Rng('r'))).toBeUndefined();
  });
});

describe('guided from the command line', () => {
  const sweep = ['explore', '--impl', 'primary', '--bug', 'no_sync', '--seeds', '1..40', '--strategy', 'guided', '--faults', 'drop,crash', '--ops', '30', '--duration-ms', '8000', '--json', '--no-report'];
  type Json = { failures: { seed: number; run: number; traceHash: string; record: string }[]; seedsRun: number; freshSeeds: number; coveragePoints: number; corpusEntries?: number };
  const essence = (j: Json) => ({ failures: j.failures.map((f) => [f.run, f.seed, f.traceHash]), seedsRun: j.seedsRun, freshSeeds: j.freshSeeds, coveragePoints: j.coveragePoints });

  it('--workers 2 finds what --workers 1 finds, with the same records', async () => {
    const one = tempDir('faultline-guided-w1-');
    const two = tempDir('faultline-guided-w2-');
    const [a, b] = await Promise.all([faultlineBin([...sweep, '--out', one, '--max-failures', '2']), faultlineBin([...sweep, '--out', two, '--max-failures', '2', '--workers', '2'])]);
    expect(a.code).toBe(1);
    expect(b.code).toBe(1);
    const ja = JSON.parse(a.out) as Json;
    const jb = JSON.parse(b.out) as Json;
    expect(ja.failures).toHaveLength(2);
    expect(essence(jb)).toEqual(essence(ja));
    expect(readdirSync(two).sort()).toEqual(readdirSync(one).sort());
  }, 120_000);

  it('--corpus saves what a campaign learned and resumes it; another sweep’s corpus is refused', async () => {
    const dir = tempDir('faultline-guided-corpus-');
    const corpus = join(dir, 'corpus');
    const clean = ['explore', '--impl', 'primary', '--seeds', '1..24', '--strategy', 'guided', '--ops', '20', '--duration-ms', '5000', '--json', '--no-report', '--out', dir, '--corpus', corpus];
    const first = await faultlineBin(clean);
    expect(first.code).toBe(0);
    expect(existsSync(join(corpus, 'corpus.json'))).toBe(true);
    const kept = (JSON.parse(first.out) as Json).corpusEntries ?? 0;
    expect(kept).toBeGreaterThan(0);
    const second = await faultlineBin(clean);
    expect(second.code).toBe(0);
    expect((JSON.parse(second.out) as Json).corpusEntries).toBeGreaterThanOrEqual(kept);
    const saved = JSON.parse(readFileSync(join(corpus, 'corpus.json'), 'utf8')) as { identity: { impl: string } };
    expect(saved.identity.impl).toBe('primary');
    const other = await faultlineBin(['explore', '--impl', 'raft', '--seeds', '1..2', '--strategy', 'guided', '--json', '--no-report', '--out', dir, '--corpus', corpus]);
    expect(other.code).toBe(2);
    expect(other.err.trim().split('\n')).toHaveLength(1);
    expect(other.err).toMatch(/the corpus belongs to primary .*not to raft/);
    const swarm = await faultlineBin(['explore', '--impl', 'primary', '--seeds', '1..2', '--corpus', corpus, '--json']);
    expect(swarm.code).toBe(2);
    expect(swarm.err).toMatch(/--corpus needs --strategy guided/);
  }, 120_000);
});
