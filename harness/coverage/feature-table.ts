// A hit counter keyed by 32-bit feature: open addressing over typed arrays, so the hot
// path of coverage (a few increments per delivery) allocates nothing and hashes nothing
// beyond the feature itself, which is already well mixed.

/** Slots a table starts with (a power of two); it doubles past half full. */
const slotsInitial = 1 << 12;

export class FeatureTable {
  private keys = new Uint32Array(slotsInitial);
  private counts = new Uint32Array(slotsInitial);
  private used = 0;

  get size(): number {
    return this.used;
  }

  /** Adds one hit of `feature` (0 stands for 1: the empty slot is 0). */
  add(feature: number): void {
    const key = feature >>> 0 || 1;
    let mask = this.keys.length - 1;
    let i = key & mask;
    for (;;) {
      const k = this.keys[i] as number;
      if (k === key) {
        this.counts[i] = (this.counts[i] as number) + 1;
        return;
      }
      if (k === 0) break;
      i = (i + 1) & mask;
    }
    this.keys[i] = key;
    this.counts[i] = 1;
    if (++this.used * 2 > this.keys.length) {
      this.grow();
      mask = this.keys.length - 1;
    }
  }

  private grow(): void {
    const keys = this.keys;
    const counts = this.counts;
    this.keys = new Uint32Array(keys.length * 2);
    this.counts = new Uint32Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j] as number;
      if (key === 0) continue;
      let i = key & mask;
      while (this.keys[i] !== 0) i = (i + 1) & mask;
      this.keys[i] = key;
      this.counts[i] = counts[j] as number;
    }
  }

  /** Calls `fn(feature, hits)` for every feature, in slot order. */
  forEach(fn: (feature: number, hits: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i] as number;
      if (key !== 0) fn(key, this.counts[i] as number);
    }
  }
}
