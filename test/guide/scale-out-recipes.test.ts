// Keeps docs/scale-out.md honest: its Kubernetes Indexed Job and its GitHub Actions
// workflow are read from the page as YAML and played as those systems would play them:
// every pod's script run by bash with its JOB_COMPLETION_INDEX, every matrix job's `run`
// steps with `${{ matrix.shard }}` filled in, artifacts uploaded and downloaded, then the
// merge the page prescribes. What a recipe says is kept; three things are changed, each
// because the test cannot or need not pay for it, and each is asserted to be there first:
//   - `npm ci` is skipped: the checkout this test runs in was installed by it already,
//     and an install per shard would take minutes and the network;
//   - the `--seeds` range shrinks to two seeds per shard: the range sets how long a sweep
//     runs, not how the shards and the merge fit together;
//   - a container's mount paths (/src, /results) become temporary directories.
// A step this test does not know (a new `uses:` action) fails it: extend the player.
import { spawn } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fencedBlocks } from '../support/markdown.ts';
import { tempDir } from '../support/temp.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const page = readFileSync(join(root, 'docs/scale-out.md'), 'utf8');
const manifests = fencedBlocks(page, 'yaml').map((text) => parse(text) as Record<string, any>);
const job = manifests.find((m) => m.kind === 'Job');
const workflow = manifests.find((m) => m.jobs !== undefined);

/** A fresh "clone" of this repository: its top-level entries linked, so nothing is copied and nothing written here. */
function checkout(): string {
  const dir = tempDir('faultline-checkout-');
  for (const name of readdirSync(root)) if (name !== '.git' && name !== 'out' && name !== 'reports') symlinkSync(join(root, name), join(dir, name));
  return dir;
}

/** `script` without its `npm ci` line; asserts it had one. */
function withoutInstall(script: string): string {
  expect(script, 'the recipe installs with npm ci').toMatch(/^\s*npm ci\s*$/m);
  return script.replace(/^\s*npm ci\s*$/m, '');
}

/** `script` with its seed range shrunk to seeds 1..seedsMax; asserts it named one. */
function fewerSeeds(script: string, seedsMax: number): string {
  expect(script, 'the recipe names a --seeds range').toMatch(/--seeds \d+\.\.\d+/);
  return script.replace(/--seeds \d+\.\.\d+/, `--seeds 1..${seedsMax}`);
}

function bash(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const child = spawn('bash', args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => done({ code, out, err }));
  });
}

/** Runs `tasks` two at a time (the machine's cores), in order of index. */
async function twoAtATime<T>(tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}

describe('docs/scale-out.md recipes, played as written', () => {
  it('has one Kubernetes Job and one GitHub Actions workflow', () => {
    expect(job).toBeDefined();
    expect(workflow).toBeDefined();
  });

  it('the Kubernetes Indexed Job: every pod\'s script, then the merge the page names', async () => {
    const spec = job?.spec;
    expect(spec.completionMode).toBe('Indexed');
    const shards = spec.completions as number;
    expect(spec.parallelism).toBe(shards);
    const container = spec.template.spec.containers[0];
    expect(container.command).toEqual(['bash', '-c']);
    const [script] = container.args as string[];
    expect(script, 'each pod takes shard index+1 of completions').toContain(`--shard "$I/${shards}"`);
    const src = checkout();
    const results = tempDir('faultline-results-');
    const mounts: Record<string, string> = {};
    for (const mount of container.volumeMounts as { name: string; mountPath: string }[]) mounts[mount.mountPath] = mount.name === 'src' ? src : results;
    expect(Object.keys(mounts).sort()).toEqual(['/results', '/src']);
    expect(container.workingDir).toBe('/src');
    const remount = (text: string): string => Object.entries(mounts).reduce((t, [path, dir]) => t.replaceAll(path, dir), text);
    const podScript = remount(fewerSeeds(withoutInstall(script as string), 2 * shards));
    const pods = await twoAtATime(Array.from({ length: shards }, (_, index) => () => bash(['-c', podScript], src, { JOB_COMPLETION_INDEX: String(index) })));
    for (const [index, pod] of pods.entries()) expect(pod.code, `pod ${index}: ${pod.err}`).toBe(0);
    expect(readdirSync(results).sort()).toEqual(Array.from({ length: shards }, (_, i) => `shard-${i + 1}`).sort());
    const merge = /`(npx faultline merge \/results\/shard-\*)`/.exec(page)?.[1];
    expect(merge, 'the page says how to merge the results volume').toBeDefined();
    const merged = await bash(['-c', remount(merge as string)], src);
    expect(merged.code, merged.err).toBe(0);
    expect(merged.out).toContain(`✓ raft · seeds 1..${2 * shards} · ${shards} shards · ${2 * shards} seeds · 0 failed`);
  }, 240_000);

  it('the GitHub Actions matrix: every shard job\'s steps, artifacts, then the merge job', async () => {
    const jobs = workflow?.jobs as Record<string, { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: Record<string, any>[] }>;
    const shards = jobs.shard?.strategy?.matrix.shard as number[];
    expect(shards.length).toBeGreaterThan(1);
    expect(jobs.merge?.needs).toBe('shard');
    const artifacts = tempDir('faultline-artifacts-');
    const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

    /** Plays one job's steps in a fresh checkout; `matrix` fills `${{ matrix.* }}`. */
    const play = async (steps: readonly Record<string, any>[], matrix: Record<string, string>): Promise<{ code: number | null; out: string; err: string }[]> => {
      const fill = (text: string): string => {
        const filled = text.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, key: string) => matrix[key] ?? `<no matrix.${key}>`);
        expect(filled, 'an expression the player does not know').not.toContain('${{');
        return filled;
      };
      let workspace: string | undefined;
      const ran = [];
      for (const step of steps) {
        const uses = step.uses as string | undefined;
        if (uses?.startsWith('actions/checkout@')) workspace = checkout();
        else if (uses?.startsWith('actions/setup-node@')) expect(engines, 'the workflow installs a node the package supports').toBe(`>=${step.with['node-version']}.0.0`);
        else if (uses?.startsWith('actions/upload-artifact@')) cpSync(join(workspace as string, fill(step.with.path)), join(artifacts, fill(step.with.name)), { recursive: true });
        else if (uses?.startsWith('actions/download-artifact@')) cpSync(artifacts, join(workspace as string, step.with.path), { recursive: true });
        else if (uses !== undefined) throw new Error(`docs/scale-out.md uses ${uses}, which this test cannot play`);
        else if (/^\s*npm ci\s*$/.test(step.run)) continue;
        else {
          // The shell GitHub gives a `run` step on ubuntu.
          const result = await bash(['--noprofile', '--norc', '-eo', 'pipefail', '-c', fill(/--seeds/.test(step.run) ? fewerSeeds(step.run, 2 * shards.length) : step.run)], workspace as string);
          ran.push(result);
          if (result.code !== 0) break;
        }
      }
      return ran;
    };

    const shardRuns = await twoAtATime(shards.map((shard) => () => play(jobs.shard?.steps ?? [], { shard: String(shard) })));
    for (const [i, runs] of shardRuns.entries()) {
      expect(runs, `shard job ${shards[i]} ran its explore step`).toHaveLength(1);
      expect(runs[0]?.code, `shard job ${shards[i]}: ${runs[0]?.err}`).toBe(0);
    }
    expect(readdirSync(artifacts).sort()).toEqual(shards.map((s) => `shard-${s}`).sort());
    const [merged] = await play(jobs.merge?.steps ?? [], {});
    expect(merged?.code, merged?.err).toBe(0);
    expect(merged?.out).toContain(`✓ raft · seeds 1..${2 * shards.length} · ${shards.length} shards · ${2 * shards.length} seeds · 0 failed`);
  }, 240_000);
});
