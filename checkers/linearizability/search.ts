// The search for one partition: Wing & Gong's backtracking over a doubly linked list of
// call and return entries, with Lowe's memoisation of (linearized set, model state)
// configurations ("Testing for linearizability", 2017) — the algorithm Porcupine uses.
//
// Differences from Porcupine, each sound and complete:
// - Model states are interned to dense ids and each (state, operation) transition is
//   computed once, so the inner loop is integer work over typed arrays.
// - Operations whose return is +∞ (info / never completed) have no return entry: they
//   may be linearized, but the partition is linearizable once every finite one is.
// - Read-only operations are never a choice point. If r never changes the state when it
//   is legal (a read; a cas that answered false) and r is a candidate legal in the
//   current state, any linearization from the current configuration can move r to the
//   front: its real-time predecessors are all linearized already, and every state along
//   the rest is unchanged. So if placing r now fails, the configuration fails. This
//   prunes the permutations of concurrent reads that dominate register histories.
//   (It needs r to be read-only wherever it lands, not just here: a cas with unknown
//   outcome that happens to fail now would succeed later, so it stays a choice point.)
// - The search is resumable: `run(steps)` does at most that many model steps and
//   pauses, so partitions can share a budget round-robin (see check.ts).

import type { AnyModel, Operation } from '../models/model.ts';
import { mix32 } from '../models/hash.ts';
import { VisitedSet } from './visited-set.ts';

export type SearchStatus = 'linearizable' | 'illegal' | 'paused';

/** The deepest configuration the search reached: where it got stuck longest. */
export interface DeepestPoint {
  /** Local op indices, in linearization order. */
  order: number[];
  /** State id after each op of `order`. */
  statesAfter: number[];
  /** State id before any op (the model's initial state). */
  initialState: number;
  /** Ops that were candidates to come next (their calls precede the first pending return). */
  candidates: number[];
  /** The op whose return was reached while it was still not linearized. */
  blocking: number;
}

const noTransition = -2;
const illegalTransition = -1;
const end = -1;
/** Transition rows are cached while states × ops stays under this many cells. */
export const transitionCellsMax = 1 << 24;

export class PartitionSearch {
  readonly ops: readonly Operation[];
  private readonly model: AnyModel;
  private readonly n: number;
  private readonly head: number;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly nodeOp: Int32Array;
  private readonly nodeIsCall: Uint8Array;
  private readonly callNode: Int32Array;
  private readonly returnNode: Int32Array;
  private readonly opHash: Int32Array;
  private readonly opReadOnly: Uint8Array;

  private readonly states: unknown[] = [];
  private readonly stateBuckets = new Map<number, number | number[]>();
  private readonly rows: (Int32Array | undefined)[] = [];
  private rowCells = 0;

  private readonly bits: Uint32Array;
  private bitsHash = 0;
  private cur: number;
  private entry: number;
  private depth = 0;
  private readonly stackOp: Int32Array;
  private readonly stackState: Int32Array;
  private readonly stackPreserving: Uint8Array;
  private finiteRemaining = 0;
  private readonly visited: VisitedSet;

  status: SearchStatus = 'paused';
  /** Model steps (transition attempts) so far; deterministic. */
  steps = 0;
  private bestDepth = -1;
  deepest: DeepestPoint | undefined;

  constructor(model: AnyModel, ops: readonly Operation[]) {
    this.model = model;
    const sorted = ops.slice().sort((a, b) => a.callIndex - b.callIndex);
    this.ops = sorted;
    const n = sorted.length;
    this.n = n;

    // Entries in history order: a call at callIndex, a return at returnIndex if finite.
    const positions: number[] = [];
    const kinds: number[] = [];
    for (let i = 0; i < n; i++) {
      const op = sorted[i] as Operation;
      positions.push(op.callIndex);
      kinds.push(i * 2);
      if (op.returnIndex !== Infinity) {
        positions.push(op.returnIndex);
        kinds.push(i * 2 + 1);
        this.finiteRemaining++;
      }
    }
    const order = positions.map((_, i) => i).sort((a, b) => (positions[a] as number) - (positions[b] as number));
    const m = order.length;
    this.head = m;
    this.next = new Int32Array(m + 1);
    this.prev = new Int32Array(m + 1);
    this.nodeOp = new Int32Array(m);
    this.nodeIsCall = new Uint8Array(m);
    this.callNode = new Int32Array(n);
    this.returnNode = new Int32Array(n).fill(end);
    for (let node = 0; node < m; node++) {
      const kind = kinds[order[node] as number] as number;
      const op = kind >>> 1;
      this.nodeOp[node] = op;
      if ((kind & 1) === 0) {
        this.nodeIsCall[node] = 1;
        this.callNode[op] = node;
      } else {
        this.returnNode[op] = node;
      }
      this.next[node] = node + 1 < m ? node + 1 : end;
      this.prev[node] = node === 0 ? this.head : node - 1;
    }
    this.next[this.head] = m > 0 ? 0 : end;
    this.prev[this.head] = end;

    this.opHash = new Int32Array(n);
    for (let i = 0; i < n; i++) this.opHash[i] = mix32(Math.imul(i + 1, 0x9e3779b1));

    this.opReadOnly = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const op = sorted[i] as Operation;
      this.opReadOnly[i] = model.readOnly?.(op.input, op.output) === true ? 1 : 0;
    }

    const words = Math.max(1, Math.ceil(n / 32));
    this.bits = new Uint32Array(words);
    this.visited = new VisitedSet(words);
    this.stackOp = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.stackPreserving = new Uint8Array(n);
    this.cur = this.intern(model.init());
    this.entry = this.next[this.head] as number;
  }

  /** The model state with this id. */
  state(id: number): unknown {
    return this.states[id];
  }

  get memoEntries(): number {
    return this.visited.size;
  }

  get memoBytes(): number {
    return this.visited.bytes + this.rowCells * 4;
  }

  /** Runs at most `stepLimit` model steps; returns the status reached. */
  run(stepLimit: number): SearchStatus {
    if (this.status !== 'paused') return this.status;
    const next = this.next;
    const nodeIsCall = this.nodeIsCall;
    const nodeOp = this.nodeOp;
    const bits = this.bits;
    const opHash = this.opHash;
    const returnNode = this.returnNode;
    const visited = this.visited;
    let budget = stepLimit;
    for (;;) {
      const entry = this.entry;
      if (this.finiteRemaining === 0 || entry === end) {
        this.status = 'linearizable';
        return this.status;
      }
      if (nodeIsCall[entry] === 1) {
        if (budget === 0) return this.status;
        budget--;
        this.steps++;
        const op = nodeOp[entry] as number;
        const cur = this.cur;
        const nextState = this.transition(cur, op);
        if (nextState >= 0) {
          const word = op >>> 5;
          const mask = 1 << (op & 31);
          bits[word] = (bits[word] as number) | mask;
          const h = this.bitsHash ^ (opHash[op] as number);
          if (visited.add(h ^ mix32(nextState + 0x632be5ab), nextState, bits)) {
            const d = this.depth;
            this.stackOp[d] = op;
            this.stackState[d] = cur;
            this.stackPreserving[d] = this.opReadOnly[op] as number;
            this.depth = d + 1;
            this.bitsHash = h;
            this.cur = nextState;
            this.lift(op);
            if (returnNode[op] !== end) this.finiteRemaining--;
            this.entry = next[this.head] as number;
            continue;
          }
          bits[word] = (bits[word] as number) & ~mask;
          if (this.opReadOnly[op] === 1) {
            // Dominated: placing this read-only op now was already explored, and failed.
            if (!this.backtrack()) return this.fail();
            continue;
          }
        }
        this.entry = next[entry] as number;
      } else {
        if (this.depth > this.bestDepth) this.recordDeepest(entry);
        if (!this.backtrack()) return this.fail();
      }
    }
  }

  private fail(): SearchStatus {
    this.status = 'illegal';
    return this.status;
  }

  /** Pops the stack until a choice point; false when there is none left. */
  private backtrack(): boolean {
    while (this.depth > 0) {
      const d = this.depth - 1;
      this.depth = d;
      const op = this.stackOp[d] as number;
      this.cur = this.stackState[d] as number;
      this.unlift(op);
      this.bits[op >>> 5] = (this.bits[op >>> 5] as number) & ~(1 << (op & 31));
      this.bitsHash ^= this.opHash[op] as number;
      if (this.returnNode[op] !== end) this.finiteRemaining++;
      this.entry = this.next[this.callNode[op] as number] as number;
      if (this.stackPreserving[d] === 0) return true;
    }
    return false;
  }

  private recordDeepest(returnEntry: number): void {
    this.bestDepth = this.depth;
    const order: number[] = [];
    const statesAfter: number[] = [];
    for (let d = 0; d < this.depth; d++) {
      order.push(this.stackOp[d] as number);
      statesAfter.push(d + 1 < this.depth ? (this.stackState[d + 1] as number) : this.cur);
    }
    const candidates: number[] = [];
    for (let node = this.next[this.head] as number; node !== end && node !== returnEntry; node = this.next[node] as number) {
      if (this.nodeIsCall[node] === 1) candidates.push(this.nodeOp[node] as number);
    }
    this.deepest = {
      order,
      statesAfter,
      initialState: this.depth > 0 ? (this.stackState[0] as number) : this.cur,
      candidates,
      blocking: this.nodeOp[returnEntry] as number,
    };
  }

  private lift(op: number): void {
    this.remove(this.callNode[op] as number);
    const r = this.returnNode[op] as number;
    if (r !== end) this.remove(r);
  }

  private unlift(op: number): void {
    const r = this.returnNode[op] as number;
    if (r !== end) this.reinsert(r);
    this.reinsert(this.callNode[op] as number);
  }

  private remove(node: number): void {
    const p = this.prev[node] as number;
    const nx = this.next[node] as number;
    this.next[p] = nx;
    if (nx !== end) this.prev[nx] = p;
  }

  private reinsert(node: number): void {
    const p = this.prev[node] as number;
    const nx = this.next[node] as number;
    this.next[p] = node;
    if (nx !== end) this.prev[nx] = node;
  }

  private transition(s: number, op: number): number {
    let row = this.rows[s];
    if (row !== undefined) {
      const cached = row[op] as number;
      if (cached !== noTransition) return cached;
    }
    const o = this.ops[op] as Operation;
    const nextState = this.model.step(this.states[s], o.input, o.output);
    const id = nextState === undefined ? illegalTransition : this.intern(nextState);
    if (row === undefined && this.rowCells + this.n <= transitionCellsMax) {
      row = new Int32Array(this.n).fill(noTransition);
      this.rows[s] = row;
      this.rowCells += this.n;
    }
    if (row !== undefined) row[op] = id;
    return id;
  }

  private intern(state: unknown): number {
    const h = this.model.hash(state);
    const bucket = this.stateBuckets.get(h);
    if (bucket !== undefined) {
      if (typeof bucket === 'number') {
        if (this.model.equal(this.states[bucket], state)) return bucket;
      } else {
        for (const id of bucket) if (this.model.equal(this.states[id], state)) return id;
      }
    }
    const id = this.states.length;
    this.states.push(state);
    if (bucket === undefined) this.stateBuckets.set(h, id);
    else if (typeof bucket === 'number') this.stateBuckets.set(h, [bucket, id]);
    else bucket.push(id);
    return id;
  }
}
