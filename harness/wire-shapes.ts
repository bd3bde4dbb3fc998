// Compiled walks for the object shapes messages repeat. A protocol sends a handful of
// message shapes thousands of times per run; the generic walk (wire.ts) pays per field
// for what never changes between two messages of one shape: a keyed read, a memo lookup
// for the field name's hash and JSON length, and a keyed store that grows the copy one
// property at a time. A shape (an exact sequence of own enumerable keys) that keeps
// coming back gets a function of its own instead, generated once: named reads, the
// field names' facts as constants, integers and strings handled inline, and the copy
// made by one object literal. It does exactly what the generic walk does, in the same
// order (each field read once, toJSON applied, omitted fields dropped, the same folds
// and byte counts), so a hash never depends on which of the two ran;
// test/harness/wire.test.ts holds both to JSON's answers.

import type { TraceHasher } from './trace.ts';
import { integerLength, jsonOmits, resolve, skip, stringFacts, tagInt } from './wire-facts.ts';

/** What a compiled shape needs of the walk that runs it (wire.ts's Walker). */
export interface ShapeWalker {
  bytes: number;
  /** Walks a value whose toJSON has been applied: its copy (or itself when not copying). */
  value(v: unknown, depth: number): unknown;
  /** Folds and counts a string value. */
  string(s: string): void;
}

/** The fields of one plain object of the shape: what the generic walk does after folding tagObject. */
export type ShapeWalk = (record: Record<string, unknown>, walker: ShapeWalker, depth: number, hasher: TraceHasher | undefined, copying: boolean) => unknown;

/** Compiled only after this many walks: a one-off shape never pays the compile. */
const compileAfterWalks = 16;
/** Objects with more fields (dictionaries, say) stay generic. */
const shapeFieldsMax = 32;
/** Bound on the shape trie, so messages keyed by data (a map of request ids) cannot grow it without end. */
const shapeNodesMax = 4_096;

/** A trie over key sequences: the node a sequence ends at holds its walk count and compiled walk. */
interface ShapeNode {
  readonly key: string;
  readonly parent: ShapeNode | undefined;
  readonly children: ShapeNode[];
  /** The children by key, once there are more than childrenScannedMax (data used as keys). */
  childMap: Map<string, ShapeNode> | undefined;
  /**
   * No walk is compiled through this key: "__proto__" and array indices are not what
   * they seem as literal property names (a prototype, an element ordered first).
   */
  readonly unfit: boolean;
  walks: number;
  walk: ShapeWalk | undefined;
}

const root: ShapeNode = { key: '', parent: undefined, children: [], childMap: undefined, unfit: false, walks: 0, walk: undefined };
let shapeNodes = 1;
/** False once `new Function` was refused. */
let codeGeneration = true;

const arrayIndexLike = /^(?:0|[1-9][0-9]*)$/;

/** The compiled walk for `record`'s key sequence, once it has one; undefined: walk it generically. */
export function shapeWalkFor(record: Record<string, unknown>): ShapeWalk | undefined {
  let node = root;
  let fields = 0;
  let known = true;
  for (const key in record) {
    if (++fields > shapeFieldsMax) return undefined;
    if (!known) continue; // a new shape: only counting its fields now
    const next = childOf(node, key);
    if (next === undefined) known = false;
    else if (next.unfit) return undefined;
    else node = next;
  }
  if (!known) {
    addShape(record);
    return undefined;
  }
  if (node.walk !== undefined) return node.walk;
  if (++node.walks < compileAfterWalks || !codeGeneration) return undefined;
  try {
    node.walk = compileShape(keysTo(node));
  } catch {
    // node --disallow-code-generation-from-strings: the generic walk does it all.
    codeGeneration = false;
  }
  return node.walk;
}

/** Children are scanned while few (a compare each); past this many a node gets a map too. */
const childrenScannedMax = 8;

function childOf(node: ShapeNode, key: string): ShapeNode | undefined {
  if (node.childMap !== undefined) return node.childMap.get(key);
  const children = node.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i] as ShapeNode;
    if (child.key === key) return child;
  }
  return undefined;
}

/** Adds the path of a key sequence not seen before (it fits shapeFieldsMax: the caller counted). */
function addShape(record: Record<string, unknown>): void {
  let node = root;
  for (const key in record) {
    let next = childOf(node, key);
    if (next === undefined) {
      if (shapeNodes >= shapeNodesMax) {
        // Full, most likely of one-off shapes (data used as keys): start over; the hot
        // shapes come back and compile again within a few walks.
        forgetShapes();
        return;
      }
      next = { key, parent: node, children: [], childMap: undefined, unfit: key === '__proto__' || arrayIndexLike.test(key), walks: 0, walk: undefined };
      node.children.push(next);
      if (node.childMap !== undefined) node.childMap.set(key, next);
      else if (node.children.length > childrenScannedMax) node.childMap = new Map(node.children.map((c) => [c.key, c]));
      shapeNodes++;
    }
    if (next.unfit) return;
    node = next;
  }
}

/** Drops every shape and compiled walk (when the trie is full; tests start clean with it). */
export function forgetShapes(): void {
  root.children.length = 0;
  root.childMap = undefined;
  root.walks = 0;
  root.walk = undefined;
  shapeNodes = 1;
}

function keysTo(node: ShapeNode): string[] {
  const keys: string[] = [];
  for (let n: ShapeNode | undefined = node; n !== undefined && n !== root; n = n.parent) keys.push(n.key);
  return keys.reverse();
}

/** Generates the walk for one key sequence (see the file comment for what it must match). */
function compileShape(keys: readonly string[]): ShapeWalk {
  const lines: string[] = ['let written = 0;', 'let omitted = false;'];
  keys.forEach((key, i) => {
    const name = JSON.stringify(key);
    const facts = stringFacts(key);
    const c = `c${i}`;
    lines.push(
      `let ${c} = record[${name}];`,
      // resolve's own first test, inline: a primitive (most fields) skips the call.
      `if ((typeof ${c} === 'object' && ${c} !== null) || typeof ${c} === 'function' || typeof ${c} === 'bigint') ${c} = resolve(${c}, ${name});`,
      `if (jsonOmits(${c})) {`,
      `  ${c} = skip;`,
      '  omitted = true;',
      '} else {',
      `  if (hasher !== undefined) { hasher.foldInt(${facts.hashA}); hasher.foldInt(${facts.hashB}); }`,
      `  walker.bytes += ${facts.bytes + 1};`,
      `  if (typeof ${c} === 'number' && Number.isSafeInteger(${c})) {`,
      `    if (${c} === 0) ${c} = 0;`, // -0 travels as 0
      `    if (hasher !== undefined) { hasher.foldInt(${tagInt}); hasher.foldInt(${c}); }`,
      `    walker.bytes += integerLength(${c});`,
      `  } else if (typeof ${c} === 'string') walker.string(${c});`,
      `  else ${c} = walker.value(${c}, depth + 1);`,
      '  written++;',
      '}',
    );
  });
  lines.push(
    'if (hasher !== undefined) hasher.foldInt(-written - 1);',
    'walker.bytes += written === 0 ? 2 : written + 1;',
    'if (!copying) return record;',
    `if (!omitted) return { ${keys.map((key, i) => `${JSON.stringify(key)}: c${i}`).join(', ')} };`,
    'const out = {};',
    // Defined, not assigned, as JSON.parse does: a setter or a read-only field on Object.prototype must not see it.
    ...keys.map((key, i) => `if (c${i} !== skip) Object.defineProperty(out, ${JSON.stringify(key)}, { value: c${i}, enumerable: true, writable: true, configurable: true });`),
    'return out;',
  );
  const factory = new Function('skip', 'integerLength', 'resolve', 'jsonOmits', `'use strict';\nreturn function compiledShape(record, walker, depth, hasher, copying) {\n${lines.join('\n')}\n};`);
  return factory(skip, integerLength, resolve, jsonOmits) as ShapeWalk;
}
