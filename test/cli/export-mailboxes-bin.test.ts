/**
 * The bundled `cdk-workmail export-mailboxes` as a user runs it (the test task bundles first): interrupted with
 * Ctrl-C (SIGINT) while jobs run, it saves its state and says how to resume; run again, it finishes the export.
 */
import { spawn } from 'child_process';
import { existsSync, readFileSync, rmSync } from 'fs';
import * as path from 'path';
import { BUCKET, DESTINATION_FLAGS, exportEmulator, listJobs, readState, workDir, workmail } from './export-mailboxes-harness';
import { RunningEmulator } from '../../local/emulator';
import { LOCAL_S3_CREDENTIALS, LocalS3, startLocalS3 } from '../../local/s3';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['cdk-workmail']);
const ENV = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  AWS_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
  AWS_REGION: 'us-east-1',
  INIT_CWD: '',
};

let s3: LocalS3;
let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npx projen bundle first`);
  s3 = await startLocalS3({ buckets: [BUCKET] });
  emulator = await exportEmulator(s3);
  dir = workDir();
});
afterAll(async () => {
  await emulator.close();
  await s3.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the executable; `interruptWhen` sends SIGINT once a stderr line matches it. */
function run(args: string[], interruptWhen?: RegExp): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { cwd: dir, env: ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (interruptWhen?.test(stderr)) {
        interruptWhen = undefined;
        child.kill('SIGINT');
      }
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('Ctrl-C saves the state and says how to resume; the same command again finishes without a second job for any mailbox', async () => {
  const args = ['export-mailboxes', '--organization', 'acme', '--endpoint', emulator.endpoint, ...DESTINATION_FLAGS,
    '--s3-endpoint', s3.endpoint, '--poll-interval', '20', '--verify'];
  const first = await run(args, / 10 running/);
  expect(first.code).toBe(1);
  expect(first.stdout).toContain('interrupted: the state is saved in mailbox-export-state.json; run the same command again to resume');
  const started = Object.values(readState(path.join(dir, 'mailbox-export-state.json')).mailboxes).filter((m) => m.jobs.length > 0);
  expect(started).toHaveLength(10);

  const second = await run(args);
  expect(second).toMatchObject({ code: 0 });
  expect(second.stdout).toContain('manifest: mailbox-export-manifest.csv\nexported 22 of 22 mailboxes of acme');
  expect(second.stdout).toContain('; 22 verified');
  const wm = workmail(emulator.endpoint);
  try {
    const jobs = await listJobs(wm);
    expect(jobs).toHaveLength(22);
    expect(new Set(jobs.map((j) => j.EntityId)).size).toBe(22);
  } finally {
    wm.destroy();
  }
});
