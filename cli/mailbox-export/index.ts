/**
 * One export run: the selected mailboxes' jobs to completion (or as far as the service allows today), then with
 * `verify` each completed export read back and checked, then the manifest. The state file is saved throughout.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { WorkMailClient } from '@aws-sdk/client-workmail';
import { writeManifest } from './manifest';
import { RunProgress, ExportScheduler, lastJob } from './scheduler';
import { saveRunState } from './state-file';
import type { Mailbox, MailboxRecord, RunState } from './types';
import { verifyExport } from './verify';
import { mapLimited } from '../concurrency';

export { checkDestination, destinationFromStack, DEFAULT_PREFIX, DESTINATION_OUTPUT_DESCRIPTION } from './destination';
export { readOrganizationMailboxes, selectMailboxes } from './mailboxes';
export { MANIFEST_COLUMNS, MANIFEST_FILE } from './manifest';
export { SERVICE_CONCURRENCY } from './scheduler';
export { checkResumable, DEFAULT_STATE_FILE, loadRunState, newRunState } from './state-file';
export type { ExportDestination, Mailbox, RunState } from './types';

/** Objects hashed at a time. */
const VERIFY_CONCURRENCY = 4;

export interface MailboxExportOptions {
  readonly client: WorkMailClient;
  readonly state: RunState;
  readonly stateFile: string;
  readonly manifestFile: string;
  readonly mailboxes: readonly Mailbox[];
  readonly concurrency: number;
  readonly pollMs: number;
  /** Given: every completed export is read back and checked. */
  readonly s3?: S3Client;
  readonly signal?: AbortSignal;
  readonly progress?: (progress: RunProgress) => void;
  readonly notice?: (line: string) => void;
}

export interface MailboxExportResult {
  readonly interrupted: boolean;
  /** The selected mailboxes' records, in the order given. */
  readonly records: readonly MailboxRecord[];
  /** Every selected mailbox has a COMPLETED job (and, when verifying, a verified object). */
  readonly complete: boolean;
}

export async function runMailboxExport(options: MailboxExportOptions): Promise<MailboxExportResult> {
  const { state } = options;
  const save = () => saveRunState(options.stateFile, state);
  const scheduler = new ExportScheduler({
    client: options.client,
    organizationId: state.organization.id,
    state,
    save,
    mailboxes: options.mailboxes,
    concurrency: options.concurrency,
    pollMs: options.pollMs,
    signal: options.signal,
    progress: options.progress,
    notice: options.notice,
  });
  save();
  const outcome = await scheduler.run();
  const records = options.mailboxes.map((m) => state.mailboxes[m.entityId]);
  if (outcome === 'finished' && options.s3) await verifyCompleted(options.s3, state, records, save);
  writeManifest(options.manifestFile, records, state.destination);
  const complete = outcome === 'finished' && records.every((r) => lastJob(r)?.state === 'COMPLETED'
    && (options.s3 === undefined || (r.verification?.jobId === lastJob(r)!.jobId && r.verification?.ok === true)));
  return { interrupted: outcome === 'interrupted', records, complete };
}

/** Checks every completed export not yet found good (a failed check is repeated: the object may have been put right). */
async function verifyCompleted(s3: S3Client, state: RunState, records: readonly MailboxRecord[], save: () => void): Promise<void> {
  const due = records.filter((r) => {
    const job = lastJob(r);
    return job?.state === 'COMPLETED' && job.jobId !== undefined && job.s3Path !== undefined
      && !(r.verification?.jobId === job.jobId && r.verification.ok);
  });
  await mapLimited(due, VERIFY_CONCURRENCY, async (record) => {
    const job = lastJob(record)!;
    record.verification = await verifyExport(s3, state.destination, job.jobId!, job.s3Path!);
    save();
  });
}
