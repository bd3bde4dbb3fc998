// Assertions for invariants of the harness and of implementations. A failed assertion is
// a bug (in the harness or in the algorithm under test), never an expected condition.

export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertNever(value: never): never {
  throw new AssertionError(`unexpected value: ${JSON.stringify(value)}`);
}
