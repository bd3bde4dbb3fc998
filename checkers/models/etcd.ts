// `etcd`: Porcupine's etcd model (porcupine/etcd_test.go): one register, initially nil.
// - read → nil asserts the register is nil; read → v asserts it holds v.
// - write v: the value becomes v.
// - cas [e n] ok: legal only if the value is e; it becomes n.
// - cas [e n] fail: kept — the cas ran and returned false, so it asserts the value was
//   not e at its linearization point (and changes nothing). This is stronger than
//   dropping it, and sound because etcd answers false only after evaluating the compare.
// - fail read (`:fail :read :timed-out`): told nothing; dropped. Any other fail: dropped.
// - info / never completed: may have happened at any point after its call, or never;
//   an info cas has an unknown outcome; an info read is dropped.

import type { HistoryEvent } from '../history.ts';
import { equalValue, hashValue, showValue } from './hash.ts';
import { casArguments, noPartition, type Conversion, type Model } from './model.ts';

export type EtcdInput = { f: 'read' } | { f: 'write'; value: unknown } | { f: 'cas'; expected: unknown; value: unknown };
export type EtcdOutput =
  | { type: 'read'; value: unknown }
  | { type: 'ok' }
  | { type: 'cas_failed' }
  | { type: 'unknown' };

export const etcd: Model<unknown, EtcdInput, EtcdOutput> = {
  name: 'etcd',
  description: "Porcupine's etcd model: register (read, write, cas [expected new]), initially nil",
  failRule: 'fail cas = ran and returned false: kept, asserts the value was not `expected`; other fails (e.g. :fail :read :timed-out) dropped',
  infoRule: 'info = may have happened at any point after its call, or never (outcome unknown); info reads are dropped',
  init: () => null,
  step(state, input, output) {
    switch (input.f) {
      case 'read':
        return output.type === 'read' && equalValue(state, output.value) ? state : undefined;
      case 'write':
        return input.value;
      case 'cas': {
        const matches = equalValue(state, input.expected);
        switch (output.type) {
          case 'cas_failed':
            return matches ? undefined : state;
          case 'unknown':
            return matches ? input.value : state;
          default:
            return matches ? input.value : undefined;
        }
      }
    }
  },
  readOnly: (input, output) => input.f === 'read' || output.type === 'cas_failed',
  equal: equalValue,
  primitiveStatesExact: true,
  hash: hashValue,
  convert(invoke: HistoryEvent, completion: HistoryEvent | undefined): Conversion<EtcdInput, EtcdOutput> {
    const type = completion?.type ?? 'info';
    switch (invoke.f) {
      case 'read':
        if (type !== 'ok') return { type: 'drop', why: 'read that told nothing' };
        return { type: 'op', input: { f: 'read' }, output: { type: 'read', value: completion?.value ?? null } };
      case 'write':
        if (type === 'fail') return { type: 'drop', why: 'fail: did not happen' };
        return { type: 'op', input: { f: 'write', value: invoke.value ?? null }, output: type === 'ok' ? { type: 'ok' } : { type: 'unknown' } };
      case 'cas': {
        const args = casArguments(invoke);
        if (args === undefined) return { type: 'invalid', message: 'cas needs [expected new] as its value' };
        const input: EtcdInput = { f: 'cas', expected: args.expected, value: args.value };
        switch (type) {
          case 'ok':
            return { type: 'op', input, output: { type: 'ok' } };
          case 'fail':
            return { type: 'op', input, output: { type: 'cas_failed' } };
          default:
            return { type: 'op', input, output: { type: 'unknown' } };
        }
      }
      default:
        return { type: 'invalid', message: `etcd model has no operation ${JSON.stringify(invoke.f)} (expected read, write or cas)` };
    }
  },
  partition: noPartition,
  describeOperation(input, output) {
    const suffix = output.type === 'unknown' ? ' (outcome unknown)' : '';
    switch (input.f) {
      case 'read':
        return output.type === 'read' ? `read → ${showValue(output.value)}` : 'read → ?';
      case 'write':
        return `write(${showValue(input.value)})${suffix}`;
      case 'cas':
        return `cas(${showValue(input.expected)} → ${showValue(input.value)})${output.type === 'cas_failed' ? ' → false' : suffix}`;
    }
  },
  describeState: showValue,
};
