import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { summary, synthFixture, takeEvents, workdir } from './helpers';
import { CliIo, main, parseArgs } from '../../local/runner/cli';
import { DEFAULT_CONCURRENCY } from '../../local/runner/scheduler';

/** The command line: event lines on stdout, the reason and exit 1 on failure. */
const w = workdir('cli');
const eventsFile = path.join(w.dir, 'events.jsonl');
const stateFile = path.join(w.dir, 'state.json');
const repoRoot = path.join(__dirname, '..', '..');

afterAll(() => w.cleanup());

function io(): CliIo & { out: jest.Mock; err: jest.Mock; text: () => string } {
  const out = jest.fn();
  const err = jest.fn();
  return { out, err, text: () => [...out.mock.calls, ...err.mock.calls].map(c => c[0]).join('\n') };
}

test('usage errors exit 2 and print the usage', async () => {
  const cli = io();
  expect(await main(['deploy', '--endpoint', 'http://127.0.0.1:1'], cli)).toBe(2);
  expect(cli.text()).toContain('error: --app-dir is required');
  expect(cli.text()).toContain('usage: npm run local-deploy -- <deploy|destroy>');
  expect(await main(['launch', '--app-dir', 'x', '--endpoint', 'http://127.0.0.1:1'], io())).toBe(2);
  expect(await main(['deploy', '--app-dir', 'x', '--endpoint', 'localhost:1'], io())).toBe(2);
  expect(await main(['deploy', '--app-dir', 'x', '--endpoint', 'http://127.0.0.1:1', '--colour'], io())).toBe(2);
  const cases: Array<[string[], string]> = [
    [['deploy', '--app-dir', '--stack', 'S'], 'error: --app-dir needs a value'],
    [['deploy', '--app-dir', 'x', '--verbose=yes'], 'error: --verbose takes no value'],
    [['deploy', '--app-dir', 'x', '--stack', 'A', '--stack=B'], 'error: --stack is given twice'],
    [['deploy', '--app-dir', 'x', '-x'], "error: unknown option '-x'"],
    [['deploy', '--app-dir', 'x', '--concurrency', '-1'], 'error: --concurrency must be a whole number of at least 1, got -1'],
    [['deploy', '--app-dir', 'x', '--concurrency', '0'], 'error: --concurrency must be a whole number of at least 1, got 0'],
    [['deploy', '--app-dir', 'x', '--concurrency=2.5'], 'error: --concurrency must be a whole number of at least 1, got 2.5'],
  ];
  for (const [argv, message] of cases) {
    const each = io();
    expect(await main([...argv, '--endpoint', 'http://127.0.0.1:1'], each)).toBe(2);
    expect(each.err.mock.calls[0][0].split('\n')[0]).toBe(message);
  }
});

test('options: --concurrency sets how many resources may be in progress at once (default: the runner\'s)', () => {
  const endpoint = ['--endpoint', 'http://127.0.0.1:1'];
  expect(parseArgs(['deploy', '--app-dir', 'cdk.out', '--concurrency', '3', ...endpoint], io()).options.concurrency).toBe(3);
  expect(parseArgs(['destroy', '--app-dir', 'cdk.out', '--concurrency=1', ...endpoint], io()).options.concurrency).toBe(1);
  expect(parseArgs(['deploy', '--app-dir', 'cdk.out', ...endpoint], io()).options.concurrency).toBe(DEFAULT_CONCURRENCY);
});

test('options: --no-iam turns IAM enforcement off; relative paths are taken from INIT_CWD when npm set it', () => {
  const saved = process.env.INIT_CWD;
  try {
    process.env.INIT_CWD = '/home/someone/app';
    const { options } = parseArgs(['deploy', '--app-dir', 'cdk.out', '--no-iam', '--endpoint', 'http://127.0.0.1:1'], io());
    expect(options).toMatchObject({ enforceIam: false, workingDirectory: '/home/someone/app', cloudAssemblyDir: 'cdk.out' });
    delete process.env.INIT_CWD;
    expect(parseArgs(['deploy', '--app-dir', 'cdk.out', '--endpoint', 'http://127.0.0.1:1'], io()).options)
      .toMatchObject({ enforceIam: true, workingDirectory: process.cwd() });
  } finally {
    if (saved === undefined) delete process.env.INIT_CWD;
    else process.env.INIT_CWD = saved;
  }
});

test('failures exit 1 with one clear message: several stacks, an unknown stack, a missing or broken secrets file', async () => {
  const two = synthFixture(path.join(w.dir, 'two'), eventsFile, s => s.resource('A', { Name: 'a' }), { stackNames: ['First', 'Second'] });
  const run = async (...argv: string[]) => {
    const cli = io();
    const code = await main(['deploy', '--app-dir', two, '--state', path.join(w.dir, 'two.json'), '--endpoint', 'http://127.0.0.1:1', ...argv], cli);
    return { code, err: cli.err.mock.calls.map(c => c[0]).join('\n') };
  };
  expect(await run()).toEqual({ code: 1, err: `error: the assembly in ${two} holds 2 stacks: name one with --stack (stackName): First, Second` });
  expect(await run('--stack', 'Third')).toEqual({ code: 1, err: `error: no stack named "Third" in the assembly in ${two}; its stacks: First, Second` });

  const missing = path.join(w.dir, 'no-such-secrets.json');
  expect(await run('--stack', 'First', '--secrets', missing)).toEqual({ code: 1, err: `error: secrets file ${missing} does not exist` });
  const broken = path.join(w.dir, 'broken-secrets.json');
  fs.writeFileSync(broken, '{ "team/shared": "s3cret-value-1" ');
  const result = await run('--stack', 'First', '--secrets', broken);
  expect(result).toEqual({ code: 1, err: `error: secrets file ${broken} is not valid JSON (expected { "<arn or name>": "<secret string>" })` });
  expect(takeEvents(eventsFile)).toEqual([]);
});

test('deploy prints one line per event; a failure exits 1 with the handler\'s reason after rolling back', async () => {
  const good = synthFixture(path.join(w.dir, 'good'), eventsFile, s => s.resource('Alice', { Name: 'alice', Id: 'alice-1' }));
  const cli = io();
  expect(await main(['deploy', '--app-dir', good, '--state', stateFile, '--endpoint=http://127.0.0.1:4599'], cli)).toBe(0);
  expect(cli.out.mock.calls.map(c => c[0])).toEqual([
    expect.stringMatching(/^CREATE_COMPLETE AWS::IAM::Policy FixtureProviderframeworkonEventServiceRoleDefaultPolicy/),
    'CREATE_COMPLETE Custom::WorkMailThing Alice alice-1',
    'deployed RunnerTest: 2 change(s), 0 unchanged',
  ]);
  takeEvents(eventsFile);

  const bad = synthFixture(path.join(w.dir, 'bad'), eventsFile, (s) => {
    s.resource('Alice', { Name: 'alice', Id: 'alice-1' });
    s.resource('Bob', { Name: 'bob', FailOn: 'Create', FailMessage: 'Bob: NameAvailabilityException: the name is taken', Say: 'bob was here' });
  });
  const failed = io();
  expect(await main(['deploy', '--app-dir', bad, '--state', stateFile, '--endpoint', 'http://127.0.0.1:4599', '--verbose'], failed)).toBe(1);
  expect(failed.err).toHaveBeenCalledWith('error: Bob failed (rolled back): Bob: NameAvailabilityException: the name is taken');
  // --verbose: the handler's log lines go to stderr; the framework's do not, as its LoggingConfig (FATAL) drops them in Lambda.
  const verbose = failed.err.mock.calls.map(c => String(c[0]));
  expect(verbose).toContain('  | bob was here');
  expect(verbose.filter(l => l.includes('[provider-framework]'))).toEqual([]);
  expect(summary(takeEvents(eventsFile))).toEqual(['Create Bob']);
});

test('the CLI runs as a script from the repository root (ts-node, as the npm script runs it), paths relative to INIT_CWD, and destroys', () => {
  const run = spawnSync(process.execPath, [
    require.resolve('ts-node/dist/bin.js'), '--transpile-only', '--project', path.join(repoRoot, 'test', 'tsconfig.json'),
    path.join(repoRoot, 'local', 'runner', 'cli.ts'), 'destroy', '--app-dir', 'good', '--state', path.basename(stateFile), '--endpoint', 'http://127.0.0.1:4599',
  ], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000, env: { ...process.env, INIT_CWD: w.dir } });
  expect(run.stderr).toBe('');
  expect(run.stdout.split('\n')).toEqual([
    'DELETE_COMPLETE Custom::WorkMailThing Alice alice-1',
    expect.stringMatching(/^DELETE_COMPLETE AWS::IAM::Policy FixtureProviderframeworkonEventServiceRoleDefaultPolicy/),
    'destroyed: 2 deleted, 0 retained',
    '',
  ]);
  expect(run.status).toBe(0);
  expect(summary(takeEvents(eventsFile))).toEqual(['Delete Alice']);
});
