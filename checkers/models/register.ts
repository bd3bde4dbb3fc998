// `register`: a single read/write register, initially nil (null). A read must return
// exactly the current value (a read of nil asserts the register is still empty).
// fail: the operation did not happen; it is dropped.
// info / never completed: a write may take effect at any point after its call, or never;
// a read with no answer tells nothing and is dropped.

import type { HistoryEvent } from '../history.ts';
import { equalValue, hashValue, showValue } from './hash.ts';
import { noPartition, type Conversion, type Model } from './model.ts';

export type RegisterInput = { f: 'read' } | { f: 'write'; value: unknown };
/** `known`: the read's answer; `unknown`: an info write. */
export type RegisterOutput = { type: 'known'; value: unknown } | { type: 'unknown' };

export function registerModel(initial: unknown = null): Model<unknown, RegisterInput, RegisterOutput> {
  return {
    name: 'register',
    description: `read/write register, initially ${showValue(initial)}; a read returns exactly the current value`,
    failRule: 'fail = did not happen: dropped',
    infoRule: 'info = may have happened at any point after its call, or never; info reads are dropped',
    init: () => initial,
    step(state, input, output) {
      switch (input.f) {
        case 'read':
          return output.type === 'known' && equalValue(state, output.value) ? state : undefined;
        case 'write':
          return input.value;
      }
    },
    readOnly: (input) => input.f === 'read',
    equal: equalValue,
    primitiveStatesExact: true,
    hash: hashValue,
    convert(invoke: HistoryEvent, completion: HistoryEvent | undefined): Conversion<RegisterInput, RegisterOutput> {
      if (completion?.type === 'fail') return { type: 'drop', why: 'fail: did not happen' };
      const known = completion?.type === 'ok';
      switch (invoke.f) {
        case 'read':
          if (!known) return { type: 'drop', why: 'read with unknown answer' };
          return { type: 'op', input: { f: 'read' }, output: { type: 'known', value: completion?.value ?? null } };
        case 'write': {
          const value = known && completion?.value !== undefined ? completion.value : invoke.value;
          return { type: 'op', input: { f: 'write', value: value ?? null }, output: { type: 'unknown' } };
        }
        default:
          return { type: 'invalid', message: `register model has no operation ${JSON.stringify(invoke.f)} (expected read or write)` };
      }
    },
    partition: noPartition,
    describeOperation(input, output) {
      switch (input.f) {
        case 'read':
          return output.type === 'known' ? `read → ${showValue(output.value)}` : 'read → ?';
        case 'write':
          return `write(${showValue(input.value)})`;
      }
    },
    describeState: showValue,
  };
}

export const register: Model<unknown, RegisterInput, RegisterOutput> = registerModel();
