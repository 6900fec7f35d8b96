import { ChildProcess, spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DescribeOrganizationCommand, ListOrganizationsCommand } from '@aws-sdk/client-workmail';
import { client } from './helpers';
import { UsageError } from '../../cli/args';
import { DEFAULT_BEHAVIOUR, EmulatorSeed } from '../../local/emulator';
import { parseArgs } from '../../local/emulator/cli';

const root = join(__dirname, '..', '..');
const project = join('test', 'tsconfig.json');
const tsNode = require.resolve('ts-node/dist/bin.js');

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, [tsNode, '--transpile-only', '--project', project, join('local', 'emulator', 'cli.ts'), ...args], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

function exit(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('cli', () => {
  test('serves the seed file, prints the endpoint, and exits cleanly on SIGTERM', async () => {
    const child = run(['--port', '0', '--seed', join('local', 'emulator', 'seed.example.json')]);
    try {
      const line = await firstLine(child);
      expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
      const wm = client(line.slice('listening on '.length));
      const org = await wm.send(new DescribeOrganizationCommand({ OrganizationId: 'm-0123456789abcdef0123456789abcdef' }));
      expect(org.Alias).toBe('acme');
      expect((await wm.send(new ListOrganizationsCommand({}))).OrganizationSummaries).toHaveLength(1);
      // The seeded entities, read back over the test hook of the same port.
      const state = await (await fetch(`${line.slice('listening on '.length)}/_emulator/state`)).json() as EmulatorSeed;
      const seeded = state.organizations[0];
      expect([seeded.users!, seeded.groups!, seeded.resources!].map((list: { name: string }[]) => list.map((e) => e.name)))
        .toEqual([['dana', 'erik', 'fiona'], ['finance', 'finance-leads'], ['boardroom', 'beamer']]);
      wm.destroy();
      const done = exit(child);
      child.kill('SIGTERM');
      expect((await done).code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  test('a bad seed file exits 1 with the reason', async () => {
    const result = await exit(run(['--seed', join('local', 'emulator', 'no-such-seed.json')]));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot read seed file');
  });

  test('--help prints the usage and exits 0; a usage error exits 2 with the message, then the usage', async () => {
    const help = run(['--help']);
    let stdout = '';
    help.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    const [helped, refused] = await Promise.all([exit(help), exit(run(['--throttle-rate']))]);
    expect(helped.code).toBe(0);
    expect(stdout).toMatch(/^usage: npm run emulator -- \[options\]\n/);
    expect(stdout).toMatch(/^ {2}--rate-burst <n> /m);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n').slice(0, 2)).toEqual(['--throttle-rate needs a value', 'usage: npm run emulator -- [options]']);
  });

  test('parseArgs: flags, inline values, fault options', () => {
    expect(parseArgs(['--port=4566', '--host', '0.0.0.0', '--throttle-rate', '0.25', '--server-error-rate=0.1', '--latency-ms', '5', '--fault-seed', '9']))
      .toEqual({ port: 4566, host: '0.0.0.0', seed: undefined, faults: { throttleRate: 0.25, serverErrorRate: 0.1, latencyMs: 5, seed: 9 } });
    expect(parseArgs([])).toEqual({ port: 0, host: undefined, seed: undefined, faults: {} });
    expect(() => parseArgs(['--port', 'x'])).toThrow("--port must be a whole number from 0 to 65535, got 'x'");
    expect(() => parseArgs(['--port', '70000'])).toThrow(/from 0 to 65535/);
    expect(() => parseArgs(['--bogus'])).toThrow("unknown option '--bogus'");
    expect(() => parseArgs(['--seed'])).toThrow(/--seed needs a value/);
  });

  test('parseArgs: --behaviour reads the answers; an unknown one is a usage error naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-behaviour-'));
    try {
      const file = join(dir, 'behaviour.json');
      writeFileSync(file, JSON.stringify({ 'deleted-entities-listed': 'omitted' }));
      expect(parseArgs(['--behaviour', file]).behaviour).toEqual({ ...DEFAULT_BEHAVIOUR, 'deleted-entities-listed': 'omitted' });
      writeFileSync(file, JSON.stringify({ 'deleted-entities-listed': 'hidden' }));
      expect(() => parseArgs(['--behaviour', file])).toThrow(UsageError);
      expect(() => parseArgs(['--behaviour', file])).toThrow(`--behaviour: behaviour file ${file}: unknown answer "hidden" to deleted-entities-listed`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
