/**
 * Runs the export jobs of the selected mailboxes: at most `concurrency` (and never more than the service's
 * 10 per organization, counting jobs others started) RUNNING at a time, one ListMailboxExportJobs per poll,
 * DescribeMailboxExportJob once for each job that ended (its S3Path, or its ErrorInfo) and for one the list
 * does not show (it lists only the last 7 days: an older job of a resumed run is known from the state file
 * alone), and StartMailboxExportJob with a token recorded before it is sent, so a start sent again after
 * a lost response returns the same job. The state is saved after every change.
 */
import {
  DescribeMailboxExportJobCommand, MailboxExportJob, paginateListMailboxExportJobs, StartMailboxExportJobCommand, WorkMailClient,
} from '@aws-sdk/client-workmail';
import { CommandError } from '../args';
import { clientToken } from './client-token';
import { PollBackoff, sleep } from './poll-wait';
import { recordOf } from './state-file';
import { FINISHED_STATES, JobRecord, JobState, Mailbox, MailboxRecord, RunState } from './types';

/** The service's limit of RUNNING export jobs per organization. */
export const SERVICE_CONCURRENCY = 10;

/** A mailbox is exported at most once in this long. */
export const EXPORT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** New jobs per mailbox per invocation after a FAILED or CANCELLED one. */
export const RETRIES = 2;

/** Errors of StartMailboxExportJob that no retry can cure. */
const PERMANENT_START_ERRORS = new Set([
  'InvalidParameterException', 'EntityNotFoundException', 'EntityStateException', 'OrganizationNotFoundException',
  'OrganizationStateException', 'AccessDeniedException', 'ValidationException', 'UnsupportedOperationException',
]);

export interface RunProgress {
  readonly done: number;
  readonly running: number;
  /** Not started yet (or refused for now: the organization's jobs are at their limit). */
  readonly waiting: number;
  /** The last job FAILED or was CANCELLED (a retry may follow). */
  readonly failed: number;
  /** May not be exported again yet (once a day). */
  readonly blocked: number;
  /** Mean EstimatedProgress of the running jobs, when any runs. */
  readonly runningProgress?: number;
  readonly elapsedMs: number;
}

export interface SchedulerOptions {
  readonly client: WorkMailClient;
  readonly organizationId: string;
  readonly state: RunState;
  /** Persists `state` (atomically). */
  readonly save: () => void;
  readonly mailboxes: readonly Mailbox[];
  /** Our RUNNING jobs at most (1-10). */
  readonly concurrency: number;
  /** The first wait between polls, in ms; it doubles while nothing changes, up to 32 times itself (at most 30 s). */
  readonly pollMs: number;
  readonly signal?: AbortSignal;
  readonly progress?: (progress: RunProgress) => void;
  /** A line for each job that ends without success and each mailbox the service refuses for the day. */
  readonly notice?: (line: string) => void;
}

export type SchedulerOutcome = 'finished' | 'interrupted';

/** The last job of a mailbox. */
export const lastJob = (record: MailboxRecord): JobRecord | undefined => record.jobs[record.jobs.length - 1];

const isActive = (job: JobRecord | undefined): boolean => job?.state === 'RUNNING' || job?.state === 'STARTING';
const errorName = (e: unknown): string => (e instanceof Error && e.name !== 'Error' ? e.name : 'Error');
const errorText = (e: unknown): string => `${errorName(e)}: ${e instanceof Error ? e.message : String(e)}`;

export class ExportScheduler {
  private readonly records: MailboxRecord[];
  /** Retries left per mailbox in this invocation. */
  private readonly retries = new Map<string, number>();
  /** Mailboxes the service refused for the daily limit in this invocation: not tried again until the next. */
  private readonly blocked = new Set<string>();
  private readonly started = Date.now();
  private changed = false;

  constructor(private readonly options: SchedulerOptions) {
    this.records = options.mailboxes.map((m) => recordOf(options.state, m));
    for (const record of this.records) {
      this.retries.set(record.entityId, RETRIES);
      // The service decides again whether the day has passed.
      delete record.window;
    }
  }

  async run(): Promise<SchedulerOutcome> {
    const backoff = new PollBackoff(this.options.pollMs, Math.min(30_000, this.options.pollMs * 32));
    for (;;) {
      if (this.options.signal?.aborted) return 'interrupted';
      this.changed = false;
      const listed = await this.listJobs();
      await this.refresh(listed);
      await this.startJobs(listed);
      this.report();
      if (this.finished()) return 'finished';
      await sleep(backoff.next(this.changed), this.options.signal);
    }
  }

  /** Every mailbox has nothing left to do in this invocation. */
  private finished(): boolean {
    return this.records.every((r) => !isActive(lastJob(r)) && !this.wantsStart(r));
  }

  /** No job yet, or the last one ended without success and a retry is allowed, and not refused for the day. */
  private wantsStart(record: MailboxRecord): boolean {
    if (this.blocked.has(record.entityId)) return false;
    const job = lastJob(record);
    if (job === undefined) return true;
    return (job.state === 'FAILED' || job.state === 'CANCELLED') && (this.retries.get(record.entityId) ?? 0) > 0;
  }

  private async listJobs(): Promise<MailboxExportJob[]> {
    const jobs: MailboxExportJob[] = [];
    try {
      const pages = paginateListMailboxExportJobs({ client: this.options.client, pageSize: 100 }, { OrganizationId: this.options.organizationId });
      for await (const page of pages) jobs.push(...(page.Jobs ?? []));
    } catch (e) {
      throw new CommandError(`ListMailboxExportJobs failed for organization ${this.options.organizationId}: ${errorText(e)}`);
    }
    return jobs;
  }

  /** Brings our jobs up to date from the list, describing those that ended or that it lacks. */
  private async refresh(listed: readonly MailboxExportJob[]): Promise<void> {
    const byId = new Map(listed.map((j) => [j.JobId!, j]));
    for (const record of this.records) {
      for (const job of record.jobs) {
        if (job.jobId === undefined || FINISHED_STATES.includes(job.state)) continue;
        const seen = byId.get(job.jobId);
        const ended = seen?.State !== undefined && seen.State !== 'RUNNING';
        const described = seen === undefined || ended;
        this.apply(job, described ? await this.describe(record, job.jobId) : seen, described);
        if (job.state === 'FAILED' || job.state === 'CANCELLED') {
          const retry = (this.retries.get(record.entityId) ?? 0) > 0 ? '; it will be retried' : '';
          this.options.notice?.(`${record.kind} '${record.name}': job ${job.jobId} ${job.state}: ${job.error ?? 'no error given'}${retry}`);
        }
      }
    }
    // Starts whose answer was lost: sent again with the same token, the service returns the same job.
    for (const record of this.records) {
      const job = lastJob(record);
      if (job?.state === 'STARTING') await this.start(record, job, listed);
    }
  }

  private async describe(record: MailboxRecord, jobId: string): Promise<MailboxExportJob & { ErrorInfo?: string }> {
    try {
      return await this.options.client.send(new DescribeMailboxExportJobCommand({ OrganizationId: this.options.organizationId, JobId: jobId }));
    } catch (e) {
      throw new CommandError(`DescribeMailboxExportJob failed for job ${jobId} of ${record.kind} '${record.name}' `
        + `in organization ${this.options.organizationId}: ${errorText(e)}`);
    }
  }

  private apply(job: JobRecord, seen: MailboxExportJob & { ErrorInfo?: string }, described: boolean): void {
    const before = JSON.stringify(job);
    if (seen.State) job.state = seen.State as JobState;
    if (seen.StartTime) job.startTime = new Date(seen.StartTime).toISOString();
    if (seen.EndTime) job.endTime = new Date(seen.EndTime).toISOString();
    if (seen.EstimatedProgress !== undefined) job.estimatedProgress = seen.EstimatedProgress;
    // Where the zip is: what Describe answers for the completed job (see location.ts).
    if (described && job.state === 'COMPLETED' && seen.S3Path) job.s3Path = seen.S3Path;
    if (seen.ErrorInfo) job.error = seen.ErrorInfo;
    if (job.state === 'CANCELLED' && !job.error) job.error = 'the job was cancelled';
    if (JSON.stringify(job) !== before) this.markChanged();
  }

  private markChanged(): void {
    this.changed = true;
    this.options.save();
  }

  /** Starts jobs while there is room: ours below `concurrency`, the organization's below the service's limit. */
  private async startJobs(listed: readonly MailboxExportJob[]): Promise<void> {
    const othersRunning = this.runningElsewhere(listed);
    const room = () => Math.min(this.options.concurrency, SERVICE_CONCURRENCY - othersRunning) - this.active();
    for (const record of this.records) {
      if (room() <= 0 || this.options.signal?.aborted) return;
      if (!this.wantsStart(record)) continue;
      if (lastJob(record) !== undefined) this.retries.set(record.entityId, this.retries.get(record.entityId)! - 1);
      record.starts += 1;
      const job: JobRecord = {
        token: clientToken(this.options.state.runId, record.entityId, record.starts),
        attempt: record.jobs.length + 1,
        state: 'STARTING',
        requestedAt: new Date().toISOString(),
      };
      record.jobs.push(job);
      this.markChanged();
      if (await this.start(record, job, listed) === 'limit') return;
    }
  }

  /** Sends the start of `job` (again, after a lost answer); 'limit' when the organization is at its limit of running jobs. */
  private async start(record: MailboxRecord, job: JobRecord, listed: readonly MailboxExportJob[]): Promise<'started' | 'limit' | 'other'> {
    const { destination } = this.options.state;
    try {
      const answer = await this.options.client.send(new StartMailboxExportJobCommand({
        ClientToken: job.token,
        OrganizationId: this.options.organizationId,
        EntityId: record.entityId,
        Description: `cdk-workmail export-mailboxes run ${this.options.state.runId}`,
        RoleArn: destination.roleArn,
        KmsKeyArn: destination.kmsKeyArn,
        S3BucketName: destination.bucket,
        S3Prefix: destination.prefix,
      }));
      job.jobId = answer.JobId;
      job.state = 'RUNNING';
      this.markChanged();
      return 'started';
    } catch (e) {
      const name = errorName(e);
      if (name === 'LimitExceededException') return this.refused(record, job, listed, e as Error);
      if (PERMANENT_START_ERRORS.has(name)) {
        job.state = 'FAILED';
        job.error = `StartMailboxExportJob refused: ${errorText(e)}`;
        this.retries.set(record.entityId, 0);
        this.options.notice?.(`${record.kind} '${record.name}': ${job.error}`);
        this.markChanged();
        return 'other';
      }
      // Anything else (a lost answer, a fault the SDK's retries did not ride out): the job stays STARTING and the
      // same token is sent at the next poll.
      return 'other';
    }
  }

  /**
   * LimitExceededException has two causes: the organization's running jobs, or this mailbox's export of the
   * last 24 hours. It is the daily limit when the message says so, or when the organization has room and the
   * mailbox has a job in the list; then the mailbox waits for the next invocation, with the time it becomes possible.
   */
  private refused(record: MailboxRecord, job: JobRecord, listed: readonly MailboxExportJob[], e: Error): 'limit' | 'other' {
    record.jobs.pop();
    const running = this.runningElsewhere(listed) + this.active();
    // The mailbox's earlier jobs; those that exported something (RUNNING or COMPLETED) are what the day counts from.
    const all: Array<{ state?: string; start?: number }> = [
      ...listed.filter((j) => j.EntityId === record.entityId).map((j) => ({ state: j.State, start: j.StartTime?.getTime() })),
      ...record.jobs.map((j) => ({ state: j.state, start: j.startTime ? Date.parse(j.startTime) : undefined })),
    ];
    const jobs = all.filter((j): j is { state?: string; start: number } => j.start !== undefined && !Number.isNaN(j.start));
    const exporting = jobs.filter((j) => j.state === 'RUNNING' || j.state === 'COMPLETED');
    const earlier = (exporting.length > 0 ? exporting : jobs).map((j) => j.start);
    const daily = /\bhours?\b|\bday\b|\bdaily\b/i.test(e.message) || (running < SERVICE_CONCURRENCY && earlier.length > 0);
    if (!daily) {
      this.markChanged();
      return 'limit';
    }
    const notBefore = earlier.length > 0 ? new Date(Math.max(...earlier) + EXPORT_WINDOW_MS).toISOString() : undefined;
    record.window = { notBefore, reason: `LimitExceededException: ${e.message}` };
    this.options.notice?.(`${record.kind} '${record.name}': exported in the last 24 hours; possible again ${notBefore ? `from ${notBefore}` : 'later'}`);
    this.blocked.add(record.entityId);
    if (job.attempt > 1) this.retries.set(record.entityId, (this.retries.get(record.entityId) ?? 0) + 1);
    this.markChanged();
    return 'other';
  }

  /** Our selected mailboxes' jobs that run or are being started. */
  private active(): number {
    return this.records.filter((r) => isActive(lastJob(r))).length;
  }

  /** RUNNING jobs of the organization that are not the selected mailboxes' (whose state `refresh` has just read): others'. */
  private runningElsewhere(listed: readonly MailboxExportJob[]): number {
    const ours = new Set(this.records.flatMap((r) => r.jobs.map((j) => j.jobId)));
    return listed.filter((j) => j.State === 'RUNNING' && !ours.has(j.JobId)).length;
  }

  private report(): void {
    if (!this.options.progress) return;
    const counts = { done: 0, running: 0, waiting: 0, failed: 0, blocked: 0 };
    const percents: number[] = [];
    for (const record of this.records) {
      const job = lastJob(record);
      const bucket: keyof typeof counts = record.window ? 'blocked' : job === undefined ? 'waiting'
        : job.state === 'COMPLETED' ? 'done' : isActive(job) ? 'running' : 'failed';
      counts[bucket] += 1;
      if (bucket === 'running') percents.push(job!.estimatedProgress ?? 0);
    }
    const runningProgress = percents.length > 0 ? Math.round(percents.reduce((a, b) => a + b, 0) / percents.length) : undefined;
    this.options.progress({ ...counts, runningProgress, elapsedMs: Date.now() - this.started });
  }
}
