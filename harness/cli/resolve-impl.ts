// Finds the algorithm `--impl` names: a built-in from impls/index.ts, or a path to a module
// whose default export (or export `algorithm`) is an Algorithm. A module that exports
// something else gets one line saying which field is missing or wrong.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { algorithms } from '../../impls/index.ts';
import { importingPlugin, installDeterminismGuard } from '../determinism-guard.ts';
import { defaultsProblem } from '../scenario/shape.ts';
import type { Algorithm } from '../types.ts';
import { UsageError } from './errors.ts';

function looksLikePath(impl: string): boolean {
  return impl.includes('/') || impl.includes('\\') || /\.(ts|mts|js|mjs)$/.test(impl);
}

/** Why `value` is not an Algorithm, or undefined when it is one. */
export function algorithmProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return 'it is not an object';
  const a = value as Record<string, unknown>;
  if (typeof a.name !== 'string' || a.name === '') return 'field "name" is missing (a non-empty string)';
  if (typeof a.createNode !== 'function') return 'field "createNode" is missing (a function ctx => Node)';
  if (a.workload !== undefined && a.workload !== 'kv') return `field "workload" must be "kv" or absent, got ${JSON.stringify(a.workload)}`;
  if (a.bugs !== undefined && (a.bugs === null || typeof a.bugs !== 'object' || Object.values(a.bugs).some((d) => typeof d !== 'string'))) {
    return 'field "bugs" must be an object of bug name → description';
  }
  if (a.checkers !== undefined) {
    if (!Array.isArray(a.checkers)) return 'field "checkers" must be an array';
    const bad = a.checkers.findIndex((c) => c === null || typeof c !== 'object' || typeof c.name !== 'string' || typeof c.create !== 'function');
    if (bad >= 0) return `checkers[${bad}] must have a "name" string and a "create" function`;
  }
  return defaultsProblem(a as unknown as Algorithm);
}

/**
 * Loads a plug-in module in whatever module scope it sits. A plain import shares this
 * process's module instances (a plug-in that imports faultline gets the same one); a `.ts`
 * or `.cts` file in a CommonJS scope (a directory without a package.json saying "type":
 * "module") is not transformed on that path, so it is loaded through tsx's own import,
 * which transforms it in either scope.
 */
async function loadModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if (!/\.(c?ts|mts)$/.test(file) || isSyntaxErrorOfTheFile(error)) throw error;
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}

/** A syntax error tsx reported for the file itself: loading it another way would not help. */
function isSyntaxErrorOfTheFile(error: unknown): boolean {
  return error instanceof Error && /^Transform failed/.test(error.message);
}

/** The default export or export `algorithm`, looking through CommonJS interop's extra `default`. */
function exportedAlgorithm(mod: Record<string, unknown>): unknown {
  const candidate = mod.default ?? mod.algorithm;
  if (candidate !== null && typeof candidate === 'object' && typeof (candidate as { createNode?: unknown }).createNode !== 'function') {
    const inner = candidate as Record<string, unknown>;
    const nested = inner.default ?? inner.algorithm;
    if (nested !== undefined) return nested;
  }
  return candidate;
}

/**
 * One line for a load failure. An esbuild transform error's first line says only
 * "Transform failed with 1 error:"; where and what follow on the next.
 */
function loadFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (/^Transform failed/.test(lines[0] ?? '') && lines[1] !== undefined) return lines[1].replace(/ ERROR: /, ' ');
  return lines[0] ?? 'unknown error';
}

export async function resolveAlgorithm(impl: string): Promise<{ algorithm: Algorithm; ref: string }> {
  const builtin = Object.hasOwn(algorithms, impl) ? algorithms[impl] : undefined;
  if (builtin) return { algorithm: builtin, ref: impl };
  if (!looksLikePath(impl)) {
    throw new UsageError(`unknown algorithm "${impl}" (known: ${Object.keys(algorithms).join(', ')}; or give a path to a module)`);
  }
  // Relative paths resolve from the current directory, also when a record names one:
  // records made from the project root replay from the project root.
  const file = resolve(impl);
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat === undefined) throw new UsageError(`--impl ${impl}: no such file (looked for ${file})`);
  if (stat.isDirectory()) throw new UsageError(`--impl ${impl}: is a directory; give the module file (e.g. ${impl.replace(/[\\/]+$/, '')}/index.ts)`);
  // Traps first: a plug-in that keeps `Math.random` or `Date.now` at import time keeps the trap.
  installDeterminismGuard();
  let mod: Record<string, unknown>;
  try {
    mod = await importingPlugin(impl, () => loadModule(file));
  } catch (error) {
    throw new UsageError(`--impl ${impl}: the module failed to load: ${loadFailure(error)}`);
  }
  let candidate: unknown;
  let problem: string | undefined;
  try {
    candidate = exportedAlgorithm(mod);
    problem = candidate === undefined ? undefined : algorithmProblem(candidate);
  } catch (error) {
    // A getter on the exported object that throws is the plug-in's mistake, said in one line.
    throw new UsageError(`--impl ${impl}: reading the exported algorithm threw: ${loadFailure(error)}`);
  }
  if (candidate === undefined) throw new UsageError(`--impl ${impl}: the module has no default export and no export "algorithm"`);
  if (problem) throw new UsageError(`--impl ${impl}: the exported algorithm is not valid: ${problem}`);
  return { algorithm: candidate as Algorithm, ref: impl };
}

/** Checks `bug` against the algorithm's bug list. */
export function checkBug(algorithm: Algorithm, bug: string | undefined): void {
  if (bug === undefined) return;
  const bugs = algorithm.bugs ?? {};
  if (!Object.hasOwn(bugs, bug)) {
    throw new UsageError(`algorithm ${algorithm.name} has no bug "${bug}" (known: ${Object.keys(bugs).join(', ') || 'none'})`);
  }
}
