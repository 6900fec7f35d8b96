/** `cdk-workmail export-mailboxes`: every mailbox of an organization exported to S3 by WorkMail's export jobs, resumably. */
import * as path from 'path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import {
  Command, command, Flags, integer, Io, optionalString, Parsed, requiredString, UsageError, workingDirectory,
} from '../args';
import { Connection, CONNECTION_FLAGS, connectionOf, MAX_ATTEMPTS, workmailClient } from '../connection';
import {
  checkDestination, checkResumable, DEFAULT_PREFIX, DEFAULT_STATE_FILE, destinationFromStack, ExportDestination, loadRunState,
  MANIFEST_FILE, newRunState, readOrganizationMailboxes, runMailboxExport, selectMailboxes, SERVICE_CONCURRENCY,
} from '../mailbox-export';
import { RunProgressPrinter } from '../mailbox-export/progress';
import { withoutLimitRetries } from '../mailbox-export/start-retries';
import { shownPath, summaryLines } from '../mailbox-export/summary';

const DEFAULT_POLL_MS = 2000;
const DESTINATION_FLAGS = ['bucket', 'prefix', 'role-arn', 'kms-key-arn'] as const;

const FLAGS: Flags = {
  'organization': { type: 'string', value: '<id|alias>', required: true, description: 'the organization: its id (m-...) or its alias' },
  'stack': {
    type: 'string', value: '<name>', description: 'read the destination from the outputs of this deployed stack (a WorkMailMailboxExportDestination)',
  },
  'destination': { type: 'string', value: '<key>', description: 'with --stack holding several destinations: the one whose outputs start with this key' },
  'bucket': { type: 'string', value: '<name>', description: 'the destination bucket (instead of --stack)' },
  'prefix': { type: 'string', value: '<prefix>', default: DEFAULT_PREFIX, description: 'the key prefix in the bucket' },
  'role-arn': { type: 'string', value: '<arn>', description: 'the role WorkMail\'s export service assumes to write to the bucket' },
  'kms-key-arn': { type: 'string', value: '<arn>', description: 'the symmetric KMS key the exports are encrypted with' },
  'only': { type: 'string', value: '<name,...>', description: 'only these users and resources, by name (default: every registered one; a group has no mailbox)' },
  'state': { type: 'string', value: '<file>', default: `./${DEFAULT_STATE_FILE}`, description: 'the run\'s state file, created or resumed' },
  'manifest': { type: 'string', value: '<file>', description: `the CSV manifest (default ${MANIFEST_FILE} beside the state file)` },
  'concurrency': {
    type: 'string',
    value: '<n>',
    default: SERVICE_CONCURRENCY,
    description: `export jobs running at most, counting others' in the organization, 1-${SERVICE_CONCURRENCY}`,
  },
  'verify': { type: 'boolean', description: 'read every completed export back from S3 and check it against its log\'s SHA-384' },
  'poll-interval': {
    type: 'string', value: '<ms>', default: DEFAULT_POLL_MS, description: 'first wait between polls; doubles while nothing changes, at most 30 s',
  },
  's3-endpoint': { type: 'string', value: '<url>', description: 'S3 endpoint for --verify (also AWS_ENDPOINT_URL_S3); path-style addressing' },
  'cloudformation-endpoint': {
    type: 'string', value: '<url>', description: 'CloudFormation endpoint for --stack (also AWS_ENDPOINT_URL_CLOUDFORMATION; dummy credentials)',
  },
  'quiet': { type: 'boolean', description: 'no progress on stderr' },
  ...CONNECTION_FLAGS,
};

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
    prefix: optionalString(parsed, 'prefix')!,
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

async function run(parsed: Parsed, io: Io): Promise<number> {
  const organization = requiredString(parsed, 'organization');
  const flagged = destinationFlags(parsed);
  const only = onlyFlag(parsed);
  const concurrency = integer(parsed, 'concurrency', 1, SERVICE_CONCURRENCY)!;
  const pollMs = integer(parsed, 'poll-interval', 1, 600_000)!;
  const connection = connectionOf(parsed);
  const s3Endpoint = urlFlag(parsed, 's3-endpoint');
  const cfnEndpoint = urlFlag(parsed, 'cloudformation-endpoint');
  const stateFile = path.resolve(workingDirectory(), optionalString(parsed, 'state')!);
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

export const exportMailboxesCommand: Command = command({
  name: 'export-mailboxes',
  summary: 'export every mailbox\'s mail and calendars to S3',
  synopsis: 'cdk-workmail export-mailboxes --organization <id|alias> (--stack <name> | --bucket <name> --role-arn <arn> --kms-key-arn <arn>) [options]',
  description: 'Exports the mail and calendars of every registered user and resource (or those --only names) to S3 with\n'
    + 'WorkMail\'s mailbox export jobs: at most 10 running at a time, each mailbox once a day. The state file records every\n'
    + 'job: run the same command again to resume an interrupted run or retry failed jobs. Writes a CSV manifest beside the\n'
    + 'state file. WorkMail calls: List*, Describe* and StartMailboxExportJob only.',
  flags: FLAGS,
  footer: 'Exit codes: 0 every mailbox exported (and verified with --verify), 1 not yet (says which and why), 2 usage error.',
  run,
});
