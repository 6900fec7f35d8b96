/**
 * Where the jobs write: given as flags, or read from the outputs of a deployed stack that holds a
 * `WorkMailMailboxExportDestination` (outputs `<P>BucketName`, `<P>Prefix`, `<P>RoleArn`, `<P>KmsKeyArn`,
 * each described as `cdk-workmail mailbox export destination: …`).
 */
import { CloudFormationClient, DescribeStacksCommand, Output } from '@aws-sdk/client-cloudformation';
import { CommandError, UsageError } from '../args';
import type { ExportDestination } from './types';

/** The start of the destination outputs' descriptions (the construct's OUTPUT_DESCRIPTION; a test keeps them equal). */
export const DESTINATION_OUTPUT_DESCRIPTION = 'cdk-workmail mailbox export destination';

/** The construct's default prefix. */
export const DEFAULT_PREFIX = 'workmail-export/';

const FIELDS = { BucketName: 'bucket', Prefix: 'prefix', RoleArn: 'roleArn', KmsKeyArn: 'kmsKeyArn' } as const;

const BUCKET = /^[A-Za-z0-9.-]{1,63}$/;
const PREFIX = /^[A-Za-z0-9!_.*'()/-]{1,1023}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/\S+$/;

/** Checks a destination against StartMailboxExportJob's shapes; `source` says where it came from, for the message. */
export function checkDestination(destination: ExportDestination, source: string, error: (message: string) => Error): ExportDestination {
  const problems = [
    BUCKET.test(destination.bucket) ? undefined : `bucket '${destination.bucket}' is not an S3 bucket name`,
    PREFIX.test(destination.prefix) ? undefined : `prefix '${destination.prefix}' may hold only letters, digits and !_.*'()/-`,
    ROLE_ARN.test(destination.roleArn) ? undefined : `role '${destination.roleArn}' is not an IAM role ARN`,
    KMS_KEY_ARN.test(destination.kmsKeyArn) ? undefined : `key '${destination.kmsKeyArn}' is not a KMS key ARN`,
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw error(`${source}: ${problems.join('; ')}`);
  return destination;
}

/** The destinations among a stack's outputs, by output key prefix. */
export function destinationsInOutputs(outputs: readonly Output[]): Map<string, Partial<Record<keyof ExportDestination, string>>> {
  const found = new Map<string, Partial<Record<keyof ExportDestination, string>>>();
  for (const output of outputs) {
    if (!output.Description?.startsWith(`${DESTINATION_OUTPUT_DESCRIPTION}:`) || output.OutputKey === undefined) continue;
    const suffix = (Object.keys(FIELDS) as Array<keyof typeof FIELDS>).find((s) => output.OutputKey!.endsWith(s));
    if (suffix === undefined) continue;
    const prefix = output.OutputKey.slice(0, -suffix.length);
    found.set(prefix, { ...found.get(prefix), [FIELDS[suffix]]: output.OutputValue ?? '' });
  }
  return found;
}

/** The destination a deployed stack's outputs describe; `which` picks one by output key prefix when the stack holds several. */
export async function destinationFromStack(client: CloudFormationClient, stackName: string, which?: string): Promise<ExportDestination> {
  let outputs: Output[];
  try {
    const described = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = described.Stacks?.[0]?.Outputs ?? [];
  } catch (e) {
    const err = e as Error;
    if (err.name === 'ValidationError' && /does not exist/.test(err.message)) {
      throw new CommandError(`stack '${stackName}' does not exist in this account and region (CloudFormation DescribeStacks)`);
    }
    throw new CommandError(`CloudFormation DescribeStacks failed for stack '${stackName}': ${err.name}: ${err.message}`);
  }
  const found = destinationsInOutputs(outputs);
  if (found.size === 0) {
    throw new CommandError(`stack '${stackName}' has no mailbox export destination outputs: deploy a WorkMailMailboxExportDestination in it, `
      + 'or give --bucket, --prefix, --role-arn and --kms-key-arn');
  }
  let key = which;
  if (key === undefined) {
    if (found.size > 1) {
      throw new UsageError(`stack '${stackName}' holds ${found.size} mailbox export destinations (${[...found.keys()].join(', ')}): `
        + 'choose one with --destination');
    }
    key = [...found.keys()][0];
  }
  const fields = found.get(key);
  if (fields === undefined) {
    throw new UsageError(`stack '${stackName}' has no mailbox export destination '${key}' (it has ${[...found.keys()].join(', ')})`);
  }
  const missing = Object.entries(FIELDS).filter(([, field]) => fields[field] === undefined).map(([suffix]) => `${key}${suffix}`);
  if (missing.length > 0) throw new CommandError(`stack '${stackName}' lacks the output ${missing.join(', ')} of mailbox export destination '${key}'`);
  return checkDestination(fields as ExportDestination, `stack '${stackName}' destination '${key}'`, (m) => new CommandError(m));
}
