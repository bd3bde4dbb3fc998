// Failure output people can act on (STYLE.md): the verdict and first violation, then the
// seed and what derives from it, then one command that replays it.
//
//   ✗ primary (bug: no_sync) · rsm: nodes 0 and 0 applied different commands at index 1 (t=12 345 ms)
//     seed 7 · faults: crash x2, drop 20% · 200 ops · trace 9c1f2a…e2
//     replay: npx faultline replay histories/primary-no_sync-7.json

import type { Violation } from '../types.ts';
import { summarizePlan } from '../scenario/fault-plan.ts';
import { scenarioOpCount, type Scenario } from '../scenario/scenario.ts';
import type { RunOrigin } from './guided/campaign.ts';
import type { LivenessReport } from '../scenario/liveness.ts';
import { inFlightMessagesMax } from '../network.ts';
import type { SimStats } from '../simulation.ts';

/** Longest violation message shown in a headline; the record keeps the whole text. */
export const headlineMessageMax = 240;
/** Violations listed under a headline before "... and N more". */
export const violationsListedMax = 3;

/** 41812 → "41 812". */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function implLabel(impl: string, bug: string | undefined): string {
  return bug === undefined ? impl : `${impl} (bug: ${bug})`;
}

export function shortHash(hash: string): string {
  return hash.length > 10 ? `${hash.slice(0, 6)}…${hash.slice(-2)}` : hash;
}

/** One violation as "checker: message (t=… ms)". */
export function describeViolation(v: Violation): string {
  // Some checkers already say when; do not say it twice.
  const when = /\(t=[\d ]+ ms\)/.test(v.message) ? '' : ` (t=${groupDigits(v.timeMs)} ms)`;
  return `${v.checker}: ${clip(v.message, headlineMessageMax)}${when}`;
}

/** The replay command for a saved record path. */
export function replayCommand(path: string): string {
  return `npx faultline replay ${path}`;
}

/** A failing run in STYLE.md form; `recordPath` undefined when nothing was saved; `origin` for a guided run. */
export function formatFailure(scenario: Scenario, violations: readonly Violation[], traceHash: string, recordPath: string | undefined, origin?: RunOrigin): string {
  const [first, ...rest] = violations;
  const lines: string[] = [];
  lines.push(`✗ ${implLabel(scenario.impl, scenario.bug)} · ${first === undefined ? 'failed' : describeViolation(first)}`);
  const shown = rest.slice(0, violationsListedMax - 1);
  for (const v of shown) lines.push(`  also ${describeViolation(v)}`);
  if (rest.length > shown.length) lines.push(`  … and ${rest.length - shown.length} more violation(s)`);
  const ops = scenario.workload === undefined ? 'no clients' : `${scenarioOpCount(scenario)} ops`;
  lines.push(`  seed ${scenario.seed} · ${scenario.options.nodes} nodes · faults: ${summarizePlan(scenario.faultPlan)} · ${ops} · trace ${shortHash(traceHash)}`);
  if (origin?.type === 'mutant') lines.push(`  guided: a mutant of seed ${origin.parentSeed}'s run: ${clip(origin.description, headlineMessageMax)}`);
  lines.push(recordPath === undefined ? '  (not saved: pass --out DIR to save a record)' : `  replay: ${replayCommand(recordPath)}`);
  return lines.join('\n');
}

/** A clean run in one line. */
export function formatPass(scenario: Scenario, traceHash: string): string {
  const ops = scenario.workload === undefined ? 'no clients' : `${scenarioOpCount(scenario)} ops`;
  return `✓ ${implLabel(scenario.impl, scenario.bug)} · seed ${scenario.seed} · ${scenario.options.nodes} nodes · faults: ${summarizePlan(scenario.faultPlan)} · ${ops} · trace ${shortHash(traceHash)}`;
}

/**
 * The line run, replay and the report show when the network refused sends because
 * inFlightMessagesMax messages were in flight; undefined when none were.
 */
export function describeOverflow(stats: Pick<SimStats, 'messagesOverflowed' | 'messagesSent'>): string | undefined {
  if (stats.messagesOverflowed === 0) return undefined;
  return `⚠ ${groupDigits(stats.messagesOverflowed)} of ${groupDigits(stats.messagesSent)} messages dropped as queue_full: ${groupDigits(inFlightMessagesMax)} were in flight at once (the simulated network's bound): a message storm`;
}

/** "faults: 12 of 180 ops (7%) gave up (info) · healed cluster led by node 2 from t=60 123 ms". */
export function describeLiveness(report: LivenessReport): string {
  const share = report.opsInFaultPhase === 0 ? 0 : Math.round((100 * report.opsGaveUpInFaultPhase) / report.opsInFaultPhase);
  const leader = report.leader === undefined ? '' : ` · healed cluster led by node ${report.leader.node} from t=${groupDigits(report.leader.sinceMs)} ms`;
  return `faults: ${report.opsGaveUpInFaultPhase} of ${report.opsInFaultPhase} ops (${share}%) gave up (info)${leader}`;
}
