// Assertions for invariants of the harness and of implementations. A failed assertion is
// a bug (in the harness or in the algorithm under test), never an expected condition.

export class AssertionError extends Error {
  override name = 'AssertionError';
}

// On hot paths (per event, per message) write `if (!cond) throw new AssertionError(`…`)`
// instead: a template-literal message passed to assert() is formatted on every call.
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertNever(value: never): never {
  throw new AssertionError(`unexpected value: ${JSON.stringify(value)}`);
}
