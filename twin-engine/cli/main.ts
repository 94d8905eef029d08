/**
 * The wardtwin command line. Every command has --help; errors say what was wrong and how to fix it,
 * and exit non-zero.
 */
import { UsageError, helpText, type FlagSpec } from './args';
import { processIo, type CliIo } from './io';
import { escapeControl } from '../util/text';
import { runCommand, RUN_FLAGS } from './run';
import { runValidate } from './validate';
import { STRIP_FLAGS, stripCommand } from './strip';
import { EVAL_COMMAND } from './eval';
import { EXPORT_COMMAND } from './export';
import { moduleCommand } from './module';
import { auditCommand } from './audit';
import { labCommand } from './lab';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  flags: FlagSpec[];
  run(argv: string[], io: CliIo): Promise<number>;
}

const HELP_FLAG: FlagSpec = { name: 'help', help: 'show this help' };

export const COMMANDS: Command[] = [
  {
    name: 'validate',
    usage: 'wardtwin validate <file>...',
    summary: 'Check scenario, ward and cohort files; every error names file:line:column, the path, what was expected and found.',
    flags: [],
    run: (argv, io) => runValidate(argv, io),
  },
  {
    name: 'run',
    usage: 'wardtwin run <scenario|ward|cohort> [--n 200] [--duration 2h] [--seed N] [--out DIR] [--module <path|builtin:id>]... [--format wfdb,fhir] [--audit-key FILE]',
    summary: 'Run as fast as possible; print a summary and write numerics.csv, truth.json, events.json (and findings.json, exports) to DIR.',
    flags: RUN_FLAGS,
    run: runCommand,
  },
  {
    name: 'strip',
    usage: 'wardtwin strip <scenario|ward> [--bed N] [--at 5m] [--duration 10s] [--out strip.svg]',
    summary: 'Draw 10 s of every waveform of a bed on a monitor-style grid (SVG).',
    flags: STRIP_FLAGS,
    run: stripCommand,
  },
  EVAL_COMMAND,
  EXPORT_COMMAND,
  moduleCommand,
  auditCommand,
  labCommand,
];

const NOTICE = 'WardTwin — simulated patients for testing AI diagnostic tools. SIMULATION — NOT FOR CLINICAL USE.';

export function mainHelp(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    NOTICE,
    '',
    'Usage: wardtwin <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    "Run 'wardtwin <command> --help' for a command's options.",
  ].join('\n');
}

export async function main(argv: string[], out: CliIo = processIo): Promise<number> {
  // Everything a command prints may carry text from a file (a ward's title, a module's name): control
  // characters in it could rewrite the terminal, so they are shown escaped here, once for every command.
  const io: CliIo = {
    stdout: (s) => out.stdout(escapeControl(s, { keepLines: true })),
    stderr: (s) => out.stderr(escapeControl(s, { keepLines: true })),
    isTty: out.isTty,
  };
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(mainHelp());
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.stderr(`wardtwin: unknown command '${name}'. Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See 'wardtwin --help'.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(helpText(cmd.usage, cmd.summary, [...cmd.flags, HELP_FLAG]));
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`wardtwin ${cmd.name}: ${err.message}\nUsage: ${cmd.usage}`);
      return 2;
    }
    io.stderr(`wardtwin ${cmd.name}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
