/**
 * The bundled `cdk-workmail` executable, spawned as a user runs it (the test task bundles first):
 * help, usage errors, an export against the emulator, the emulator subcommand, and local-deploy from a
 * project outside this repository.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { buildExampleApp } from '../../example/app';
import { loadSeedFile, RunningEmulator, startEmulator } from '../../local/emulator';
import { OPERATIONS } from '../../local/emulator/operations';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin['cdk-workmail']);
const FIXTURE = path.join(__dirname, 'fixtures', 'tricky-seed.json');
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', INIT_CWD: '' };

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the executable (asynchronously: the emulator under test lives in this process). */
function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; bin?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(options.bin ?? BIN, args, { cwd: options.cwd ?? ROOT, env: options.env ?? ENV, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

let work: string;
beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npx projen bundle first`);
  work = mkdtempSync(path.join(tmpdir(), 'cdk-workmail-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('help and usage errors', () => {
  test('--help lists every command; each command\'s --help lists its flags', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['export', 'drift', 'emulator', 'local-deploy']) expect(top.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    const flags: Record<string, string[]> = {
      'export': ['--organization', '--format', '--out', '--concurrency', '--quiet', '--region', '--profile', '--endpoint', '--help'],
      'drift': ['--app', '--stack', '--concurrency', '--quiet', '--region', '--profile', '--endpoint', '--help'],
      'emulator': ['--port', '--host', '--seed', '--allow', '--behaviour', '--help'],
      'local-deploy': [
        '--app-dir', '--endpoint', '--stack', '--state', '--secrets', '--region', '--account', '--concurrency', '--verbose', '--no-iam', '--help',
      ],
    };
    for (const [command, expected] of Object.entries(flags)) {
      const help = await run([command, '-h']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`usage: cdk-workmail ${command}`);
      for (const flag of expected) expect(help.stdout).toMatch(new RegExp(`^  (-h, )?${flag}\\b`, 'm'));
      expect(help.stderr).toBe('');
    }
  });

  test.each([
    [[], 'cdk-workmail: no command given (see cdk-workmail --help)'],
    [['frobnicate'], "cdk-workmail: unknown command 'frobnicate' (see cdk-workmail --help)"],
    [['export', '--organisation', 'acme'], "cdk-workmail: unknown option '--organisation' (see cdk-workmail export --help)"],
    [['export', '--format', 'json', '--out', 'x'], 'cdk-workmail: --organization is required (see cdk-workmail export --help)'],
    [['export', '--organization', 'acme', '--format', 'pdf', '--out', 'x'], "cdk-workmail: --format must be one of json, cdk, m365, google, got 'pdf' (see cdk-workmail export --help)"],
    [['export', '--organization', 'acme', '--format', 'json', '--out', 'x', '--concurrency', '0'],
      "cdk-workmail: --concurrency must be a whole number from 1 to 32, got '0' (see cdk-workmail export --help)"],
    [['export', '--organization', 'acme', '--format', 'json', '--out', 'x', '--endpoint', 'localhost:1'],
      "cdk-workmail: --endpoint must be an http(s) URL, got 'localhost:1' (see cdk-workmail export --help)"],
    [['drift', '--stack', 'S'], 'cdk-workmail: --app is required (see cdk-workmail drift --help)'],
    [['emulator', '--port', '70000'], "cdk-workmail: --port must be a whole number from 0 to 65535, got '70000' (see cdk-workmail emulator --help)"],
    [['emulator', '--allow', 'ListUsers,DropTables'], 'cdk-workmail: --allow: unknown operation DropTables (see cdk-workmail emulator --help)'],
    [['local-deploy', '--app-dir', 'cdk.out'], 'cdk-workmail: expected deploy or destroy, got nothing (see cdk-workmail local-deploy --help)'],
    [['local-deploy', 'deploy'], 'cdk-workmail: --app-dir is required (see cdk-workmail local-deploy --help)'],
  ])('%j exits 2 with one line', async (args, message) => {
    const result = await run(args);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });
});

describe('export', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({
      seed: loadSeedFile(FIXTURE), allowedOperations: Object.keys(OPERATIONS).filter((op) => /^(List|Describe|Get)/.test(op)),
    });
  });
  afterAll(() => emulator.close());

  test('writes the files, lists them on stdout with a summary, progress on stderr; again into its own output', async () => {
    const out = path.join(work, 'json-export');
    const args = ['export', '--organization', 'acme', '--format', 'json', '--out', out, '--endpoint', emulator.endpoint];
    const first = await run(args);
    expect(first.code).toBe(0);
    expect(lines(first.stdout)).toEqual([
      path.join(out, 'MIGRATION.md'),
      path.join(out, 'organization.json'),
      'exported acme (m-0123456789abcdef0123456789abcdef) as json: 6 users, 4 groups, 3 resources, 6 aliases, 8 members, 2 delegates, 4 grants; nothing skipped',
    ]);
    // 35 List and Describe calls, GetMailDomain of 2 domains, GetMailboxDetails of 4 registered users, ListMailboxPermissions of 6 mailboxes.
    expect(first.stderr).toMatch(/^scanned 13 entities \(\d+ pages, 47 calls\) in \d+\.\d s; nothing skipped$/m);
    expect(readdirSync(out).sort()).toEqual(['MIGRATION.md', 'organization.json']);
    expect(loadSeedFile(path.join(out, 'organization.json')).organizations[0].users).toHaveLength(6);
    const written = readFileSync(path.join(out, 'organization.json'), 'utf8');

    const again = await run([...args, '--quiet']);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(path.join(out, 'organization.json'), 'utf8')).toBe(written);
    expect(emulator.calls.filter((c) => c.status !== 200)).toEqual([]);
  });

  test('a relative --out is taken from where the command runs', async () => {
    const result = await run(['export', '--organization', 'acme', '--format', 'json', '--out', 'rel', '--quiet', '--endpoint', emulator.endpoint], { cwd: work });
    expect(result.code).toBe(0);
    expect(lines(result.stdout)[1]).toBe(path.join('rel', 'organization.json'));
    expect(existsSync(path.join(work, 'rel', 'organization.json'))).toBe(true);
  });

  test('refuses a non-empty --out that holds no previous export', async () => {
    const out = path.join(work, 'someones-work');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.txt'), 'keep me');
    const result = await run(['export', '--organization', 'acme', '--format', 'json', '--out', out, '--endpoint', emulator.endpoint]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `cdk-workmail: --out ${out} is not empty and holds no previous export (no MIGRATION.md): choose a new or empty directory `
        + '(see cdk-workmail export --help)\n',
    });
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  test('a failure is one line and exit 1: an unknown alias names the known ones', async () => {
    const result = await run(['export', '--organization', 'globex', '--format', 'json', '--out', path.join(work, 'none'), '--endpoint', emulator.endpoint]);
    expect(result).toEqual({
      code: 1, stdout: '', stderr: "cdk-workmail: no WorkMail organization has the alias 'globex' in this account and region (known aliases: acme)\n",
    });
  });
});

/** Starts `cdk-workmail emulator`, resolves with the process and its endpoint once it listens. */
function startEmulatorCommand(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; bin?: string } = {}):
Promise<{ child: ChildProcess; endpoint: string; exited: Promise<number | null> }> {
  const child = spawn(options.bin ?? BIN, ['emulator', ...args], { cwd: options.cwd ?? ROOT, env: options.env ?? ENV });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
      if (match) resolve({ child, endpoint: match[1], exited });
    });
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code} before listening`)));
  });
}

describe('emulator', () => {
  test('prints "listening on <url>", serves the seed given relative to where it runs, stops on SIGTERM', async () => {
    const { child, endpoint, exited } = await startEmulatorCommand(['--seed', path.relative(work, FIXTURE)], { cwd: work });
    try {
      const state = await (await fetch(`${endpoint}/_emulator/state`)).json() as { organizations: Array<{ alias: string; users: unknown[] }> };
      expect(state.organizations.map((o) => [o.alias, o.users.length])).toEqual([['acme', 6]]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  test('an export seeds `cdk-workmail emulator --seed`, and exporting that emulator gives the same file: domains and mailbox sizes too', async () => {
    // A source whose domains and mailboxes are not at the emulator's defaults.
    const fixture = loadSeedFile(FIXTURE);
    const sized = {
      organizations: fixture.organizations.map((org) => ({
        ...org,
        mailDomains: [{ domainName: org.defaultMailDomain, dkimVerificationStatus: 'FAILED' as const }],
        users: org.users!.map((u) => (u.email === undefined ? u : { ...u, mailboxQuota: 102400, mailboxSize: 2048.5 })),
      })),
    };
    const source = await startEmulator({ seed: sized });
    const first = path.join(work, 'round-trip-1');
    const second = path.join(work, 'round-trip-2');
    try {
      expect((await run(['export', '--organization', 'acme', '--format', 'json', '--out', first, '--quiet', '--endpoint', source.endpoint])).code).toBe(0);
    } finally {
      await source.close();
    }
    const text = readFileSync(path.join(first, 'organization.json'), 'utf8');
    expect(text).toContain('"dkimVerificationStatus": "FAILED"');
    expect(text).toContain('"mailboxSize": 2048.5');
    const { child, endpoint, exited } = await startEmulatorCommand(['--seed', path.join(first, 'organization.json')]);
    try {
      expect((await run(['export', '--organization', 'acme', '--format', 'json', '--out', second, '--quiet', '--endpoint', endpoint])).code).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(readFileSync(path.join(second, 'organization.json'), 'utf8')).toBe(text);
  });
});

describe('emulator --behaviour', () => {
  test('an unknown question or answer exits 2 naming it', async () => {
    const question = path.join(work, 'unknown-question.json');
    writeFileSync(question, JSON.stringify({ 'list-aliases': 'omitted' }));
    const answer = path.join(work, 'unknown-answer.json');
    writeFileSync(answer, JSON.stringify({ 'lookup-by-email': 'aliases' }));
    const [byQuestion, byAnswer] = await Promise.all([run(['emulator', '--behaviour', question]), run(['emulator', '--behaviour', answer])]);
    expect(byQuestion).toMatchObject({ code: 2, stdout: '' });
    expect(byQuestion.stderr).toMatch(/^cdk-workmail: --behaviour: behaviour file .*unknown-question\.json: unknown question list-aliases \(known: .*\) \(see cdk-workmail emulator --help\)\n$/);
    expect(byAnswer).toMatchObject({ code: 2, stdout: '' });
    expect(byAnswer.stderr).toContain('unknown answer "aliases" to lookup-by-email (answers: primary-only, primary-and-aliases)');
  });

  test('serves the answers of the file, given relative to where it runs', async () => {
    writeFileSync(path.join(work, 'behaviour.json'), JSON.stringify({ 'delete-missing-entity': 'entity-not-found' }));
    const { child, endpoint, exited } = await startEmulatorCommand(['--behaviour', 'behaviour.json'], { cwd: work });
    try {
      const answer = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': 'WorkMailService.DeleteGroup' },
        body: JSON.stringify({ OrganizationId: 'm-00000000000000000000000000000001', GroupId: 'no-such-group' }),
      });
      expect([answer.status, answer.headers.get('x-amzn-errortype')]).toEqual([400, 'EntityNotFoundException']);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});

describe('local-deploy from a project outside this repository', () => {
  test('deploys a synthesized app with the handler staged in its cdk.out and the project\'s own aws-cdk-lib', async () => {
    // A consumer's project: the command installed under node_modules, aws-cdk-lib beside it, nothing else;
    // symlinks are kept as paths, so nothing resolves from this repository's node_modules.
    const project = path.join(work, 'consumer');
    const installed = path.join(project, 'node_modules', 'cdk-workmail', 'assets', 'cli', 'index');
    mkdirSync(installed, { recursive: true });
    const bin = path.join(installed, path.basename(BIN));
    copyFileSync(BIN, bin);
    symlinkSync(realpathSync(path.join(ROOT, 'node_modules', 'aws-cdk-lib')), path.join(project, 'node_modules', 'aws-cdk-lib'));
    buildExampleApp(path.join(project, 'cdk.out')).synth();
    const env = { ...ENV, NODE_PRESERVE_SYMLINKS: '1' };
    const seed = path.join(ROOT, 'example', 'seed.json');
    const { child, endpoint, exited } = await startEmulatorCommand(['--seed', seed], { cwd: project, env, bin });
    try {
      const deployed = await run(['local-deploy', 'deploy', '--app-dir', 'cdk.out', '--endpoint', endpoint], { cwd: project, env, bin });
      expect(deployed.stderr).toBe('');
      expect(deployed.code).toBe(0);
      expect(lines(deployed.stdout).pop()).toMatch(/^deployed WorkMailExample: \d+ change\(s\), 0 unchanged$/);
      expect(readdirSync(path.join(project, '.workmail-local'))).toEqual(['WorkMailExample.json']);
      const again = await run(['local-deploy', 'deploy', '--app-dir', 'cdk.out', '--endpoint', endpoint], { cwd: project, env, bin });
      expect(lines(again.stdout).pop()).toMatch(/^deployed WorkMailExample: 0 change\(s\), \d+ unchanged$/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, DEPLOY_TEST_TIMEOUT_MS);
});
