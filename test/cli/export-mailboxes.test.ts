/**
 * `cdk-workmail export-mailboxes` end to end, in process: the emulator's export jobs (22 mailboxes, so the
 * limit of 10 running jobs bites) writing real zips and logs to a local S3 server, read back with --verify.
 */
import { existsSync } from 'fs';
import * as path from 'path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CancelMailboxExportJobCommand, StartMailboxExportJobCommand, WorkMailClient } from '@aws-sdk/client-workmail';
import {
  BUCKET, DESTINATION_FLAGS, exportEmulator, exportMailboxes, GROUPS, listJobs, MAILBOXES, MESSAGES, mostAtOnce, ORG, readManifest, readState,
  RESOURCES, useLocalS3Credentials, workDir, workmail,
} from './export-mailboxes-harness';
import { MANIFEST_COLUMNS } from '../../cli/mailbox-export';
import { main } from '../../cli/main';
import { RunningEmulator, S3_PATH_FORMS } from '../../local/emulator';
import { LocalS3, startLocalS3 } from '../../local/s3';

/** What the command may send: the organization's lists, and the export jobs' list, describe and start. */
const ALLOWED_CALLS = new Set([
  'ListOrganizations', 'DescribeOrganization', 'ListUsers', 'ListGroups', 'ListResources',
  'ListMailboxExportJobs', 'DescribeMailboxExportJob', 'StartMailboxExportJob',
]);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let s3: LocalS3;
let emulator: RunningEmulator;
let wm: WorkMailClient;
let restoreEnv: () => void;
let dir: string;

beforeAll(async () => {
  restoreEnv = useLocalS3Credentials();
  s3 = await startLocalS3({ buckets: [BUCKET] });
});
afterAll(async () => {
  await s3.stop();
  restoreEnv();
});
beforeEach(async () => {
  emulator = await exportEmulator(s3);
  wm = workmail(emulator.endpoint);
  dir = workDir();
});
afterEach(async () => {
  wm.destroy();
  await emulator.close();
});

/** The command's flags for this test's emulator, state file and a fast poll. */
const flags = (...extra: string[]) => [
  '--organization', 'acme', '--endpoint', emulator.endpoint, ...DESTINATION_FLAGS, '--s3-endpoint', s3.endpoint,
  '--state', path.join(dir, 'state.json'), '--poll-interval', '20', ...extra,
];
const jobsPerEntity = async () => {
  const counts = new Map<string, number>();
  for (const job of await listJobs(wm)) counts.set(job.EntityId!, (counts.get(job.EntityId!) ?? 0) + 1);
  return counts;
};

test('every registered user and resource is exported once (no group), never more than 10 jobs at a time, verified, with a manifest row each', async () => {
  // The first start's answer is lost (the service made the job): the start sent again must not make a second one.
  emulator.loseNextResponse('StartMailboxExportJob', 1);
  const run = await exportMailboxes(flags('--verify'));
  expect(run.err.filter((l) => !l.startsWith('exporting ') && !l.startsWith('starting run'))).toEqual([]);
  expect(run.code).toBe(0);
  expect(run.out).toContain(`exported 22 of 22 mailboxes of acme (${ORG}) into s3://${BUCKET}/workmail-export/; 22 verified`);

  const jobs = await listJobs(wm);
  expect(jobs).toHaveLength(22);
  const groupIds = new Set(emulator.snapshot().organizations[0].groups.map((g) => g.id));
  expect(groupIds.size).toBe(GROUPS.length);
  expect(jobs.filter((j) => groupIds.has(j.EntityId!))).toEqual([]);
  expect([...(await jobsPerEntity()).values()].every((n) => n === 1)).toBe(true);
  expect(mostAtOnce(jobs)).toBe(10);
  expect(run.err.some((l) => /: \d+ done, 10 running/.test(l))).toBe(true);

  const calls = new Set(emulator.calls.map((c) => c.operation));
  expect([...calls].filter((op) => !ALLOWED_CALLS.has(op))).toEqual([]);
  expect(calls.has('StartMailboxExportJob')).toBe(true);

  const manifest = readManifest(path.join(dir, 'mailbox-export-manifest.csv'));
  expect(manifest.header).toEqual([...MANIFEST_COLUMNS]);
  expect(manifest.rows.map((r) => r.mailbox).sort()).toEqual([...MAILBOXES].sort());
  const byId = new Map(jobs.map((j) => [j.JobId!, j]));
  for (const row of manifest.rows) {
    const kind = RESOURCES.includes(row.mailbox) ? 'resource' : 'user';
    expect(row).toMatchObject({ 'kind': kind, 'primary address': `${row.mailbox}@acme.example.com`, 'state': 'COMPLETED', 'verified': 'yes' });
    expect(row['S3 path']).toBe(`s3://${BUCKET}/workmail-export/${row['job id']}.zip`);
    expect(byId.get(row['job id'])?.State).toBe('COMPLETED');
    expect(Number(row.messages)).toBe(MESSAGES[row.mailbox] ?? 3);
    expect(Number(row.bytes)).toBeGreaterThan(0);
  }
  // Nothing of the mail itself on the terminal.
  expect([...run.out, ...run.err].join('\n')).not.toMatch(/Subject|Message \d+ of/);
});

test('--concurrency 3 keeps three jobs running at most; --only exports only the mailboxes it names', async () => {
  const run = await exportMailboxes(flags('--concurrency', '3', '--only', 'user01,BOARDROOM,van,user02,user03', '--quiet'));
  expect(run).toMatchObject({ code: 0, err: [] });
  const jobs = await listJobs(wm);
  expect(jobs).toHaveLength(5);
  expect(mostAtOnce(jobs)).toBe(3);
  const rows = readManifest(path.join(dir, 'mailbox-export-manifest.csv')).rows;
  expect(rows.map((r) => r.mailbox)).toEqual(['boardroom', 'user01', 'user02', 'user03', 'van']);
  // Not asked to verify: nothing is read from S3, so neither bytes nor messages are known.
  expect(rows.every((r) => r.verified === '' && r.bytes === '' && r.state === 'COMPLETED')).toBe(true);
});

test('jobs others run count against the limit of 10', async () => {
  // Others' jobs of big mailboxes (about 3 s each: room for a loaded machine) run through the command's first jobs.
  await emulator.close();
  emulator = await exportEmulator(s3, { user17: 300, user18: 300, user19: 300 });
  wm.destroy();
  wm = workmail(emulator.endpoint);
  const others = ['user17', 'user18', 'user19'];
  for (const name of others) await emulatorStart(name);
  const run = await exportMailboxes(flags('--only', MAILBOXES.filter((m) => !others.includes(m)).join(','), '--quiet'));
  expect(run.code).toBe(0);
  // The others' jobs may outlast the command's: wait for them to end too.
  let jobs = await listJobs(wm);
  for (let tries = 0; tries < 100 && jobs.some((j) => j.EndTime === undefined); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    jobs = await listJobs(wm);
  }
  expect(jobs).toHaveLength(22);
  expect(mostAtOnce(jobs)).toBe(10);
  // While the others ran, the command ran 7 at most, and did run 7.
  const othersEnd = Math.min(...jobs.filter((j) => j.Description === undefined).map((j) => j.EndTime!.getTime()));
  const ours = jobs.filter((j) => j.Description !== undefined);
  expect(ours).toHaveLength(19);
  expect(mostAtOnce(ours.filter((j) => j.StartTime!.getTime() < othersEnd))).toBe(7);
});

/** A job started by someone else (not this command). */
async function emulatorStart(name: string): Promise<string> {
  const answer = await wm.send(new StartMailboxExportJobCommand({
    ClientToken: `someone-else-${name}`,
    OrganizationId: ORG,
    EntityId: `${name}@acme.example.com`,
    RoleArn: 'arn:aws:iam::111122223333:role/Other',
    KmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/other',
    S3BucketName: BUCKET,
    S3Prefix: 'other/',
  }));
  return answer.JobId!;
}

test('an interrupted run resumed picks up its running jobs and starts no mailbox twice', async () => {
  const stop = new AbortController();
  const first = await exportMailboxes(flags(), { signal: stop.signal, onErr: (line) => { if (/ 10 running/.test(line)) stop.abort(); } });
  expect(first.code).toBe(1);
  expect(first.out).toContain(`interrupted: the state is saved in ${path.join(dir, 'state.json')}; run the same command again to resume`);
  const saved = readState(path.join(dir, 'state.json'));
  const startedFirst = Object.values(saved.mailboxes).flatMap((m) => m.jobs.map((j) => j.jobId));
  expect(startedFirst).toHaveLength(10);

  const second = await exportMailboxes(flags('--verify'));
  expect(second.code).toBe(0);
  expect(second.err[0]).toBe(`resuming run ${saved.runId}: 22 mailboxes of acme into s3://${BUCKET}/workmail-export/ (state: ${path.join(dir, 'state.json')})`);
  const after = readState(path.join(dir, 'state.json'));
  expect(after.runId).toBe(saved.runId);
  // The first run's jobs are the resumed run's jobs for those mailboxes.
  for (const [id, record] of Object.entries(saved.mailboxes)) {
    if (record.jobs.length > 0) expect(after.mailboxes[id].jobs.map((j) => j.jobId)).toEqual(record.jobs.map((j) => j.jobId));
  }
  expect(await listJobs(wm)).toHaveLength(22);
  expect([...(await jobsPerEntity()).values()].every((n) => n === 1)).toBe(true);
  expect(mostAtOnce(await listJobs(wm))).toBeLessThanOrEqual(10);

  // A third run has nothing left to do: it starts nothing and says so.
  emulator.calls.length = 0;
  const third = await exportMailboxes(flags('--verify', '--quiet'));
  expect(third.code).toBe(0);
  expect(emulator.calls.filter((c) => c.operation === 'StartMailboxExportJob')).toEqual([]);
});

test('a FAILED job is reported with the service\'s ErrorInfo and retried', async () => {
  emulator.failExportJob('user05', 'Access to the S3 bucket was denied');
  const run = await exportMailboxes(flags('--only', 'user04,user05'));
  expect(run.code).toBe(0);
  const state = readState(path.join(dir, 'state.json'));
  const user05 = Object.values(state.mailboxes).find((m) => m.name === 'user05')!;
  expect(user05.jobs.map((j) => j.state)).toEqual(['FAILED', 'COMPLETED']);
  expect(user05.jobs[0].error).toBe('Access to the S3 bucket was denied');
  expect(new Set(user05.jobs.map((j) => j.token)).size).toBe(2);
  expect(run.err).toContain(`user 'user05': job ${user05.jobs[0].jobId} FAILED: Access to the S3 bucket was denied; it will be retried`);
  const row = readManifest(path.join(dir, 'mailbox-export-manifest.csv')).rows.find((r) => r.mailbox === 'user05')!;
  expect(row).toMatchObject({ 'job id': user05.jobs[1].jobId, 'state': 'COMPLETED' });
});

test('a job someone cancels is reported and retried', async () => {
  // user12's jobs run over a second (100 messages): the cancel, listed and sent once the job runs, reaches it
  // before it ends even on a loaded machine.
  wm.destroy();
  await emulator.close();
  emulator = await exportEmulator(s3, { user12: 100 });
  wm = workmail(emulator.endpoint);
  let cancelled: Promise<string> | undefined;
  const cancelRunning = async (): Promise<string> => {
    const job = (await listJobs(wm)).find((j) => j.State === 'RUNNING')!;
    await wm.send(new CancelMailboxExportJobCommand({ ClientToken: 'someone-cancels', OrganizationId: ORG, JobId: job.JobId }));
    return job.JobId!;
  };
  const run = await exportMailboxes(flags('--only', 'user12'), { onErr: (line) => { if (/ 1 running/.test(line)) cancelled ??= cancelRunning(); } });
  const jobId = await cancelled;
  expect(run.code).toBe(0);
  const user12 = Object.values(readState(path.join(dir, 'state.json')).mailboxes)[0];
  expect(user12.jobs.map((j) => [j.jobId, j.state])).toEqual([[jobId, 'CANCELLED'], [expect.any(String), 'COMPLETED']]);
  expect(run.err.some((l) => l.startsWith(`user 'user12': job ${jobId} CANCELLED: `) && l.endsWith('; it will be retried'))).toBe(true);
});

test('a job that keeps failing leaves the run failing, naming the mailbox and the service\'s error', async () => {
  const failures = async () => {
    for (;;) {
      if (emulator.calls.some((c) => c.operation === 'StartMailboxExportJob')) emulator.failExportJob('boardroom', 'Mailbox is locked');
      await new Promise((r) => setTimeout(r, 5));
      if (done) return;
    }
  };
  let done = false;
  emulator.failExportJob('boardroom', 'Mailbox is locked');
  const failing = failures();
  const run = await exportMailboxes(flags('--only', 'boardroom', '--quiet'));
  done = true;
  await failing;
  expect(run.code).toBe(1);
  const jobs = readState(path.join(dir, 'state.json')).mailboxes;
  const boardroom = Object.values(jobs)[0];
  expect(boardroom.jobs.map((j) => j.state)).toEqual(['FAILED', 'FAILED', 'FAILED']);
  expect(run.out).toContain(`  boardroom (resource): job ${boardroom.jobs[2].jobId} FAILED: Mailbox is locked; run again to retry`);
  expect(readManifest(path.join(dir, 'mailbox-export-manifest.csv')).rows[0]).toMatchObject({ 'state': 'FAILED', 'S3 path': '' });
});

test('a mailbox exported in the last 24 hours is explained with the time it becomes possible, and exported once the day has passed', async () => {
  const earlier = await exportMailboxes(flags('--only', 'user07', '--quiet', '--state', path.join(dir, 'earlier.json')));
  expect(earlier.code).toBe(0);
  const firstJob = (await listJobs(wm))[0];
  const possible = new Date(firstJob.StartTime!.getTime() + 24 * HOUR).toISOString();

  const run = await exportMailboxes(flags('--only', 'user07,user08', '--quiet'));
  expect(run.code).toBe(1);
  expect(run.out).toContain('exported 1 of 2 mailboxes of acme (m-0123456789abcdef0123456789abcdef) into s3://exports/workmail-export/');
  const line = run.out.find((l) => l.startsWith('  user07 (user): '))!;
  expect(line).toContain(`may be exported again from ${possible} (WorkMail exports a mailbox at most once in 24 hours; LimitExceededException:`);
  const rows = readManifest(path.join(dir, 'mailbox-export-manifest.csv')).rows;
  expect(rows.find((r) => r.mailbox === 'user07')).toMatchObject({ 'state': `WAITING UNTIL ${possible}`, 'job id': '' });
  expect((await jobsPerEntity()).size).toBe(2);

  emulator.clock.advance(24 * HOUR);
  const later = await exportMailboxes(flags('--only', 'user07,user08', '--quiet'));
  expect(later.code).toBe(0);
  expect(later.out).toContain('exported 2 of 2 mailboxes of acme (m-0123456789abcdef0123456789abcdef) into s3://exports/workmail-export/');
});

test('--verify catches an object that does not match its log, and one that is gone', async () => {
  const run = await exportMailboxes(flags('--only', 'user09,user10,user11', '--quiet'));
  expect(run.code).toBe(0);
  const rows = readManifest(path.join(dir, 'mailbox-export-manifest.csv')).rows;
  const key = (name: string) => rows.find((r) => r.mailbox === name)!['S3 path'].slice(`s3://${BUCKET}/`.length);
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key('user09'), Body: 'not the mailbox' }));
  await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key('user10') }));

  const verified = await exportMailboxes(flags('--only', 'user09,user10,user11', '--quiet', '--verify'));
  expect(verified.code).toBe(1);
  expect(verified.out).toContain(`  user09 (user): job ${rows.find((r) => r.mailbox === 'user09')!['job id']} COMPLETED but its export failed verification: `
    + `s3://${BUCKET}/${key('user09')} does not match its log's sha384Hash (SHA-384 of its 15 bytes differs)`);
  expect(verified.out.find((l) => l.startsWith('  user10 (user): '))).toContain(`s3://${BUCKET}/${key('user10')} is missing`);
  const after = readManifest(path.join(dir, 'mailbox-export-manifest.csv')).rows;
  expect(after.find((r) => r.mailbox === 'user09')!.verified).toMatch(/^no: .*does not match/);
  expect(after.find((r) => r.mailbox === 'user11')).toMatchObject({ verified: 'yes', messages: String(MESSAGES.user11) });
  // Verifying starts nothing.
  expect((await listJobs(wm))).toHaveLength(3);
});

test.each(S3_PATH_FORMS)('S3Path as %s: the manifest and --verify find each zip where Describe says, under a prefix named like the bucket', async (form) => {
  wm.destroy();
  await emulator.close();
  emulator = await exportEmulator(s3, {}, { s3PathForm: form });
  wm = workmail(emulator.endpoint);
  const prefix = `${BUCKET}/`;
  const run = await exportMailboxes(flags('--prefix', prefix, '--only', 'user01,user02,van', '--verify', '--quiet'));
  expect(run.out).toContain(`exported 3 of 3 mailboxes of acme (${ORG}) into s3://${BUCKET}/${prefix}; 3 verified`);
  expect(run.code).toBe(0);
  const jobs = await listJobs(wm);
  const key = (jobId: string) => `${prefix}${jobId}.zip`;
  // The emulator answered the form asked for.
  expect(jobs.map((j) => j.S3Path)).toEqual(jobs.map((j) => ({ 'bucket/key': `${BUCKET}/${key(j.JobId!)}`, 'key': key(j.JobId!), 's3://bucket/key': `s3://${BUCKET}/${key(j.JobId!)}` })[form]));
  const rows = readManifest(path.join(dir, 'mailbox-export-manifest.csv')).rows;
  expect(rows.map((r) => [r['S3 path'], r.verified])).toEqual(rows.map((r) => [`s3://${BUCKET}/${key(r['job id'])}`, 'yes']));
  // Each job's location came from its DescribeMailboxExportJob once it had completed.
  const described = emulator.calls.filter((c) => c.operation === 'DescribeMailboxExportJob' && c.status === 200);
  expect(described.length).toBeGreaterThanOrEqual(3);
  const state = readState(path.join(dir, 'state.json'));
  expect(Object.values(state.mailboxes).map((m) => m.jobs[0].s3Path).sort()).toEqual(jobs.map((j) => j.S3Path).sort());
});

test('a run interrupted, then resumed 8 days later when ListMailboxExportJobs no longer shows its jobs, goes on from its state file', async () => {
  // Interrupted once some jobs completed and 10 run: the state file holds finished, running and unstarted mailboxes.
  const stop = new AbortController();
  const first = await exportMailboxes(flags(), { signal: stop.signal, onErr: (line) => { if (/: [1-9]\d* done, 10 running/.test(line)) stop.abort(); } });
  expect(first.code).toBe(1);
  const saved = readState(path.join(dir, 'state.json'));
  const records = Object.values(saved.mailboxes);
  const finished = records.filter((r) => r.jobs[0]?.state === 'COMPLETED');
  const running = records.filter((r) => r.jobs[0]?.state === 'RUNNING');
  const unstarted = MAILBOXES.length - finished.length - running.length;
  expect(finished.length).toBeGreaterThan(0);
  expect(running).toHaveLength(10);
  expect(unstarted).toBeGreaterThan(0);

  emulator.clock.advance(8 * DAY);
  await emulator.exportJobsSettled();
  // The service lists the last 7 days only: none of the first run's jobs.
  expect(await listJobs(wm)).toEqual([]);

  emulator.resetCalls();
  const resumed = await exportMailboxes(flags('--verify', '--quiet'));
  expect(resumed.out).toContain(`exported 22 of 22 mailboxes of acme (${ORG}) into s3://${BUCKET}/workmail-export/; 22 verified`);
  expect(resumed.code).toBe(0);
  const after = readState(path.join(dir, 'state.json'));
  expect(after.runId).toBe(saved.runId);
  // Every job of the first run is the mailbox's only job, COMPLETED: none started again, none lost.
  for (const record of [...finished, ...running]) {
    expect(after.mailboxes[record.entityId].jobs.map((j) => [j.jobId, j.state])).toEqual([[record.jobs[0].jobId, 'COMPLETED']]);
  }
  const starts = emulator.calls.filter((c) => c.operation === 'StartMailboxExportJob');
  expect(starts).toHaveLength(unstarted);
  const recent = await listJobs(wm);
  expect(recent).toHaveLength(unstarted);
  const firstRun = new Set(records.filter((r) => r.jobs.length > 0).map((r) => r.entityId));
  expect(recent.filter((j) => firstRun.has(j.EntityId!))).toEqual([]);
  // The running ones, not listed, were described: their state and where their zips are came from the state file's job ids.
  const described = emulator.calls.filter((c) => c.operation === 'DescribeMailboxExportJob' && c.status === 200);
  expect(described.length).toBeGreaterThanOrEqual(10 + unstarted);
});

test('the top-level help lists export-mailboxes; its own help lists every flag', async () => {
  const top: string[] = [];
  expect(await main(['--help'], { out: (l) => top.push(l), err: () => undefined })).toBe(0);
  expect(top.join('\n')).toMatch(/^  export-mailboxes +export every mailbox's mail and calendars to S3$/m);
  const help = await exportMailboxes(['--help']);
  expect(help.code).toBe(0);
  const text = help.out.join('\n');
  expect(text).toContain('usage: cdk-workmail export-mailboxes --organization <id|alias>');
  for (const flag of ['--organization', '--stack', '--destination', '--bucket', '--prefix', '--role-arn', '--kms-key-arn', '--only', '--state',
    '--manifest', '--concurrency', '--verify', '--poll-interval', '--s3-endpoint', '--cloudformation-endpoint', '--quiet', '--region', '--profile',
    '--endpoint', '-h, --help']) {
    expect(text).toMatch(new RegExp(`^  ${flag}\\b`, 'm'));
  }
});

describe('usage errors exit 2 with one line, before any call that writes', () => {
  test.each([
    [['--only', 'user01,nobody,ghost'], "cdk-workmail: --only: no user, group or resource named 'nobody', 'ghost' in organization acme (see cdk-workmail export-mailboxes --help)"],
    [['--only', 'dora'], "cdk-workmail: --only: user 'dora' (DISABLED) in organization acme has no mailbox: it is not registered to WorkMail (see cdk-workmail export-mailboxes --help)"],
    [['--only', 'user01,Finance'], "cdk-workmail: --only: 'finance' is a group in organization acme, and a group has no mailbox of its own to export (WorkMail exports users' and resources' mailboxes): name its members instead (see cdk-workmail export-mailboxes --help)"],
    [['--only', 'sales,support,dora'], "cdk-workmail: --only: 'sales', 'support' are groups in organization acme, and a group has no mailbox of its own to export (WorkMail exports users' and resources' mailboxes): name their members instead (see cdk-workmail export-mailboxes --help)"],
    [['--concurrency', '11'], "cdk-workmail: --concurrency must be a whole number from 1 to 10, got '11' (see cdk-workmail export-mailboxes --help)"],
    [['--stack', 'Exports'], 'cdk-workmail: --stack excludes --bucket, --role-arn, --kms-key-arn: the stack\'s outputs name the destination (see cdk-workmail export-mailboxes --help)'],
  ])('%j', async (extra, message) => {
    const run = await exportMailboxes(flags(...extra));
    expect(run).toEqual({ code: 2, out: [], err: [message] });
    expect(emulator.calls.filter((c) => !c.operation.startsWith('List') && !c.operation.startsWith('Describe'))).toEqual([]);
    expect(existsSync(path.join(dir, 'state.json'))).toBe(false);
  });

  test('no destination, or a state file of another destination', async () => {
    const none = await exportMailboxes(['--organization', 'acme', '--endpoint', emulator.endpoint]);
    expect(none).toEqual({
      code: 2,
      out: [],
      err: [
        'cdk-workmail: give the destination: --stack <name>, or --bucket, --role-arn and --kms-key-arn (see cdk-workmail export-mailboxes --help)',
      ],
    });
    expect((await exportMailboxes(flags('--only', 'user01', '--quiet'))).code).toBe(0);
    const other = await exportMailboxes(flags('--only', 'user01', '--prefix', 'elsewhere/'));
    expect(other.code).toBe(2);
    expect(other.err).toEqual([expect.stringMatching(/^cdk-workmail: the state file .*state\.json exports into s3:\/\/exports\/workmail-export\/ .*not into the destination given: give the same destination, or another --state to start a new run/)]);
  });
});
