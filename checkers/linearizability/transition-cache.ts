// Memo of model transitions (state id, op) → next state id (or -1: illegal), so each
// model step is computed once however often the search revisits it. States seen early
// (few, and hit constantly in register histories) get a dense row; the rest share one
// open-addressing table, since in append-heavy histories most states are new strings
// visited once and a dense row each would be wasted allocation.

import { mix32 } from '../models/hash.ts';

export const transitionMissing = -2;
/** Dense rows are kept while rows × ops stays under this many cells. */
const denseCellsMax = 1 << 20;
const loadFactorMax = 0.5;

export class TransitionCache {
  private readonly n: number;
  private readonly denseStates: number;
  private readonly rows: (Int32Array | undefined)[] = [];
  private capacity = 1 << 14;
  private mask = this.capacity - 1;
  private keyState = new Int32Array(this.capacity).fill(-1);
  private keyOp = new Int32Array(this.capacity);
  private values = new Int32Array(this.capacity);
  private size = 0;

  constructor(opCount: number) {
    this.n = opCount;
    this.denseStates = Math.max(1, Math.min(256, Math.floor(denseCellsMax / Math.max(1, opCount))));
  }

  get bytes(): number {
    let rowBytes = 0;
    for (const r of this.rows) rowBytes += r?.byteLength ?? 0;
    return rowBytes + this.capacity * 12;
  }

  get(state: number, op: number): number {
    if (state < this.denseStates) {
      const row = this.rows[state];
      return row === undefined ? transitionMissing : (row[op] as number);
    }
    let slot = mix32(Math.imul(state, 0x9e3779b1) ^ op) & this.mask;
    for (;;) {
      const s = this.keyState[slot] as number;
      if (s === -1) return transitionMissing;
      if (s === state && this.keyOp[slot] === op) return this.values[slot] as number;
      slot = (slot + 1) & this.mask;
    }
  }

  set(state: number, op: number, next: number): void {
    if (state < this.denseStates) {
      let row = this.rows[state];
      if (row === undefined) {
        row = new Int32Array(this.n).fill(transitionMissing);
        this.rows[state] = row;
      }
      row[op] = next;
      return;
    }
    this.insert(state, op, next);
    if (this.size > this.capacity * loadFactorMax) this.grow();
  }

  private insert(state: number, op: number, next: number): void {
    let slot = mix32(Math.imul(state, 0x9e3779b1) ^ op) & this.mask;
    while (this.keyState[slot] !== -1) {
      if (this.keyState[slot] === state && this.keyOp[slot] === op) {
        this.values[slot] = next;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    this.keyState[slot] = state;
    this.keyOp[slot] = op;
    this.values[slot] = next;
    this.size++;
  }

  private grow(): void {
    const oldState = this.keyState;
    const oldOp = this.keyOp;
    const oldValues = this.values;
    this.capacity *= 2;
    this.mask = this.capacity - 1;
    this.keyState = new Int32Array(this.capacity).fill(-1);
    this.keyOp = new Int32Array(this.capacity);
    this.values = new Int32Array(this.capacity);
    this.size = 0;
    for (let i = 0; i < oldState.length; i++) {
      const s = oldState[i] as number;
      if (s !== -1) this.insert(s, oldOp[i] as number, oldValues[i] as number);
    }
  }
}
