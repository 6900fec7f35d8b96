/** `cdk-workmail export`: scan an organization once, write it in one format, and MIGRATION.md. */
import * as path from 'path';
import {
  Command, command, Flags, integer, Io, Parsed, requiredString, UsageError, workingDirectory,
} from '../args';
import { CONNECTION_FLAGS, connectionOf, workmailClient } from '../connection';
import { EXPORT_FORMATS, isExportFormat, outDirProblem, writeExport } from '../export';
import { ProgressPrinter, skippedSummary } from '../progress';
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, scanOrganization } from '../scan';
import { TOOL_VERSION } from '../version';

const FLAGS: Flags = {
  organization: { type: 'string', value: '<id|alias>', required: true, description: 'the organization: its id (m-...) or its alias' },
  format: { type: 'string', value: '<format>', required: true, description: EXPORT_FORMATS.join(', ') },
  out: {
    type: 'string', value: '<dir>', required: true, description: 'output directory, created if missing; must be empty or hold a previous export',
  },
  concurrency: { type: 'string', value: '<n>', default: DEFAULT_CONCURRENCY, description: `WorkMail calls in flight at most, 1-${MAX_CONCURRENCY}` },
  quiet: { type: 'boolean', description: 'no progress on stderr' },
  ...CONNECTION_FLAGS,
};

async function run(parsed: Parsed, io: Io): Promise<number> {
  const organization = requiredString(parsed, 'organization');
  const format = requiredString(parsed, 'format');
  if (!isExportFormat(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got '${format}'`);
  const out = requiredString(parsed, 'out');
  const concurrency = integer(parsed, 'concurrency', 1, MAX_CONCURRENCY)!;
  const connection = connectionOf(parsed);
  const outDir = path.resolve(workingDirectory(), out);
  const problem = outDirProblem(outDir);
  if (problem !== undefined) throw new UsageError(problem);
  const quiet = parsed.values.quiet === true;

  const printer = new ProgressPrinter(quiet ? undefined : io.err);
  const client = workmailClient(connection);
  let scan;
  try {
    scan = await scanOrganization({ client, organization, concurrency, progress: printer.update });
  } finally {
    client.destroy();
  }
  printer.done(scan);
  const result = await writeExport(scan, format, outDir, { log: quiet ? () => undefined : io.err, toolVersion: TOOL_VERSION });
  for (const file of result.files) io.out(path.join(out, file));
  const counts = Object.entries(result.counts).map(([kind, n]) => `${n} ${kind}`).join(', ');
  io.out(`exported ${scan.organization.alias} (${scan.organization.id}) as ${format}: ${counts}; ${skippedSummary(scan)}`);
  return 0;
}

export const exportCommand: Command = command({
  name: 'export',
  summary: 'read an organization out: json, cdk, m365 or google',
  synopsis: 'cdk-workmail export --organization <id|alias> --format <json|cdk|m365|google> --out <dir> [options]',
  description: 'Reads a WorkMail organization (only List*, Describe* and Get* calls) and writes it in one format, with a MIGRATION.md:\n'
    + '  json    the organization in the emulator\'s seed shape (organization.json)\n'
    + '  cdk     a CDK app that adopts every entity\n'
    + '  m365    Microsoft 365 bulk-add CSV and an Exchange Online PowerShell script\n'
    + '  google  Google Workspace bulk-upload CSV and a GAM script',
  flags: FLAGS,
  footer: 'Prints the files written and a summary on stdout. Exit codes: 0 done, 1 failed, 2 usage error.',
  run,
});
