// Test helper: decides linearizability by enumerating every order of the operations that
// respects real time — exponential, only for small histories. The reference the search
// is checked against.

import type { AnyModel, Operation } from '../../../checkers/models/model.ts';

/** True iff some real-time-respecting order of all finite ops (plus any subset of the infinite ones) is legal. */
export function bruteForceLinearizable(model: AnyModel, ops: readonly Operation[]): boolean {
  return model.partition(ops).every((part) => partitionLinearizable(model, part));
}

function partitionLinearizable(model: AnyModel, ops: readonly Operation[]): boolean {
  const n = ops.length;
  const done = new Array<boolean>(n).fill(false);
  const go = (state: unknown, finiteLeft: number): boolean => {
    if (finiteLeft === 0) return true;
    // The earliest return among ops not yet placed bounds which ops may come next.
    let minReturn = Infinity;
    for (let i = 0; i < n; i++) if (!done[i]) minReturn = Math.min(minReturn, (ops[i] as Operation).returnIndex);
    for (let i = 0; i < n; i++) {
      const op = ops[i] as Operation;
      if (done[i] || op.callIndex > minReturn) continue;
      const next = model.step(state, op.input, op.output);
      if (next === undefined) continue;
      done[i] = true;
      const ok = go(next, finiteLeft - (op.returnIndex === Infinity ? 0 : 1));
      done[i] = false;
      if (ok) return true;
    }
    return false;
  };
  return go(model.init(), ops.filter((o) => o.returnIndex !== Infinity).length);
}
