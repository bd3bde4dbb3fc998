// The `kv` workload: get / put / append / cas over a few keys. Every written value is a
// unique token naming its client slot and step ("x2.17y" appended by slot 2 at its step
// 17), so a lost append, a doubled append or a stale read shows in the values a get
// returns, and the linearizability checker can tell the writes apart.

import type { Rng } from '../rng.ts';
import type { KvOp } from '../types.ts';
import type { Workload, WorkloadParams, WorkloadSpec, WorkloadStep } from './workload.ts';

/** Default operation mix (relative weights): append-heavy, since appends expose lost and doubled writes. */
export const kvMixDefault: Readonly<Record<KvOp['f'], number>> = { get: 3, put: 2, append: 4, cas: 1 };

const kvFunctions = ['get', 'put', 'append', 'cas'] as const;

function keyName(i: number): string {
  return `k${i}`;
}

function generate(params: WorkloadParams, rng: Rng): WorkloadSpec {
  const keys = Array.from({ length: params.keyCount }, (_, i) => keyName(i));
  const mix = kvFunctions.map((f) => Math.max(0, Math.floor(params.mix?.[f] ?? kvMixDefault[f])));
  const totalWeight = mix.reduce((a, b) => a + b, 0);
  const weights = totalWeight > 0 ? mix : kvFunctions.map((f) => kvMixDefault[f]);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const perClient = Math.max(1, Math.ceil(params.ops / params.clients));
  // Three quarters of the phase on average, so a slot's operations usually all fit even
  // with latency and a stall or two, while faults still meet traffic throughout.
  const thinkMsMean = Math.max(1, Math.floor((params.durationMs * 3) / (4 * perClient)));
  // Values written so far per key, so a cas sometimes expects a value that may be there.
  const written = new Map<string, string[]>();
  const slots = Array.from({ length: params.clients }, () => ({ steps: [] as WorkloadStep[] }));
  // Round-robin over slots so that `ops` need not divide evenly.
  for (let n = 0; n < params.ops; n++) {
    const slot = n % params.clients;
    const index = Math.floor(n / params.clients);
    const key = rng.pick(keys);
    let draw = rng.int(weightSum);
    let f: KvOp['f'] = 'get';
    for (let i = 0; i < kvFunctions.length; i++) {
      const w = weights[i] as number;
      if (draw < w) {
        f = kvFunctions[i] as KvOp['f'];
        break;
      }
      draw -= w;
    }
    const token = `${slot}.${index}`;
    let op: KvOp;
    switch (f) {
      case 'get':
        op = { f, key };
        break;
      case 'put':
        op = { f, key, value: `p${token}y` };
        break;
      case 'append':
        op = { f, key, value: `x${token}y` };
        break;
      case 'cas': {
        const seen = written.get(key) ?? [];
        const expected = seen.length > 0 && rng.chance(2, 3) ? rng.pick(seen) : '';
        op = { f, key, expected, value: `c${token}y` };
        break;
      }
    }
    if (op.f === 'put' || op.f === 'cas') {
      const list = written.get(key) ?? [];
      list.push(op.value);
      written.set(key, list);
    }
    (slots[slot] as { steps: WorkloadStep[] }).steps.push({ thinkMs: rng.range(0, 2 * thinkMsMean), op });
  }
  return { type: 'kv', keys, slots };
}

function validateOp(op: unknown): string | undefined {
  if (op === null || typeof op !== 'object') return 'not a kv operation object';
  const o = op as Record<string, unknown>;
  if (typeof o.key !== 'string') return 'kv op needs a string key';
  switch (o.f) {
    case 'get':
      return undefined;
    case 'put':
    case 'append':
      return typeof o.value === 'string' ? undefined : `kv ${o.f} needs a string value`;
    case 'cas':
      return typeof o.value === 'string' && typeof o.expected === 'string' ? undefined : 'kv cas needs string expected and value';
    default:
      return `unknown kv function ${JSON.stringify(o.f)}`;
  }
}

/** Weights a drawn mix gives each kind: off, rare, even, frequent. */
const mixWeightChoices = [0, 1, 2, 4] as const;

/**
 * A seed's mix: every kind off, rare, even or frequent, with at least one read and one
 * write, so a run can still see what it wrote. Read-heavy seeds look for stale reads,
 * append-heavy ones for lost and doubled writes, cas-heavy ones for lost updates.
 */
function drawMix(rng: Rng): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const f of kvFunctions) mix[f] = rng.pick(mixWeightChoices);
  if (mix.get === 0) mix.get = 1;
  if (mix.put === 0 && mix.append === 0 && mix.cas === 0) mix[rng.pick(['put', 'append', 'cas'] as const)] = 1;
  return mix;
}

/**
 * The probes of slot `slot`: a read, a write of a value no other operation writes, and a
 * read of that key. The first read meets a quiet cluster with no write to carry it (a
 * leader that serves reads only once some write commits fails it); the last must see the
 * write.
 */
function probeOps(spec: WorkloadSpec, slot: number): KvOp[] {
  const key = spec.keys[slot % Math.max(1, spec.keys.length)] ?? keyName(0);
  return [
    { f: 'get', key },
    { f: 'put', key, value: `q${slot}y` },
    { f: 'get', key },
  ];
}

/** What a guided mutation may send from slot `slot` at a moment it aims at: a get, or a put of a value of its own. */
function aimedOps(spec: WorkloadSpec, slot: number): KvOp[] {
  const key = spec.keys[slot % Math.max(1, spec.keys.length)] ?? keyName(0);
  return [
    { f: 'get', key },
    { f: 'put', key, value: `a${slot}y` },
  ];
}

export const kvWorkload: Workload = {
  name: 'kv',
  generate,
  validateOp,
  probeOps,
  drawMix,
  aimedOps,
};
