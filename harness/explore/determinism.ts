// The determinism self-check (`explore --check-determinism`): run the same scenario twice
// and compare trace hashes. On a mismatch, run both again keeping the full trace and name
// the first event that differs, which points at the nondeterministic code (a module-level
// counter, iteration over a Set of objects, a stray Date).

import type { TraceEvent } from '../trace.ts';
import type { Algorithm } from '../types.ts';
import { runScenario, type Scenario } from '../scenario/scenario.ts';

export type DeterminismResult =
  | { type: 'ok'; traceHash: string }
  | {
      type: 'mismatch';
      firstHash: string;
      secondHash: string;
      /** Index of the first differing trace event, when the traces were kept. */
      index: number | undefined;
      first: TraceEvent | undefined;
      second: TraceEvent | undefined;
      message: string;
    };

function eventText(event: TraceEvent | undefined): string {
  return event === undefined ? '(end of trace)' : JSON.stringify(event);
}

/** Index of the first event where two traces differ, or undefined when equal. */
export function firstDifference(a: readonly TraceEvent[], b: readonly TraceEvent[]): number | undefined {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (JSON.stringify(a[i]) !== JSON.stringify(b[i])) return i;
  return undefined;
}

export function checkDeterminism(scenario: Scenario, algorithm: Algorithm, firstHash?: string): DeterminismResult {
  const one = firstHash ?? runScenario(scenario, algorithm).traceHash;
  const two = runScenario(scenario, algorithm).traceHash;
  if (one === two) return { type: 'ok', traceHash: one };
  const a = runScenario(scenario, algorithm, { recordTrace: true }).trace ?? [];
  const b = runScenario(scenario, algorithm, { recordTrace: true }).trace ?? [];
  const index = firstDifference(a, b);
  const where =
    index === undefined
      ? 'the kept traces agree, so the difference is in something hashed but not kept'
      : `first differing trace event #${index}: ${eventText(a[index])} vs ${eventText(b[index])}`;
  return {
    type: 'mismatch',
    firstHash: one,
    secondHash: two,
    index,
    first: index === undefined ? undefined : a[index],
    second: index === undefined ? undefined : b[index],
    message: `nondeterministic: seed ${scenario.seed} gave trace ${one} then ${two}; ${where}`,
  };
}
