// Proves every deliberate Raft bug (MUTANTS.md) is caught, and by which checker: each bug
// runs a scripted scenario (here or in scripted.ts) or a short seeded sweep through the
// scripting API, the test asserts a violation from the named checker, and the correct
// implementation runs the very same scenario (same seeds) with sim.check() clean. Seeds
// start at FAULTLINE_SEED and fall back to the default ones, so every FAULTLINE_SEED passes.
import { describe, expect, it } from 'vitest';
import { Rng, type Simulation } from '../../../harness/index.ts';
import type { Violation } from '../../../harness/types.ts';
import { raft, type RaftBug } from '../../../impls/raft/index.ts';
import { allNodes, checkOneLeader, leadersAmong, newRaftSim, one, seedFromEnv, submitAndWait, uniqueValue, waitForLeader } from './helpers.ts';
import { candidateAskedAgainAfterTimeout, staleGrantCounted, staleRejectionRead } from './scripted.ts';

/** The base seed without FAULTLINE_SEED: `npm test` proves every case below is caught from it. */
const defaultSeed = 2501;
const seed = seedFromEnv(defaultSeed);

type Scenario = (bug: RaftBug | undefined, seed: number) => Simulation;

/** Leader with 100 uncommitted old-term entries on a lagging majority's future leader (Figure 8 via batching). */
const oldTermEntries: Scenario = (bug, s) => {
  const sim = newRaftSim({ seed: s, bug });
  const leader = checkOneLeader(sim);
  one(sim, { f: 'put', key: 'a', value: uniqueValue() }, 5);
  const buddy = (leader + 1) % 5;
  const rest = allNodes(sim).filter((n) => n !== leader && n !== buddy);
  for (const n of rest) sim.disconnect(n);
  for (let i = 0; i < 100; i++) sim.submit({ f: 'append', key: 'a', value: uniqueValue() }, { node: leader });
  sim.runFor(100);
  sim.crash(leader);
  // The node holding the old-term entries stands first (fast clock, the others slow) and wins:
  // its log is the most up-to-date. Restarts re-arm every timer with the new clock rates.
  sim.setClockDrift(buddy, 0.2);
  sim.restart(buddy);
  for (const n of rest) {
    sim.setClockDrift(n, 5);
    sim.restart(n);
    sim.connect(n);
  }
  waitForLeader(sim, [buddy, ...rest]);
  for (const n of allNodes(sim)) sim.setClockDrift(n, 1);
  sim.runFor(1000);
  sim.restart(leader);
  sim.runFor(1000);
  return sim;
};

/** Elect, write, then crash and restart every node twice. */
const restartAll: Scenario = (bug, s) => {
  const sim = newRaftSim({ seed: s, bug, nodes: 3 });
  for (let round = 0; round < 2; round++) {
    checkOneLeader(sim);
    submitAndWait(sim, { f: 'put', key: 'a', value: uniqueValue() });
    for (const id of allNodes(sim)) sim.restart(id);
  }
  sim.runFor(1000);
  return sim;
};

/** Followers crash right after acknowledging entries. */
const crashAfterAck: Scenario = (bug, s) => {
  const sim = newRaftSim({ seed: s, bug, nodes: 3 });
  const leader = checkOneLeader(sim);
  sim.runFor(500);
  submitAndWait(sim, { f: 'put', key: 'a', value: uniqueValue() });
  for (const id of allNodes(sim)) if (id !== leader) sim.restart(id);
  sim.runFor(1000);
  return sim;
};

/** An old leader with a slow clock keeps leading a minority, then its AppendEntries reach the new majority. */
const slowOldLeader: Scenario = (bug, s) => {
  const sim = newRaftSim({ seed: s, bug });
  const leader = checkOneLeader(sim);
  one(sim, { f: 'put', key: 'a', value: uniqueValue() }, 5);
  sim.setClockDrift(leader, 6);
  const majority = allNodes(sim).filter((n) => n !== leader);
  sim.partition([[leader], majority]);
  for (let i = 0; i < 3; i++) sim.submit({ f: 'append', key: 'a', value: uniqueValue('old') }, { node: leader });
  waitForLeader(sim, majority);
  for (let i = 0; i < 5; i++) submitAndWait(sim, { f: 'append', key: 'a', value: uniqueValue('new') }, { node: majority[0] as number });
  // The old leader's messages now reach the majority, but it hears nothing back (so keeps its old term).
  sim.heal();
  for (const n of majority) sim.cutOneWay(n, leader);
  sim.runFor(1000);
  sim.heal();
  sim.setClockDrift(leader, 1);
  sim.runFor(2000);
  return sim;
};

/** A lagging node with a fast clock is first to stand once the leader dies. */
const laggardStands: Scenario = (bug, s) => {
  const sim = newRaftSim({ seed: s, bug });
  const leader = checkOneLeader(sim);
  const laggard = (leader + 1) % 5;
  sim.disconnect(laggard);
  for (let i = 0; i < 5; i++) submitAndWait(sim, { f: 'put', key: 'a', value: uniqueValue() });
  sim.crash(leader);
  sim.connect(laggard);
  // The laggard's clock runs fast and the others' slow; restarts re-arm every timer at the new rates.
  for (const n of allNodes(sim).filter((id) => id !== leader)) {
    sim.setClockDrift(n, n === laggard ? 0.2 : 5);
    sim.restart(n);
  }
  sim.runFor(1000);
  for (const n of allNodes(sim)) sim.setClockDrift(n, 1);
  sim.restart(leader);
  sim.runFor(3000);
  return sim;
};

/** A leader isolated with a slow clock serves a read after the majority moved on. */
const isolatedLeaderRead: Scenario = (bug, s) => {
  const sim = newRaftSim({ seed: s, bug });
  const leader = checkOneLeader(sim);
  one(sim, { f: 'put', key: 'r', value: uniqueValue() }, 5);
  sim.setClockDrift(leader, 8);
  const majority = allNodes(sim).filter((n) => n !== leader);
  sim.partition([[leader], majority]);
  waitForLeader(sim, majority);
  submitAndWait(sim, { f: 'put', key: 'r', value: uniqueValue() }, { node: majority[0] as number });
  sim.runFor(10);
  submitAndWait(sim, { f: 'get', key: 'r' }, { node: leader, timeoutMs: 500 });
  sim.heal();
  sim.setClockDrift(leader, 1);
  sim.runFor(5000);
  return sim;
};

/** A leader re-elected while its old term's heartbeat is in flight, then isolated, answers a read (scripted.ts). */
const staleRejection: Scenario = (bug, s) => staleRejectionRead(s, bug).sim;

/** A candidate whose election timed out is asked for its vote again in the same term (scripted.ts). */
const candidateAskedAgain: Scenario = (bug, s) => candidateAskedAgainAfterTimeout(s, bug).sim;

/** A grant of an earlier election arrives while the candidate stands again (scripted.ts). */
const lateGrant: Scenario = (bug, s) => staleGrantCounted(s, bug).sim;

/** Snapshot catch-up while InstallSnapshot and AppendEntries are duplicated and reordered. */
const duplicatedSnapshots: Scenario = (bug, s) => {
  const sim = newRaftSim({ seed: s, bug, raft: { snapshotThresholdEntries: 20 } });
  const leader = checkOneLeader(sim);
  const lagger = (leader + 1) % 5;
  sim.disconnect(lagger);
  for (let i = 0; i < 60; i++) sim.submit({ f: 'put', key: `k${i % 3}`, value: uniqueValue() });
  sim.runFor(3000);
  sim.setNetwork({ duplicateRate: 0.5, delayMs: [1, 300] });
  sim.connect(lagger);
  for (let i = 0; i < 30; i++) sim.submit({ f: 'put', key: `k${i % 3}`, value: uniqueValue() });
  sim.runFor(3000);
  sim.setNetwork({ duplicateRate: 0, delayMs: [1, 10] });
  sim.runFor(2000);
  return sim;
};

/** A follower far behind catches up through pipelined AppendEntries that the network duplicates and reorders. */
const duplicatedCatchUp: Scenario = (bug, s) => {
  const sim = newRaftSim({ seed: s, bug });
  const leader = checkOneLeader(sim);
  const lagger = (leader + 1) % 5;
  sim.disconnect(lagger);
  for (let i = 0; i < 150; i++) sim.submit({ f: 'put', key: `k${i % 3}`, value: uniqueValue() });
  sim.runFor(3000);
  sim.setNetwork({ duplicateRate: 0.3, delayMs: [1, 40] });
  sim.connect(lagger);
  sim.runFor(2000);
  sim.setNetwork({ duplicateRate: 0, delayMs: [1, 10] });
  sim.runFor(1000);
  return sim;
};

/** Small batches under a slow, reordering network: the leader often re-sends a short prefix after silence. */
const smallBatchesSlowNetwork: Scenario = (bug, s) => {
  const sim = newRaftSim({ seed: s, bug, raft: { appendEntriesMax: 2 }, network: { delayMs: [1, 120] } });
  checkOneLeader(sim);
  for (let round = 0; round < 6; round++) {
    for (let k = 0; k < 20; k++) if (sim.processIdle(k)) sim.submit({ f: 'append', key: `k${k % 4}`, value: uniqueValue() }, { process: k });
    sim.runFor(300);
  }
  sim.setNetwork({ delayMs: [1, 10] });
  sim.runFor(3000);
  return sim;
};

/** Everyone boots at once on a network with a constant delay: only random timeouts break the symmetry. */
const symmetricStart: Scenario = (bug, s) => {
  const sim = newRaftSim({ seed: s, bug, network: { delayMs: [5, 5] } });
  waitForLeader(sim, undefined, 5000);
  return sim;
};

/** A short random run: concurrent clients, loss/duplication/reordering, crashes, partitions; then healed. */
function stress(network: { dropRate?: number; duplicateRate?: number; delayMs?: [number, number] }, faults: boolean, steps = 30): Scenario {
  return (bug, s) => {
    const sim = newRaftSim({ seed: s, bug, network, raft: { snapshotThresholdEntries: 30 } });
    const rng = new Rng(s).fork('stress');
    for (let step = 0; step < steps; step++) {
      for (let k = 0; k < 3; k++) {
        if (!sim.processIdle(k)) continue;
        const key = `k${rng.int(2)}`;
        sim.submit(rng.chance(1, 4) ? { f: 'get', key } : { f: 'append', key, value: uniqueValue() }, { process: k });
      }
      if (faults) {
        const node = rng.int(5);
        const action = rng.int(12);
        if (action === 0) sim.crash(node);
        else if (action <= 2) sim.restart(node);
        else if (action === 3) {
          const minority = rng.shuffle(allNodes(sim)).slice(0, 2);
          sim.partition([minority, allNodes(sim).filter((n) => !minority.includes(n))]);
        } else if (action === 4) sim.heal();
        else if (action === 5) {
          const leader = leadersAmong(sim)[0]?.id;
          if (leader !== undefined) sim.crash(leader);
        }
      }
      sim.runFor(rng.range(20, 200));
    }
    sim.heal();
    for (const id of allNodes(sim)) if (!sim.isUp(id)) sim.restart(id);
    sim.setNetwork({ dropRate: 0, duplicateRate: 0, delayMs: [1, 10] });
    sim.runFor(3000);
    return sim;
  };
}

interface BugCase {
  bug: RaftBug;
  scenario: Scenario;
  /** The checker expected to report it (or any of several that see the same faulty step). */
  checker: string | readonly string[];
  /** Seeds tried (from the base seed, then from the default seed) until one detects it. */
  seeds?: number;
}

const cases: BugCase[] = [
  { bug: 'commit_old_term', scenario: oldTermEntries, checker: 'raft-figure8-commit' },
  { bug: 'term_not_persisted', scenario: restartAll, checker: 'raft-term-monotonic' },
  { bug: 'vote_not_persisted', scenario: restartAll, checker: 'raft-persist-before-ack' },
  { bug: 'ack_before_sync', scenario: crashAfterAck, checker: 'raft-persist-before-ack' },
  { bug: 'accept_stale_term', scenario: slowOldLeader, checker: 'raft-stale-term' },
  { bug: 'truncate_matching_suffix', scenario: duplicatedCatchUp, checker: 'raft-no-truncation-below-commit', seeds: 3 },
  { bug: 'commit_beyond_new_entries', scenario: smallBatchesSlowNetwork, checker: 'raft-follower-commit-bound', seeds: 3 },
  { bug: 'vote_without_up_to_date_check', scenario: laggardStands, checker: 'raft-election-restriction' },
  { bug: 'clear_vote_on_step_down', scenario: candidateAskedAgain, checker: 'raft-vote-uniqueness' },
  // The stale grant elects a leader without a majority of grants in its term, and is itself the step that made it leader.
  { bug: 'count_stale_votes', scenario: lateGrant, checker: ['raft-leader-votes', 'raft-stale-term'] },
  { bug: 'unsafe_leader_read', scenario: isolatedLeaderRead, checker: 'raft-stale-read' },
  { bug: 'no_dedup', scenario: stress({ dropRate: 0.2 }, false), checker: 'rsm', seeds: 5 },
  { bug: 'snapshot_discards_suffix', scenario: duplicatedSnapshots, checker: 'raft-no-truncation-below-commit', seeds: 5 },
  { bug: 'fixed_election_timeout', scenario: symmetricStart, checker: 'liveness' },
  { bug: 'stale_reject_echoes_request', scenario: staleRejection, checker: ['raft-stale-read', 'linearizability'] },
];

function checkersOf(violations: readonly Violation[]): string[] {
  return [...new Set(violations.map((v) => v.checker))].sort();
}

describe('raft deliberate bugs are caught', () => {
  it('lists every bug variant exercised here', () => {
    expect(Object.keys(raft.bugs ?? {}).sort()).toEqual(cases.map((c) => c.bug).sort());
  });

  for (const c of cases) {
    const expected: readonly string[] = typeof c.checker === 'string' ? [c.checker] : c.checker;
    it(`${c.bug} is caught by ${expected.join(' or ')}; the correct implementation passes the same scenario`, () => {
      const tries = c.seeds ?? 1;
      // First the seeds from FAULTLINE_SEED (new ground); if none of them catches the bug,
      // the default seeds, which `npm test` proves do. So a run from any FAULTLINE_SEED
      // passes whenever the default run does, and the correct implementation is still
      // checked on every seed tried.
      const seeds = Array.from({ length: tries }, (_, k) => seed + k);
      if (seed !== defaultSeed) seeds.push(...Array.from({ length: tries }, (_, k) => defaultSeed + k));
      let caught: { seed: number; violations: Violation[] } | undefined;
      const tried: string[] = [];
      for (const s of seeds) {
        if (caught !== undefined) break;
        const correct = c.scenario(undefined, s).check();
        expect(correct.map((v) => `${v.checker}: ${v.message}`), `correct implementation, seed ${s}`).toEqual([]);
        const violations = c.scenario(c.bug, s).check();
        tried.push(`seed ${s}: ${checkersOf(violations).join(', ') || 'clean'}`);
        if (violations.some((v) => expected.includes(v.checker))) caught = { seed: s, violations };
      }
      expect(caught, `${c.bug} not caught by ${expected.join(' or ')} (${tried.join('; ')})`).toBeDefined();
      const first = caught?.violations.find((v) => expected.includes(v.checker)) as Violation;
      console.log(`${c.bug} (seed ${caught?.seed}) -> ${first.checker}: ${first.message}`);
    });
  }
});
