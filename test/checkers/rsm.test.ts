// Proves the generic RSM checker flags each kind of replicated-state-machine violation
// (disagreement, gaps, double effect, unsubmitted command) and passes a clean stream,
// by feeding it hand-written observation streams.
import { describe, expect, it } from 'vitest';
import { rsmChecker } from '../../checkers/rsm.ts';
import type { Observation, RunEnd, Violation } from '../../checkers/types.ts';

const cmd = (id: string, value = 'v') => ({ type: 'client', request: { id, client: 1, seq: 1, op: { f: 'put', key: 'k', value } } });

function run(obs: Observation[], submitted: [string, unknown][] = []): Violation[] {
  const c = rsmChecker.create({ nodeCount: 3 });
  const out: Violation[] = [];
  for (const o of obs) out.push(...(c.observe?.(o) ?? []));
  const end: RunEnd = { timeMs: 0, nodeCount: 3, history: [], applied: [], submitted: new Map(submitted) };
  out.push(...(c.finish?.(end) ?? []));
  return out;
}

const boot = (node: number, incarnation = 0): Observation => ({ type: 'restart', timeMs: 0, node, incarnation, disk: {} });
const apply = (node: number, index: number, command: unknown, effect: 'applied' | 'duplicate' = 'applied', incarnation = 0): Observation => ({
  type: 'apply', timeMs: index, node, incarnation, index, command, commandKey: JSON.stringify(command), effect,
});

describe('rsm checker', () => {
  it('accepts agreeing, gap-free applies of submitted commands', () => {
    const obs = [boot(0), boot(1), apply(0, 1, cmd('a')), apply(1, 1, cmd('a')), apply(0, 2, { type: 'noop' }), apply(1, 2, { type: 'noop' })];
    expect(run(obs, [['a', cmd('a').request.op]])).toEqual([]);
  });

  it('flags two nodes applying different commands at one index', () => {
    const v = run([boot(0), boot(1), apply(0, 1, cmd('a')), apply(1, 1, cmd('b'))], [['a', cmd('a').request.op], ['b', cmd('b').request.op]]);
    expect(v.map((x) => x.message)).toEqual([expect.stringMatching(/nodes 0 and 1 applied different commands at index 1/)]);
  });

  it('flags gaps but allows a snapshot jump and a restart from a snapshot', () => {
    expect(run([boot(0), apply(0, 2, { type: 'noop' })])[0]?.message).toMatch(/applied index 2 but the next in order was 1/);
    const snapshotJump: Observation[] = [boot(0), apply(0, 1, { type: 'noop' }), { type: 'snapshot', timeMs: 1, node: 0, incarnation: 0, index: 5 }, apply(0, 6, { type: 'noop' })];
    expect(run(snapshotJump)).toEqual([]);
    const restart: Observation[] = [boot(0), apply(0, 1, { type: 'noop' }), boot(0, 1), apply(0, 1, { type: 'noop' }, 'applied', 1)];
    expect(run(restart)).toEqual([]);
  });

  it('flags a request taking effect at two indices, but not a recognised duplicate', () => {
    const op: [string, unknown][] = [['a', cmd('a').request.op]];
    expect(run([boot(0), apply(0, 1, cmd('a')), apply(0, 2, cmd('a'))], op)[0]?.message).toMatch(/request a took effect twice: at index 1 .* and at index 2/);
    expect(run([boot(0), apply(0, 1, cmd('a')), apply(0, 2, cmd('a'), 'duplicate')], op)).toEqual([]);
  });

  it('flags commands no client submitted, or with a changed op', () => {
    expect(run([boot(0), apply(0, 1, cmd('ghost'))])[0]?.message).toMatch(/which no client submitted/);
    expect(run([boot(0), apply(0, 1, cmd('a', 'changed'))], [['a', cmd('a').request.op]])[0]?.message).toMatch(/but the client sent/);
  });
});
