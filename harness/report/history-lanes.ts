// Client history → one bar per operation on its process's lane (invoke to completion),
// and the linearizability verdict drawn on them as Porcupine's visualizer does: the
// longest linearizable prefix numbered in linearization order with the model state after
// each step, the operations that could come next but cannot be placed, and the one whose
// response arrived while it still could not be linearized.

import type { PartitionFailure } from '../../checkers/linearizability/index.ts';
import type { History, HistoryEvent } from '../types.ts';
import type { HistoryView, LinearizabilityView, OpBar, OpStatus } from './types.ts';
import { shortValue } from './truncate.ts';

function inputText(e: HistoryEvent): string {
  if (e.f === 'cas') return `${shortValue(e.expected, 20)}→${shortValue(e.value, 20)}`;
  return shortValue(e.value);
}

function outputText(e: HistoryEvent): string {
  if (e.type === 'ok') return e.f === 'get' || e.f === 'read' ? shortValue(e.value) : 'ok';
  return e.error ?? e.type;
}

/**
 * Pairs each invoke with its completion: by request id when the history carries one, else
 * by process (a Jepsen process runs one operation at a time). Bars come out in invoke order,
 * and a bar's id is the history index of its invoke, so checker results map onto it.
 */
export function pairBars(history: History): OpBar[] {
  const bars: OpBar[] = [];
  const openByProcess = new Map<number, OpBar>();
  const openByRequest = new Map<string, OpBar>();
  history.forEach((e, index) => {
    if (e.type === 'invoke') {
      const bar: OpBar = {
        id: index,
        process: e.process,
        f: e.f,
        key: e.key ?? null,
        input: inputText(e),
        output: '',
        startMs: e.time,
        endMs: null,
        status: 'pending',
        requestId: e.requestId ?? null,
        mark: null,
        order: null,
        stateAfter: null,
      };
      bars.push(bar);
      openByProcess.set(e.process, bar);
      if (e.requestId !== undefined) openByRequest.set(e.requestId, bar);
      return;
    }
    const bar = (e.requestId !== undefined ? openByRequest.get(e.requestId) : undefined) ?? openByProcess.get(e.process);
    if (bar === undefined || bar.status !== 'pending') return;
    bar.status = e.type satisfies OpStatus;
    bar.endMs = e.time;
    bar.output = outputText(e);
    openByProcess.delete(bar.process);
    if (bar.requestId !== null) openByRequest.delete(bar.requestId);
  });
  return bars;
}

/** Marks `bars` (from pairBars) with the failing partitions; returns one view per partition. */
export function markLinearizability(bars: OpBar[], failures: readonly PartitionFailure[]): LinearizabilityView[] {
  const byId = new Map<number, OpBar>();
  for (const bar of bars) byId.set(bar.id, bar);
  const views: LinearizabilityView[] = [];
  for (const failure of failures) {
    const view: LinearizabilityView = { key: failure.key, explanation: failure.explanation, initialState: failure.initialState, prefix: [], stuck: [], blocking: null };
    failure.prefix.forEach((step, i) => {
      const bar = byId.get(step.op.callIndex);
      if (bar === undefined) return;
      bar.mark = 'prefix';
      bar.order = i + 1;
      bar.stateAfter = step.stateAfter;
      view.prefix.push(bar.id);
    });
    for (const op of failure.stuck) {
      const bar = byId.get(op.callIndex);
      if (bar === undefined) continue;
      if (bar.mark !== 'blocking') bar.mark = 'stuck';
      view.stuck.push(bar.id);
    }
    const blocking = byId.get(failure.blocking.callIndex);
    if (blocking !== undefined) {
      blocking.mark = 'blocking';
      view.blocking = blocking.id;
    }
    views.push(view);
  }
  return views;
}

export function historyView(history: History, failures: readonly PartitionFailure[], verdict: string): HistoryView {
  const ops = pairBars(history);
  const lin = markLinearizability(ops, failures);
  const processes = [...new Set(ops.map((o) => o.process))].sort((a, b) => a - b);
  return { processes, ops, failures: lin, verdict };
}
