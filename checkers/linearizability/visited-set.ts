// The memo table of the search: the set of (linearized-operations bitset, model state id)
// configurations already explored. Open addressing with linear probing over flat typed
// arrays, so a lookup allocates nothing; the stored 32-bit hash is compared first and the
// bitset and state are compared only on a hash match.

const emptySlot = 0;
const loadFactorMax = 0.5;

export class VisitedSet {
  private readonly words: number;
  private capacity: number;
  private mask: number;
  /** entry index + 1, or 0 when empty */
  private slots: Int32Array;
  private slotHashes: Int32Array;
  private entryStates: Int32Array;
  private entryBits: Uint32Array;
  private entryCapacity: number;
  size = 0;

  constructor(words: number, capacityInitial = 1024) {
    this.words = words;
    this.capacity = capacityInitial;
    this.mask = capacityInitial - 1;
    this.slots = new Int32Array(capacityInitial);
    this.slotHashes = new Int32Array(capacityInitial);
    this.entryCapacity = capacityInitial >>> 1;
    this.entryStates = new Int32Array(this.entryCapacity);
    this.entryBits = new Uint32Array(this.entryCapacity * words);
  }

  /** Bytes held by the table, for reports. */
  get bytes(): number {
    return this.slots.byteLength + this.slotHashes.byteLength + this.entryStates.byteLength + this.entryBits.byteLength;
  }

  /** Adds the configuration; false if it was already present. */
  add(hash: number, state: number, bits: Uint32Array): boolean {
    const words = this.words;
    const slots = this.slots;
    const slotHashes = this.slotHashes;
    let slot = hash & this.mask;
    for (;;) {
      const e = slots[slot] as number;
      if (e === emptySlot) break;
      if (slotHashes[slot] === hash) {
        const idx = e - 1;
        if (this.entryStates[idx] === state) {
          const base = idx * words;
          const stored = this.entryBits;
          let same = true;
          for (let w = 0; w < words; w++) {
            if (stored[base + w] !== bits[w]) {
              same = false;
              break;
            }
          }
          if (same) return false;
        }
      }
      slot = (slot + 1) & this.mask;
    }
    const idx = this.size;
    if (idx === this.entryCapacity) this.growEntries();
    this.entryStates[idx] = state;
    this.entryBits.set(bits.subarray(0, words), idx * words);
    slots[slot] = idx + 1;
    slotHashes[slot] = hash;
    this.size = idx + 1;
    if (this.size > this.capacity * loadFactorMax) this.growTable();
    return true;
  }

  private growEntries(): void {
    const capacity = this.entryCapacity * 2;
    const states = new Int32Array(capacity);
    states.set(this.entryStates);
    const bits = new Uint32Array(capacity * this.words);
    bits.set(this.entryBits);
    this.entryStates = states;
    this.entryBits = bits;
    this.entryCapacity = capacity;
  }

  private growTable(): void {
    const capacity = this.capacity * 2;
    const mask = capacity - 1;
    const slots = new Int32Array(capacity);
    const hashes = new Int32Array(capacity);
    for (let i = 0; i < this.capacity; i++) {
      const e = this.slots[i] as number;
      if (e === emptySlot) continue;
      const h = this.slotHashes[i] as number;
      let slot = h & mask;
      while (slots[slot] !== emptySlot) slot = (slot + 1) & mask;
      slots[slot] = e;
      hashes[slot] = h;
    }
    this.slots = slots;
    this.slotHashes = hashes;
    this.capacity = capacity;
    this.mask = mask;
  }
}
