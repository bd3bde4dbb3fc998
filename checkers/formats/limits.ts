// Bounds on what the readers accept, in one place.

/**
 * Deepest nesting of collections (and EDN tags and discards) a history may hold,
 * counting the file's own vector and each op map: deeper is bad input. Real histories
 * nest a handful of levels (an Elle transaction inside an op map inside the history is
 * 4). The bound keeps hostile input off the call stack: the readers are iterative, but
 * the models' value code (`canonical`, `hashValue`, `showValue`) recurses, and survives
 * about 2,000 levels; 256 leaves room for whatever stack its caller already uses.
 */
export const nestingDepthMax = 256;
