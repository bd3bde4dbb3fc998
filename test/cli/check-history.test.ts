// Proves `check-history` holds up against hostile files, per the CLI contract: every
// message is one line, and bad input exits 2, never 70. Runs checkHistoryCommand
// in-process on files written to a temp dir, and the real bin/faultline.js in a child
// process where only the process's exit code can tell.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistoryCommand } from '../../harness/cli/check-history.ts';
import { faultlineBin } from '../support/bin.ts';
import { tempDir } from '../support/temp.ts';

const dir = tempDir('faultline-check-history-hostile-');
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

async function run(files: string[], opts: Parameters<typeof checkHistoryCommand>[1]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await checkHistoryCommand(files, opts, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

describe('check-history: one line per message', () => {
  it('a missing file whose name holds a newline and an escape is named on one line', async () => {
    const r = await run([join(dir, 'no\nsuch\u001b[2J.edn')], { model: 'register' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^faultline check-history: cannot read .*no\\nsuch\\u001b\[2J\.edn: no such file\n$/);
  });

  it('a malformed JSON row with a carriage return is reported on one line', async () => {
    const r = await run([file('cr.jsonl', '{"type":"invoke","process":0,"time":\r x}\n')], { model: 'register' });
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(2);
    expect(r.err).not.toMatch(/\r/);
  });
});

describe('check-history: bad input exits 2, never 70', () => {
  const deep = 10_000;
  it('EDN nested 10,000 deep, through the real entry point', async () => {
    const text = `[{:process 0, :type :invoke, :f :write, :value ${'['.repeat(deep)}${']'.repeat(deep)}}]\n`;
    const r = await faultlineBin(['check-history', file('deep.edn', text), '--model', 'register']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^faultline check-history: .*deep\.edn:1: nested deeper than \d+ levels\n$/);
  });
});
