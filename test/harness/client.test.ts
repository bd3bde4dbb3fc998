// Proves the generic client's contract with the primary-copy example: it follows
// not_leader hints, retries a timed-out request with the same id on another node,
// records Jepsen-style histories, gives up with `info` and retires that process, and
// tells a submitter when its operation completed.
import { describe, expect, it } from 'vitest';
import { Simulation, type OpHandle } from '../../harness/index.ts';
import { primary } from '../../impls/primary/index.ts';
import { seedFromEnv } from '../support/seed.ts';

const seed = seedFromEnv(99);

describe('client', () => {
  it('follows a not_leader hint to the primary and records invoke/ok', () => {
    const sim = new Simulation({ algorithm: primary, nodes: 3, seed });
    const put = sim.submit({ f: 'put', key: 'k', value: 'v1' }, { node: 2 });
    sim.runUntil(() => put.status !== 'pending', { timeoutMs: 5_000 });
    const get = sim.submit({ f: 'get', key: 'k' }, { node: 1 });
    sim.runUntil(() => get.status !== 'pending', { timeoutMs: 5_000 });
    expect(put.status).toBe('ok');
    expect(get.result).toEqual({ type: 'ok', value: 'v1' });
    expect(put.attempts).toBe(2);
    expect(sim.history.map((e) => [e.type, e.f, e.value ?? null])).toEqual([
      ['invoke', 'put', 'v1'],
      ['ok', 'put', 'v1'],
      ['invoke', 'get', null],
      ['ok', 'get', 'v1'],
    ]);
    expect(sim.check()).toEqual([]);
  });

  it('retries the same request id after a timeout, and applies it once', () => {
    const sim = new Simulation({ algorithm: primary, nodes: 3, seed, client: { requestTimeoutMs: 200 } });
    sim.disconnect(0);
    const op = sim.submit({ f: 'append', key: 'k', value: 'x' }, { node: 0 });
    sim.runFor(500);
    expect(op.status).toBe('pending');
    sim.connect(0);
    sim.runUntil(() => op.status !== 'pending', { timeoutMs: 5_000 });
    expect(op.status).toBe('ok');
    expect(op.attempts).toBeGreaterThan(2);
    expect(sim.applied(0).length).toBe(1);
    expect(sim.check()).toEqual([]);
  });

  it('gives up with info after attemptsMax and retires the process', () => {
    const sim = new Simulation({ algorithm: primary, nodes: 3, seed, client: { requestTimeoutMs: 100, attemptsMax: 3 } });
    sim.crash(0);
    const op = sim.submit({ f: 'put', key: 'k', value: 'v' }, { process: 0 });
    sim.runFor(1_000);
    expect(op.status).toBe('info');
    expect(sim.history.at(-1)).toMatchObject({ type: 'info', process: op.process, error: 'timeout' });
    sim.restart(0);
    const next = sim.submit({ f: 'get', key: 'k' }, { process: 0 });
    sim.runUntil(() => next.status !== 'pending', { timeoutMs: 5_000 });
    expect(next.process).not.toBe(op.process);
    expect(next.status).toBe('ok');
  });

  it('calls onComplete once, in the event that completes the operation, for ok and info alike', () => {
    const sim = new Simulation({ algorithm: primary, nodes: 3, seed, client: { requestTimeoutMs: 100, attemptsMax: 3 } });
    const seen: [string, string, number][] = [];
    const onComplete = (h: OpHandle): void => {
      seen.push([h.id, h.status, sim.now]);
    };
    const put = sim.submit({ f: 'put', key: 'k', value: 'v' }, { node: 0, onComplete });
    sim.runUntil(() => put.status !== 'pending', { timeoutMs: 5_000 });
    expect(seen).toEqual([[put.id, 'ok', put.completeMs]]);
    sim.crash(0);
    const lost = sim.submit({ f: 'put', key: 'k', value: 'w' }, { node: 0, onComplete });
    sim.runFor(2_000);
    expect(lost.status).toBe('info');
    expect(seen).toEqual([
      [put.id, 'ok', put.completeMs],
      [lost.id, 'info', lost.completeMs],
    ]);
  });

  it('reports cas mismatches as fail', () => {
    const sim = new Simulation({ algorithm: primary, nodes: 1, seed });
    const cas = sim.submit({ f: 'cas', key: 'k', expected: 'nope', value: 'v' });
    sim.runUntil(() => cas.status !== 'pending', { timeoutMs: 1_000 });
    expect(cas.status).toBe('fail');
    expect(sim.history.at(-1)).toMatchObject({ type: 'fail', f: 'cas', error: 'cas_mismatch' });
  });
});
