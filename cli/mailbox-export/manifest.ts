/** `mailbox-export-manifest.csv`: one row per selected mailbox, saying where its export is and whether it was checked. */
import * as fs from 'fs';
import { stringify } from 'csv-stringify/sync';
import { exportLocation } from './location';
import { lastJob } from './scheduler';
import type { ExportDestination, MailboxRecord } from './types';

export const MANIFEST_FILE = 'mailbox-export-manifest.csv';

export const MANIFEST_COLUMNS = ['mailbox', 'kind', 'primary address', 'job id', 'state', 'S3 path', 'bytes', 'messages', 'verified'] as const;

/** The state column: the last job's state, NOT STARTED, or WAITING UNTIL <time> for a mailbox exported in the last 24 hours. */
export function stateOf(record: MailboxRecord): string {
  const job = lastJob(record);
  if (record.window) return record.window.notBefore ? `WAITING UNTIL ${record.window.notBefore}` : 'WAITING (exported in the last 24 hours)';
  return job?.state ?? 'NOT STARTED';
}

/** The verified column: yes, `no: <why>`, or empty when --verify was not asked or the job has not completed. */
function verifiedOf(record: MailboxRecord, jobId: string | undefined): string {
  const v = record.verification;
  if (v === undefined || v.jobId !== jobId) return '';
  return v.ok ? 'yes' : `no: ${v.problem}`;
}

/** The zip as `s3://<bucket>/<key>`, from the job's S3Path. */
function s3Uri(destination: ExportDestination, s3Path: string): string {
  const { bucket, object } = exportLocation(destination, s3Path);
  return `s3://${bucket}/${object}`;
}

export function manifestRows(records: readonly MailboxRecord[], destination: ExportDestination): string[][] {
  return records.map((record) => {
    const job = lastJob(record);
    // A job that did not complete leaves nothing worth pointing at.
    const completed = job?.state === 'COMPLETED' && job.s3Path !== undefined;
    const v = record.verification?.jobId === job?.jobId ? record.verification : undefined;
    return [
      record.name,
      record.kind,
      record.email,
      job?.jobId ?? '',
      stateOf(record),
      completed ? s3Uri(destination, job.s3Path!) : '',
      v?.bytes === undefined ? '' : String(v.bytes),
      v?.messages === undefined ? '' : String(v.messages),
      verifiedOf(record, job?.jobId),
    ];
  });
}

export function writeManifest(file: string, records: readonly MailboxRecord[], destination: ExportDestination): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, stringify([[...MANIFEST_COLUMNS], ...manifestRows(records, destination)]));
  fs.renameSync(temp, file);
}
