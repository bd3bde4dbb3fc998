// `faultline list`: the built-in algorithms, their bug variants and workloads.

import { algorithms } from '../../impls/index.ts';
import type { Io } from './errors.ts';

export interface ListJson {
  algorithms: { name: string; describe?: string; workload: string | null; bugs: { name: string; description: string }[] }[];
}

export function listJson(): ListJson {
  return {
    algorithms: Object.values(algorithms).map((a) => ({
      name: a.name,
      ...(a.describe ? { describe: a.describe } : {}),
      workload: a.workload ?? null,
      bugs: Object.entries(a.bugs ?? {}).map(([name, description]) => ({ name, description })),
    })),
  };
}

export function listCommand(options: { json?: boolean }, io: Io): number {
  const data = listJson();
  if (options.json) {
    io.stdout(JSON.stringify(data));
    return 0;
  }
  const lines: string[] = [];
  for (const a of data.algorithms) {
    lines.push(`${a.name}${a.workload ? ` (workload: ${a.workload})` : ''}${a.describe ? ` — ${a.describe}` : ''}`);
    for (const bug of a.bugs) lines.push(`  --bug ${bug.name}: ${bug.description}`);
  }
  io.stdout(lines.join('\n'));
  return 0;
}
