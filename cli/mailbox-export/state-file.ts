/**
 * The run's state file: written atomically (a temporary file renamed over it) after every change, so an
 * interrupted run can always be resumed from what the file says.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { CommandError, UsageError } from '../args';
import type { ExportDestination, Mailbox, MailboxRecord, RunState } from './types';

export const DEFAULT_STATE_FILE = 'mailbox-export-state.json';

export function newRunState(organization: RunState['organization'], destination: ExportDestination, now = new Date()): RunState {
  return { version: 1, runId: randomUUID(), createdAt: now.toISOString(), organization, destination, mailboxes: {} };
}

/** The state in `file`, or undefined when there is no such file. */
export function loadRunState(file: string): RunState | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CommandError(`cannot read the state file ${file}: ${(e as Error).message}`);
  }
  let state: RunState;
  try {
    state = JSON.parse(text) as RunState;
  } catch {
    throw new CommandError(`the state file ${file} is not valid JSON; move it away to start a new run`);
  }
  if (state?.version !== 1 || typeof state.runId !== 'string' || typeof state.mailboxes !== 'object' || !state.destination) {
    throw new CommandError(`the state file ${file} was not written by cdk-workmail export-mailboxes; move it away to start a new run`);
  }
  return state;
}

export function saveRunState(file: string, state: RunState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(state, undefined, 2) + '\n');
  fs.renameSync(temp, file);
}

const sameDestination = (a: ExportDestination, b: ExportDestination): boolean =>
  a.bucket === b.bucket && a.prefix === b.prefix && a.roleArn === b.roleArn && a.kmsKeyArn === b.kmsKeyArn;

/**
 * A resumed run must export the same organization into the same destination: the jobs it records were
 * started there. Anything else is a usage error, raised before any call that writes.
 */
export function checkResumable(file: string, state: RunState, organizationId: string, destination: ExportDestination): void {
  if (state.organization.id !== organizationId) {
    throw new UsageError(`the state file ${file} belongs to organization ${state.organization.id}, not ${organizationId}: `
      + 'give another --state to start a new run');
  }
  if (!sameDestination(state.destination, destination)) {
    const d = state.destination;
    throw new UsageError(`the state file ${file} exports into s3://${d.bucket}/${d.prefix} with role ${d.roleArn} and key ${d.kmsKeyArn}, `
      + 'not into the destination given: give the same destination, or another --state to start a new run');
  }
}

/** The record of a mailbox, made on first sight. */
export function recordOf(state: RunState, mailbox: Mailbox): MailboxRecord {
  const existing = state.mailboxes[mailbox.entityId];
  if (existing) return existing;
  const record: MailboxRecord = { ...mailbox, jobs: [], starts: 0 };
  state.mailboxes[mailbox.entityId] = record;
  return record;
}
