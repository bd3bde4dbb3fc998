// The `faultline` command line (DESIGN.md, CLI **contract**). Each command's logic lives
// in its own file as a function of parsed options and an Io, so tests call it in-process;
// this file only parses. Bad input anywhere is one line on stderr and exit 2.

import { Command, CommanderError, Option } from 'commander';
import { oneLine } from '../../checkers/formats/errors.ts';
import { handlerWallMsMaxFromEnv } from '../handler-watchdog.ts';
import { trapUnhandledRejections } from './late-work.ts';
import { heapMbFromEnv } from './isolated-runner.ts';
import { UsageError, processIo, type Io } from './errors.ts';
import { checkHistoryCommand } from './check-history.ts';
import { listCommand } from './list.ts';
import { registerMergeCommand } from './merge.ts';
import { registerExploreCommand } from './explore.ts';
import { registerReplayCommand } from './replay.ts';
import { registerReportCommand } from './report.ts';
import { registerRunCommand } from './run.ts';
import { registerShrinkCommand } from './shrink.ts';

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('faultline')
    .description('deterministic fault-injection testing for distributed algorithms')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // Commander puts its "(Did you mean …?)" on a line of its own: bad input is one line.
      outputError: (s, write) => write(`faultline: ${oneLine(s.replace(/^error: /, '').trim().replace(/\s*\n\s*\(Did you mean (.*)\)$/, ' (did you mean $1)'))}\n`),
    })
    .showSuggestionAfterError(true)
    .allowExcessArguments(false);

  program
    .command('list')
    .description('algorithms, their bug variants and workloads')
    .addOption(new Option('--json', 'one JSON object on stdout'))
    .action((opts: { json?: boolean }) => setExit(listCommand(opts, io)));

  registerRunCommand(program, io, setExit);
  program
    .command('check-history')
    .description('linearizability of outside histories (Jepsen EDN, Porcupine logs, JSON Lines)')
    .argument('<files...>', 'history files')
    .requiredOption('--model <model>', 'register | cas-register | etcd | kv')
    .option('--format <format>', 'auto | porcupine-etcd | porcupine-kv | jepsen-edn | jsonl', 'auto')
    .option('--budget <steps>', 'model steps before the verdict is unknown')
    .option('--json', 'one JSON object per file on stdout')
    .action(async (files: string[], opts: { model: string; format: string; budget?: string; json?: boolean }) => {
      let budget: number | undefined;
      if (opts.budget !== undefined) {
        budget = Number(opts.budget);
        if (!Number.isSafeInteger(budget) || budget <= 0) throw new UsageError(`--budget must be a positive integer, got "${opts.budget}"`);
      }
      setExit(
        await checkHistoryCommand(files, { model: opts.model, format: opts.format, ...(budget !== undefined ? { budget } : {}), ...(opts.json ? { json: true } : {}) }, io),
      );
    });

  registerExploreCommand(program, io, setExit);
  registerMergeCommand(program, io, setExit);
  registerReplayCommand(program, io, setExit);
  registerShrinkCommand(program, io, setExit);
  registerReportCommand(program, io, setExit);

  return program;
}

/** Runs the CLI on `argv` (without node and script); returns the exit code. */
export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    // A rejection node code leaves behind belongs to the run that left it (harness/cli/late-work.ts).
    trapUnhandledRejections();
    // Read once here, so a bad value is bad input (exit 2) before anything runs.
    try {
      handlerWallMsMaxFromEnv();
      heapMbFromEnv();
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is bad input.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof UsageError) {
      // Messages quote what the user typed, which may hold a newline or a terminal escape.
      io.stderr(`faultline: ${oneLine(error.message)}`);
      return 2;
    }
    io.stderr(`faultline: internal error: ${error instanceof Error ? error.message : String(error)}`);
    return 70;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /(?:main\.ts|faultline(?:\.js)?)$/.test(process.argv[1]);
if (invokedDirectly) {
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
}
