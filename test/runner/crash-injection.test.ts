import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { RunningEmulator, startEmulator } from '../../local/emulator';
import { deploy, LocalDeployError } from '../../local/runner';
import { parseCrash } from '../../local/runner/command-line';
import { WorkMailOrganization, WorkMailUser } from '../../src';

/** The runner's crash injection itself: the killed run makes no later call; the first response wins; the CLI spec. */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ORG = 'm-0123456789abcdef0123456789abcdef';
const D = 'acme.example.com';
let emulator: RunningEmulator;
let workdir: string;
let app: string;
let aliceId: string;

beforeAll(async () => {
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-injection-'));
  app = path.join(workdir, 'app');
  const cdkApp = new App({ outdir: app });
  const stack = new Stack(cdkApp, 'CrashStack');
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', ORG);
  new WorkMailUser(stack, 'Alice', { organization, name: 'alice', email: `alice@${D}`, generatePassword: false, removalPolicy: RemovalPolicy.DESTROY });
  cdkApp.synth();
  const template = JSON.parse(fs.readFileSync(path.join(app, 'CrashStack.template.json'), 'utf8'));
  aliceId = Object.keys(template.Resources).find((id) => id.startsWith('Alice'))!;
});
beforeEach(async () => {
  emulator = await startEmulator({ seed: { organizations: [{ id: ORG, alias: 'acme', defaultMailDomain: D, domains: [D] }] } });
});
afterEach(() => emulator.close());
afterAll(() => fs.rmSync(workdir, { recursive: true, force: true }));

async function run(crash: Parameters<typeof deploy>[0]['crash']): Promise<{ error?: LocalDeployError; log: string[] }> {
  const log: string[] = [];
  try {
    await deploy({ cloudAssemblyDir: app, stateFile: path.join(workdir, `${Math.random()}.json`), workmailEndpoint: emulator.endpoint, log: (l) => log.push(l), crash });
    return { log };
  } catch (e) {
    if (!(e instanceof LocalDeployError)) throw e;
    return { error: e, log };
  }
}

const operations = () => emulator.calls.map((c) => c.operation);
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

test('killed before its first call: that call never reaches WorkMail, Lambda answers Runtime.ExitError, and the rollback sends nothing', async () => {
  const { error, log } = await run({ logicalId: aliceId, atCall: 1, when: 'before-call' });
  await settle();
  expect(error?.reason).toContain('Runtime exited with error: signal: killed');
  expect(log).toContain(`CRASHED Custom::WorkMailUser ${aliceId} at WorkMail call 1 (before-call)`);
  expect(operations()).toEqual([]);
});

test('killed after its first call: WorkMail applied it, and the dead run makes no later call', async () => {
  const { error } = await run({ logicalId: aliceId, atCall: 1, when: 'after-call' });
  await settle();
  expect(error?.logicalId).toBe(aliceId);
  expect(operations()).toEqual(['CreateUser']);
  // What the killed create made is left (the framework skips the Delete of a failed create's marker id).
  const users = emulator.seed().organizations[0].users!;
  expect(users.map((u) => u.name)).toEqual(['alice']);
  expect(users[0]).not.toHaveProperty('email');
});

test('redelivered: the crashed attempt\'s FAILED never arrives, the same request runs again and its answer counts', async () => {
  const { error, log } = await run({ logicalId: aliceId, atCall: 2, when: 'before-call', redeliver: true });
  expect(error).toBeUndefined();
  expect(log.filter((l) => /^(CRASHED|REDELIVER|CREATE_COMPLETE Custom)/.test(l))).toEqual([
    `CRASHED Custom::WorkMailUser ${aliceId} at WorkMail call 2 (before-call)`,
    expect.stringMatching(new RegExp(`^REDELIVER Custom::WorkMailUser ${aliceId} Create \\(same RequestId [0-9a-f-]{36}\\)$`)),
    expect.stringMatching(new RegExp(`^CREATE_COMPLETE Custom::WorkMailUser ${aliceId} `)),
  ]);
  // The first attempt's CreateUser, then the retry's: NameAvailability, the read of the name's holder, the claim's registration.
  expect(operations()).toEqual(['CreateUser', 'CreateUser', 'ListUsers', 'RegisterToWorkMail']);
  expect(emulator.seed().organizations[0].users).toEqual([expect.objectContaining({ name: 'alice', email: `alice@${D}` })]);
});

test('a crash beyond the event\'s last call never fires', async () => {
  const { error, log } = await run({ logicalId: aliceId, atCall: 3, when: 'before-call', redeliver: true });
  expect(error).toBeUndefined();
  expect(log.some((l) => l.startsWith('CRASHED') || l.startsWith('REDELIVER'))).toBe(false);
  expect(operations()).toEqual(['CreateUser', 'RegisterToWorkMail']);
});

test('--crash spec', () => {
  expect(parseCrash('Alice:2:after')).toEqual({ logicalId: 'Alice', atCall: 2, when: 'after-call' });
  expect(parseCrash('Room1#2:1:before:redeliver')).toEqual({ logicalId: 'Room1', event: 2, atCall: 1, when: 'before-call', redeliver: true });
  for (const bad of ['Alice', 'Alice:0:after', 'Alice:1:during', 'Alice#0:1:after', 'Alice:1:after:again']) {
    expect(() => parseCrash(bad)).toThrow(`--crash must be <logicalId>[#<event>]:<call>:before|after[:redeliver], got ${bad}`);
  }
});
