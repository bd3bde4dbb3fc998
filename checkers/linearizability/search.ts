// The search for one partition: Wing & Gong's backtracking over a doubly linked list of
// call and return entries, with Lowe's memoisation of (linearized set, model state)
// configurations ("Testing for linearizability", 2017) — the algorithm Porcupine uses.
//
// Differences from Porcupine, each sound and complete:
// - Model states are interned to dense ids and each (state, operation) transition is
//   computed once, so the inner loop is integer work over typed arrays.
// - Operations whose return is +∞ (info / never completed) have no return entry: they
//   may be linearized, but the partition is linearizable once every finite one is. A
//   configuration is skipped if one with the same finite ops and state but a subset of
//   these optional ops already failed (see VisitedSet).
// - Read-only operations are never a choice point. If r never changes the state when it
//   is legal (a read; a cas that answered false) and r is a candidate legal in the
//   current state, any linearization from the current configuration can move r to the
//   front: its real-time predecessors are all linearized already, and every state along
//   the rest is unchanged. So if placing r now fails, the configuration fails. This
//   prunes the permutations of concurrent reads that dominate register histories.
//   (It needs r to be read-only wherever it lands, not just here: a cas with unknown
//   outcome that happens to fail now would succeed later, so it stays a choice point.)
//   For the same reason each fresh configuration first tries its read-only candidates
//   (phase 0), and only if none is legal the others (phase 1).
// - Reads that can no longer be satisfied end a configuration at once. If the model
//   orders its states (kv: "is a prefix of") and says which ops only grow the state
//   (append), which state the others may reset it to (put v, cas → v), and below which
//   states a read is legal (a get of v needs a prefix of v), then after a push the search
//   asks of the first few pending reads whether any order of the remaining ops can still
//   give them their answer (pinnedReadUnreachable). Concurrent appends make a different
//   string for every order, which never meet in the memo; without this each order was
//   explored until the next get's return (c50-ok: 706k steps, now 21k).
// - Identical operations are tried once. If candidates a and b have the same input and
//   output and a returns no later than b, a linearization starting with b becomes one
//   starting with a by swapping them (b inherits a's later slot, which a's return — no
//   later than b's — already allowed), so b is skipped while a is an unplaced candidate.
// - The search is resumable: `run(steps)` does at most that many model steps and
//   pauses, so partitions can share a budget round-robin (see check.ts).

import type { AnyModel, Operation } from '../models/model.ts';
import { canonical, mix32 } from '../models/hash.ts';
import { VisitedSet } from './visited-set.ts';
import { TransitionCache, transitionMissing } from './transition-cache.ts';

export type SearchStatus = 'linearizable' | 'illegal' | 'paused';

/** The deepest configuration the search reached: where it got stuck longest. */
export interface DeepestPoint {
  /** Local op indices, in linearization order. */
  order: number[];
  /** State id after each op of `order`. */
  statesAfter: number[];
  /** State id before any op (the model's initial state). */
  initialState: number;
  /** Ops that could have come next: their calls precede the blocking op's return. */
  candidates: number[];
  /**
   * The op whose return was reached while it was still not linearized, or a pending read
   * that could no longer be satisfied from here (see pinnedReadUnreachable).
   */
  blocking: number;
}

const illegalTransition = -1;
const end = -1;
/**
 * Each push that changes the state looks for reads that can no longer be satisfied among
 * the first this many pending reads, in call order, within this many list entries.
 */
const pinnedReadsMax = 8;
const pinnedNodesMax = 256;

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
  /** Ops with the same input and output, each class ordered by return then id. */
  private readonly classOps: Int32Array;
  private readonly opClassStart: Int32Array;
  private readonly opClassRank: Int32Array;
  /** The first return node of the current configuration (known in phase 1). */
  private firstReturn = end;
  private readonly stackFirstReturn: Int32Array;

  private readonly states: unknown[] = [];
  private readonly stateBuckets = new Map<number, number | number[]>();
  private readonly primitiveIds = new Map<unknown, number>();
  private readonly primitiveExact: boolean;
  private readonly transitions: TransitionCache;

  private readonly finiteBits: Uint32Array;
  /** finiteBits words below lo are all ones; words from hi on are all zeros. */
  private lo = 0;
  private hi = 0;
  private readonly optionalBits: Uint32Array;
  private readonly opWord: Int32Array;
  private readonly opMask: Int32Array;
  private bitsHash = 0;
  private cur: number;
  private entry: number;
  private depth = 0;
  /** 0: trying read-only candidates of a fresh configuration; 1: the other candidates. */
  private phase = 0;
  private readonly stackOp: Int32Array;
  private readonly stackState: Int32Array;
  private readonly stackPreserving: Uint8Array;
  private finiteRemaining = 0;
  private readonly visited: VisitedSet;

  /** Whether the model gives `grows` and `reachable` (see pinnedReadUnreachable). */
  private readonly pruneReads: boolean;
  /** 1 for a read-only op with a finite return: `reachable` is asked about it. */
  private readonly opPinnable: Uint8Array;
  /** Ops that may not grow the state, in call order, and each op's index there (-1: grows). */
  private readonly shrinkOps: Int32Array;
  private readonly opShrinkPos: Int32Array;
  /** model.resetsTo of each non-growing op, when the model knows it (opResetKnown 1). */
  private readonly opReset: unknown[];
  private readonly opResetKnown: Uint8Array;
  /** Index in shrinkOps of the first unplaced one (shrinkOps.length: none). */
  private shrinkFirst = 0;

  status: SearchStatus = 'paused';
  /** Model steps (transition attempts) so far; deterministic. */
  steps = 0;
  private bestDepth = -1;
  private readonly snapOrder: number[] = [];
  private readonly snapStatesAfter: number[] = [];
  private snapCandidates: number[] = [];
  private snapBlocking = -1;
  /** The lowest the stack has been since the last snapshot. */
  private lowWater = 0;
  private readonly initialState: number;

  constructor(model: AnyModel, ops: readonly Operation[]) {
    this.model = model;
    this.primitiveExact = model.primitiveStatesExact === true;
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

    const classes = new Map<string, number[]>();
    for (let i = 0; i < n; i++) {
      const op = sorted[i] as Operation;
      const key = `${canonical(op.input)}|${canonical(op.output)}`;
      let members = classes.get(key);
      if (members === undefined) {
        members = [];
        classes.set(key, members);
      }
      members.push(i);
    }
    this.classOps = new Int32Array(n);
    this.opClassStart = new Int32Array(n);
    this.opClassRank = new Int32Array(n);
    let filled = 0;
    for (const members of classes.values()) {
      members.sort((a, b) => (sorted[a] as Operation).returnIndex - (sorted[b] as Operation).returnIndex || a - b);
      members.forEach((op, rank) => {
        this.classOps[filled + rank] = op;
        this.opClassStart[op] = filled;
        this.opClassRank[op] = rank;
      });
      filled += members.length;
    }
    this.stackFirstReturn = new Int32Array(n);

    this.transitions = new TransitionCache(n);
    this.opReadOnly = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const op = sorted[i] as Operation;
      this.opReadOnly[i] = model.readOnly?.(op.input, op.output) === true ? 1 : 0;
    }

    // Finite and optional (+∞ return) ops get separate dense bit positions: see VisitedSet.
    this.opWord = new Int32Array(n);
    this.opMask = new Int32Array(n);
    let finiteCount = 0;
    let optionalCount = 0;
    for (let i = 0; i < n; i++) {
      const bit = this.returnNode[i] !== end ? finiteCount++ : optionalCount++;
      this.opWord[i] = bit >>> 5;
      this.opMask[i] = 1 << (bit & 31);
      if (this.returnNode[i] === end) this.opHash[i] = 0; // the group hash covers finite ops only
    }
    this.finiteBits = new Uint32Array(Math.max(1, Math.ceil(finiteCount / 32)));
    this.optionalBits = new Uint32Array(Math.ceil(optionalCount / 32));
    this.visited = new VisitedSet(this.finiteBits.length, this.optionalBits.length);
    this.pruneReads = model.grows !== undefined && model.reachable !== undefined;
    this.opPinnable = new Uint8Array(n);
    this.opShrinkPos = new Int32Array(n).fill(-1);
    this.opReset = new Array<unknown>(n).fill(undefined);
    this.opResetKnown = new Uint8Array(n);
    const shrinking: number[] = [];
    if (this.pruneReads) {
      for (let i = 0; i < n; i++) {
        const op = sorted[i] as Operation;
        if (this.opReadOnly[i] === 1 && this.returnNode[i] !== end) this.opPinnable[i] = 1;
        if (model.grows?.(op.input, op.output) !== true) {
          this.opShrinkPos[i] = shrinking.length;
          shrinking.push(i);
          const reset = model.resetsTo?.(op.input, op.output);
          if (reset !== undefined) {
            this.opReset[i] = reset;
            this.opResetKnown[i] = 1;
          }
        }
      }
    }
    this.shrinkOps = Int32Array.from(shrinking);
    this.stackOp = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.stackPreserving = new Uint8Array(n);
    this.cur = this.intern(model.init());
    this.initialState = this.cur;
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
    return this.visited.bytes + this.transitions.bytes;
  }

  /** Runs at most `stepLimit` model steps; returns the status reached. */
  run(stepLimit: number): SearchStatus {
    if (this.status !== 'paused') return this.status;
    const next = this.next;
    const nodeIsCall = this.nodeIsCall;
    const nodeOp = this.nodeOp;
    const finiteBits = this.finiteBits;
    const optionalBits = this.optionalBits;
    const opWord = this.opWord;
    const opMask = this.opMask;
    const opHash = this.opHash;
    const returnNode = this.returnNode;
    const visited = this.visited;
    const opReadOnly = this.opReadOnly;
    let budget = stepLimit;
    for (;;) {
      const entry = this.entry;
      if (this.finiteRemaining === 0 || entry === end) {
        this.status = 'linearizable';
        return this.status;
      }
      if (this.phase === 0) {
        // Phase 0 of a configuration: only read-only candidates (see the header).
        if (nodeIsCall[entry] === 0) {
          this.phase = 1;
          this.firstReturn = entry;
          this.entry = next[this.head] as number;
          continue;
        }
        if (opReadOnly[nodeOp[entry] as number] === 0) {
          this.entry = next[entry] as number;
          continue;
        }
      } else if (nodeIsCall[entry] === 1 && (opReadOnly[nodeOp[entry] as number] === 1 || this.hasTwinBefore(nodeOp[entry] as number))) {
        // Phase 1: read-only candidates were all illegal here in phase 0; an op with an
        // identical twin returning earlier is tried as that twin.
        this.entry = next[entry] as number;
        continue;
      }
      if (nodeIsCall[entry] === 1) {
        if (budget === 0) return this.status;
        budget--;
        this.steps++;
        const op = nodeOp[entry] as number;
        const cur = this.cur;
        const nextState = this.transition(cur, op);
        const finite = returnNode[op] !== end;
        // An optional op that changes nothing here is never worth placing here.
        if (nextState >= 0 && (finite || nextState !== cur)) {
          const bits = finite ? finiteBits : optionalBits;
          const word = opWord[op] as number;
          const mask = opMask[op] as number;
          bits[word] = (bits[word] as number) | mask;
          let lo = this.lo;
          let hi = this.hi;
          if (finite) {
            if (word >= hi) hi = word + 1;
            while (lo < hi && finiteBits[lo] === 0xffffffff) lo++;
          }
          const h = this.bitsHash ^ (opHash[op] as number);
          if (visited.add(h ^ mix32(nextState + 0x632be5ab), nextState, finiteBits, lo, hi, optionalBits)) {
            this.lo = lo;
            this.hi = hi;
            const d = this.depth;
            this.stackOp[d] = op;
            this.stackState[d] = cur;
            this.stackPreserving[d] = this.opReadOnly[op] as number;
            this.stackFirstReturn[d] = this.firstReturn;
            this.depth = d + 1;
            this.bitsHash = h;
            this.cur = nextState;
            this.lift(op);
            if (finite) this.finiteRemaining--;
            this.entry = next[this.head] as number;
            this.phase = 0;
            if (this.pruneReads) {
              if (this.opShrinkPos[op] === this.shrinkFirst) this.advanceShrinkFirst();
              const blocking = this.opReadOnly[op] === 1 ? end : this.pinnedReadUnreachable();
              if (blocking !== end) {
                if (this.depth > this.bestDepth) this.recordDeepest(blocking);
                if (!this.backtrack()) return this.fail();
              }
            }
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

  private advanceShrinkFirst(): void {
    const ops = this.shrinkOps;
    let i = this.shrinkFirst;
    while (i < ops.length && this.isPlaced(ops[i] as number)) i++;
    this.shrinkFirst = i;
  }

  private isPlaced(op: number): boolean {
    const bits = this.returnNode[op] !== end ? this.finiteBits : this.optionalBits;
    return ((bits[this.opWord[op] as number] as number) & (this.opMask[op] as number)) !== 0;
  }

  /**
   * The return entry of a pending read that can never be satisfied from here, or `end`.
   *
   * Take a read g with a finite return, and any linearization extending this
   * configuration. The ops linearized between now and g are unplaced and called before g
   * returns. Let x be the last of them whose step did not grow the state (model.grows
   * says which ops may do that): g sees some t ⊒ the state x left, which is
   * model.resetsTo(x); if there is no such x, g sees some t ⊒ the current state. So if
   * model.reachable says g is illegal above the current state and above resetsTo(x) for
   * every unplaced non-growing x called before g returns, no linearization extends this
   * configuration. Only the first few pending reads are looked at (the check is sound for
   * any subset), and only after a push that may have changed the state: after a read-only
   * op the state is the one its parent configuration already passed with.
   */
  private pinnedReadUnreachable(): number {
    const model = this.model;
    const state = this.states[this.cur];
    let nodesLeft = pinnedNodesMax;
    let readsLeft = pinnedReadsMax;
    for (let node = this.next[this.head] as number; node !== end; node = this.next[node] as number) {
      if (--nodesLeft < 0) break;
      if (this.nodeIsCall[node] === 0) continue;
      const op = this.nodeOp[node] as number;
      if (this.opPinnable[op] === 1) {
        if (--readsLeft < 0) break;
        const o = this.ops[op] as Operation;
        const returnEntry = this.returnNode[op] as number;
        if (model.reachable?.(state, o.input, o.output) === false && !this.resetReaches(returnEntry, o)) return returnEntry;
      }
    }
    return end;
  }

  /** Whether some unplaced non-growing op called before `returnEntry` may leave a state below which `read` is legal. */
  private resetReaches(returnEntry: number, read: Operation): boolean {
    const ops = this.shrinkOps;
    for (let i = this.shrinkFirst; i < ops.length; i++) {
      const x = ops[i] as number;
      if ((this.callNode[x] as number) > returnEntry) return false;
      if (this.isPlaced(x)) continue;
      if (this.opResetKnown[x] === 0) return true;
      if (this.model.reachable?.(this.opReset[x], read.input, read.output) !== false) return true;
    }
    return false;
  }

  /** Whether an identical op that returns no later is an unplaced candidate right now. */
  private hasTwinBefore(op: number): boolean {
    const rank = this.opClassRank[op] as number;
    if (rank === 0) return false;
    const start = this.opClassStart[op] as number;
    for (let r = 0; r < rank; r++) {
      const twin = this.classOps[start + r] as number;
      const node = this.callNode[twin] as number;
      if (node > this.firstReturn) continue; // called after the first return: not a candidate
      const bits = this.returnNode[twin] !== end ? this.finiteBits : this.optionalBits;
      if (((bits[this.opWord[twin] as number] as number) & (this.opMask[twin] as number)) === 0) return true;
    }
    return false;
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
      if (d < this.lowWater) this.lowWater = d;
      const op = this.stackOp[d] as number;
      this.cur = this.stackState[d] as number;
      this.unlift(op);
      const finite = this.returnNode[op] !== end;
      const bits = finite ? this.finiteBits : this.optionalBits;
      const word = this.opWord[op] as number;
      bits[word] = (bits[word] as number) & ~(this.opMask[op] as number);
      if (finite) {
        if (word < this.lo) this.lo = word;
        while (this.hi > this.lo && this.finiteBits[this.hi - 1] === 0) this.hi--;
      }
      this.bitsHash ^= this.opHash[op] as number;
      if (finite) this.finiteRemaining++;
      const shrinkPos = this.opShrinkPos[op] as number;
      if (shrinkPos >= 0 && shrinkPos < this.shrinkFirst) this.shrinkFirst = shrinkPos;
      this.entry = this.next[this.callNode[op] as number] as number;
      this.phase = 1;
      this.firstReturn = this.stackFirstReturn[d] as number;
      if (this.stackPreserving[d] === 0) return true;
    }
    return false;
  }

  /**
   * Snapshots the stack as the deepest point so far. Incremental: only the part of the
   * stack popped since the last snapshot is copied again, so long histories that go
   * ever deeper cost O(n) in total, not O(n²).
   */
  private recordDeepest(returnEntry: number): void {
    this.bestDepth = this.depth;
    const order = this.snapOrder;
    const statesAfter = this.snapStatesAfter;
    order.length = Math.min(order.length, this.lowWater);
    statesAfter.length = order.length;
    for (let d = order.length; d < this.depth; d++) {
      order.push(this.stackOp[d] as number);
      statesAfter.push(d + 1 < this.depth ? (this.stackState[d + 1] as number) : this.cur);
    }
    this.lowWater = this.depth;
    const candidates: number[] = [];
    for (let node = this.next[this.head] as number; node !== end && node !== returnEntry; node = this.next[node] as number) {
      if (this.nodeIsCall[node] === 1) candidates.push(this.nodeOp[node] as number);
    }
    this.snapCandidates = candidates;
    this.snapBlocking = this.nodeOp[returnEntry] as number;
  }

  /** Where the search got stuck deepest; defined once it has backtracked at least once. */
  get deepest(): DeepestPoint | undefined {
    if (this.bestDepth < 0) return undefined;
    return {
      order: this.snapOrder.slice(),
      statesAfter: this.snapStatesAfter.slice(),
      initialState: this.initialState,
      candidates: this.snapCandidates.slice(),
      blocking: this.snapBlocking,
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
    const cached = this.transitions.get(s, op);
    if (cached !== transitionMissing) return cached;
    const o = this.ops[op] as Operation;
    const nextState = this.model.step(this.states[s], o.input, o.output);
    const id = nextState === undefined ? illegalTransition : this.intern(nextState);
    this.transitions.set(s, op, id);
    return id;
  }

  private intern(state: unknown): number {
    if (this.primitiveExact && (state === null || typeof state !== 'object')) {
      const known = this.primitiveIds.get(state);
      if (known !== undefined) return known;
      const id = this.states.length;
      this.states.push(state);
      this.primitiveIds.set(state, id);
      return id;
    }
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
