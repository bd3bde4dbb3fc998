// `kv`: faultline's key-value workload and Porcupine's kv model. Every key is an
// independent string register starting at "" (so the history is partitioned by key).
// - get → v: the key holds v (a missing or nil answer means "").
// - put v: the key becomes v.  append v: the key becomes its value followed by v.
// - cas (expected → v) ok: legal only if the key holds `expected`; it becomes v.
// - fail with error 'cas_mismatch' on a cas: kept — in faultline a fail means the
//   operation definitely did not take effect, and cas_mismatch says why: the server
//   evaluated the compare and it failed. So it asserts the key did not hold `expected`
//   at its linearization point, and changes nothing. This is the stronger of the two
//   sound rules (dropping it is the weaker one).
// - any other fail: did not happen; dropped.
// - info / never completed: may have happened at any point after its call, or never;
//   an info get is dropped, an info cas has an unknown outcome.

import type { HistoryEvent } from '../history.ts';
import { hashString, showValue } from './hash.ts';
import { partitionByKey, type Conversion, type Model } from './model.ts';

export type KvInput =
  | { f: 'get' }
  | { f: 'put'; value: string }
  | { f: 'append'; value: string }
  | { f: 'cas'; expected: string; value: string };
export type KvOutput =
  | { type: 'get'; value: string }
  | { type: 'ok' }
  | { type: 'cas_mismatch' }
  | { type: 'unknown' };

function asString(v: unknown): string | undefined {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

export const kv: Model<string, KvInput, KvOutput> = {
  name: 'kv',
  description: 'string key-value store (get, put, append, cas), every key initially ""; keys are independent',
  failRule: "fail cas with error 'cas_mismatch' = compare ran and failed: kept, asserts the key did not hold `expected`; any other fail = did not happen: dropped",
  infoRule: 'info = may have happened at any point after its call, or never (outcome unknown); info gets are dropped',
  init: () => '',
  step(state, input, output) {
    switch (input.f) {
      case 'get':
        return output.type === 'get' && output.value === state ? state : undefined;
      case 'put':
        return input.value;
      case 'append':
        return state + input.value;
      case 'cas': {
        const matches = state === input.expected;
        switch (output.type) {
          case 'cas_mismatch':
            return matches ? undefined : state;
          case 'unknown':
            return matches ? input.value : state;
          default:
            return matches ? input.value : undefined;
        }
      }
    }
  },
  readOnly: (input, output) => input.f === 'get' || output.type === 'cas_mismatch',
  // The prefix order: only append (and the read-only get and failed cas) keep the old
  // value as a prefix; put and a cas that took effect replace it.
  grows: (input, output) => input.f === 'append' || input.f === 'get' || output.type === 'cas_mismatch',
  resetsTo: (input) => (input.f === 'put' || input.f === 'cas' ? input.value : undefined),
  reachable: (state, input, output) =>
    input.f !== 'get' || output.type !== 'get' || (output.value.length >= state.length && output.value.startsWith(state)),
  equal: (a, b) => a === b,
  primitiveStatesExact: true,
  hash: hashString,
  convert(invoke: HistoryEvent, completion: HistoryEvent | undefined): Conversion<KvInput, KvOutput> {
    const type = completion?.type ?? 'info';
    const f = invoke.f;
    if (type === 'fail' && !(f === 'cas' && completion?.error === 'cas_mismatch')) {
      return { type: 'drop', why: 'fail: did not happen' };
    }
    const unknown: KvOutput = { type: 'unknown' };
    switch (f) {
      case 'get': {
        if (type !== 'ok') return { type: 'drop', why: 'get with unknown answer' };
        const value = asString(completion?.value);
        if (value === undefined) return { type: 'invalid', message: 'get must return a string' };
        return { type: 'op', input: { f: 'get' }, output: { type: 'get', value } };
      }
      case 'put':
      case 'append': {
        const value = asString(invoke.value);
        if (value === undefined) return { type: 'invalid', message: `${f} needs a string value` };
        return { type: 'op', input: { f, value }, output: type === 'ok' ? { type: 'ok' } : unknown };
      }
      case 'cas': {
        const expected = asString(invoke.expected);
        const value = asString(invoke.value);
        if (invoke.expected === undefined || expected === undefined || value === undefined) {
          return { type: 'invalid', message: 'cas needs string expected and value' };
        }
        const output: KvOutput = type === 'ok' ? { type: 'ok' } : type === 'fail' ? { type: 'cas_mismatch' } : unknown;
        return { type: 'op', input: { f: 'cas', expected, value }, output };
      }
      default:
        return { type: 'invalid', message: `kv model has no operation ${JSON.stringify(f)} (expected get, put, append or cas)` };
    }
  },
  partition: partitionByKey,
  describeOperation(input, output) {
    const suffix = output.type === 'unknown' ? ' (outcome unknown)' : '';
    switch (input.f) {
      case 'get':
        return output.type === 'get' ? `get → ${showValue(output.value)}` : 'get → ?';
      case 'put':
        return `put(${showValue(input.value)})${suffix}`;
      case 'append':
        return `append(${showValue(input.value)})${suffix}`;
      case 'cas':
        return `cas(${showValue(input.expected)} → ${showValue(input.value)})${output.type === 'cas_mismatch' ? ' → cas_mismatch' : suffix}`;
    }
  },
  describeState: (s) => JSON.stringify(s),
};
