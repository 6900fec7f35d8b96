/** What `export-mailboxes` works with: the destination, the mailboxes, and the run it records in its state file. */
import type { EntityKindName } from '../model';

/** Where StartMailboxExportJob writes (its S3BucketName, S3Prefix, RoleArn and KmsKeyArn). */
export interface ExportDestination {
  readonly bucket: string;
  readonly prefix: string;
  readonly roleArn: string;
  readonly kmsKeyArn: string;
}

/** A registered user or resource whose mailbox is exported. */
export interface Mailbox {
  readonly entityId: string;
  readonly name: string;
  readonly kind: EntityKindName;
  /** The primary address. */
  readonly email: string;
}

/** The service's job states, and STARTING: the start was sent (or is about to be) and no job id has come back yet. */
export type JobState = 'STARTING' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';

export const FINISHED_STATES: readonly JobState[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

/** One export job of one mailbox, as the state file records it. */
export interface JobRecord {
  /** The StartMailboxExportJob ClientToken: a start sent again with it returns the same job. */
  readonly token: string;
  /** 1 for the mailbox's first job of the run, 2 for its first retry, … */
  readonly attempt: number;
  jobId?: string;
  state: JobState;
  /** When the start was first sent (this machine's clock). */
  readonly requestedAt: string;
  /** The service's StartTime and EndTime. */
  startTime?: string;
  endTime?: string;
  estimatedProgress?: number;
  /** DescribeMailboxExportJob's S3Path of the COMPLETED job, as given: where its zip is (see location.ts). */
  s3Path?: string;
  /** The service's ErrorInfo of a FAILED or CANCELLED job. */
  error?: string;
}

/** What --verify found for a completed job. */
export interface Verification {
  readonly jobId: string;
  readonly ok: boolean;
  readonly bytes?: number;
  readonly messages?: number;
  /** Why it failed. */
  readonly problem?: string;
}

/** A mailbox may not be exported again before this time (the service allows one export a day). */
export interface ExportWindow {
  /** ISO time; absent when the service refused without saying and no earlier job is known. */
  readonly notBefore?: string;
  readonly reason: string;
}

export interface MailboxRecord {
  readonly entityId: string;
  readonly name: string;
  readonly kind: EntityKindName;
  readonly email: string;
  readonly jobs: JobRecord[];
  /** Client tokens issued for this mailbox so far (each new start takes the next). */
  starts: number;
  window?: ExportWindow;
  verification?: Verification;
}

/** The state file: one run of exports of one organization into one destination. */
export interface RunState {
  readonly version: 1;
  readonly runId: string;
  readonly createdAt: string;
  readonly organization: { readonly id: string; readonly alias?: string };
  readonly destination: ExportDestination;
  /** Entity id → its record. */
  readonly mailboxes: Record<string, MailboxRecord>;
}
