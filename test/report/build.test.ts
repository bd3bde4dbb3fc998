// Proves the report data builder against real runs: a primary --bug no_sync record under
// crash faults (client lanes, bars paired with the history, the linearizability failure
// marked as Porcupine does, crash segments and bands matching the fault plan), a Raft run
// (message table agreeing with the simulator's counters, role lanes, cut bands), k-means
// (no history lanes), and that the replay with states recorded keeps the trace hash.
import { describe, expect, it } from 'vitest';
import { buildReportData } from '../../harness/report/build.ts';
import { collectReportInput } from '../../harness/report/collect.ts';
import { pairBars } from '../../harness/report/history-lanes.ts';
import { stateFacts } from '../../harness/report/state-recorder.ts';
import { buildScenario, runScenario } from '../../harness/scenario/scenario.ts';
import { primary } from '../../impls/primary/index.ts';
import { raft } from '../../impls/raft/index.ts';
import { kmeans } from '../../impls/kmeans/index.ts';
import { seedFromEnv } from '../support/seed.ts';
import { failingRecord } from './support.ts';

const firstSeed = seedFromEnv(1);

/** The union of [startMs, endMs] spans as disjoint spans in order; spans that touch merge, empty ones vanish. */
function spanUnion(spans: readonly { startMs: number; endMs: number }[]): { startMs: number; endMs: number }[] {
  const sorted = spans.filter((s) => s.endMs > s.startMs).map((s) => ({ startMs: s.startMs, endMs: s.endMs })).sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const out: { startMs: number; endMs: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.startMs <= last.endMs) last.endMs = Math.max(last.endMs, s.endMs);
    else out.push(s);
  }
  return out;
}

describe('report data: primary --bug no_sync under crash faults', () => {
  const record = failingRecord(primary, { impl: 'primary', bug: 'no_sync', faults: { type: 'list', kinds: ['crash'] }, ops: 120, durationMs: 30_000 }, firstSeed, 'linearizability');
  const input = collectReportInput(record, primary, 'histories/primary.json');
  const data = buildReportData(input);

  it('replays the record to the identical trace while reading node states', () => {
    expect(data.meta.replayIdentical).toBe(true);
    expect(data.meta.verdict).toBe('violation');
    expect(data.meta.commands).toEqual({ replay: 'npx faultline replay histories/primary.json', shrink: 'npx faultline shrink histories/primary.json' });
    expect(data.violations.length).toBe(record.violations.length);
  });

  it('draws one lane per client process and one bar per invoke, paired with its completion', () => {
    const h = data.history;
    expect(h).not.toBeNull();
    if (h === null) return;
    const invokes = record.history.filter((e) => e.type === 'invoke');
    expect(h.ops).toHaveLength(invokes.length);
    expect(h.processes).toEqual([...new Set(invokes.map((e) => e.process))].sort((a, b) => a - b));
    for (const bar of h.ops) {
      const invoke = record.history[bar.id];
      expect(invoke?.type).toBe('invoke');
      expect(bar.startMs).toBe(invoke?.time);
      if (bar.status === 'pending') expect(bar.endMs).toBeNull();
      else expect(bar.endMs as number).toBeGreaterThanOrEqual(bar.startMs);
    }
    const completions = record.history.filter((e) => e.type !== 'invoke');
    for (const status of ['ok', 'fail', 'info'] as const) {
      expect(h.ops.filter((o) => o.status === status)).toHaveLength(completions.filter((e) => e.type === status).length);
    }
  });

  it('marks the longest linearizable prefix in order, the stuck operations and the blocking one', () => {
    const h = data.history;
    if (h === null) throw new Error('no history');
    const failures = record.violations.filter((v) => v.checker === 'linearizability');
    expect(failures.length).toBeGreaterThan(0);
    expect(h.failures).toHaveLength(failures.length);
    expect(h.verdict).toBe(failures.length > 0 ? 'not_linearizable' : 'linearizable');
    for (const f of h.failures) {
      const byId = new Map(h.ops.map((o) => [o.id, o]));
      expect(f.prefix.map((id) => byId.get(id)?.order)).toEqual(f.prefix.map((_, i) => i + 1));
      for (const id of f.prefix) expect(byId.get(id)?.key).toBe(f.key);
      expect(f.blocking).not.toBeNull();
      expect(byId.get(f.blocking as number)?.mark).toBe('blocking');
      for (const id of f.stuck) expect(['stuck', 'blocking']).toContain(byId.get(id)?.mark);
      // The prefix's last state is what the explanation says the model reached.
      expect(byId.get(f.prefix[f.prefix.length - 1] as number)?.stateAfter).toEqual(expect.any(String));
    }
  });

  it('shows the crash windows of the plan as crashed segments and bands on their nodes', () => {
    const crashes = data.faults.filter((f) => f.type === 'crash' && !f.skipped && f.endMs > f.startMs);
    expect(crashes.length).toBeGreaterThan(0);
    for (const [node, lane] of data.nodes.entries()) {
      // A node stays down while any crash window on it is open (harness/scenario/fault-driver.ts),
      // so overlapping windows show as one span from the first start to the last end.
      const down = spanUnion(crashes.filter((f) => f.nodes[0] === node));
      expect(spanUnion(lane.bands.filter((b) => b.kind === 'crashed')), `crashed bands of node ${node}`).toEqual(down);
      expect(spanUnion(lane.segments.filter((s) => s.role === 'crashed')), `crashed segments of node ${node}`).toEqual(down);
    }
    for (const lane of data.nodes) {
      // Segments tile the run: contiguous, in order, no gaps after the first state.
      for (let i = 1; i < lane.segments.length; i++) expect(lane.segments[i]?.startMs).toBe(lane.segments[i - 1]?.endMs);
      expect(lane.segments[lane.segments.length - 1]?.endMs).toBe(data.meta.endMs);
      for (let i = 1; i < lane.states.length; i++) expect(lane.states[i]?.timeMs).toBeGreaterThanOrEqual(lane.states[i - 1]?.timeMs as number);
    }
    expect(data.nodes[0]?.segments[0]?.role).toBe('leader');
  });
});

describe('report data: raft', () => {
  const seed = firstSeed;
  const scenario = buildScenario({ impl: 'raft', algorithm: raft, seed, faults: { type: 'list', kinds: ['partition', 'crash_leader', 'drop', 'duplicate'] }, ops: 80, durationMs: 15_000 });
  const plain = runScenario(scenario, raft);
  const record = { format: 'faultline-record' as const, version: 1, impl: 'raft', seed, options: scenario.options, faultPlan: scenario.faultPlan, ...(scenario.workload ? { workload: scenario.workload } : {}), traceHash: plain.traceHash, violations: plain.violations, history: plain.history };
  const input = collectReportInput(record, raft);
  const data = buildReportData(input);

  it('keeps the trace hash with states recorded, and its message table agrees with the simulator', () => {
    expect(data.meta.replayIdentical).toBe(true);
    const m = data.messages;
    expect(m.total).toBe(plain.stats.messagesSent + plain.stats.messagesDuplicated);
    expect(m.from).toHaveLength(m.total);
    expect(m.fate.filter((f) => f === 'delivered')).toHaveLength(plain.stats.messagesDelivered);
    expect(m.fate.filter((f) => f === 'dropped')).toHaveLength(plain.stats.messagesDropped);
    expect(m.copyOf.filter((c) => c >= 0)).toHaveLength(plain.stats.messagesDuplicated);
    for (let i = 1; i < m.sendMs.length; i++) expect(m.sendMs[i]).toBeGreaterThanOrEqual(m.sendMs[i - 1] as number);
    for (let i = 0; i < m.sendMs.length; i++) if (m.endMs[i] !== -1) expect(m.endMs[i]).toBeGreaterThanOrEqual(m.sendMs[i] as number);
  });

  it('draws role and term over time: a leader somewhere, terms never decreasing on a lane', () => {
    const roles = new Set(data.nodes.flatMap((n) => n.segments.map((s) => s.role)));
    expect(roles.has('leader')).toBe(true);
    for (const lane of data.nodes) {
      const terms = lane.segments.filter((s) => s.epoch !== '').map((s) => Number(s.epoch.slice(1)));
      for (let i = 1; i < terms.length; i++) expect(terms[i]).toBeGreaterThanOrEqual(terms[i - 1] as number);
    }
  });

  it('shades cut links as bands during partitions', () => {
    const partitioned = data.faults.filter((f) => ['partition', 'isolate', 'ring', 'bridge', 'one_way'].includes(f.type) && !f.skipped && f.endMs > f.startMs);
    const cutBands = data.nodes.flatMap((n) => n.bands.filter((b) => b.kind === 'cut'));
    expect(partitioned.length).toBeGreaterThan(0);
    expect(cutBands.length).toBeGreaterThan(0);
    for (const b of cutBands) expect(partitioned.some((f) => b.startMs >= f.startMs && b.startMs <= f.endMs)).toBe(true);
  });
});

describe('report data: an algorithm without a client history', () => {
  it('has node lanes and no history lanes for kmeans', () => {
    const scenario = buildScenario({ impl: 'kmeans', algorithm: kmeans, seed: firstSeed, faults: { type: 'list', kinds: ['crash'] }, durationMs: 10_000 });
    const outcome = runScenario(scenario, kmeans);
    const record = { format: 'faultline-record' as const, version: 1, impl: 'kmeans', seed: firstSeed, options: scenario.options, faultPlan: scenario.faultPlan, traceHash: outcome.traceHash, violations: outcome.violations, history: outcome.history };
    const data = buildReportData(collectReportInput(record, kmeans));
    expect(data.history).toBeNull();
    expect(data.nodes).toHaveLength(scenario.options.nodes);
    expect(data.nodes[0]?.segments[0]?.role).toBe('coordinator');
    expect(data.messages.total).toBeGreaterThan(0);
    expect(data.meta.replayIdentical).toBe(true);
  });
});

describe('report pieces', () => {
  it('pairs by request id, leaves a never-completed op pending, and reads any algorithm state', () => {
    const bars = pairBars([
      { type: 'invoke', process: 0, time: 1, f: 'put', key: 'a', value: 'x', requestId: 'r1' },
      { type: 'invoke', process: 1, time: 2, f: 'get', key: 'a', requestId: 'r2' },
      { type: 'ok', process: 1, time: 5, f: 'get', key: 'a', value: 'x', requestId: 'r2' },
    ]);
    expect(bars.map((b) => [b.status, b.endMs, b.output])).toEqual([
      ['pending', null, ''],
      ['ok', 5, '"x"'],
    ]);
    expect(stateFacts({ role: 'follower', term: 3, preCandidate: true, commitIndex: 4, log: [1, 2] })).toMatchObject({ role: 'pre-candidate', epoch: 't3' });
    expect(stateFacts({ role: 'leader', ballot: { round: 4, node: 1 } }).epoch).toBe('b4.1');
    expect(stateFacts({ pingsSent: 3 }).summary).toBe('pingsSent 3');
  });
});
