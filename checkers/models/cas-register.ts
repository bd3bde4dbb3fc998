// `cas-register`: Knossos's cas-register (knossos.model/cas-register), with the initial
// value 0 that the corpus's Knossos histories were checked against.
// - read: a read of nil tells nothing (dropped); otherwise it must equal the value.
// - write v: the value becomes v.  cas [e n]: legal only if the value is e; it becomes n.
// - fail: the operation did not happen; dropped (Knossos: "fail ops are removed").
// - info / never completed: may have happened at any point after its call, or never;
//   an info read is dropped.
// - Invocation values are completed from the matching ok (knossos.history/complete).
// Nemesis ops (non-numeric :process) never reach the model: the EDN reader skips them.

import type { HistoryEvent } from '../history.ts';
import { equalValue, hashValue, showValue } from './hash.ts';
import { casArguments, noPartition, type Conversion, type Model } from './model.ts';

export type CasRegisterInput =
  | { f: 'read'; value: unknown }
  | { f: 'write'; value: unknown }
  | { f: 'cas'; expected: unknown; value: unknown };
/** Whether the operation is known to have completed ok, or is an info/pending one. */
export type CasRegisterOutput = 'ok' | 'unknown';

export function casRegisterModel(initial: unknown = 0): Model<unknown, CasRegisterInput, CasRegisterOutput> {
  return {
    name: 'cas-register',
    description: `Knossos cas-register (read, write, cas [expected new]), initially ${showValue(initial)}`,
    failRule: 'fail = did not happen: dropped (Knossos)',
    infoRule: 'info = may have happened at any point after its call, or never; info reads and reads of nil are dropped',
    init: () => initial,
    step(state, input) {
      switch (input.f) {
        case 'read':
          return equalValue(state, input.value) ? state : undefined;
        case 'write':
          return input.value;
        case 'cas':
          return equalValue(state, input.expected) ? input.value : undefined;
      }
    },
    readOnly: (input) => input.f === 'read',
    equal: equalValue,
    primitiveStatesExact: true,
    hash: hashValue,
    convert(invoke: HistoryEvent, completion: HistoryEvent | undefined): Conversion<CasRegisterInput, CasRegisterOutput> {
      if (completion?.type === 'fail') return { type: 'drop', why: 'fail: did not happen' };
      const ok = completion?.type === 'ok';
      // knossos.history/complete: an ok completion's value replaces the invocation's.
      const source = ok && completion !== undefined && completion.value !== undefined ? completion : invoke;
      const output: CasRegisterOutput = ok ? 'ok' : 'unknown';
      switch (invoke.f) {
        case 'read': {
          if (!ok || source.value === null || source.value === undefined) {
            return { type: 'drop', why: 'read of nil or with unknown answer tells nothing' };
          }
          return { type: 'op', input: { f: 'read', value: source.value }, output };
        }
        case 'write':
          return { type: 'op', input: { f: 'write', value: source.value ?? null }, output };
        case 'cas': {
          const args = casArguments(source) ?? casArguments(invoke);
          if (args === undefined) return { type: 'invalid', message: 'cas needs [expected new] as its value' };
          return { type: 'op', input: { f: 'cas', expected: args.expected, value: args.value }, output };
        }
        default:
          return { type: 'invalid', message: `cas-register model has no operation ${JSON.stringify(invoke.f)} (expected read, write or cas)` };
      }
    },
    partition: noPartition,
    describeOperation(input, output) {
      const suffix = output === 'unknown' ? ' (outcome unknown)' : '';
      switch (input.f) {
        case 'read':
          return `read → ${showValue(input.value)}${suffix}`;
        case 'write':
          return `write(${showValue(input.value)})${suffix}`;
        case 'cas':
          return `cas(${showValue(input.expected)} → ${showValue(input.value)})${suffix}`;
      }
    },
    describeState: showValue,
  };
}

export const casRegister: Model<unknown, CasRegisterInput, CasRegisterOutput> = casRegisterModel();
