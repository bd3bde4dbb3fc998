// The determinism self-check (`explore --check-determinism`): run the same scenario twice
// in one process and compare. Both runs keep their full trace, so a mismatch names the
// first event that differs and the field inside it (`msg.n: 9 then 10`), which points at
// the code. Keeping the trace of the runs that differed matters: state that leaks between
// runs (a module-level cache set up by the first run only) makes runs one and two differ
// while any later pair agrees, so traces taken afresh after a mismatch may show nothing.
// A third run then tells the two kinds of leak apart for the message.

import type { TraceEvent } from '../trace.ts';
import type { Algorithm, Violation } from '../types.ts';
import { runScenario, type RunOutcome, type Scenario, type RunOptions } from '../scenario/scenario.ts';

export type DeterminismResult =
  | { type: 'ok'; traceHash: string }
  | {
      type: 'mismatch';
      firstHash: string;
      secondHash: string;
      /** Index of the first differing trace event; undefined when the events agree and the ends of the runs differ. */
      index: number | undefined;
      first: TraceEvent | undefined;
      second: TraceEvent | undefined;
      message: string;
    };

/**
 * One seed in this many is re-run and compared on every run, explore and replay, without
 * --check-determinism: a plug-in that keeps state between runs (a module-level counter)
 * fails there instead of passing quietly. The choice depends only on the seed, so a
 * seed's verdict is the same under run, explore, replay, any --workers and any shard.
 * FoundationDB's simulator re-runs a share of its seeds the same way. Cost: 1-2.5% of a
 * sweep (a sampled Raft seed costs 1.7-2.6 runs, measured against plain runs in one process).
 */
export const determinismSampleEvery = 64;

/** Whether `seed` is one of the seeds re-run and compared (a mix of its bits, so any range holds its share). */
export function sampledForDeterminism(seed: number): boolean {
  const low = seed >>> 0;
  const high = Math.floor(seed / 2 ** 32) >>> 0;
  let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) % determinismSampleEvery === 0;
}

/** A run of the check: its hash, the events it kept and how it ended. */
export interface CheckedRun {
  traceHash: string;
  trace: readonly TraceEvent[];
  violations: readonly Violation[];
}

/** Index of the first event where two traces differ, or undefined when equal. */
export function firstDifference(a: readonly TraceEvent[], b: readonly TraceEvent[]): number | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return i;
  return undefined;
}

/** The first path where two JSON-shaped values differ (`msg.n`), with both values, or undefined when equal. */
export function firstFieldDifference(a: unknown, b: unknown, path = ''): { path: string; a: unknown; b: unknown } | undefined {
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  const bothObjects = a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) return { path, a, b };
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
  for (const key of keys) {
    const found = firstFieldDifference(ra[key], rb[key], path === '' ? key : `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return { path, a, b };
}

function valueText(value: unknown): string {
  if (value === undefined) return '(absent)';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function eventTitle(event: TraceEvent): string {
  const where = 'node' in event ? ` on node ${event.node}` : 'from' in event ? ` from node ${event.from} to node ${event.to}` : '';
  return `a ${event.type}${where} at t=${event.timeMs} ms`;
}

/** Where two traces part, in words. */
function describeDifference(index: number, a: TraceEvent | undefined, b: TraceEvent | undefined): string {
  if (a === undefined || b === undefined) {
    const ends = a === undefined ? 'the first run' : 'the second run';
    const more = (a ?? b) as TraceEvent;
    return `trace event #${index}: ${ends} ended there, the other went on with ${eventTitle(more)}`;
  }
  const field = firstFieldDifference(a, b);
  const what = field === undefined || field.path === '' ? `${valueText(a)} then ${valueText(b)}` : `${field.path}: ${valueText(field.a)} then ${valueText(field.b)}`;
  return `first differing trace event #${index}, ${eventTitle(a)}: ${what}`;
}

function endText(violations: readonly Violation[]): string {
  const first = violations[0];
  return first === undefined ? 'no violation' : `${first.checker}: ${first.message}`;
}

/** Runs the scenario keeping its trace, as the check needs it. */
export function checkedRun(scenario: Scenario, algorithm: Algorithm, options: RunOptions = {}): { outcome: RunOutcome; run: CheckedRun } {
  const outcome = runScenario(scenario, algorithm, { ...options, recordTrace: true });
  return { outcome, run: { traceHash: outcome.traceHash, trace: outcome.trace ?? [], violations: outcome.violations } };
}

/**
 * Runs `scenario` again and compares it with `first` (a run made with its trace kept; made
 * here when absent). On a mismatch, a third run says whether the first run alone differed
 * (something it set up, kept in module scope, changed the runs after it) or every run does.
 */
export function checkDeterminism(scenario: Scenario, algorithm: Algorithm, first?: CheckedRun): DeterminismResult {
  const one = first ?? checkedRun(scenario, algorithm).run;
  const two = checkedRun(scenario, algorithm).run;
  if (one.traceHash === two.traceHash) return { type: 'ok', traceHash: one.traceHash };
  const index = firstDifference(one.trace, two.trace);
  const where =
    index !== undefined
      ? describeDifference(index, one.trace[index], two.trace[index])
      : `every trace event agrees and the runs ended differently: ${valueText(endText(one.violations))} then ${valueText(endText(two.violations))}`;
  const three = runScenario(scenario, algorithm).traceHash;
  const cause =
    three === two.traceHash
      ? 'a third run matched the second: the first run left state behind (a module-level variable or cache) that changed the runs after it'
      : 'a third run differed again: state kept between runs (a module-level counter) or an outside source the guard does not cover';
  return {
    type: 'mismatch',
    firstHash: one.traceHash,
    secondHash: two.traceHash,
    index,
    first: index === undefined ? undefined : one.trace[index],
    second: index === undefined ? undefined : two.trace[index],
    message: `nondeterministic: seed ${scenario.seed} gave trace ${one.traceHash} then ${two.traceHash}; ${where}; ${cause}`,
  };
}
