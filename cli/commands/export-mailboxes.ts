/** `cdk-workmail export-mailboxes`: every mailbox of an organization exported to S3 by WorkMail's export jobs, resumably. */
import * as path from 'path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import {
  Command, integer, Io, optionalString, parseOrHelp, Parsed, requiredString, usageText, UsageError, workingDirectory,
} from '../args';
import { Connection, CONNECTION_HELP, CONNECTION_OPTIONS, connectionOf, MAX_ATTEMPTS, workmailClient } from '../connection';
import {
  checkDestination, checkResumable, DEFAULT_PREFIX, DEFAULT_STATE_FILE, destinationFromStack, ExportDestination, loadRunState,
  MANIFEST_FILE, newRunState, readOrganizationMailboxes, runMailboxExport, selectMailboxes, SERVICE_CONCURRENCY,
} from '../mailbox-export';
import { RunProgressPrinter } from '../mailbox-export/progress';
import { withoutLimitRetries } from '../mailbox-export/start-retries';
import { shownPath, summaryLines } from '../mailbox-export/summary';

const DEFAULT_POLL_MS = 2000;
const DESTINATION_FLAGS = ['bucket', 'prefix', 'role-arn', 'kms-key-arn'] as const;

const usage = usageText(
  'cdk-workmail export-mailboxes --organization <id|alias> (--stack <name> | --bucket <name> --role-arn <arn> --kms-key-arn <arn>) [options]',
  'Exports the mail and calendars of every registered user and resource (or those --only names) to S3 with\n'
  + 'WorkMail\'s mailbox export jobs: at most 10 running at a time, each mailbox once a day. The state file records every\n'
  + 'job: run the same command again to resume an interrupted run or retry failed jobs. Writes a CSV manifest beside the\n'
  + 'state file. WorkMail calls: List*, Describe* and StartMailboxExportJob only.',
  [
    { flag: '--organization <id|alias>', text: 'the organization: its id (m-...) or its alias (required)' },
    { flag: '--stack <name>', text: 'read the destination from the outputs of this deployed stack (a WorkMailMailboxExportDestination)' },
    { flag: '--destination <key>', text: 'with --stack holding several destinations: the one whose outputs start with this key' },
    { flag: '--bucket <name>', text: 'the destination bucket (instead of --stack)' },
    { flag: '--prefix <prefix>', text: `the key prefix in the bucket (default ${DEFAULT_PREFIX})` },
    { flag: '--role-arn <arn>', text: 'the role WorkMail\'s export service assumes to write to the bucket' },
    { flag: '--kms-key-arn <arn>', text: 'the symmetric KMS key the exports are encrypted with' },
    { flag: '--only <name,...>', text: 'only these users and resources, by name (default: every registered one; a group has no mailbox)' },
    { flag: '--state <file>', text: `the run's state file, created or resumed (default ./${DEFAULT_STATE_FILE})` },
    { flag: '--manifest <file>', text: `the CSV manifest (default ${MANIFEST_FILE} beside the state file)` },
    { flag: '--concurrency <n>', text: `export jobs running at most, counting others' in the organization (default and most ${SERVICE_CONCURRENCY})` },
    { flag: '--verify', text: 'read every completed export back from S3 and check it against its log\'s SHA-384' },
    { flag: '--poll-interval <ms>', text: `first wait between polls (default ${DEFAULT_POLL_MS}; doubles while nothing changes, at most 30 s)` },
    { flag: '--s3-endpoint <url>', text: 'S3 endpoint for --verify (also AWS_ENDPOINT_URL_S3); path-style addressing' },
    { flag: '--cloudformation-endpoint <url>', text: 'CloudFormation endpoint for --stack (also AWS_ENDPOINT_URL_CLOUDFORMATION; dummy credentials)' },
    { flag: '--quiet', text: 'no progress on stderr' },
    ...CONNECTION_HELP,
    { flag: '-h, --help', text: 'this help' },
  ],
  'Exit codes: 0 every mailbox exported (and verified with --verify), 1 not yet (says which and why), 2 usage error.',
);

/** A URL flag, or undefined. */
function urlFlag(parsed: Parsed, name: string): string | undefined {
  const value = optionalString(parsed, name);
  if (value !== undefined && !/^https?:\/\/[^/]+/.test(value)) throw new UsageError(`--${name} must be an http(s) URL, got '${value}'`);
  return value;
}

/** The destination given as flags; undefined when --stack is to be read. */
function destinationFlags(parsed: Parsed): ExportDestination | undefined {
  const given = DESTINATION_FLAGS.filter((f) => parsed.values[f] !== undefined);
  if (parsed.values.stack !== undefined) {
    if (given.length > 0) throw new UsageError(`--stack excludes ${given.map((f) => `--${f}`).join(', ')}: the stack's outputs name the destination`);
    return undefined;
  }
  if (parsed.values.destination !== undefined) throw new UsageError('--destination chooses among the destinations of --stack');
  if (given.length === 0) throw new UsageError('give the destination: --stack <name>, or --bucket, --role-arn and --kms-key-arn');
  const destination = {
    bucket: requiredString(parsed, 'bucket'),
    prefix: optionalString(parsed, 'prefix') ?? DEFAULT_PREFIX,
    roleArn: requiredString(parsed, 'role-arn'),
    kmsKeyArn: requiredString(parsed, 'kms-key-arn'),
  };
  return checkDestination(destination, 'the destination', (m) => new UsageError(m));
}

function onlyFlag(parsed: Parsed): string[] | undefined {
  const value = optionalString(parsed, 'only');
  if (value === undefined) return undefined;
  const names = value.split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (names.length === 0) throw new UsageError('--only needs at least one name');
  return [...new Set(names)];
}

/** Region and profile as the WorkMail client has them; the region defaults to us-east-1 when an endpoint is local. */
function awsConfig(connection: Connection, endpoint: string | undefined) {
  const region = connection.region ?? (endpoint !== undefined || connection.endpoint !== undefined ? process.env.AWS_REGION ?? 'us-east-1' : undefined);
  return {
    retryMode: 'adaptive',
    maxAttempts: MAX_ATTEMPTS,
    ...(region === undefined ? {} : { region }),
    ...(connection.profile === undefined ? {} : { profile: connection.profile }),
  };
}

function s3Client(connection: Connection, flag: string | undefined): S3Client {
  const endpoint = flag ?? process.env.AWS_ENDPOINT_URL_S3;
  return new S3Client({ ...awsConfig(connection, endpoint), ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }) });
}

function cloudFormationClient(connection: Connection, flag: string | undefined): CloudFormationClient {
  return new CloudFormationClient({
    ...awsConfig(connection, flag ?? process.env.AWS_ENDPOINT_URL_CLOUDFORMATION),
    ...(flag === undefined ? {} : { endpoint: flag, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
}

async function run(args: readonly string[], io: Io): Promise<number> {
  const parsed = parseOrHelp(args, {
    'organization': { type: 'string' },
    'stack': { type: 'string' },
    'destination': { type: 'string' },
    'bucket': { type: 'string' },
    'prefix': { type: 'string' },
    'role-arn': { type: 'string' },
    'kms-key-arn': { type: 'string' },
    'only': { type: 'string' },
    'state': { type: 'string' },
    'manifest': { type: 'string' },
    'concurrency': { type: 'string' },
    'verify': { type: 'boolean' },
    'poll-interval': { type: 'string' },
    's3-endpoint': { type: 'string' },
    'cloudformation-endpoint': { type: 'string' },
    'quiet': { type: 'boolean' },
    ...CONNECTION_OPTIONS,
  }, usage, io);
  if (parsed === undefined) return 0;
  const organization = requiredString(parsed, 'organization');
  const flagged = destinationFlags(parsed);
  const only = onlyFlag(parsed);
  const concurrency = integer(parsed, 'concurrency', 1, SERVICE_CONCURRENCY, SERVICE_CONCURRENCY)!;
  const pollMs = integer(parsed, 'poll-interval', 1, 600_000, DEFAULT_POLL_MS)!;
  const connection = connectionOf(parsed);
  const s3Endpoint = urlFlag(parsed, 's3-endpoint');
  const cfnEndpoint = urlFlag(parsed, 'cloudformation-endpoint');
  const stateFile = path.resolve(workingDirectory(), optionalString(parsed, 'state') ?? DEFAULT_STATE_FILE);
  const manifestFile = path.resolve(workingDirectory(), optionalString(parsed, 'manifest') ?? path.join(path.dirname(stateFile), MANIFEST_FILE));
  const verify = parsed.values.verify === true;
  const quiet = parsed.values.quiet === true;

  const client = withoutLimitRetries(workmailClient(connection));
  const s3 = verify ? s3Client(connection, s3Endpoint) : undefined;
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  io.signal?.addEventListener('abort', onSignal, { once: true });
  process.once('SIGINT', onSignal);
  try {
    const live = await readOrganizationMailboxes(client, organization);
    const mailboxes = selectMailboxes(live, only);
    let destination = flagged;
    if (destination === undefined) {
      const cfn = cloudFormationClient(connection, cfnEndpoint);
      try {
        destination = await destinationFromStack(cfn, optionalString(parsed, 'stack')!, optionalString(parsed, 'destination'));
      } finally {
        cfn.destroy();
      }
    }
    const resumed = loadRunState(stateFile);
    if (resumed) checkResumable(stateFile, resumed, live.organizationId, destination);
    const state = resumed ?? newRunState({ id: live.organizationId, alias: live.alias }, destination);
    if (!quiet) {
      io.err(`${resumed ? 'resuming' : 'starting'} run ${state.runId}: ${mailboxes.length} mailboxes of ${live.alias ?? live.organizationId} `
        + `into s3://${destination.bucket}/${destination.prefix} (state: ${shownPath(stateFile, workingDirectory())})`);
    }
    const printer = new RunProgressPrinter(quiet ? undefined : io.err, mailboxes.length);
    const result = await runMailboxExport({
      client,
      state,
      stateFile,
      manifestFile,
      mailboxes,
      concurrency,
      pollMs,
      s3,
      signal: interrupt.signal,
      progress: printer.update,
      notice: quiet ? undefined : io.err,
    });
    for (const line of summaryLines(result, state, { manifestFile, stateFile, verify, workingDirectory: workingDirectory() })) io.out(line);
    return result.complete ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', onSignal);
    io.signal?.removeEventListener('abort', onSignal);
    client.destroy();
    s3?.destroy();
  }
}

export const exportMailboxesCommand: Command = {
  name: 'export-mailboxes',
  summary: 'export every mailbox\'s mail and calendars to S3',
  usage,
  run,
};
