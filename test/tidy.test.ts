// Tidy: greps the source tree for what must never appear (STYLE.md) — nondeterministic
// APIs in simulation, implementation and checker code, seedrandom outside harness/rng.ts,
// and imports that break the one-way dependency rule — and fails naming file and line.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

const banned: { pattern: RegExp; api: string; use: string }[] = [
  { pattern: /\bMath\.random\s*\(/, api: 'Math.random', use: 'ctx.random() / Rng' },
  { pattern: /\bDate\.now\s*\(/, api: 'Date.now', use: 'ctx.now() (virtual time) or harness/wall-clock.ts' },
  { pattern: /\bnew Date\s*\(/, api: 'new Date', use: 'ctx.now() (virtual time) or harness/wall-clock.ts' },
  { pattern: /\bset(Timeout|Interval|Immediate)\s*\(/, api: 'setTimeout/setInterval/setImmediate', use: 'ctx.setTimer() or sim.at()' },
  { pattern: /\bperformance\.now\s*\(/, api: 'performance.now', use: 'harness/wall-clock.ts' },
  { pattern: /\bprocess\.hrtime\b/, api: 'process.hrtime', use: 'harness/wall-clock.ts' },
  { pattern: /\bcrypto\.(randomUUID|getRandomValues|randomBytes)\b/, api: 'crypto randomness', use: 'Rng' },
  { pattern: /\bawait\b/, api: 'await', use: 'synchronous code in virtual time' },
];

/** Code at the edge may touch the real world: the CLI, the guard that traps the APIs, the wall clock. */
const edge = [/^harness\/cli\//, /^harness\/determinism-guard\.ts$/, /^harness\/wall-clock\.ts$/, /^harness\/vitest\.ts$/, /^harness\/explore\//, /^harness\/record\//, /^harness\/report\//];

function stripComments(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('//') || trimmed.startsWith('*') || trimmed.startsWith('/*')) return '';
  return line.replace(/\/\/.*$/, '');
}

function scan(rel: string, text: string): string[] {
  if (edge.some((e) => e.test(rel))) return [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    const code = stripComments(line);
    for (const b of banned) if (b.pattern.test(code)) problems.push(`${rel}:${i + 1}: ${b.api} is banned here, use ${b.use}`);
  });
  return problems;
}

describe('tidy', () => {
  const files = [...sources('harness'), ...sources('impls'), ...sources('checkers')];

  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('uses no nondeterministic API in simulation, implementation or checker code', () => {
    const problems = files.flatMap((file) => scan(relative(root, join(root, file)).replaceAll('\\', '/'), readFileSync(join(root, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('would catch a planted banned call, and ignores comments and the edge', () => {
    expect(scan('impls/x/node.ts', 'const a = 1;\nconst t = Math.random();')).toEqual(['impls/x/node.ts:2: Math.random is banned here, use ctx.random() / Rng']);
    expect(scan('impls/x/node.ts', '// Math.random() is banned')).toEqual([]);
    expect(scan('harness/cli/main.ts', 'Date.now()')).toEqual([]);
  });

  it('imports seedrandom only in harness/rng.ts', () => {
    const offenders = files.filter((f) => f !== join('harness', 'rng.ts') && /from ['"]seedrandom['"]/.test(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('keeps dependencies one way: checkers import nothing of harness or impls; impls only harness types', () => {
    const problems: string[] = [];
    for (const file of sources('checkers')) {
      const text = readFileSync(join(root, file), 'utf8');
      if (/from ['"](\.\.\/)+(harness|impls)\//.test(text)) problems.push(`${file}: checkers/ must not import harness/ or impls/`);
    }
    for (const file of sources('impls')) {
      for (const line of readFileSync(join(root, file), 'utf8').split('\n')) {
        const m = /^import\s+(type\s+)?.*from ['"]((\.\.\/)+harness\/[^'"]+)['"]/.exec(line);
        if (m && !m[1] && !/harness\/(types|assert)\.ts$/.test(m[2] ?? '')) problems.push(`${file}: impls/ may import only types (and assert) from harness/, found ${line.trim()}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
