/**
 * What the export-mailboxes tests share: an emulator with 22 mailboxes (users, resources) and 3 groups, whose export
 * jobs write to a local S3, the command run in-process through `main`, and readers of what it left.
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { MailboxExportJob, paginateListMailboxExportJobs, WorkMailClient } from '@aws-sdk/client-workmail';
import { parseCsv } from './vendor-fixture';
import type { RunState } from '../../cli/mailbox-export';
import { main } from '../../cli/main';
import { EmulatorClock, EmulatorSeed, ExportJobOptions, RunningEmulator, startEmulator } from '../../local/emulator';
import { LOCAL_S3_CREDENTIALS, LocalS3 } from '../../local/s3';

export const ORG = 'm-0123456789abcdef0123456789abcdef';
export const DOMAIN = 'acme.example.com';
export const BUCKET = 'exports';

export const USERS = Array.from({ length: 19 }, (_, i) => `user${String(i + 1).padStart(2, '0')}`);
export const GROUPS = ['finance', 'sales', 'support'];
export const RESOURCES = ['beamer', 'boardroom', 'van'];
/** What the command exports: users' and resources' mailboxes (a group has none of its own). */
export const MAILBOXES = [...USERS, ...RESOURCES];

export const SEED: EmulatorSeed = {
  organizations: [{
    id: ORG,
    alias: 'acme',
    defaultMailDomain: DOMAIN,
    domains: [DOMAIN],
    // 'dora' is not registered (no address): she has no mailbox to export.
    users: [...USERS.map((name) => ({ name, email: `${name}@${DOMAIN}` })), { name: 'dora' }],
    groups: GROUPS.map((name) => ({ name, email: `${name}@${DOMAIN}` })),
    resources: RESOURCES.map((name) => ({ name, type: name === 'boardroom' ? 'ROOM' as const : 'EQUIPMENT' as const, email: `${name}@${DOMAIN}` })),
  }],
};

export const DESTINATION_FLAGS = [
  '--bucket', BUCKET,
  '--role-arn', 'arn:aws:iam::111122223333:role/WorkMailExport',
  '--kms-key-arn', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
];

/** Messages per mailbox: user01 has 1, user02 2, …; the others 3 (the emulator's default). */
export const MESSAGES: Record<string, number> = Object.fromEntries(USERS.map((name, i) => [name, (i % 5) + 1]));

/** Jobs run 300 ms and more of real time (the emulator's clock runs with it): long enough for 10 starts to overlap, even on a loaded machine. */
export async function exportEmulator(
  s3: LocalS3, messages: Record<string, number> = {}, options: Pick<ExportJobOptions, 's3PathForm'> & { clock?: EmulatorClock } = {},
): Promise<RunningEmulator> {
  const exportJobs = { durationMs: 300, msPerMessage: 10, mailboxMessages: { ...MESSAGES, ...messages }, s3PathForm: options.s3PathForm };
  return startEmulator({ seed: SEED, s3Endpoint: s3.endpoint, exportJobs, ...(options.clock ? { clock: options.clock } : {}) });
}

/** The S3 client of the command (--verify) takes the SDK's credentials from the environment: s3rver's. */
export function useLocalS3Credentials(): () => void {
  const saved = { ...process.env };
  process.env.AWS_ACCESS_KEY_ID = LOCAL_S3_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_S3_CREDENTIALS.secretAccessKey;
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  return () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  };
}

export interface CommandRun {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

/** `cdk-workmail export-mailboxes …` in this process; `onErr` sees each stderr line as it is written. */
export async function exportMailboxes(
  args: readonly string[], options: { signal?: AbortSignal; onErr?: (line: string) => void } = {},
): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['export-mailboxes', ...args], {
    out: (line) => out.push(...line.split('\n')),
    err: (line) => {
      err.push(line);
      options.onErr?.(line);
    },
    signal: options.signal,
  });
  return { code, out, err };
}

export function workDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'export-mailboxes-'));
}

export const readState = (file: string): RunState => JSON.parse(readFileSync(file, 'utf8')) as RunState;

/** The manifest's header and its rows as objects keyed by the header. */
export function readManifest(file: string): { header: string[]; rows: Array<Record<string, string>> } {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

export async function listJobs(client: WorkMailClient): Promise<MailboxExportJob[]> {
  const jobs: MailboxExportJob[] = [];
  for await (const page of paginateListMailboxExportJobs({ client }, { OrganizationId: ORG })) jobs.push(...(page.Jobs ?? []));
  return jobs;
}

/** The most jobs whose [StartTime, EndTime) intervals overlap at any moment. */
export function mostAtOnce(jobs: readonly MailboxExportJob[]): number {
  const events = jobs.flatMap((j) => [
    { at: j.StartTime!.getTime(), delta: 1 },
    { at: (j.EndTime ?? new Date(8.64e15)).getTime(), delta: -1 },
  ]).sort((a, b) => a.at - b.at || a.delta - b.delta);
  let now = 0;
  let most = 0;
  for (const e of events) {
    now += e.delta;
    most = Math.max(most, now);
  }
  return most;
}

export function workmail(endpoint: string): WorkMailClient {
  return new WorkMailClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
}
