/**
 * Every command line's flags are declared once: each flag its --help lists is accepted by its parser, each flag
 * its parser takes is in its --help; and every entry point throws the one UsageError, which exits 2.
 */
import { Flags, parseFlags } from '../../cli/flags';
import { COMMANDS, main } from '../../cli/main';
import { UsageError } from '../../cli/usage-error';
import { EMULATOR_FLAGS, parseArgs as emulatorArgs, SERVE_FLAGS, USAGE as EMULATOR_USAGE } from '../../local/emulator/command-line';
import {
  LOCAL_DEPLOY_FLAGS, main as runnerMain, parseArgs as runnerArgs, RUNNER_FLAGS, USAGE as RUNNER_USAGE,
} from '../../local/runner/command-line';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (line: string) => out.push(line), err: (line: string) => err.push(line), lines: { out, err } };
}

/** The flags a help text lists, by name: `  --name <value>  text` and `  -h, --help  text`. */
const listed = (usage: string): string[] => [...usage.matchAll(/^ {2}(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]);

/** The flag as given on a command line, with a value when it takes one. */
const given = (name: string, flags: Flags): string[] => (flags[name].type === 'string' ? [`--${name}`, 'x'] : [`--${name}`]);

describe.each(COMMANDS.map((c) => [c.name, c] as const))('cdk-workmail %s', (_name, command) => {
  test('its help lists exactly the flags its parser takes, and --help', () => {
    expect(listed(command.usage)).toEqual([...Object.keys(command.flags), 'help']);
  });

  test('its parser takes every flag its help lists (each with --help: the usage, exit 0)', async () => {
    for (const name of listed(command.usage).filter((n) => n !== 'help')) {
      const each = io();
      await expect(command.run([...given(name, command.flags), '--help'], each)).resolves.toBe(0);
      expect(each.lines.out).toEqual([command.usage]);
    }
  });

  test('a flag it does not declare is a UsageError, exit 2 with one line', async () => {
    await expect(command.run(['--no-such-flag'], io())).rejects.toThrow(new UsageError("unknown option '--no-such-flag'"));
    const each = io();
    expect(await main([command.name, '--no-such-flag'], each)).toBe(2);
    expect(each.lines.err).toEqual([`cdk-workmail: unknown option '--no-such-flag' (see cdk-workmail ${command.name} --help)`]);
  });
});

test('the two local-deploy command lines share their flags; npm run local-deploy adds only the debugging ones', () => {
  const cli = COMMANDS.find((c) => c.name === 'local-deploy')!;
  expect(cli.flags).toBe(LOCAL_DEPLOY_FLAGS);
  expect(Object.keys(RUNNER_FLAGS)).toEqual([...Object.keys(LOCAL_DEPLOY_FLAGS), 'isolate', 'crash']);
  expect(listed(RUNNER_USAGE)).toEqual([...Object.keys(RUNNER_FLAGS), 'help']);
  // --no-iam and --verbose are documented in both.
  for (const usage of [cli.usage, RUNNER_USAGE]) expect(listed(usage)).toEqual(expect.arrayContaining(['verbose', 'no-iam']));
});

test('npm run local-deploy takes every flag its help lists', async () => {
  for (const name of listed(RUNNER_USAGE).filter((n) => n !== 'help')) {
    const each = io();
    expect(await runnerMain([...given(name, RUNNER_FLAGS), '--help'], each)).toBe(0);
    expect(each.lines.out).toEqual([RUNNER_USAGE]);
  }
});

test('the two emulator command lines share their flags; npm run emulator takes every flag its help lists', () => {
  expect(COMMANDS.find((c) => c.name === 'emulator')!.flags).toBe(SERVE_FLAGS);
  expect(listed(EMULATOR_USAGE)).toEqual([...Object.keys(EMULATOR_FLAGS), 'help']);
  for (const name of Object.keys(EMULATOR_FLAGS)) {
    // A value may be refused ('x' is no number), the flag never is.
    let message = '';
    try {
      emulatorArgs(given(name, EMULATOR_FLAGS));
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toMatch(/unknown option/);
  }
});

test('one UsageError for every entry point: cdk-workmail, npm run local-deploy, npm run emulator', async () => {
  expect(() => emulatorArgs(['--bogus'])).toThrow(UsageError);
  expect(() => emulatorArgs(['--port', 'x'])).toThrow(UsageError);
  expect(() => runnerArgs(['launch', '--app-dir', 'x', '--endpoint', 'http://127.0.0.1:1'], io())).toThrow(UsageError);
  expect(() => runnerArgs(['deploy', '--stack', 'S', '--endpoint', 'http://127.0.0.1:1'], io())).toThrow(new UsageError('--app-dir is required'));
  const localDeploy = COMMANDS.find((c) => c.name === 'local-deploy')!;
  await expect(localDeploy.run(['deploy', '--app-dir', 'x', '--stack', 'A', '--stack', 'B'], io())).rejects.toThrow(new UsageError('--stack is given twice'));

  const runner = io();
  expect(await runnerMain(['deploy', '--app-dir', 'x', '--endpoint', 'localhost:1'], runner)).toBe(2);
  expect(runner.lines.err[0].split('\n')[0]).toBe("error: --endpoint must be an http(s) URL, got 'localhost:1'");
  const cli = io();
  expect(await main(['local-deploy', 'deploy', '--app-dir', 'x', '--endpoint', 'localhost:1'], cli)).toBe(2);
  expect(cli.lines.err).toEqual(["cdk-workmail: --endpoint must be an http(s) URL, got 'localhost:1' (see cdk-workmail local-deploy --help)"]);
});

test('parsing: one-line messages; a value with one leading dash is the flag\'s, -h and -- are not', () => {
  const flags: Flags = { n: { type: 'string', value: '<n>', description: 'a number' }, q: { type: 'boolean', description: 'quiet' } };
  expect(parseFlags(['--n', '-1'], flags).values).toEqual({ n: '-1' });
  expect(() => parseFlags(['--n', '-h'], { ...flags, help: { type: 'boolean', short: 'h', description: 'help' } })).toThrow(new UsageError('--n needs a value'));
  expect(parseFlags(['--n', '2', '--', '--n'], flags, { positionals: true })).toMatchObject({ values: { n: '2' }, positionals: ['--n'] });
  expect(() => parseFlags(['--n'], flags)).toThrow(new UsageError('--n needs a value'));
  expect(() => parseFlags(['--n', '--q'], flags)).toThrow(new UsageError('--n needs a value'));
  expect(() => parseFlags(['--q=yes'], flags)).toThrow(new UsageError('--q takes no value'));
  expect(() => parseFlags(['x'], flags)).toThrow(new UsageError("unexpected argument 'x'"));
  expect(parseFlags(['--n', '1', '--n', '2'], flags).values).toEqual({ n: '2' });
  expect(() => parseFlags(['--n', '1', '--n=2'], flags, { once: true })).toThrow(new UsageError('--n is given twice'));
});
