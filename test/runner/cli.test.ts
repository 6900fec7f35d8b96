import { spawnSync } from 'child_process';
import * as path from 'path';
import { summary, synthFixture, takeEvents, workdir } from './helpers';
import { CliIo, main } from '../../local/runner/cli';

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
  expect(cli.text()).toContain('usage: local-deploy deploy|destroy');
  expect(await main(['launch', '--app-dir', 'x', '--endpoint', 'http://127.0.0.1:1'], io())).toBe(2);
  expect(await main(['deploy', '--app-dir', 'x', '--endpoint', 'localhost:1'], io())).toBe(2);
  expect(await main(['deploy', '--app-dir', 'x', '--endpoint', 'http://127.0.0.1:1', '--colour'], io())).toBe(2);
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
    s.resource('Bob', { Name: 'bob', FailOn: 'Create', FailMessage: 'Bob: NameAvailabilityException: the name is taken' });
  });
  const failed = io();
  expect(await main(['deploy', '--app-dir', bad, '--state', stateFile, '--endpoint', 'http://127.0.0.1:4599', '--verbose'], failed)).toBe(1);
  expect(failed.err).toHaveBeenCalledWith('error: Bob failed (rolled back): Bob: NameAvailabilityException: the name is taken');
  // --verbose: the framework's own log lines go to stderr.
  expect(failed.err.mock.calls.some(c => String(c[0]).startsWith('  | [provider-framework]'))).toBe(true);
  expect(summary(takeEvents(eventsFile))).toEqual(['Create Bob']);
});

test('the CLI runs as a script (ts-node, as the local-deploy task runs it) and destroys', () => {
  const good = path.join(w.dir, 'good');
  const run = spawnSync(process.execPath, [
    require.resolve('ts-node/dist/bin.js'), '--transpile-only', '--project', path.join(repoRoot, 'test', 'tsconfig.json'),
    path.join(repoRoot, 'local', 'runner', 'cli.ts'), 'destroy', '--app-dir', good, '--state', stateFile, '--endpoint', 'http://127.0.0.1:4599',
  ], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
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
