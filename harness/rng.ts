// The only source of randomness in faultline, and the only importer of seedrandom.
// Every component draws from its own named stream, forked from the run's seed by label
// ("network", "nemesis", "node/3", "client/0"), so one extra draw in one component never
// shifts another's sequence. The API is integers and ratios; `float()` exists only to
// implement the plug-in contract's `ctx.random()`.

import seedrandom from 'seedrandom';
import { AssertionError, assert } from './assert.ts';

const TWO_POW_32 = 4294967296;

export class Rng {
  readonly seed: string;
  private readonly next: () => number;

  constructor(seed: string | number) {
    this.seed = String(seed);
    // alea: fast, 32-bit state mixing, identical on every platform.
    this.next = seedrandom.alea(this.seed).double;
  }

  /** An independent stream named by `label`; depends only on the seed and the label. */
  fork(label: string): Rng {
    return new Rng(`${this.seed}/${label}`);
  }

  /** A float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (!(Number.isInteger(n) && n > 0 && n <= TWO_POW_32)) throw new AssertionError(`rng.int: bad bound ${n}`);
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max], inclusive. */
  range(min: number, max: number): number {
    if (!(Number.isInteger(min) && Number.isInteger(max) && min <= max)) throw new AssertionError(`rng.range: bad range [${min}, ${max}]`);
    return min + this.int(max - min + 1);
  }

  /** True with probability numerator/denominator. */
  chance(numerator: number, denominator: number): boolean {
    if (!(denominator > 0 && numerator >= 0 && numerator <= denominator)) throw new AssertionError(`rng.chance: bad ratio ${numerator}/${denominator}`);
    if (numerator === 0) return false;
    return this.next() * denominator < numerator;
  }

  /** True with probability `rate` in [0, 1]. */
  rate(rate: number): boolean {
    if (!(rate >= 0 && rate <= 1)) throw new AssertionError(`rng.rate: bad rate ${rate}`);
    if (rate === 0) return false;
    return this.next() < rate;
  }

  pick<T>(items: readonly T[]): T {
    assert(items.length > 0, 'rng.pick: no items');
    return items[this.int(items.length)] as T;
  }

  /** A new array with the items in a random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}
