/** The run's summary on stdout: the manifest, how many mailboxes are exported, and for every other one why not and what to do. */
import * as path from 'path';
import type { MailboxExportResult } from './index';
import { lastJob } from './scheduler';
import type { MailboxRecord, RunState } from './types';

export interface SummaryContext {
  readonly manifestFile: string;
  readonly stateFile: string;
  readonly verify: boolean;
  readonly workingDirectory: string;
}

/** A file as the user would name it: relative to where the command runs when inside it, else absolute. */
export function shownPath(file: string, workingDirectory: string): string {
  const shown = path.relative(workingDirectory, file);
  return shown === '' || shown.startsWith('..') ? file : shown;
}

/** Why a mailbox is not done, or undefined when it is. */
export function missingReason(record: MailboxRecord, verify: boolean): string | undefined {
  const job = lastJob(record);
  if (record.window) {
    const when = record.window.notBefore ? `from ${record.window.notBefore}` : 'once a day has passed since its last export';
    return `may be exported again ${when} (WorkMail exports a mailbox at most once in 24 hours; ${record.window.reason}); run again then`;
  }
  if (job === undefined) return 'not started';
  if (job.state === 'RUNNING' || job.state === 'STARTING') return `job ${job.jobId ?? '(starting)'} still running; run again to pick it up`;
  if (job.state !== 'COMPLETED') return `job ${job.jobId ?? '(not started)'} ${job.state}: ${job.error ?? 'no error given'}; run again to retry`;
  if (!verify) return undefined;
  const v = record.verification;
  if (v === undefined || v.jobId !== job.jobId) return `job ${job.jobId} COMPLETED, not verified yet; run again to verify`;
  return v.ok ? undefined : `job ${job.jobId} COMPLETED but its export failed verification: ${v.problem}`;
}

export function summaryLines(result: MailboxExportResult, state: RunState, context: SummaryContext): string[] {
  const relative = (file: string) => shownPath(file, context.workingDirectory);
  const { destination, organization } = state;
  const exported = result.records.filter((r) => lastJob(r)?.state === 'COMPLETED').length;
  const verified = result.records.filter((r) => r.verification?.ok && r.verification.jobId === lastJob(r)?.jobId).length;
  const lines = [
    `manifest: ${relative(context.manifestFile)}`,
    `exported ${exported} of ${result.records.length} mailboxes of ${organization.alias ?? organization.id} (${organization.id}) `
      + `into s3://${destination.bucket}/${destination.prefix}${context.verify ? `; ${verified} verified` : ''}`,
  ];
  const missing = result.records
    .map((r) => ({ record: r, reason: missingReason(r, context.verify) }))
    .filter((m): m is { record: MailboxRecord; reason: string } => m.reason !== undefined);
  if (missing.length > 0) {
    lines.push(`not done (${missing.length}):`);
    for (const { record, reason } of missing) lines.push(`  ${record.name} (${record.kind}): ${reason}`);
  }
  if (result.interrupted) lines.push(`interrupted: the state is saved in ${relative(context.stateFile)}; run the same command again to resume`);
  return lines;
}
