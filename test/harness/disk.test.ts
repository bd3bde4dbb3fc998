// The simulated disk's copies: the hand-written fast path must give what structuredClone
// gives (for plain data and for everything it hands over), and nothing it returns may
// alias what the node still holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimDisk, copyStored } from '../../harness/disk.ts';
import { seedFromEnv } from '../support/seed.ts';

const propertySeed = seedFromEnv(11);

describe('disk copies', () => {
  it('equal structuredClone for any cloneable value', () => {
    const cloneable = fc.anything({
      withMap: true,
      withSet: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withBoxedValues: true,
      withObjectString: true,
    });
    fc.assert(
      fc.property(cloneable, (value) => {
        expect(copyStored(value)).toStrictEqual(structuredClone(value));
      }),
      { seed: propertySeed, numRuns: 2000 },
    );
  });

  it('throw as structuredClone does on functions, and copy cycles as it does', () => {
    expect(() => copyStored({ f: () => 1 })).toThrow();
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    const copy = copyStored(cyclic) as Record<string, unknown>;
    expect(copy.self).toBe(copy);
    expect(copy).not.toBe(cyclic);
  });

  it('never let a node change what it stored, or what it read', () => {
    const disk = new SimDisk();
    const entry = { term: 1, command: { key: 'k', values: [1, 2] } };
    disk.write('e', entry);
    entry.command.values.push(3);
    const read = disk.read<typeof entry>('e')!;
    expect(read.command.values).toEqual([1, 2]);
    read.command.values.push(4);
    disk.sync();
    expect(disk.read<typeof entry>('e')!.command.values).toEqual([1, 2]);
    expect(disk.durableSnapshot()).toEqual({ e: { term: 1, command: { key: 'k', values: [1, 2] } } });
  });
});
