import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { loadSeedFile, startEmulator } from '../../local/emulator';
import { WorkMailOrganization, WorkMailUser } from '../../src';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

const REPO = path.join(__dirname, '..', '..');

// `npm run cli` is a plain npm script (not a projen task): the command's own exit code reaches the caller.
test('npm run cli keeps the command exit code (usage error exits 2)', () => {
  const result = spawnSync('npm', ['run', '--silent', 'cli', '--', '--bogus-flag'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  expect(result.stderr).toContain("unknown command '--bogus-flag'");
  expect(result.status).toBe(2);
});

test('npm run cli keeps the command exit code (drift found exits 3)', async () => {
  // The seed's dana is in Investigations; the app declares her in Sales.
  const emulator = await startEmulator({ seed: loadSeedFile(path.join(REPO, 'example', 'seed.json')) });
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-workmail-npm-drift-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Drifted');
    const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', 'm-0123456789abcdef0123456789abcdef');
    new WorkMailUser(stack, 'Dana', {
      organization, name: 'dana', displayName: 'Dana Scully (made by hand)', email: 'dana@acme.example.com', department: 'Sales', adoptExisting: true,
    });
    app.synth();
    // Asynchronous: the emulator answering the CLI runs in this process.
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile('npm', ['run', '--silent', 'cli', '--', 'drift', '--app', outdir, '--endpoint', emulator.endpoint, '--quiet'],
        { cwd: REPO, encoding: 'utf8' }, (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
    });
    expect(result.stdout).toMatch(/user dana\s+department\s+Sales\s+Investigations/);
    expect(result.stdout).toContain('Drift: 1 difference in 1 entity');
    expect(result.code).toBe(3);
  } finally {
    await emulator.close();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}, DEPLOY_TEST_TIMEOUT_MS);
