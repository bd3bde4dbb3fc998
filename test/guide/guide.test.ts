// Keeps docs/plugging-in.md honest: every ```ts block names the file it quotes on its
// first line and equals that file (or, marked "(excerpt)", appears in it verbatim); the
// pasted `run` and `explore` outputs and the bug table are re-run and compared. These
// seeds are fixed, not FAULTLINE_SEED: they pin text a reader sees.
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../harness/cli/main.ts';
import { gcounter } from '../../examples/gcounter/algorithm.ts';
import { tempDir } from '../support/temp.ts';
import { fencedBlocks } from '../support/markdown.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const guide = readFileSync(join(root, 'docs/plugging-in.md'), 'utf8');
const example = './examples/gcounter/algorithm.ts';

/** Fenced blocks of one language ('' for bare fences), as text without the fences. */
const blocks = (lang: string): string[] => fencedBlocks(guide, lang);

/** The output block that starts with `$ <command>`, up to the next `$ ` line. */
function pasted(command: string): string[] {
  for (const block of blocks('')) {
    const lines = block.trimEnd().split('\n');
    const start = lines.findIndex((l) => l === `$ ${command}`);
    if (start < 0) continue;
    const end = lines.findIndex((l, i) => i > start && l.startsWith('$ '));
    return lines.slice(start + 1, end < 0 ? undefined : end);
  }
  throw new Error(`docs/plugging-in.md shows no output of: ${command}`);
}

/** Wall-clock figures differ from run to run; everything else must not. */
function steady(lines: readonly string[]): string[] {
  return lines
    .filter((l) => !/^explore .*: \d+\/\d+ seeds/.test(l))
    .map((l) => l.replace(/[\d ]+ wall ms/, 'N wall ms').replace(/[\d.]+ seeds\/s · [\d.]+ s$/, 'N seeds/s · N s'));
}

async function cli(args: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runCli(args, { stdout: (t) => void out.push(...t.split('\n')), stderr: () => {}, isTty: false });
  return { code, out };
}

describe('docs/plugging-in.md', () => {
  const code = blocks('ts');

  it('quotes the example, its checkers and its suite whole', () => {
    const whole = code.map((b) => b.split('\n')[0]).filter((first) => first !== undefined && !first.endsWith('(excerpt)'));
    expect(whole).toEqual(['// examples/gcounter/algorithm.ts', '// examples/gcounter/checker.ts', '// test/guide/gcounter-suite.test.ts']);
  });

  for (const block of code) {
    const first = block.split('\n')[0] ?? '';
    const match = /^\/\/ (\S+)( \(excerpt\))?$/.exec(first);
    it(`block "${first}" is the file's real text`, () => {
      expect(match, 'every ts block starts with "// <path>" or "// <path> (excerpt)"').not.toBeNull();
      const [, path, excerpt] = match as RegExpExecArray;
      const file = readFileSync(join(root, path as string), 'utf8');
      const body = block.slice(first.length + 1);
      if (excerpt) expect(file.includes(body), `${path} no longer contains the guide's excerpt`).toBe(true);
      else expect(body.trimEnd()).toBe(file.trimEnd());
    });
  }

  it('the pasted `run` output is what run prints today', async () => {
    const command = `npx faultline run --impl ${example} --seed 1`;
    const r = await cli(['run', '--impl', example, '--seed', '1']);
    expect(r.code).toBe(0);
    expect(steady(r.out)).toEqual(steady(pasted(command)));
  });

  it('the pasted Math.random run is what run prints for that scratch copy today', async () => {
    // The scratch copy the guide describes, in a project of its own that depends on faultline.
    const project = tempDir('faultline-guide-random-');
    mkdirSync(join(project, 'examples/gcounter'), { recursive: true });
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(root, join(project, 'node_modules/faultline'));
    writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
    cpSync(join(root, 'examples/gcounter/checker.ts'), join(project, 'examples/gcounter/checker.ts'));
    const original = readFileSync(join(root, 'examples/gcounter/algorithm.ts'), 'utf8');
    const replaced = 'this.ctx.randomInt(incrementMsMin, incrementMsMax)';
    expect(original).toContain(replaced);
    writeFileSync(join(project, 'examples/gcounter/algorithm.ts'), original.replace(replaced, 'incrementMsMax * Math.random()'));
    const command = `npx faultline run --impl ${example} --seed 1 --faults none`;
    const home = process.cwd();
    process.chdir(project);
    try {
      const r = await cli(['run', '--impl', example, '--seed', '1', '--faults', 'none']);
      expect(r.code).toBe(1);
      expect(steady(r.out)).toEqual(steady(pasted(command)));
    } finally {
      process.chdir(home);
    }
  });

  it('the pasted `explore --bug no_sync` output is what explore prints today', async () => {
    const out = tempDir('faultline-guide-');
    const command = `npx faultline explore --impl ${example} --bug no_sync --seeds 1..100 --max-failures 1 --out /tmp/gcounter`;
    const r = await cli(['explore', '--impl', example, '--bug', 'no_sync', '--seeds', '1..100', '--max-failures', '1', '--out', out, '--no-progress']);
    expect(r.code).toBe(1);
    expect(steady(r.out.map((l) => l.replaceAll(out, '/tmp/gcounter')))).toEqual(steady(pasted(command)));
  });

  it('the bug table: each variant fails the seeds the guide says, caught by the checker it names', async () => {
    const rows = [...guide.matchAll(/^\| `(\w+)` \| [^|]+ \| `([\w-]+)` \| (\d+) \|$/gm)].map((m) => ({ bug: m[1] as string, checker: m[2] as string, failing: Number(m[3]) }));
    expect(rows.map((r) => r.bug).sort()).toEqual(Object.keys(gcounter.bugs ?? {}).sort());
    for (const row of rows) {
      const r = await cli(['explore', '--impl', example, '--bug', row.bug, '--seeds', '1..100', '--out', tempDir('faultline-guide-'), '--json']);
      const json = JSON.parse(r.out.join('\n')) as { failures: { violations: { checker: string }[] }[] };
      expect(json.failures.length, `${row.bug}: failing seeds of 1..100`).toBe(row.failing);
      for (const f of json.failures) expect(f.violations[0]?.checker).toBe(row.checker);
    }
  });
});
