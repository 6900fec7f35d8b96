/** `cdk-workmail drift`: a synthesized app against the live organization; exit 3 when they differ. */
import * as path from 'path';
import {
  Command, command, Flags, integer, Io, optionalString, Parsed, requiredString, workingDirectory,
} from '../args';
import { CONNECTION_FLAGS, connectionOf, workmailClient } from '../connection';
import { driftCheck, driftExitCode, formatDriftReport } from '../drift';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from '../scan';

const FLAGS: Flags = {
  app: { type: 'string', value: '<cdk.out>', required: true, description: 'the synthesized cloud assembly' },
  stack: { type: 'string', value: '<name>', description: 'only this stack (default: every stack of the assembly)' },
  concurrency: { type: 'string', value: '<n>', default: DEFAULT_CONCURRENCY, description: `WorkMail calls in flight at most, 1-${MAX_CONCURRENCY}` },
  quiet: { type: 'boolean', description: 'no progress on stderr' },
  ...CONNECTION_FLAGS,
};

async function run(parsed: Parsed, io: Io): Promise<number> {
  const appDir = path.resolve(workingDirectory(), requiredString(parsed, 'app'));
  const stackName = optionalString(parsed, 'stack');
  const concurrency = integer(parsed, 'concurrency', 1, MAX_CONCURRENCY);
  const client = workmailClient(connectionOf(parsed));
  try {
    const report = await driftCheck({ client, appDir, stackName, concurrency, progress: parsed.values.quiet === true ? undefined : io.err });
    io.out(formatDriftReport(report).replace(/\n$/, ''));
    return driftExitCode(report);
  } finally {
    client.destroy();
  }
}

export const driftCommand: Command = command({
  name: 'drift',
  summary: 'compare a synthesized app with the live organization',
  synopsis: 'cdk-workmail drift --app <cdk.out> [--stack <name>] [options]',
  description: 'Compares every WorkMail resource a synthesized app declares with the live organization (only List* and\n'
    + 'Describe* calls) and prints the differences (entity, field, declared, live); values that cannot be resolved\n'
    + 'without a deployed stack are reported as unchecked.',
  flags: FLAGS,
  footer: 'Exit codes: 0 no drift, 3 drift found, 1 failed, 2 usage error.',
  run,
});
