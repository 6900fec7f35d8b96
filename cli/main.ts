/** `cdk-workmail <command> [options]`: dispatch, --help, and the exit codes (2 usage error, 1 failure). */
import { Command, Io, UsageError } from './args';
import { driftCommand } from './commands/drift';
import { emulatorCommand } from './commands/emulator';
import { exportCommand } from './commands/export';
import { exportMailboxesCommand } from './commands/export-mailboxes';
import { localDeployCommand } from './commands/local-deploy';
import { planCommand } from './commands/plan';
import { TOOL_VERSION } from './version';

export const COMMANDS: readonly Command[] = [exportCommand, exportMailboxesCommand, driftCommand, planCommand, emulatorCommand, localDeployCommand];

export const USAGE = [
  'usage: cdk-workmail <command> [options]',
  '',
  'Reads out, checks, rehearses and exports Amazon WorkMail organizations.',
  '',
  'commands:',
  ...COMMANDS.map((c) => `  ${c.name.padEnd(18)}${c.summary}`),
  '',
  'options:',
  '  -h, --help         this help; `cdk-workmail <command> --help` for a command\'s options',
  '  --version          the version of cdk-workmail',
  '',
  'export and plan send only List*, Describe* and Get* WorkMail operations, drift List* and Describe*; export-mailboxes also StartMailboxExportJob.',
].join('\n');

export const STDIO: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** One line, whatever the error's message holds. */
const oneLine = (message: string): string => message.trim().replace(/\s*\n\s*/g, ' ');

/** Runs the command line; resolves to the exit code. */
export async function main(argv: readonly string[], io: Io = STDIO): Promise<number> {
  const [name, ...args] = argv;
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (name === '-h' || name === '--help') {
      io.out(USAGE);
      return 0;
    }
    if (name === '--version') {
      io.out(TOOL_VERSION);
      return 0;
    }
    if (name === undefined) throw new UsageError('no command given');
    if (!command) throw new UsageError(`unknown command '${name}'`);
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`cdk-workmail: ${oneLine(e.message)} (see cdk-workmail${command ? ` ${command.name}` : ''} --help)`);
      return 2;
    }
    io.err(`cdk-workmail: ${oneLine(e instanceof Error ? e.message : String(e))}`);
    return 1;
  }
}
