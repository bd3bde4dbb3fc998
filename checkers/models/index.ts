// The models the linearizability checker knows by name (`check-history --model NAME`).

import type { AnyModel } from './model.ts';
import { casRegister } from './cas-register.ts';
import { etcd } from './etcd.ts';
import { kv } from './kv.ts';
import { register } from './register.ts';

export const models: Record<string, AnyModel> = {
  register,
  'cas-register': casRegister,
  etcd,
  kv,
};

export type { AnyModel, Conversion, Model, Operation } from './model.ts';
export { casArguments, noPartition, partitionByKey } from './model.ts';
export { registerModel, register, type RegisterInput, type RegisterOutput } from './register.ts';
export { casRegisterModel, casRegister, type CasRegisterInput, type CasRegisterOutput } from './cas-register.ts';
export { etcd, type EtcdInput, type EtcdOutput } from './etcd.ts';
export { kv, type KvInput, type KvOutput } from './kv.ts';
export { hashString, hashValue, equalValue, mix32, showValue } from './hash.ts';
