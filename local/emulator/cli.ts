/**
 * Entry of `npm run emulator` (flags: command-line.ts, or --help): serves the emulator until SIGINT/SIGTERM.
 * Prints exactly `listening on <endpoint>` on stdout once it accepts requests.
 */
import { emulatorOptions, EMULATOR_FLAGS, USAGE } from './command-line';
import { startEmulator } from './server';
import { Io, parseOrHelp, UsageError } from '../../cli/args';

export { parseArgs } from './command-line';

const STDIO: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

async function main(): Promise<void> {
  const parsed = parseOrHelp(process.argv.slice(2), EMULATOR_FLAGS, USAGE, STDIO);
  if (parsed === undefined) return;
  const emulator = await startEmulator(emulatorOptions(parsed));
  process.stdout.write(`listening on ${emulator.endpoint}\n`);
  const stop = () => {
    emulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e: Error) => {
    process.stderr.write(`${e.message}\n${e instanceof UsageError ? `${USAGE}\n` : ''}`);
    process.exit(e instanceof UsageError ? 2 : 1);
  });
}
