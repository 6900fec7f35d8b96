/**
 * StartMailboxExportJob, DescribeMailboxExportJob, ListMailboxExportJobs, CancelMailboxExportJob. The jobs
 * themselves (their clock, limits and S3 writes) live in ../export/jobs.ts.
 */
import { entityNotFound, invalidParameter, WorkMailError } from '../errors';
import { ExportJob } from '../export/jobs';
import {
  Body, CLIENT_TOKEN, ENTITY_IDENTIFIER, EXPORT_DESCRIPTION, KMS_KEY_ARN, MAILBOX_EXPORT_JOB_ID, optionalString, organizationId,
  pageRequest, requiredString, ROLE_ARN, S3_BUCKET_NAME, S3_OBJECT_KEY,
} from '../validation';
import { activeOrganization, resolveEntity, seconds } from './common';
import { Operation, OperationContext } from './context';

/** What has a mailbox to export. */
const MAILBOX_KINDS = ['USER', 'RESOURCE'] as const;

/** ListMailboxExportJobs lists the jobs started within the last seven days, as the model documents. */
const LIST_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

const iso = (ms: number) => new Date(ms).toISOString();

/** The region of a KMS key ARN (`arn:aws:kms:<region>:...`), empty when the ARN gives none. */
const arnRegion = (arn: string) => arn.split(':')[3] ?? '';

/**
 * The mailbox must be in a working state: a DELETED entity is not found, a DISABLED one has no mailbox to export.
 * The model lists no EntityStateException for this operation, so a DISABLED one is an InvalidParameterException.
 * EntityId is "the user or resource associated with the mailbox": a group (which has no mailbox of its own) is
 * not found among them.
 */
export const StartMailboxExportJob: Operation = (ctx, body) => {
  const clientToken = requiredString(body, 'ClientToken', CLIENT_TOKEN);
  const orgId = organizationId(body);
  const entityId = requiredString(body, 'EntityId', ENTITY_IDENTIFIER);
  const description = optionalString(body, 'Description', EXPORT_DESCRIPTION);
  const roleArn = requiredString(body, 'RoleArn', ROLE_ARN);
  const kmsKeyArn = requiredString(body, 'KmsKeyArn', KMS_KEY_ARN);
  const bucket = requiredString(body, 'S3BucketName', S3_BUCKET_NAME);
  const prefix = requiredString(body, 'S3Prefix', S3_OBJECT_KEY);
  const org = activeOrganization(ctx, orgId);
  const entity = resolveEntity(org, entityId, MAILBOX_KINDS, 'id-name-or-email');
  if (entity.state === 'DELETED') throw entityNotFound(`${entity.kind.toLowerCase()} ${entity.id} is DELETED in organization ${org.id}`);
  if (entity.state !== 'ENABLED' || entity.email === undefined) {
    throw invalidParameter(`EntityId: ${entity.kind.toLowerCase()} ${entity.id} is ${entity.state}: it has no mailbox to export`);
  }
  const keyRegion = arnRegion(kmsKeyArn);
  if (keyRegion !== '' && keyRegion !== ctx.region) {
    throw invalidParameter(`KmsKeyArn: the key is in ${keyRegion}, the organization in ${ctx.region}; they must be in the same region`);
  }

  ctx.exports.tick();
  // The same token with the same parameters is the same request: its job, whatever state it is in now.
  const fingerprint = JSON.stringify([entity.id, description ?? null, roleArn, kmsKeyArn, bucket, prefix]);
  const previous = ctx.exports.byToken(org.id, clientToken);
  if (previous) {
    if (previous.fingerprint !== fingerprint) {
      throw invalidParameter('ClientToken was already used with different parameters; use a new ClientToken for a new job');
    }
    return { JobId: previous.job.id };
  }
  const windowStart = ctx.exports.windowStart(org.id, entity.id);
  if (windowStart !== undefined) {
    throw new WorkMailError('LimitExceededException', `Mailbox ${entity.id} was exported at ${iso(windowStart)}; a mailbox can be `
      + `exported once every ${ctx.exports.windowMs / 3_600_000} hours: next possible at ${iso(windowStart + ctx.exports.windowMs)}`);
  }
  if (ctx.exports.running(org.id) >= ctx.exports.maxRunning) {
    throw new WorkMailError('LimitExceededException',
      `Organization ${org.id} already has ${ctx.exports.maxRunning} mailbox export jobs running, the most it may run at once`);
  }
  const job = ctx.exports.start({
    organizationId: org.id, entityId: entity.id, entityName: entity.name, email: entity.email, description, roleArn, kmsKeyArn, bucket, prefix,
  });
  ctx.exports.rememberToken(org.id, clientToken, fingerprint, job);
  return { JobId: job.id };
};

function jobRequest(ctx: OperationContext, body: Body): ExportJob {
  const jobId = requiredString(body, 'JobId', MAILBOX_EXPORT_JOB_ID);
  const orgId = organizationId(body);
  const org = activeOrganization(ctx, orgId);
  ctx.exports.tick();
  const job = ctx.exports.get(jobId);
  if (!job || job.organizationId !== org.id) throw entityNotFound(`No mailbox export job ${jobId} in organization ${org.id}`);
  return job;
}

export const DescribeMailboxExportJob: Operation = (ctx, body) => {
  const job = jobRequest(ctx, body);
  return {
    EntityId: job.entityId,
    Description: job.description,
    RoleArn: job.roleArn,
    KmsKeyArn: job.kmsKeyArn,
    S3BucketName: job.bucket,
    S3Prefix: job.prefix,
    S3Path: job.s3Path,
    EstimatedProgress: job.progress,
    State: job.state,
    ErrorInfo: job.errorInfo,
    StartTime: seconds(job.startTime),
    EndTime: seconds(job.endTime),
  };
};

/** Jobs started within the last seven days, in start order. */
export const ListMailboxExportJobs: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const page = pageRequest(body);
  const org = activeOrganization(ctx, orgId);
  ctx.exports.tick();
  const since = ctx.now() - LIST_WINDOW_MS;
  const jobs = ctx.exports.ofOrganization(org.id).filter((j) => j.startTime >= since);
  const result = ctx.paginator.page(jobs, (j) => j.seq, page, JSON.stringify(['ListMailboxExportJobs', org.id]));
  return {
    Jobs: result.items.map((job) => ({
      JobId: job.id,
      EntityId: job.entityId,
      Description: job.description,
      S3BucketName: job.bucket,
      S3Path: job.s3Path,
      EstimatedProgress: job.progress,
      State: job.state,
      StartTime: seconds(job.startTime),
      EndTime: seconds(job.endTime),
    })),
    NextToken: result.nextToken,
  };
};

/**
 * Cancelling a CANCELLED job again is a success (the operation is idempotent); a COMPLETED or FAILED one cannot be
 * cancelled (InvalidParameterException, the only fitting error the model lists). A job already writing its
 * objects is past cancelling: the call succeeds and the job completes.
 */
export const CancelMailboxExportJob: Operation = (ctx, body) => {
  requiredString(body, 'ClientToken', CLIENT_TOKEN);
  const job = jobRequest(ctx, body);
  if (job.state === 'COMPLETED' || job.state === 'FAILED') {
    throw invalidParameter(`Mailbox export job ${job.id} is ${job.state}: only a RUNNING job can be cancelled`);
  }
  ctx.exports.cancel(job);
  return {};
};
