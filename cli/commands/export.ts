/** `cdk-workmail export`: scan an organization once, write it in one format, and MIGRATION.md. */
import * as path from 'path';
import {
  Command, integer, Io, parseOrHelp, requiredString, usageText, UsageError, workingDirectory,
} from '../args';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionOf, workmailClient } from '../connection';
import { EXPORT_FORMATS, isExportFormat, outDirProblem, writeExport } from '../export';
import { ProgressPrinter, skippedSummary } from '../progress';
import { DEFAULT_CONCURRENCY, scanOrganization } from '../scan';
import { TOOL_VERSION } from '../version';

const MAX_CONCURRENCY = 32;

const usage = usageText(
  'cdk-workmail export --organization <id|alias> --format <json|cdk|m365|google> --out <dir> [options]',
  'Reads a WorkMail organization (only List* and Describe* calls) and writes it in one format, with a MIGRATION.md:\n'
  + '  json    the organization in the emulator\'s seed shape (organization.json)\n'
  + '  cdk     a CDK app that adopts every entity\n'
  + '  m365    Microsoft 365 bulk-add CSV and an Exchange Online PowerShell script\n'
  + '  google  Google Workspace bulk-upload CSV and a GAM script',
  [
    { flag: '--organization <id|alias>', text: 'the organization: its id (m-...) or its alias (required)' },
    { flag: '--format <format>', text: `${EXPORT_FORMATS.join(', ')} (required)` },
    { flag: '--out <dir>', text: 'output directory, created if missing; must be empty or hold a previous export (required)' },
    { flag: '--concurrency <n>', text: `WorkMail calls in flight at most (default ${DEFAULT_CONCURRENCY}, 1-${MAX_CONCURRENCY})` },
    { flag: '--quiet', text: 'no progress on stderr' },
    ...CONNECTION_HELP,
    { flag: '-h, --help', text: 'this help' },
  ],
  'Prints the files written and a summary on stdout. Exit codes: 0 done, 1 failed, 2 usage error.',
);

async function run(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseOrHelp(args, {
    organization: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    concurrency: { type: 'string' },
    quiet: { type: 'boolean' },
    ...CONNECTION_OPTIONS,
  }, usage, io);
  if (parsed === undefined) return 0;
  const organization = requiredString(parsed, 'organization');
  const format = requiredString(parsed, 'format');
  if (!isExportFormat(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got '${format}'`);
  const out = requiredString(parsed, 'out');
  const concurrency = integer(parsed, 'concurrency', 1, MAX_CONCURRENCY, DEFAULT_CONCURRENCY)!;
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

export const exportCommand: Command = { name: 'export', summary: 'read an organization out: json, cdk, m365 or google', usage, run };
