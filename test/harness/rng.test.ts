// Proves the Rng is deterministic per seed, that forked streams are independent of each
// other's draws, and that its integer/ratio helpers stay in range, by direct sampling.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../harness/rng.ts';

describe('Rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const sa = Array.from({ length: 20 }, () => a.int(1000));
    const sb = Array.from({ length: 20 }, () => b.int(1000));
    const sc = Array.from({ length: 20 }, () => c.int(1000));
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('forks independent streams: extra draws in one never shift another', () => {
    const root1 = new Rng(42);
    const root2 = new Rng(42);
    const net1 = root1.fork('network');
    const net2 = root2.fork('network');
    const nodeA = root1.fork('node/0');
    for (let i = 0; i < 100; i++) nodeA.int(10); // draws only in stream 1's node
    root2.int(5); // and in the root of stream 2
    expect(Array.from({ length: 10 }, () => net1.int(1 << 30))).toEqual(Array.from({ length: 10 }, () => net2.int(1 << 30)));
    expect(root1.fork('x').int(1 << 30)).not.toEqual(root1.fork('y').int(1 << 30));
  });

  it('keeps range, chance and pick within bounds', () => {
    const rng = new Rng('bounds');
    let hits = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < 20_000; i++) {
      const v = rng.range(-3, 3);
      min = Math.min(min, v);
      max = Math.max(max, v);
      if (rng.chance(1, 4)) hits++;
    }
    expect([min, max]).toEqual([-3, 3]);
    expect(hits / 20_000).toBeGreaterThan(0.23);
    expect(hits / 20_000).toBeLessThan(0.27);
    expect(['a', 'b']).toContain(rng.pick(['a', 'b']));
    expect(rng.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
    expect(() => rng.int(0)).toThrow(/bad bound/);
  });
});
