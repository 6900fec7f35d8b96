/**
 * Mailbox export jobs: their lifetime on the emulator's clock, the service's limits, and the write of the
 * archive and log to S3 when a job's time is up. A job is RUNNING from its start for its duration (longer for a
 * mailbox with more messages); then it writes its objects and ends COMPLETED, or FAILED when the write fails,
 * when no S3 endpoint is configured, or when a test asked for a failure. Jobs are not part of the state dump.
 */
import { randomUUID } from 'crypto';
import { EmulatorClock } from '../clock';
import { buildArchive, exportLog } from './content';
import { exportLogKey, exportObjectKey, exportS3Path, S3_PATH_FORMS, S3PathForm } from './layout';
import { ExportWriter } from './writer';

export type ExportJobState = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export interface ExportJobOptions {
  /** Clock time every job takes, in ms. Default 3000. */
  readonly durationMs?: number;
  /** Clock time added per message of the mailbox, in ms. Default 500. */
  readonly msPerMessage?: number;
  /** Messages in a mailbox not listed in `mailboxMessages`. Default 3. */
  readonly messagesPerMailbox?: number;
  /** Messages per mailbox, by entity name or primary address (any case). */
  readonly mailboxMessages?: { readonly [nameOrEmail: string]: number };
  /** RUNNING jobs allowed per organization. Default 10, as the service documents. */
  readonly maxRunningPerOrganization?: number;
  /** How long after a job's start the same mailbox may not be exported again, in ms. Default 24 hours. */
  readonly mailboxWindowMs?: number;
  /** How Describe and List name the zip in S3Path. Default `bucket/key`, as the API reference documents it. */
  readonly s3PathForm?: S3PathForm;
}

/** What a test asks for with `failExportJob`. */
export interface ExportFailure {
  readonly errorInfo: string;
  /** Write the first half of the zip at the job's S3Path (no log) before failing. Default false. */
  readonly partialObject?: boolean;
}

export interface ExportJob {
  readonly id: string;
  readonly seq: number;
  readonly organizationId: string;
  readonly entityId: string;
  readonly entityName: string;
  readonly email: string;
  readonly description?: string;
  readonly roleArn: string;
  readonly kmsKeyArn: string;
  readonly bucket: string;
  readonly prefix: string;
  /** The zip's key in `bucket`. */
  readonly objectKey: string;
  /** What Describe and List answer: the zip's bucket and key (in the form the options ask for). */
  readonly s3Path: string;
  readonly messages: number;
  /** Clock epoch ms. */
  readonly startTime: number;
  readonly durationMs: number;
  state: ExportJobState;
  /** Set once the job's time is up and its objects are being written: it can no longer be cancelled. */
  finishing: boolean;
  progress: number;
  endTime?: number;
  errorInfo?: string;
  failure?: ExportFailure;
}

export type NewExportJob = Pick<ExportJob, 'organizationId' | 'entityId' | 'entityName' | 'email' | 'description' | 'roleArn'
| 'kmsKeyArn' | 'bucket' | 'prefix'>;

const DAY_MS = 24 * 60 * 60 * 1000;
/** ErrorInfo is at most 1024 characters in the model. */
const MAX_ERROR_INFO = 1024;

export const NO_S3_ENDPOINT_ERROR = 'The emulator has no S3 endpoint configured (EmulatorOptions.s3Endpoint or --s3-endpoint): '
  + 'nothing was written';

function checkedNumber(options: ExportJobOptions, key: keyof ExportJobOptions, fallback: number): number {
  const value = options[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new RangeError(`exportJobs.${key} must be a number >= 0`);
  return value;
}

export class ExportJobs {
  private readonly jobs = new Map<string, ExportJob>();
  private readonly failures = new Map<string, ExportFailure>();
  /** ClientTokens of StartMailboxExportJob by organization: the job and the parameters it was started with. */
  private readonly tokens = new Map<string, { jobId: string; fingerprint: string }>();
  private readonly writes = new Set<Promise<void>>();
  private readonly writer?: ExportWriter;
  private readonly durationMs: number;
  private readonly msPerMessage: number;
  private readonly messagesPerMailbox: number;
  private readonly mailboxMessages: Map<string, number>;
  public readonly maxRunning: number;
  public readonly windowMs: number;
  private readonly s3PathForm: S3PathForm;
  private timer?: NodeJS.Timeout;
  private sequence = 0;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly clock: EmulatorClock, s3Endpoint: string | undefined, options: ExportJobOptions = {}) {
    this.durationMs = checkedNumber(options, 'durationMs', 3000);
    this.msPerMessage = checkedNumber(options, 'msPerMessage', 500);
    this.messagesPerMailbox = Math.floor(checkedNumber(options, 'messagesPerMailbox', 3));
    this.maxRunning = Math.floor(checkedNumber(options, 'maxRunningPerOrganization', 10));
    this.windowMs = checkedNumber(options, 'mailboxWindowMs', DAY_MS);
    this.s3PathForm = options.s3PathForm ?? 'bucket/key';
    if (!S3_PATH_FORMS.includes(this.s3PathForm)) throw new RangeError(`exportJobs.s3PathForm must be one of ${S3_PATH_FORMS.join(', ')}`);
    this.mailboxMessages = new Map(Object.entries(options.mailboxMessages ?? {}).map(([key, n]) => {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`exportJobs.mailboxMessages.${key} must be an integer >= 0`);
      return [key.toLowerCase(), n];
    }));
    this.writer = s3Endpoint === undefined ? undefined : new ExportWriter(s3Endpoint);
    this.unsubscribe = clock.onMove(() => this.tick());
  }

  /** Messages of a mailbox: from `mailboxMessages` by name or address, else the default. */
  messagesOf(name: string, email: string): number {
    return this.mailboxMessages.get(name.toLowerCase()) ?? this.mailboxMessages.get(email.toLowerCase()) ?? this.messagesPerMailbox;
  }

  start(request: NewExportJob): ExportJob {
    const messages = this.messagesOf(request.entityName, request.email);
    this.sequence += 1;
    const id = randomUUID();
    const objectKey = exportObjectKey(request.prefix, id);
    const job: ExportJob = {
      ...request,
      id,
      seq: this.sequence,
      objectKey,
      s3Path: exportS3Path(request.bucket, objectKey, this.s3PathForm),
      messages,
      startTime: this.clock.now(),
      durationMs: this.durationMs + this.msPerMessage * messages,
      state: 'RUNNING',
      finishing: false,
      progress: 0,
    };
    const failure = this.takeFailure(request.organizationId, request.entityId);
    if (failure) job.failure = failure;
    this.jobs.set(id, job);
    this.tick();
    return job;
  }

  /** The job started with this ClientToken in the organization, and the parameters it was started with. */
  byToken(organizationId: string, clientToken: string): { job: ExportJob; fingerprint: string } | undefined {
    const entry = this.tokens.get(`${organizationId}/${clientToken}`);
    const job = entry && this.jobs.get(entry.jobId);
    return entry && job ? { job, fingerprint: entry.fingerprint } : undefined;
  }

  rememberToken(organizationId: string, clientToken: string, fingerprint: string, job: ExportJob): void {
    this.tokens.set(`${organizationId}/${clientToken}`, { jobId: job.id, fingerprint });
  }

  get(id: string): ExportJob | undefined {
    return this.jobs.get(id);
  }

  /** Jobs of an organization in start order. */
  ofOrganization(organizationId: string): ExportJob[] {
    return [...this.jobs.values()].filter((j) => j.organizationId === organizationId);
  }

  running(organizationId: string): number {
    return this.ofOrganization(organizationId).filter((j) => j.state === 'RUNNING').length;
  }

  /** The start of the mailbox's latest RUNNING or COMPLETED job inside the window, if any: the mailbox may not be exported before it ends. */
  windowStart(organizationId: string, entityId: string): number | undefined {
    const since = this.clock.now() - this.windowMs;
    const counted = this.ofOrganization(organizationId)
      .filter((j) => j.entityId === entityId && (j.state === 'RUNNING' || j.state === 'COMPLETED') && j.startTime > since);
    return counted.length === 0 ? undefined : Math.max(...counted.map((j) => j.startTime));
  }

  /** Cancels a RUNNING job; a job already writing its objects goes on to complete, as the service warns it may. */
  cancel(job: ExportJob): void {
    if (job.state !== 'RUNNING' || job.finishing) return;
    job.state = 'CANCELLED';
    job.endTime = this.clock.now();
  }

  /**
   * The next job of that mailbox to end (its RUNNING job if it has one, else the next one started) ends FAILED
   * with `errorInfo`.
   */
  failNext(organizationId: string, entityId: string, failure: ExportFailure): void {
    const running = this.ofOrganization(organizationId).find((j) => j.entityId === entityId && j.state === 'RUNNING' && !j.finishing);
    if (running) running.failure = failure;
    else this.failures.set(`${organizationId}/${entityId}`, failure);
  }

  /** Brings every RUNNING job up to the clock: progress, and the objects of those whose time is up. */
  tick(): void {
    if (this.closed) return;
    const now = this.clock.now();
    for (const job of this.jobs.values()) {
      if (job.state !== 'RUNNING' || job.finishing) continue;
      const elapsed = now - job.startTime;
      if (elapsed >= job.durationMs) {
        job.finishing = true;
        job.progress = 99;
        this.track(this.finish(job));
      } else {
        job.progress = Math.min(99, Math.floor((elapsed / Math.max(job.durationMs, 1)) * 100));
      }
    }
    this.schedule();
  }

  /** Resolves once no job is writing (after bringing jobs up to the clock). */
  async settled(): Promise<void> {
    this.tick();
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    while (this.writes.size > 0) await Promise.all([...this.writes]);
    this.writer?.destroy();
  }

  private takeFailure(organizationId: string, entityId: string): ExportFailure | undefined {
    const key = `${organizationId}/${entityId}`;
    const failure = this.failures.get(key);
    this.failures.delete(key);
    return failure;
  }

  private track(write: Promise<void>): void {
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  /** A real-time timer for the next job due, so that jobs end without anyone asking (the clock runs with real time). */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const due = [...this.jobs.values()].filter((j) => j.state === 'RUNNING' && !j.finishing).map((j) => j.startTime + j.durationMs);
    if (due.length === 0) return;
    const wait = Math.max(0, Math.min(...due) - this.clock.now());
    this.timer = setTimeout(() => this.tick(), Math.min(wait + 1, 2 ** 31 - 1));
    this.timer.unref();
  }

  private async finish(job: ExportJob): Promise<void> {
    const archive = buildArchive({ email: job.email, name: job.entityName, messages: job.messages });
    const writer = this.writer;
    const put = (key: string, body: Uint8Array | string, contentType: string) =>
      writer!.put({ bucket: job.bucket, key, body, contentType, kmsKeyArn: job.kmsKeyArn });
    try {
      if (job.failure) {
        const half = archive.zip.subarray(0, Math.floor(archive.zip.length / 2));
        if (job.failure.partialObject && writer) await put(job.objectKey, half, 'application/zip');
        throw new Error(job.failure.errorInfo);
      }
      if (!writer) throw new Error(NO_S3_ENDPOINT_ERROR);
      await put(job.objectKey, archive.zip, 'application/zip');
      const endTime = this.clock.now();
      await put(exportLogKey(job.objectKey), JSON.stringify(exportLog(archive, job.startTime, endTime), null, 2), 'application/json');
      job.state = 'COMPLETED';
      job.progress = 100;
      job.endTime = endTime;
    } catch (e) {
      job.state = 'FAILED';
      job.errorInfo = (e as Error).message.slice(0, MAX_ERROR_INFO) || 'Export failed';
      job.endTime = this.clock.now();
    }
  }
}
