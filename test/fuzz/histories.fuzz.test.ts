// Fuzzes `check-history` with every reader's format: real-shaped histories (a generated
// faultline history as JSON Lines and as Jepsen EDN, an etcd log as Porcupine prints it,
// Porcupine's kv lines, a Knossos file), damaged the ways logs are damaged — cut short,
// bytes spliced in, a line lost or doubled, a number made huge — read under each model,
// auto-detected or with a format named (perhaps the wrong one), one to three files per
// batch. Each file gets a verdict line or one line of bad input; the exit code is the
// batch's (docs/cli.md); nothing is written.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateKvHistory, historyFormats, models, writeJepsenEdn, writeJsonLines } from '../../checkers/linearizability.ts';
import { tempDir } from '../support/temp.ts';
import { cli, expectContract, fuzzRuns, fuzzSeed, snapshot } from './support.ts';

const seed = fuzzSeed(11, 'histories');

const kv = generateKvHistory({ ops: 24, keys: 2, clients: 3, seed: 5, infoPerMille: 80 });

const bases: { name: string; model: string; text: string }[] = [
  { name: 'kv.jsonl', model: 'kv', text: writeJsonLines(kv) },
  { name: 'kv.edn', model: 'kv', text: writeJepsenEdn(kv) },
  {
    name: 'etcd.log',
    model: 'etcd',
    text: [
      'INFO  jepsen.util - 2\t:invoke\t:cas\t[3 0]',
      'INFO  jepsen.util - 4\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 2\t:fail\t:cas\t[3 0]',
      'INFO  jepsen.util - 4\t:ok\t:read\tnil',
      'INFO  jepsen.util - 7     :invoke :write   2',
      'INFO  jepsen.util - 7\t:info\t:write\t:timed-out',
      'INFO  jepsen.util - 4\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 4\t:ok\t:read\t2',
      '',
    ].join('\n'),
  },
  {
    name: 'c-kv.txt',
    model: 'kv',
    text: [
      '{:process 9, :type :invoke, :f :append, :key "0", :value "x 9 0 y"}',
      '{:process 9, :type :ok, :f :append, :key "0", :value "x 9 0 y"}',
      '{:process 3, :type :invoke, :f :get, :key "0", :value nil}',
      '{:process 3, :type :ok, :f :get, :key "0", :value "x 9 0 y"}',
      '',
    ].join('\n'),
  },
  {
    name: 'knossos.edn',
    model: 'cas-register',
    text: `; a comment
[{:process 0, :type :invoke, :f :write, :value 1}
 {:process 0, :type :ok, :f :write, :value 1}
 {:process :nemesis, :type :info, :f :start, :value nil}
 {:process 1  :type :invoke, :f :cas, :value [1 2]}
 {:process 1, :type :ok, :f :cas, :value [1 2]}
 {:process 2, :type :invoke, :f :read, :value nil}
 {:process 2, :type :ok, :f :read, :value 2}]
`,
  },
];

type Damage =
  | { type: 'cut'; at: number }
  | { type: 'splice'; at: number; text: string }
  | { type: 'drop-line'; line: number }
  | { type: 'double-line'; line: number }
  | { type: 'huge-number'; which: number; digits: number }
  | { type: 'deep'; depth: number };

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('\n', '\r\n', '"', '\\', '[', ']', '{', '}', '(', ')', '#', ':', ';', ',', ' nil ', ':invoke', ':ok', '\t:info\t', '\uFEFF', '\u2028', '-', '1e999', 'NaN'),
);

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ type: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ type: fc.constant('splice' as const), at: fc.nat(), text: hostileText }),
  fc.record({ type: fc.constant('drop-line' as const), line: fc.nat() }),
  fc.record({ type: fc.constant('double-line' as const), line: fc.nat() }),
  fc.record({ type: fc.constant('huge-number' as const), which: fc.nat(), digits: fc.integer({ min: 16, max: 400 }) }),
  fc.record({ type: fc.constant('deep' as const), depth: fc.integer({ min: 2, max: 2_000 }) }),
);

function damaged(text: string, d: Damage): string {
  const lines = text.split('\n');
  switch (d.type) {
    case 'cut':
      return text.slice(0, d.at % (text.length + 1));
    case 'splice': {
      const at = d.at % (text.length + 1);
      return `${text.slice(0, at)}${d.text}${text.slice(at)}`;
    }
    case 'drop-line':
      lines.splice(d.line % lines.length, 1);
      return lines.join('\n');
    case 'double-line': {
      const i = d.line % lines.length;
      lines.splice(i, 0, lines[i] as string);
      return lines.join('\n');
    }
    case 'huge-number': {
      const numbers = [...text.matchAll(/\d+/g)];
      const m = numbers[d.which % Math.max(1, numbers.length)];
      if (m === undefined) return text;
      return `${text.slice(0, m.index)}${'9'.repeat(d.digits)}${text.slice((m.index as number) + m[0].length)}`;
    }
    case 'deep': {
      // The first value replaced by one nested `depth` deep.
      const found = /(:value |"value":)/.exec(text);
      if (found === null) return text;
      const start = found.index + found[0].length;
      const rest = text.slice(start).replace(/^[^,}\s]+/, '');
      return `${text.slice(0, start)}${'['.repeat(d.depth)}1${']'.repeat(d.depth)}${rest}`;
    }
  }
}

const file = fc.record({
  base: fc.nat({ max: bases.length - 1 }),
  // Often undamaged: a batch needs good files beside the bad.
  damages: fc.oneof(fc.constant<Damage[]>([]), fc.array(damage, { minLength: 1, maxLength: 2 })),
});

describe('fuzz: damaged histories through check-history', () => {
  it('each file a verdict or one line of bad input; the batch\'s exit code; nothing written', async () => {
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(file, { minLength: 1, maxLength: 3 }),
        // Mostly the model the first file was written for, and auto-detection; sometimes not.
        fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...Object.keys(models)) }),
        fc.oneof({ weight: 3, arbitrary: fc.constant('auto') }, { weight: 1, arbitrary: fc.constantFrom(...historyFormats) }),
        fc.boolean(),
        async (files, modelChoice, format, json) => {
          const model = modelChoice ?? (bases[(files[0] as { base: number }).base] as { model: string }).model;
          const dir = tempDir('faultline-fuzz-history-');
          const paths = files.map((f, i) => {
            const base = bases[f.base] as { name: string; model: string; text: string };
            const path = join(dir, `${i}-${base.name}`);
            writeFileSync(path, f.damages.reduce(damaged, base.text));
            return path;
          });
          const before = snapshot(dir);
          const r = await cli(['check-history', ...paths, '--model', model, ...(format === 'auto' ? [] : ['--format', format]), '--budget', '20000', ...(json ? ['--json'] : [])]);
          codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
          // One file's bad input is one stderr line; the batch goes on (one line per bad file).
          const errors = r.errLines.filter((l) => !l.startsWith('faultline check-history: warning: '));
          const verdicts = r.out.split('\n').filter((l) => l !== '');
          expect([0, 1, 2, 3]).toContain(r.code);
          expect(r.errLines.join('\n')).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
          for (const line of r.errLines) expect(line).toMatch(/^faultline check-history: /);
          expect(errors.length + verdicts.length, `one answer per file:\n${r.out}\n${r.errLines.join('\n')}`).toBe(paths.length);
          expect(r.code === 2, 'exit 2 exactly when some file was bad input').toBe(errors.length > 0);
          if (json) for (const v of verdicts) expect(() => JSON.parse(v)).not.toThrow();
          if (paths.length === 1) expectContract(r);
          expect(snapshot(dir), 'check-history writes nothing').toEqual(before);
        },
      ),
      { seed, numRuns: fuzzRuns(150), endOnFailure: true },
    );
    expect(codes.get(2) ?? 0, `exit codes ${JSON.stringify([...codes])}`).toBeGreaterThan(0);
    expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0) + (codes.get(3) ?? 0), `exit codes ${JSON.stringify([...codes])}`).toBeGreaterThan(0);
    console.log(`histories fuzz: exit codes ${JSON.stringify([...codes].sort())}`);
  }, 240_000);
});
