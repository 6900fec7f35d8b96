/** `cdk-workmail drift`: a synthesized app against the live organization; exit 3 when they differ. */
import * as path from 'path';
import {
  Command, integer, Io, optionalString, parseOrHelp, requiredString, usageText, workingDirectory,
} from '../args';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionOf, workmailClient } from '../connection';
import { driftCheck, driftExitCode, formatDriftReport } from '../drift';
import { DEFAULT_CONCURRENCY } from '../scan';

const usage = usageText(
  'cdk-workmail drift --app <cdk.out> [--stack <name>] [options]',
  'Compares every WorkMail resource a synthesized app declares with the live organization (only List* and\n'
  + 'Describe* calls) and prints the differences (entity, field, declared, live); values that cannot be resolved\n'
  + 'without a deployed stack are reported as unchecked.',
  [
    { flag: '--app <cdk.out>', text: 'the synthesized cloud assembly (required)' },
    { flag: '--stack <name>', text: 'only this stack (default: every stack of the assembly)' },
    { flag: '--concurrency <n>', text: `WorkMail calls in flight at most (default ${DEFAULT_CONCURRENCY})` },
    { flag: '--quiet', text: 'no progress on stderr' },
    ...CONNECTION_HELP,
    { flag: '-h, --help', text: 'this help' },
  ],
  'Exit codes: 0 no drift, 3 drift found, 1 failed, 2 usage error.',
);

async function run(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseOrHelp(args, {
    app: { type: 'string' },
    stack: { type: 'string' },
    concurrency: { type: 'string' },
    quiet: { type: 'boolean' },
    ...CONNECTION_OPTIONS,
  }, usage, io);
  if (parsed === undefined) return 0;
  const appDir = path.resolve(workingDirectory(), requiredString(parsed, 'app'));
  const stackName = optionalString(parsed, 'stack');
  const concurrency = integer(parsed, 'concurrency', 1, 32, DEFAULT_CONCURRENCY);
  const client = workmailClient(connectionOf(parsed));
  try {
    const report = await driftCheck({ client, appDir, stackName, concurrency, progress: parsed.values.quiet === true ? undefined : io.err });
    io.out(formatDriftReport(report).replace(/\n$/, ''));
    return driftExitCode(report);
  } finally {
    client.destroy();
  }
}

export const driftCommand: Command = { name: 'drift', summary: 'compare a synthesized app with the live organization', usage, run };
