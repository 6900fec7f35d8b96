/** `cdk-workmail emulator`: the local WorkMail emulator, served until SIGINT or SIGTERM. */
import * as path from 'path';
import { EmulatorOptions, loadSeedFile, startEmulator } from '../../local/emulator';
import { OPERATIONS } from '../../local/emulator/operations';
import {
  Command, integer, Io, optionalString, parseOrHelp, usageText, UsageError, workingDirectory,
} from '../args';

const usage = usageText(
  'cdk-workmail emulator [--port <n>] [--seed <file>] [--allow <Operation,...>]',
  'Serves an in-memory Amazon WorkMail on 127.0.0.1 (the real wire protocol) until interrupted, and prints\n'
  + '"listening on <url>" once it accepts requests. Point the AWS SDK (endpoint) or the other commands (--endpoint) at it.',
  [
    { flag: '--port <n>', text: 'port to listen on (default: a free port)' },
    { flag: '--host <addr>', text: 'address to listen on (default 127.0.0.1)' },
    { flag: '--seed <file>', text: 'organizations to start with, in the seed shape (e.g. an `export --format json`)' },
    { flag: '--allow <ops>', text: 'only these operations, comma-separated; others answer AccessDeniedException' },
    { flag: '-h, --help', text: 'this help' },
  ],
);

function allowedOperations(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const operations = value.split(',').map((op) => op.trim()).filter((op) => op !== '');
  const unknown = operations.filter((op) => !Object.prototype.hasOwnProperty.call(OPERATIONS, op));
  if (unknown.length > 0) throw new UsageError(`--allow: unknown operation ${unknown.join(', ')}`);
  return operations;
}

/** Resolves on the first SIGINT or SIGTERM. */
const interrupted = (): Promise<void> => new Promise((resolve) => {
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    resolve();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});

async function run(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseOrHelp(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    seed: { type: 'string' },
    allow: { type: 'string' },
  }, usage, io);
  if (parsed === undefined) return 0;
  const seedFile = optionalString(parsed, 'seed');
  const allowed = allowedOperations(optionalString(parsed, 'allow'));
  const options: EmulatorOptions = {
    port: integer(parsed, 'port', 0, 65535, 0),
    host: optionalString(parsed, 'host'),
    seed: seedFile === undefined ? undefined : loadSeedFile(path.resolve(workingDirectory(), seedFile)),
    ...(allowed === undefined ? {} : { allowedOperations: allowed }),
  };
  const emulator = await startEmulator(options);
  io.out(`listening on ${emulator.endpoint}`);
  await interrupted();
  await emulator.close();
  return 0;
}

export const emulatorCommand: Command = { name: 'emulator', summary: 'run the local WorkMail emulator', usage, run };
