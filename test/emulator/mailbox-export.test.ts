import { createHash } from 'crypto';
import { existsSync } from 'fs';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CancelMailboxExportJobCommand, DescribeMailboxExportJobCommand, DescribeMailboxExportJobCommandOutput, ListMailboxExportJobsCommand,
  paginateListMailboxExportJobs, StartMailboxExportJobCommand, StartMailboxExportJobCommandInput, WorkMailClient,
} from '@aws-sdk/client-workmail';
import { unzipSync } from 'fflate';
import { client, expectError } from './helpers';
import {
  createClock, EmulatorClock, EmulatorSeed, exportLogKey, ExportLog, RunningEmulator, S3_PATH_FORMS, S3PathForm, startEmulator,
} from '../../local/emulator';
import { parseArgs } from '../../local/emulator/cli';
import { LocalS3, startLocalS3 } from '../../local/s3';

const ORG = 'm-0123456789abcdef0123456789abcdef';
const OTHER_ORG = 'm-fedcba9876543210fedcba9876543210';
const DOMAIN = 'acme.example.com';
const BUCKET = 'exports';
const HOUR = 3_600_000;
/** Clock time of a job: DURATION + PER_MESSAGE per message. */
const DURATION = 60_000;
const PER_MESSAGE = 1_000;

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj', 'olivia', 'peggy'];
const SEED: EmulatorSeed = {
  organizations: [
    {
      id: ORG,
      alias: 'acme',
      defaultMailDomain: DOMAIN,
      domains: [DOMAIN],
      users: [...USERS.map((name) => ({ name, email: `${name}@${DOMAIN}` })), { name: 'dora' }],
      groups: [{ name: 'team', email: `team@${DOMAIN}` }],
      resources: [{ name: 'room-1', type: 'ROOM', email: `room-1@${DOMAIN}` }],
    },
    {
      id: OTHER_ORG,
      alias: 'other',
      defaultMailDomain: 'other.example.com',
      domains: ['other.example.com'],
      users: [{ name: 'zed', email: 'zed@other.example.com' }],
    },
  ],
};

const DESTINATION = {
  RoleArn: 'arn:aws:iam::111122223333:role/WorkMailExport',
  KmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  S3BucketName: BUCKET,
  S3Prefix: 'workmail-export/',
};

let s3: LocalS3;
let emulator: RunningEmulator;
let wm: WorkMailClient;
let clock: EmulatorClock;
let tokens = 0;

beforeAll(async () => {
  s3 = await startLocalS3({ buckets: [BUCKET] });
  clock = createClock({ start: Date.UTC(2026, 10, 2, 8, 0, 0), frozen: true });
  emulator = await startEmulator({
    seed: SEED,
    clock,
    s3Endpoint: s3.endpoint,
    exportJobs: { durationMs: DURATION, msPerMessage: PER_MESSAGE, mailboxMessages: { alice: 5, bob: 3, carol: 0 } },
  });
  wm = client(emulator.endpoint);
});

afterAll(async () => {
  wm.destroy();
  await emulator.close();
  await s3.stop();
});

function start(entityId: string, input: Partial<StartMailboxExportJobCommandInput> = {}): Promise<string> {
  tokens += 1;
  return wm.send(new StartMailboxExportJobCommand({ ClientToken: `token-${tokens}`, OrganizationId: ORG, EntityId: entityId, ...DESTINATION, ...input }))
    .then((out) => out.JobId!);
}

const describeJob = (jobId: string, organizationId = ORG): Promise<DescribeMailboxExportJobCommandOutput> =>
  wm.send(new DescribeMailboxExportJobCommand({ OrganizationId: organizationId, JobId: jobId }));

const cancel = (jobId: string) => wm.send(new CancelMailboxExportJobCommand({ ClientToken: `cancel-${jobId}`, OrganizationId: ORG, JobId: jobId }));

async function advance(ms: number): Promise<void> {
  clock.advance(ms);
  await emulator.exportJobsSettled();
}

/** The zip's key from an S3Path of the form the API reference documents: `<bucket>/<key>`. */
function keyOf(s3Path: string): string {
  expect(s3Path.startsWith(`${BUCKET}/`)).toBe(true);
  return s3Path.slice(BUCKET.length + 1);
}

async function object(key: string): Promise<Uint8Array> {
  const out = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return out.Body!.transformToByteArray();
}

async function exists(key: string): Promise<boolean> {
  try {
    await s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch (e) {
    if ((e as Error).name === 'NotFound') return false;
    throw e;
  }
}

/** Cancels every RUNNING job of ORG, so that one test's jobs do not count against the next one's limit. */
async function cancelRunning(): Promise<void> {
  for await (const page of paginateListMailboxExportJobs({ client: wm }, { OrganizationId: ORG })) {
    for (const job of page.Jobs ?? []) if (job.State === 'RUNNING') await cancel(job.JobId!);
  }
}

afterEach(cancelRunning);

describe('StartMailboxExportJob, DescribeMailboxExportJob, ListMailboxExportJobs', () => {
  test('a job runs on the clock, longer for a bigger mailbox, then writes a zip of .eml files and a log whose hash matches', async () => {
    const started = clock.now();
    const alice = await start('alice', { Description: 'alice before the move' });
    const bob = await start(`bob@${DOMAIN}`);
    expect(alice).toMatch(/^[A-Za-z0-9-]{1,63}$/);

    const running = await describeJob(alice);
    const aliceId = emulator.snapshot().organizations[0].users.find((u) => u.name === 'alice')!.id;
    expect(running).toMatchObject({
      EntityId: aliceId,
      Description: 'alice before the move',
      ...DESTINATION,
      // "The path to the S3 bucket and file": the bucket, then the zip's key.
      S3Path: `${BUCKET}/workmail-export/${alice}.zip`,
      EstimatedProgress: 0,
      State: 'RUNNING',
    });
    expect(running.StartTime!.getTime()).toBe(started);
    expect(running.EndTime).toBeUndefined();
    expect(running.ErrorInfo).toBeUndefined();

    // alice: 5 messages, 65 s; bob: 3 messages, 63 s.
    await advance(32_500);
    expect((await describeJob(alice)).EstimatedProgress).toBe(50);
    await advance(63_000 - 32_500);
    expect((await describeJob(bob)).State).toBe('COMPLETED');
    expect((await describeJob(alice)).State).toBe('RUNNING');
    await advance(2_000);

    const done = await describeJob(alice);
    expect(done).toMatchObject({ State: 'COMPLETED', EstimatedProgress: 100 });
    expect(done.EndTime!.getTime()).toBe(started + 65_000);

    const listed = (await wm.send(new ListMailboxExportJobsCommand({ OrganizationId: ORG }))).Jobs!;
    expect(listed.find((j) => j.JobId === alice)).toEqual({
      JobId: alice,
      EntityId: aliceId,
      Description: 'alice before the move',
      S3BucketName: BUCKET,
      S3Path: done.S3Path,
      EstimatedProgress: 100,
      State: 'COMPLETED',
      StartTime: done.StartTime,
      EndTime: done.EndTime,
    });

    const zip = await object(keyOf(done.S3Path!));
    const files = unzipSync(zip);
    const emls = Object.keys(files).filter((name) => name.endsWith('.eml'));
    expect(emls).toHaveLength(5);
    expect(Object.keys(files).filter((name) => name.endsWith('.ics'))).toHaveLength(1);
    expect(Buffer.from(files[emls[0]]).toString('utf8')).toMatch(new RegExp(`^From: .*\\r\\nTo: alice <alice@${DOMAIN}>\\r\\n`));

    const log = JSON.parse(Buffer.from(await object(exportLogKey(keyOf(done.S3Path!)))).toString('utf8')) as ExportLog;
    expect(log).toEqual({
      totalNonExportableItems: '0',
      totalMessages: '5',
      sha384Hash: createHash('sha384').update(zip).digest('hex'),
      totalBytes: String(zip.length),
      totalFolders: '2',
      startTime: String(Math.floor(started / 1000)),
      endTime: String(Math.floor((started + 65_000) / 1000)),
    });
    expect(unzipSync(await object(keyOf((await describeJob(bob)).S3Path!)))).toHaveProperty(['Inbox/3.eml']);
  });

  test('exportJobs.s3PathForm: S3Path in another plausible form, the same in Describe and List; the zip is where it says', async () => {
    const expected = (form: S3PathForm, key: string) => ({ 'bucket/key': `${BUCKET}/${key}`, 'key': key, 's3://bucket/key': `s3://${BUCKET}/${key}` })[form];
    for (const form of S3_PATH_FORMS) {
      const local = await startEmulator({
        seed: SEED, s3Endpoint: s3.endpoint, clock: createClock({ frozen: true }), exportJobs: { durationMs: 10, msPerMessage: 0, s3PathForm: form },
      });
      const localWm = client(local.endpoint);
      try {
        const { JobId } = await localWm.send(new StartMailboxExportJobCommand({
          ClientToken: form, OrganizationId: ORG, EntityId: 'alice', ...DESTINATION, S3Prefix: 'forms/',
        }));
        local.clock.advance(10);
        await local.exportJobsSettled();
        const described = await localWm.send(new DescribeMailboxExportJobCommand({ OrganizationId: ORG, JobId }));
        expect(described).toMatchObject({ State: 'COMPLETED', S3Path: expected(form, `forms/${JobId}.zip`) });
        const listed = (await localWm.send(new ListMailboxExportJobsCommand({ OrganizationId: ORG }))).Jobs!;
        expect(listed.map((j) => j.S3Path)).toEqual([described.S3Path]);
        expect(await exists(`forms/${JobId}.zip`)).toBe(true);
      } finally {
        localWm.destroy();
        await local.close();
      }
    }
    await expect(startEmulator({ seed: SEED, exportJobs: { s3PathForm: 'https' as S3PathForm } })).rejects.toThrow(/s3PathForm must be one of/);
  });

  test('resources are exported too, groups not (no mailbox of their own); the EntityId may be an id, a name or an address', async () => {
    const room = emulator.snapshot().organizations[0].resources[0];
    const team = emulator.snapshot().organizations[0].groups[0];
    const byId = await start(room.id);
    expect((await describeJob(byId)).EntityId).toBe(room.id);
    for (const group of [team.id, team.name, `team@${DOMAIN}`]) expect((await expectError(start(group), 'EntityNotFoundException')).message).toContain('user or resource');
    await advance(DURATION + 3 * PER_MESSAGE);
    expect((await describeJob(byId)).State).toBe('COMPLETED');
  });

  test('ListMailboxExportJobs pages in start order with the SDK paginator and leaves out jobs older than seven days', async () => {
    await advance(8 * 24 * HOUR);
    const jobs = [await start('alice'), await start('bob'), await start('carol')];
    const first = await wm.send(new ListMailboxExportJobsCommand({ OrganizationId: ORG, MaxResults: 2 }));
    expect(first.Jobs!.map((j) => j.JobId)).toEqual(jobs.slice(0, 2));
    expect(first.NextToken).toBeDefined();
    const listed: string[] = [];
    for await (const page of paginateListMailboxExportJobs({ client: wm, pageSize: 1 }, { OrganizationId: ORG })) {
      listed.push(...page.Jobs!.map((j) => j.JobId!));
    }
    expect(listed).toEqual(jobs);
    await expectError(wm.send(new ListMailboxExportJobsCommand({ OrganizationId: ORG, NextToken: 'forged' })), 'InvalidParameterException');
    await expectError(wm.send(new ListMailboxExportJobsCommand({ OrganizationId: ORG, MaxResults: 101 })), 'InvalidParameterException');
    expect((await wm.send(new ListMailboxExportJobsCommand({ OrganizationId: OTHER_ORG }))).Jobs).toEqual([]);
  });

  test('input is checked as the model says, and the mailbox must exist and be enabled', async () => {
    const invalid = async (input: Partial<StartMailboxExportJobCommandInput>, member: string) => {
      const error = await expectError(start('alice', input), 'InvalidParameterException');
      expect(error.message).toContain(member);
    };
    await invalid({ S3Prefix: 'has space/' }, 'S3Prefix');
    await invalid({ S3BucketName: 'bad_bucket!' }, 'S3BucketName');
    await invalid({ RoleArn: 'arn:aws:s3:::not-a-role-arn' }, 'RoleArn');
    await invalid({ KmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abc' }, 'KmsKeyArn');
    await invalid({ ClientToken: 'with space' }, 'ClientToken');
    await invalid({ EntityId: 'dora' }, 'DISABLED');
    await expectError(start('nobody'), 'EntityNotFoundException');
    await expectError(start('zed'), 'EntityNotFoundException');
    await expectError(wm.send(new StartMailboxExportJobCommand({
      ClientToken: 't',
      OrganizationId: 'm-00000000000000000000000000000000',
      EntityId: 'alice',
      ...DESTINATION,
    })), 'OrganizationNotFoundException');
  });
});

describe('idempotency and limits', () => {
  test('the same ClientToken with the same input is the same job; with other input it is refused', async () => {
    await advance(25 * HOUR);
    const input = { ClientToken: 'retry-me', OrganizationId: ORG, EntityId: 'dave', ...DESTINATION };
    const first = (await wm.send(new StartMailboxExportJobCommand(input))).JobId;
    expect((await wm.send(new StartMailboxExportJobCommand(input))).JobId).toBe(first);
    expect((await wm.send(new StartMailboxExportJobCommand({ ...input, EntityId: `dave@${DOMAIN}` }))).JobId).toBe(first);
    await expectError(wm.send(new StartMailboxExportJobCommand({ ...input, Description: 'other' })), 'InvalidParameterException');
    // Still the same job once it has completed.
    await advance(DURATION + 3 * PER_MESSAGE);
    expect((await wm.send(new StartMailboxExportJobCommand(input))).JobId).toBe(first);
    const jobs = (await wm.send(new ListMailboxExportJobsCommand({ OrganizationId: ORG }))).Jobs!.filter((j) => j.JobId === first);
    expect(jobs).toHaveLength(1);
  });

  test('at most 10 jobs run per organization: the 11th is refused until one completes', async () => {
    await advance(25 * HOUR);
    // carol has no messages: her job is the shortest and completes first.
    const ten = ['carol', 'bob', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory'];
    const jobs = [];
    for (const name of ten) jobs.push(await start(name));
    const refused = await expectError(start('niaj'), 'LimitExceededException');
    expect(refused.message).toContain('10');
    await advance(DURATION);
    expect((await describeJob(jobs[0])).State).toBe('COMPLETED');
    expect((await describeJob(jobs[1])).State).toBe('RUNNING');
    await start('niaj');
    await expectError(start('olivia'), 'LimitExceededException');
  });

  test('a mailbox is exported at most once per 24 hours; failed and cancelled jobs do not count', async () => {
    await advance(25 * HOUR);
    const exportedAt = clock.now();
    await start('erin');
    await advance(DURATION + 3 * PER_MESSAGE);
    const refused = await expectError(start('erin'), 'LimitExceededException');
    expect(refused.message).toContain(`next possible at ${new Date(exportedAt + 24 * HOUR).toISOString()}`);
    clock.set(exportedAt + 24 * HOUR - 1);
    await expectError(start('erin'), 'LimitExceededException');
    clock.advance(1);
    const again = await start('erin');
    await cancel(again);
    expect((await describeJob(again)).State).toBe('CANCELLED');
    await start('erin');
  });
});

describe('failures and cancellation', () => {
  test('failExportJob: the next job of that mailbox ends FAILED with the ErrorInfo and writes nothing', async () => {
    await advance(25 * HOUR);
    emulator.failExportJob('frank', 'Access denied writing to the bucket');
    const failed = await start('frank');
    await advance(DURATION + 3 * PER_MESSAGE);
    const job = await describeJob(failed);
    expect(job).toMatchObject({ State: 'FAILED', ErrorInfo: 'Access denied writing to the bucket' });
    expect(job.EndTime).toBeDefined();
    expect(await exists(keyOf(job.S3Path!))).toBe(false);
    expect(await exists(exportLogKey(keyOf(job.S3Path!)))).toBe(false);
    // Only the next job: a retry completes.
    const retried = await start('frank');
    await advance(DURATION + 3 * PER_MESSAGE);
    expect((await describeJob(retried)).State).toBe('COMPLETED');
    expect(() => emulator.failExportJob('nobody', 'x')).toThrow(/no user, group or resource nobody/);
  });

  test('POST /_emulator/export-failures fails a RUNNING job, optionally leaving a partial object and no log', async () => {
    await advance(25 * HOUR);
    const jobId = await start('grace');
    const res = await fetch(`${emulator.endpoint}/_emulator/export-failures`, {
      method: 'POST', body: JSON.stringify({ entity: `grace@${DOMAIN}`, errorInfo: 'Mailbox export interrupted', partialObject: true }),
    });
    expect(res.status).toBe(204);
    await advance(DURATION + 3 * PER_MESSAGE);
    const job = await describeJob(jobId);
    expect(job).toMatchObject({ State: 'FAILED', ErrorInfo: 'Mailbox export interrupted' });
    expect((await object(keyOf(job.S3Path!))).length).toBeGreaterThan(0);
    await expect(object(keyOf(job.S3Path!)).then((bytes) => unzipSync(bytes))).rejects.toThrow();
    expect(await exists(exportLogKey(keyOf(job.S3Path!)))).toBe(false);
    const bad = await fetch(`${emulator.endpoint}/_emulator/export-failures`, { method: 'POST', body: JSON.stringify({ entity: 'grace' }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'BadRequest', message: 'entity and errorInfo are required strings' });
  });

  test('a bucket that does not exist makes the job FAILED with an ErrorInfo naming the bucket', async () => {
    await advance(25 * HOUR);
    const jobId = await start('heidi', { S3BucketName: 'no-such-bucket' });
    await advance(DURATION + 3 * PER_MESSAGE);
    const job = await describeJob(jobId);
    expect(job.State).toBe('FAILED');
    expect(job.ErrorInfo).toMatch(/no-such-bucket.*NoSuchBucket/);
  });

  test('cancelling a RUNNING job ends it CANCELLED and nothing is written; unknown jobs are EntityNotFoundException', async () => {
    await advance(25 * HOUR);
    const jobId = await start('ivan');
    await advance(10_000);
    await cancel(jobId);
    await cancel(jobId);
    await advance(DURATION * 2);
    const job = await describeJob(jobId);
    expect(job).toMatchObject({ State: 'CANCELLED', EstimatedProgress: 15 });
    expect(job.EndTime!.getTime()).toBe(job.StartTime!.getTime() + 10_000);
    const keys = (await s3.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `workmail-export/${jobId}` }))).Contents;
    expect(keys ?? []).toEqual([]);

    const completed = await start('judy');
    await advance(DURATION + 3 * PER_MESSAGE);
    await expectError(cancel(completed), 'InvalidParameterException');
    await expectError(describeJob('00000000-0000-0000-0000-000000000000'), 'EntityNotFoundException');
    await expectError(cancel('00000000-0000-0000-0000-000000000000'), 'EntityNotFoundException');
    await expectError(describeJob(jobId, OTHER_ORG), 'EntityNotFoundException');
    await expectError(describeJob('not_a_job_id'), 'InvalidParameterException');
  });

  test('the calls log records the export operations', async () => {
    emulator.resetCalls();
    await expectError(describeJob('00000000-0000-0000-0000-000000000000'), 'EntityNotFoundException');
    await wm.send(new ListMailboxExportJobsCommand({ OrganizationId: ORG }));
    expect(emulator.calls).toEqual([
      { operation: 'DescribeMailboxExportJob', status: 400, errorName: 'EntityNotFoundException' },
      { operation: 'ListMailboxExportJobs', status: 200 },
    ]);
  });
});

describe('the clock over HTTP, real time, and no S3 endpoint', () => {
  test('POST /_emulator/clock moves the clock and answers once the jobs it ended have written', async () => {
    await advance(25 * HOUR);
    const jobId = await start('mallory');
    const before = clock.now();
    const res = await fetch(`${emulator.endpoint}/_emulator/clock`, { method: 'POST', body: JSON.stringify({ advanceMs: DURATION + 3 * PER_MESSAGE }) });
    expect(res.status).toBe(200);
    const now = before + DURATION + 3 * PER_MESSAGE;
    expect(await res.json()).toEqual({ now: new Date(now).toISOString(), epochMs: now });
    const job = await describeJob(jobId);
    expect(job.State).toBe('COMPLETED');
    expect(await exists(keyOf(job.S3Path!))).toBe(true);
    expect(await (await fetch(`${emulator.endpoint}/_emulator/clock`)).json()).toEqual({ now: new Date(now).toISOString(), epochMs: now });

    const set = await fetch(`${emulator.endpoint}/_emulator/clock`, { method: 'POST', body: JSON.stringify({ set: new Date(now + HOUR).toISOString() }) });
    expect((await set.json() as { epochMs: number }).epochMs).toBe(now + HOUR);
    const backwards = await fetch(`${emulator.endpoint}/_emulator/clock`, { method: 'POST', body: JSON.stringify({ set: now }) });
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { message: string }).message).toMatch(/backwards/);
    const both = await fetch(`${emulator.endpoint}/_emulator/clock`, { method: 'POST', body: '{"advanceMs":1,"set":1}' });
    expect(both.status).toBe(400);
  });

  /** Starts a job for alice on an emulator with the default (running) clock and polls until it is no longer RUNNING. */
  async function runWithRealTime(s3Endpoint: string | undefined): Promise<DescribeMailboxExportJobCommandOutput> {
    const local = await startEmulator({ seed: SEED, s3Endpoint, exportJobs: { durationMs: 30, msPerMessage: 0 } });
    const localWm = client(local.endpoint);
    try {
      const { JobId } = await localWm.send(new StartMailboxExportJobCommand({ ClientToken: 'a', OrganizationId: ORG, EntityId: 'alice', ...DESTINATION }));
      let job = await localWm.send(new DescribeMailboxExportJobCommand({ OrganizationId: ORG, JobId }));
      for (let i = 0; i < 100 && job.State === 'RUNNING'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        job = await localWm.send(new DescribeMailboxExportJobCommand({ OrganizationId: ORG, JobId }));
      }
      return job;
    } finally {
      localWm.destroy();
      await local.close();
    }
  }

  test('with the default clock, jobs end with real time, nobody moving the clock', async () => {
    const job = await runWithRealTime(s3.endpoint);
    expect(job.State).toBe('COMPLETED');
    expect(await exists(keyOf(job.S3Path!))).toBe(true);
  });

  test('without an S3 endpoint, jobs end FAILED saying so', async () => {
    const job = await runWithRealTime(undefined);
    expect(job.State).toBe('FAILED');
    expect(job.ErrorInfo).toMatch(/no S3 endpoint/);
  });
});

test('a test can overwrite an exported object through S3, and the log no longer matches it', async () => {
  await advance(25 * HOUR);
  const jobId = await start('niaj');
  await advance(DURATION + 3 * PER_MESSAGE);
  const { S3Path } = await describeJob(jobId);
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: keyOf(S3Path!), Body: 'corrupted' }));
  const log = JSON.parse(Buffer.from(await object(exportLogKey(keyOf(S3Path!)))).toString('utf8')) as ExportLog;
  expect(createHash('sha384').update(await object(keyOf(S3Path!))).digest('hex')).not.toBe(log.sha384Hash);
});

test('startLocalS3: buckets exist from the start, other buckets do not, and stop removes its temporary directory', async () => {
  const local = await startLocalS3({ buckets: ['one'] });
  await local.client.send(new PutObjectCommand({ Bucket: 'one', Key: 'a/b.txt', Body: 'x' }));
  await expectError(local.client.send(new PutObjectCommand({ Bucket: 'two', Key: 'a', Body: 'x' })), 'NoSuchBucket');
  expect(existsSync(local.directory)).toBe(true);
  await local.stop();
  expect(existsSync(local.directory)).toBe(false);
});

test('emulator CLI: --s3-endpoint and the export job flags', () => {
  expect(parseArgs(['--s3-endpoint', 'http://127.0.0.1:4568', '--export-duration-ms=40', '--export-ms-per-message', '0', '--export-messages', '7']))
    .toMatchObject({ s3Endpoint: 'http://127.0.0.1:4568', exportJobs: { durationMs: 40, msPerMessage: 0, messagesPerMailbox: 7 } });
  expect(() => parseArgs(['--s3-endpoint', 'localhost'])).toThrow(/--s3-endpoint needs an http\(s\) URL/);
  expect(() => parseArgs(['--export-duration-ms', '-1'])).toThrow(/must be >= 0/);
});
