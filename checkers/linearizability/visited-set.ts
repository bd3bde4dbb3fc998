// The memo table of the search: the (linearized operations, model state id)
// configurations already explored, all of which failed. Flat typed arrays with open
// addressing, so a lookup allocates nothing.
//
// Lookup is by subsumption, not equality. Operations with a +∞ return ("optional": info
// or never completed) constrain nobody, so a configuration with the same finite
// operations linearized and the same state but a subset of the optional ones can do
// everything this one can: if it failed, this one fails. So entries are grouped by
// (finite-ops bitset, state) — the group key, hashed by the caller — and each group keeps
// the optional-ops bitsets ("variants") it was reached with.
//
// The finite bitset is stored as its window: words below `lo` are all ones, words from
// `hi` on are all zeros, so an entry costs the span of operations in flight, not the
// length of the history.

const emptySlot = 0;
const loadFactorMax = 0.5;

export class VisitedSet {
  private readonly optionalWords: number;
  private capacity: number;
  private mask: number;
  /** group index + 1, or 0 when empty */
  private slots: Int32Array;
  private slotHashes: Int32Array;

  private groupCapacity: number;
  private groupStates: Int32Array;
  private groupLo: Int32Array;
  private groupLen: Int32Array;
  private groupOffset: Int32Array;
  private groupFirstVariant: Int32Array;
  /** Window words of every group, back to back. */
  private pool: Uint32Array;
  private poolUsed = 0;
  groups = 0;

  private variantCapacity: number;
  private variantBits: Uint32Array;
  private variantNext: Int32Array;
  variants = 0;

  constructor(finiteWords: number, optionalWords: number, capacityInitial = 1024) {
    // finiteWords only sizes the first pool; windows are usually much shorter.
    this.optionalWords = optionalWords;
    this.capacity = capacityInitial;
    this.mask = capacityInitial - 1;
    this.slots = new Int32Array(capacityInitial);
    this.slotHashes = new Int32Array(capacityInitial);
    this.groupCapacity = capacityInitial >>> 1;
    this.groupStates = new Int32Array(this.groupCapacity);
    this.groupLo = new Int32Array(this.groupCapacity);
    this.groupLen = new Int32Array(this.groupCapacity);
    this.groupOffset = new Int32Array(this.groupCapacity);
    this.pool = new Uint32Array(Math.max(64, this.groupCapacity * Math.min(finiteWords, 4)));
    this.groupFirstVariant = new Int32Array(this.groupCapacity);
    this.variantCapacity = capacityInitial >>> 1;
    this.variantBits = new Uint32Array(this.variantCapacity * optionalWords);
    this.variantNext = new Int32Array(this.variantCapacity);
  }

  /** Configurations stored. */
  get size(): number {
    return this.variants;
  }

  /** Bytes held by the table, for reports. */
  get bytes(): number {
    return this.slots.byteLength + this.slotHashes.byteLength + this.groupStates.byteLength * 4 +
      this.pool.byteLength + this.groupFirstVariant.byteLength + this.variantBits.byteLength +
      this.variantNext.byteLength;
  }

  /**
   * Adds the configuration (finite bits, optional bits, state), `hash` being the hash of
   * (finite bits, state); false if it, or a configuration subsuming it, was present.
   * finiteBits[w] is all ones for w < lo and zero for w >= hi.
   */
  add(hash: number, state: number, finiteBits: Uint32Array, lo: number, hi: number, optionalBits: Uint32Array): boolean {
    const len = hi - lo;
    const slots = this.slots;
    const slotHashes = this.slotHashes;
    let slot = hash & this.mask;
    for (;;) {
      const g1 = slots[slot] as number;
      if (g1 === emptySlot) break;
      if (slotHashes[slot] === hash && this.groupStates[g1 - 1] === state) {
        const g = g1 - 1;
        if (this.groupLo[g] === lo && this.groupLen[g] === len) {
          const base = (this.groupOffset[g] as number) - lo;
          const stored = this.pool;
          let same = true;
          for (let w = lo; w < hi; w++) {
            if (stored[base + w] !== finiteBits[w]) {
              same = false;
              break;
            }
          }
          if (same) return this.addVariant(g, optionalBits);
        }
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.groups === this.groupCapacity) this.growGroups();
    const g = this.groups++;
    this.groupStates[g] = state;
    if (this.poolUsed + len > this.pool.length) {
      const pool = new Uint32Array(Math.max(this.pool.length * 2, this.poolUsed + len));
      pool.set(this.pool);
      this.pool = pool;
    }
    this.pool.set(finiteBits.subarray(lo, hi), this.poolUsed);
    this.groupLo[g] = lo;
    this.groupLen[g] = len;
    this.groupOffset[g] = this.poolUsed;
    this.poolUsed += len;
    this.groupFirstVariant[g] = -1;
    slots[slot] = g + 1;
    slotHashes[slot] = hash;
    this.addVariant(g, optionalBits);
    if (this.groups > this.capacity * loadFactorMax) this.growTable();
    return true;
  }

  private addVariant(g: number, optionalBits: Uint32Array): boolean {
    const ow = this.optionalWords;
    const bits = this.variantBits;
    for (let v = this.groupFirstVariant[g] as number; v !== -1; v = this.variantNext[v] as number) {
      const base = v * ow;
      let subset = true;
      for (let w = 0; w < ow; w++) {
        if (((bits[base + w] as number) & ~(optionalBits[w] as number)) !== 0) {
          subset = false;
          break;
        }
      }
      if (subset) return false;
    }
    if (this.variants === this.variantCapacity) this.growVariants();
    const v = this.variants++;
    this.variantBits.set(optionalBits.subarray(0, ow), v * ow);
    this.variantNext[v] = this.groupFirstVariant[g] as number;
    this.groupFirstVariant[g] = v;
    return true;
  }

  private growGroups(): void {
    const capacity = this.groupCapacity * 2;
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    this.groupStates = grow(this.groupStates);
    this.groupLo = grow(this.groupLo);
    this.groupLen = grow(this.groupLen);
    this.groupOffset = grow(this.groupOffset);
    this.groupFirstVariant = grow(this.groupFirstVariant);
    this.groupCapacity = capacity;
  }

  private growVariants(): void {
    const capacity = this.variantCapacity * 2;
    const bits = new Uint32Array(capacity * this.optionalWords);
    bits.set(this.variantBits);
    const next = new Int32Array(capacity);
    next.set(this.variantNext);
    this.variantBits = bits;
    this.variantNext = next;
    this.variantCapacity = capacity;
  }

  private growTable(): void {
    const capacity = this.capacity * 2;
    const mask = capacity - 1;
    const slots = new Int32Array(capacity);
    const hashes = new Int32Array(capacity);
    for (let i = 0; i < this.capacity; i++) {
      const g1 = this.slots[i] as number;
      if (g1 === emptySlot) continue;
      const h = this.slotHashes[i] as number;
      let slot = h & mask;
      while (slots[slot] !== emptySlot) slot = (slot + 1) & mask;
      slots[slot] = g1;
      hashes[slot] = h;
    }
    this.slots = slots;
    this.slotHashes = hashes;
    this.capacity = capacity;
    this.mask = mask;
  }
}
