import * as path from 'path';
import { WorkMailClient } from '@aws-sdk/client-workmail';
import { D, deployPlanFixture, DeployedPlanFixture, ORG, PLAN_SEED, synthPlanApp } from './plan-fixture';
import { main } from '../../cli/main';
import { destroysMailbox, formatPlan, planDeployment, PlanReport } from '../../cli/plan';
import { buildExampleApp } from '../../example/app';
import { RunningEmulator, startEmulator } from '../../local/emulator';
import { OPERATIONS } from '../../local/emulator/operations';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

/**
 * `plan` against the emulator: an app deployed with the local runner (its state file), then changed in
 * every way the handler treats differently, planned while the emulator refuses everything but List*,
 * Describe* and Get*. The same plan is made from CloudFormation's side in plan-cloudformation.test.ts.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const READ_ONLY = Object.keys(OPERATIONS).filter((op) => /^(List|Describe|Get)/.test(op));

let fixture: DeployedPlanFixture;
let emulator: RunningEmulator;
let client: WorkMailClient;
let workdir: string;
let stateFile: string;

beforeAll(async () => {
  fixture = await deployPlanFixture();
  ({ emulator, client, workdir, stateFile } = fixture);
}, DEPLOY_TEST_TIMEOUT_MS);

afterAll(() => fixture?.close());

/** The plan, made while only reads are allowed; the calls it sent. */
async function readOnlyPlan(appDir: string): Promise<{ report: PlanReport; calls: string[] }> {
  emulator.resetCalls();
  emulator.setAllowedOperations(READ_ONLY);
  try {
    const report = await planDeployment({ client, appDir, deployed: { stateFile }, concurrency: 2 });
    expect(emulator.calls.filter((c) => c.errorName !== undefined)).toEqual([]);
    return { report, calls: emulator.calls.map((c) => c.operation) };
  } finally {
    emulator.setAllowedOperations(undefined);
  }
}

const teamId = () => emulator.snapshot().organizations.find((o) => o.id === ORG)!.groups.find((g) => g.name === 'team')!.id;
const count = (calls: string[], op: string) => calls.filter((c) => c === op).length;
const brief = (report: PlanReport) => report.actions.map((a) => [a.action, a.kind, a.name, a.logicalId.replace(/[0-9A-F]{8}$/, '')]);

test('every action of a changed app, as the handler would take it, read-only', async () => {
  const { report, calls } = await readOnlyPlan(synthPlanApp(path.join(workdir, 'v2'), 2));
  expect(brief(report)).toEqual([
    ['replace', 'user', 'eve2', 'Eve'],
    ['replace', 'delegate', 'room', 'RoomDelegate'],
    ['delete', 'user', 'bob', 'Bob'],
    ['delete', 'delegate', 'room', 'BobDelegate'],
    ['create', 'user', 'frank', 'Frank'],
    ['create', 'delegate', 'room', 'FrankDelegate'],
    ['adopt', 'user', 'dana', 'Dana'],
    ['update', 'user', 'alice', 'Alice'],
    ['update', 'group', 'team', 'Team'],
    ['update', 'resource', 'room', 'Room'],
    ['update', 'aliases', 'alice', 'AliceAliases'],
    ['retain', 'user', 'carol', 'Carol'],
  ]);
  const byId = (logicalId: string) => report.actions.find((a) => a.logicalId.replace(/[0-9A-F]{8}$/, '') === logicalId)!;
  expect(byId('Eve')).toMatchObject({ changes: [{ field: 'name', from: 'eve', to: 'eve2' }], reason: "name changed: the old user 'eve' is deleted, its mailbox and mail with it" });
  expect(byId('Bob')).toMatchObject({ changes: [], reason: "leaves the stack: user 'bob' is deleted, its mailbox and mail with it" });
  expect(byId('Frank')).toMatchObject({ changes: [{ field: 'email', to: `frank@${D}` }], reason: `new mailbox frank@${D}` });
  expect(byId('Dana')).toMatchObject({ changes: [{ field: 'displayName', from: 'Dana (made by hand)', to: 'Dana Scully' }] });
  // The declared change, and the job title changed by hand, put back.
  expect(byId('Alice').changes).toEqual([
    { field: 'displayName', from: 'Alice', to: 'Alice Liddell' },
    { field: 'jobTitle', from: 'Queen', to: 'Explorer', drift: true },
  ]);
  expect(byId('Team').changes).toEqual([{ field: 'members', to: 'alice', drift: true }, { field: 'members', from: 'bob' }]);
  // Only the description is written: the booking option changed by hand stays, and the plan says so.
  expect(byId('Room')).toMatchObject({
    changes: [{ field: 'description', to: 'Second floor' }],
    reason: '1 field(s) changed by hand stay as they are (the declaration of those did not change; see drift)',
  });
  expect(byId('AliceAliases').changes).toEqual([{ field: 'aliases', to: `wonderland@${D}` }]);
  expect(byId('RoomDelegate').changes).toEqual([{ field: 'delegates', from: 'alice', to: 'team' }]);
  expect(byId('BobDelegate')).toMatchObject({ changes: [{ field: 'delegates', from: 'bob' }], reason: 'leaves the stack: the delegation is removed' });
  expect(byId('FrankDelegate').changes).toEqual([{ field: 'delegates', to: 'frank' }]);
  expect(byId('Carol').reason).toBe("leaves the stack: user 'carol' is kept (DeletionPolicy RetainExceptOnCreate)");
  expect(report.actions.every((a) => a.failure === undefined)).toBe(true);
  expect(report.summary).toEqual({ create: 2, adopt: 1, update: 4, replace: 2, delete: 2, retain: 1, unchanged: 0, failing: 0 });
  expect(destroysMailbox(report)).toBe(true);

  // Only reads, and only of what the app declares or the stack holds: zed, made by hand, is never described.
  expect(calls.every((op) => /^(List|Describe|Get)/.test(op))).toBe(true);
  for (const op of ['ListUsers', 'ListGroups', 'ListResources']) expect(count(calls, op)).toBe(1);
  // Described: alice, team and room (updated) and dana (adopted); the rest is told by the lists.
  expect(count(calls, 'DescribeUser')).toBe(2);
  expect(count(calls, 'DescribeGroup')).toBe(1);
  expect([...calls].sort()).toEqual(['DescribeGroup', 'DescribeResource', 'DescribeUser', 'DescribeUser', 'ListAliases', 'ListGroupMembers', 'ListGroups',
    'ListMailDomains', 'ListResources', 'ListUsers']);
});

test('what the deployment would refuse is said before it, with the message it would give', async () => {
  const { report, calls } = await readOnlyPlan(synthPlanApp(path.join(workdir, 'failing'), 'failing'));
  const failures = Object.fromEntries(report.actions.filter((a) => a.failure !== undefined)
    .map((a) => [a.logicalId.replace(/[0-9A-F]{8}$/, ''), [a.action, a.failure]]));
  expect(failures).toEqual({
    Zed: ['create', `CreateUser failed for user 'zed' in organization ${ORG}: NameAvailabilityException. The user already exists in the organization; `
      + 'set adoptExisting: true on the WorkMailUser to take it over (it is then reconciled, never re-created)'],
    Grace: ['create', `RegisterToWorkMail failed for user 'grace' in organization ${ORG}: EmailAddressInUseException. The address dana@${D} is already held by `
      + `user 'dana' of organization ${ORG}: remove it there first, or declare another address`],
    DanaGroup: ['adopt', `CreateGroup failed for group 'dana' in organization ${ORG}: NameAvailabilityException. adoptExisting is set, but ListGroups `
      + "shows no group named 'dana': the name is held by a user or a resource, which a WorkMailGroup cannot adopt"],
    // team is deployed: the message names its id, as the handler's would.
    TeamAliases: ['create', `CreateAlias failed for group 'team' (${teamId()}) in organization ${ORG}: EmailAddressInUseException. The address yuri@${D} `
      + `is already held by another entity of organization ${ORG}: remove it there first, or declare another alias`],
    Hall: ['create', `UpdateResource failed for resource 'hall' in organization ${ORG}: InvalidConfigurationException. `
      + 'A resource without delegates must auto-accept requests: declare bookingOptions with autoAcceptRequests: true'],
    AliceAliases: ['update', expect.stringMatching(new RegExp(`^CreateAlias failed for user 'alice' \\(.+\\) in organization ${ORG}: MailDomainNotFoundException. `
      + `The domain elsewhere.example.org of the alias alice@elsewhere.example.org is not a mail domain of organization ${ORG}: `))],
    Eve: ['replace', expect.stringMatching(new RegExp(`^Cannot replace user 'eve' \\(.+\\) by user 'eve-renamed' in organization ${ORG}: the address eve@${D} `
      + 'still belongs to the user being replaced'))],
  });
  expect(report.summary.failing).toBe(7);
  expect(calls.every((op) => /^(List|Describe|Get)/.test(op))).toBe(true);
  expect(count(calls, 'DescribeUser')).toBe(1); // alice, whose aliases change; new entities are told by the lists
  expect(formatPlan(report, 'text')).toContain('           FAILS: CreateUser failed for user \'zed\'');
});

/** The command line, run in-process, with the emulator allowing only reads. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  emulator.setAllowedOperations(READ_ONLY);
  try {
    const code = await main(['plan', '--endpoint', emulator.endpoint, '--state', stateFile, '--quiet', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    emulator.setAllowedOperations(undefined);
  }
}

test('text, markdown and json; --fail-on-destroy exits 4, a failing plan 1, a bad flag 2', async () => {
  const v2 = synthPlanApp(path.join(workdir, 'cli-v2'), 2);
  const failingApp = synthPlanApp(path.join(workdir, 'cli-failing'), 'failing');
  const text = await cli('--app', v2);
  expect(text.code).toBe(0);
  expect(text.out.split('\n')).toEqual(expect.arrayContaining([
    expect.stringMatching(/^replace  user eve2 {2}\(PlanTest\/Eve[0-9A-F]{8}\): name changed: the old user 'eve' is deleted, its mailbox and mail with it {2}\[DESTROYS A MAILBOX\]$/),
    '           name: eve → eve2',
    '           jobTitle: Queen → Explorer (changed by hand: put back)',
    '           members: (none) → alice (changed by hand: put back)',
    '           members: bob → (none)',
    '0 unchanged.',
  ]));
  expect(text.out.split('\n').pop()).toBe('2 to create, 1 to adopt, 4 to update, 2 to replace, 2 to delete, 1 retained');

  const markdown = await cli('--app', v2, '--format', 'markdown');
  const rows = markdown.out.split('\n').filter((l) => l.startsWith('| '));
  expect(markdown.out.split('\n')[0]).toBe('### WorkMail plan: 2 to create, 1 to adopt, 4 to update, 2 to replace, 2 to delete, 1 retained');
  expect(rows[0]).toBe('| | Action | Entity | Stack / logical id | Changes | Reason |');
  // Destructive first, marked.
  expect(rows[1]).toMatch(/^\| ⚠️ destroys a mailbox \| \*\*replace\*\* \| user `eve2` \| `PlanTest\/Eve[0-9A-F]{8}` \| name: eve → eve2 \| name changed: /);
  expect(rows[2]).toMatch(/^\| ⚠️ \| \*\*replace\*\* \| delegate `room` \|/);
  expect(rows[3]).toMatch(/^\| ⚠️ destroys a mailbox \| \*\*delete\*\* \| user `bob` \|/);
  expect(rows[4]).toMatch(/^\| ⚠️ \| \*\*delete\*\* \| delegate `room` \|/);
  expect(rows.slice(5).every((r) => r.startsWith('|  | '))).toBe(true);

  const json = await cli('--app', v2, '--format', 'json');
  const parsed = JSON.parse(json.out) as { actions: Array<Record<string, unknown>>; summary: Record<string, number> };
  expect(Object.keys(parsed)).toEqual(['actions', 'summary']);
  expect(parsed.summary).toEqual({ create: 2, adopt: 1, update: 4, replace: 2, delete: 2, retain: 1, unchanged: 0, failing: 0 });
  expect(parsed.actions.find((a) => a.name === 'frank')).toEqual({
    action: 'create',
    kind: 'user',
    name: 'frank',
    stack: 'PlanTest',
    logicalId: expect.stringMatching(/^Frank/),
    changes: [{ field: 'email', to: `frank@${D}` }],
    reason: `new mailbox frank@${D}`,
  });

  expect((await cli('--app', v2, '--fail-on-destroy')).code).toBe(4);
  const failing = await cli('--app', failingApp, '--fail-on-destroy');
  expect(failing.code).toBe(1);
  expect(failing.err).toBe('cdk-workmail: the deployment would fail (7 failing)');
  const usage = await cli('--app', v2, '--format', 'yaml');
  expect(usage).toMatchObject({ code: 2, err: "cdk-workmail: --format must be one of text, markdown, json, got 'yaml' (see cdk-workmail plan --help)" });
});

test('an app never deployed: its organization looked up by alias, references to its own new entities named', async () => {
  // An organization as the seed made it, nothing deployed.
  const fresh = await startEmulator({ seed: PLAN_SEED, allowedOperations: READ_ONLY });
  const freshClient = new WorkMailClient({ endpoint: fresh.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const never = path.join(workdir, 'never-deployed.json');
  const plan = (appDir: string) => planDeployment({ client: freshClient, appDir, deployed: { stateFile: never } });
  buildExampleApp(path.join(workdir, 'example')).synth();
  buildExampleApp(path.join(workdir, 'elsewhere'), { organizationAlias: 'nowhere' }).synth();
  let report: PlanReport;
  let lost: PlanReport;
  try {
    report = await plan(path.join(workdir, 'example'));
    expect(count(fresh.calls.map((c) => c.operation), 'ListOrganizations')).toBe(1);
    expect(fresh.calls.filter((c) => c.errorName !== undefined)).toEqual([]);
    lost = await plan(path.join(workdir, 'elsewhere'));
  } finally {
    freshClient.destroy();
    await fresh.close();
  }
  expect(brief(report).map(([action, kind, name]) => `${action} ${kind} ${name}`)).toEqual([
    'create user alice', 'create user bob', 'create user carol', 'create user support', 'create group all-staff', 'create group engineering',
    'create resource boardroom', 'create resource projector', 'create aliases alice', 'create aliases all-staff', 'create permissions support',
    'adopt user dana',
  ]);
  // New entities are named in the grants as the app declares them.
  expect(report.actions.find((a) => a.kind === 'permissions')!.changes).toEqual([
    { field: 'permissions of engineering', to: 'FULL_ACCESS, SEND_AS' }, { field: 'permissions of alice', to: 'SEND_ON_BEHALF' },
  ]);
  expect(report.actions.find((a) => a.kind === 'aliases' && a.name === 'alice')!.changes).toEqual([{ field: 'aliases', to: `a.liddell@${D}` }]);
  expect(report.actions.find((a) => a.name === 'dana')!.changes).toEqual([
    { field: 'displayName', from: 'Dana (made by hand)', to: 'Dana Scully' },
  ]);
  expect(report.summary).toMatchObject({ create: 11, adopt: 1, unchanged: 0, failing: 0 });
  expect(lost.actions.find((a) => a.kind === 'organization')).toMatchObject({
    action: 'create', name: 'nowhere', failure: "No WorkMail organization has the alias 'nowhere' in this account and region",
  });
});
