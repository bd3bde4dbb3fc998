// Proves `check-history` holds up against hostile files and mixed batches, per the CLI
// contract: every message is one line; bad input exits 2, never 70; an empty file is an
// empty, linearizable history; in a batch every file is reported — checked ones on
// stdout, bad ones as one stderr line each — and the exit code is 2 if any file was bad
// input, else 1 if any is not linearizable, else 3 if any is unknown, else 0; and a model
// that sets aside a large share of a file's operations says so, with how many and why. Runs
// checkHistoryCommand in-process on files written to a temp dir, and the real
// bin/faultline.js in a child process where only the process's exit code can tell.

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHistoryCommand } from '../../harness/cli/check-history.ts';
import { generateKvHistory, writeJepsenEdn, writeJsonLines } from '../../checkers/linearizability.ts';
import { faultlineBin, repoRoot } from '../support/bin.ts';
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

describe('check-history: empty files and batches', () => {
  const good = file('good.jsonl', writeJsonLines(generateKvHistory({ ops: 100, keys: 2, clients: 3, seed: 1 })));
  const bad = file('bad.edn', writeJepsenEdn(generateKvHistory({ ops: 100, keys: 2, clients: 3, seed: 1, corruptGet: true })));
  const hard = file('hard.jsonl', writeJsonLines(generateKvHistory({ ops: 3000, keys: 1, clients: 30, seed: 2 })));
  const empty = file('etcd_095.log', '');
  const blank = file('blank.edn', '\ufeff \n\t\n');
  const malformed = file('malformed.edn', '[{:process 0, :type :oops, :f :get}]');
  const missing = join(dir, 'missing.edn');
  const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

  it("Porcupine's empty etcd_095.log is linearizable with 0 ops", async () => {
    const r = await run([empty], { model: 'etcd' });
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^✓ .*etcd_095\.log: linearizable · 0 ops · 0 partitions/);
    const j = await run([empty, blank], { model: 'etcd', json: true });
    expect(j.code).toBe(0);
    expect(lines(j.out).map((l) => JSON.parse(l))).toMatchObject([
      { verdict: 'linearizable', ops: 0, partitions: 0, format: null, events: 0 },
      { verdict: 'linearizable', ops: 0, partitions: 0, format: null, events: 0 },
    ]);
  });

  it('an empty file among others does not stop the batch', async () => {
    const r = await run([good, empty, bad], { model: 'kv' });
    expect(r.code).toBe(1);
    expect(lines(r.out)).toHaveLength(3);
    expect(r.err).toBe('');
  });

  it('every file is reported; bad ones on stderr, one line each; exit 2', async () => {
    const r = await run([good, missing, bad, malformed, empty], { model: 'kv' });
    expect(r.code).toBe(2);
    const out = lines(r.out);
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/^✓ .*good\.jsonl: linearizable/);
    expect(out[1]).toMatch(/^✗ .*bad\.edn: not linearizable/);
    expect(out[2]).toMatch(/^✓ .*etcd_095\.log: linearizable · 0 ops/);
    const err = lines(r.err);
    expect(err).toHaveLength(2);
    expect(err[0]).toMatch(/^faultline check-history: cannot read .*missing\.edn: no such file$/);
    expect(err[1]).toMatch(/^faultline check-history: .*malformed\.edn:1: expected :type to be one of/);
  });

  it('--json: one object per checked file, the bad one on stderr', async () => {
    const r = await run([malformed, good, bad], { model: 'kv', json: true });
    expect(r.code).toBe(2);
    expect(lines(r.out).map((l) => (JSON.parse(l) as { verdict: string }).verdict)).toEqual(['linearizable', 'not-linearizable']);
    expect(lines(r.err)).toHaveLength(1);
  });

  it('exit precedence: bad input over not linearizable over unknown', async () => {
    expect((await run([hard, good], { model: 'kv', budget: 1000 })).code).toBe(3);
    expect((await run([hard, bad], { model: 'kv', budget: 1000 })).code).toBe(1);
    expect((await run([hard, bad, missing], { model: 'kv', budget: 1000 })).code).toBe(2);
    expect((await run([good, empty], { model: 'kv' })).code).toBe(0);
  });

  it('a file the model cannot read is that file\'s bad input, not the batch\'s', async () => {
    const etcdLog = file('e.log', 'INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:read\tnil\n');
    const r = await run([etcdLog, good], { model: 'etcd' });
    expect(r.code).toBe(2);
    expect(lines(r.out)).toHaveLength(1);
    expect(r.out).toMatch(/e\.log: linearizable/);
    expect(r.err).toMatch(/good\.jsonl:\d+: etcd model has no operation "(get|put|append)"/);
  });

  it('through the real entry point: an empty file and a missing one exit 2, the empty one reported', async () => {
    const r = await faultlineBin(['check-history', empty, missing, '--model', 'etcd']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^✓ .*etcd_095\.log: linearizable · 0 ops/);
    expect(lines(r.err)).toHaveLength(1);
  });
});

describe('check-history: warns when the model skips a large share of the operations', () => {
  // Six cas that failed, then four reads: cas-register drops a failed op (Knossos: it did
  // not happen), etcd keeps a failed cas (it ran and returned false).
  const rows: string[] = [];
  for (let p = 0; p < 6; p++) rows.push(`INFO  jepsen.util - ${p}\t:invoke\t:cas\t[1 2]`, `INFO  jepsen.util - ${p}\t:fail\t:cas\t[1 2]`);
  for (let p = 0; p < 4; p++) rows.push(`INFO  jepsen.util - ${p}\t:invoke\t:read\tnil`, `INFO  jepsen.util - ${p}\t:ok\t:read\t${p === 0 ? 'nil' : 0}`);
  const log = file('failed-cas.log', `${rows.join('\n')}\n`);

  it('one stderr line with the count and the reasons, and the check still runs', async () => {
    const r = await run([log], { model: 'cas-register' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^✓ .*failed-cas\.log: linearizable · 3 ops/);
    expect(r.err).toMatch(/^faultline check-history: warning: .*failed-cas\.log: the cas-register model skipped 7 of 10 operations \(6 fail: did not happen; 1 read of nil or with unknown answer tells nothing\); checked the other 3\n$/);
  });

  it('--json carries skipped and why, beside every field it had', async () => {
    const r = await run([log], { model: 'cas-register', json: true });
    const o = JSON.parse(r.out) as Record<string, unknown>;
    expect(o).toMatchObject({ verdict: 'linearizable', ops: 3, partitions: 1, skipped: 7, dropped: 7, skippedWhy: { 'fail: did not happen': 6, 'read of nil or with unknown answer tells nothing': 1 } });
    for (const field of ['file', 'verdict', 'ops', 'partitions', 'wallMs', 'model', 'format', 'events', 'dropped', 'steps', 'budget']) expect(o).toHaveProperty(field);
    expect(r.err).toMatch(/warning: .*skipped 7 of 10/);
  });

  it('no warning when the model reads (nearly) everything', async () => {
    const r = await run([log], { model: 'etcd', json: true });
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toMatchObject({ ops: 10, skipped: 0, skippedWhy: {} });
  });

  const etcd000 = join(repoRoot, '../shared/corpus/porcupine-etcd/etcd_000.log');
  it.skipIf(!existsSync(etcd000))("the issue's case: etcd_000.log under cas-register checks 63 of 85 and says so", async () => {
    const r = await run([etcd000], { model: 'cas-register' });
    expect(r.err).toMatch(/warning: .*etcd_000\.log: the cas-register model skipped 22 of 85 operations \(20 fail: did not happen; 2 read of nil or with unknown answer tells nothing\); checked the other 63/);
    expect((await run([etcd000], { model: 'etcd' })).err).toBe('');
  });
});
