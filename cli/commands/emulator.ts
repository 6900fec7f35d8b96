/** `cdk-workmail emulator`: the local WorkMail emulator, served until SIGINT or SIGTERM. */
import { startEmulator } from '../../local/emulator';
import { SERVE_DESCRIPTION, SERVE_FLAGS, serveOptions } from '../../local/emulator/command-line';
import { Command, command, Io, Parsed, workingDirectory } from '../args';

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

async function run(parsed: Parsed, io: Io): Promise<number> {
  const emulator = await startEmulator(serveOptions(parsed, workingDirectory()));
  io.out(`listening on ${emulator.endpoint}`);
  await interrupted();
  await emulator.close();
  return 0;
}

export const emulatorCommand: Command = command({
  name: 'emulator',
  summary: 'run the local WorkMail emulator',
  synopsis: 'cdk-workmail emulator [--port <n>] [--seed <file>] [--allow <Operation,...>] [--behaviour <file>]',
  description: SERVE_DESCRIPTION,
  flags: SERVE_FLAGS,
  run,
});
