// Pairs a history's events into operations and applies the model's rule for fail and
// info. Real-time order is the order of events in the history (not their `time`
// fields, which may tie): op A precedes op B iff A's completion comes before B's invoke.

import type { History, HistoryEvent } from '../history.ts';
import type { AnyModel, Operation } from '../models/model.ts';
import { HistoryFormatError } from '../formats/errors.ts';

export interface PairedHistory {
  ops: Operation[];
  /** Invocations the model dropped (fail = did not happen, reads that told nothing…). */
  dropped: number;
  /** `dropped` by the model's reason (its `why`), in order of first occurrence. */
  droppedWhy: Map<string, number>;
}

/**
 * `source` names the history in errors; `lines[i]` (when given) is the source line of
 * event i, otherwise errors cite the 1-based event number.
 */
export function pairOperations(
  history: History,
  model: AnyModel,
  source = 'history',
  lines?: readonly number[],
): PairedHistory {
  const lineOf = (i: number): number => lines?.[i] ?? i + 1;
  const pending = new Map<number, number>();
  const completionOf = new Int32Array(history.length).fill(-1);
  for (let i = 0; i < history.length; i++) {
    const ev = history[i] as HistoryEvent;
    if (ev.type === 'invoke') {
      const open = pending.get(ev.process);
      if (open !== undefined) {
        throw new HistoryFormatError(source, lineOf(i), `process ${ev.process} invoked ${ev.f} while its ${(history[open] as HistoryEvent).f} from line ${lineOf(open)} has not completed`);
      }
      pending.set(ev.process, i);
      continue;
    }
    const open = pending.get(ev.process);
    if (open === undefined) {
      throw new HistoryFormatError(source, lineOf(i), `${ev.type} ${ev.f} for process ${ev.process}, which has no pending invocation`);
    }
    const invoke = history[open] as HistoryEvent;
    if (invoke.f !== ev.f) {
      throw new HistoryFormatError(source, lineOf(i), `${ev.type} ${ev.f} for process ${ev.process} completes a ${invoke.f} (line ${lineOf(open)})`);
    }
    completionOf[open] = i;
    pending.delete(ev.process);
  }

  const ops: Operation[] = [];
  let dropped = 0;
  const droppedWhy = new Map<string, number>();
  for (let i = 0; i < history.length; i++) {
    const invoke = history[i] as HistoryEvent;
    if (invoke.type !== 'invoke') continue;
    const c = completionOf[i] as number;
    const completion = c >= 0 ? history[c] : undefined;
    const conversion = model.convert(invoke, completion);
    switch (conversion.type) {
      case 'drop':
        dropped++;
        droppedWhy.set(conversion.why, (droppedWhy.get(conversion.why) ?? 0) + 1);
        continue;
      case 'invalid':
        throw new HistoryFormatError(source, lineOf(i), conversion.message);
      case 'op':
        break;
      default:
        return assertNever(conversion);
    }
    const finite = completion !== undefined && completion.type !== 'info';
    ops.push({
      id: ops.length,
      process: invoke.process,
      f: invoke.f,
      key: invoke.key,
      callIndex: i,
      returnIndex: finite ? c : Infinity,
      callTime: invoke.time,
      returnTime: finite ? completion.time : undefined,
      input: conversion.input,
      output: conversion.output,
    });
  }
  return { ops, dropped, droppedWhy };
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}
