import * as fs from 'fs';
import * as path from 'path';
import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { failure, FixtureScope, runnerTestFile, summary, synthFixture, takeEvents } from './helpers';
import { RunningEmulator, startEmulator } from '../../local/emulator';
import { deploy, destroy, LocalRunnerOptions, readState } from '../../local/runner';
import { evaluate } from '../../local/runner/iam-policy';

/**
 * IAM policies as deployed resources and IAM enforcement: the fixture handler calls WorkMail
 * (the emulator) through the runner's proxy, which lets through only what the policies deployed
 * at that moment allow the handler's role.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ORG_A = 'm-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const ORG_B = 'm-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const { dir, eventsFile, lines, options: baseOptions } = runnerTestFile('iam');
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    seed: {
      organizations: [
        { id: ORG_A, alias: 'org-a', defaultMailDomain: 'a.example.com', domains: ['a.example.com'] },
        { id: ORG_B, alias: 'org-b', defaultMailDomain: 'b.example.com', domains: ['b.example.com'] },
      ],
    },
  });
});
afterAll(async () => emulator?.close());

function options(app: string, stateFile: string): LocalRunnerOptions {
  return { ...baseOptions(app, path.join(dir, stateFile)), workmailEndpoint: emulator.endpoint };
}

/** For tests that assert the exact order of independent resources' events: one resource at a time, in template order. */
function inOrder(app: string, stateFile: string): LocalRunnerOptions {
  return { ...options(app, stateFile), concurrency: 1 };
}

function organizationArn(stack: Stack, organizationId: string): string {
  return stack.formatArn({ service: 'workmail', resource: 'organization', resourceName: organizationId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/** The grant of one organization in its own policy, attached to the handler's role, as the constructs make it. */
function organizationPolicy(s: FixtureScope, id: string, organizationId: string): iam.Policy {
  const policy = new iam.Policy(s.stack, id, {
    statements: [new iam.PolicyStatement({ actions: ['workmail:DescribeOrganization'], resources: [organizationArn(s.stack, organizationId)] })],
  });
  policy.attachToRole(s.handler.role!);
  return policy;
}

/** An entity of `organizationId` whose every event calls DescribeOrganization on it, after `policy` if given. */
function entity(s: FixtureScope, id: string, organizationId: string, policy?: iam.Policy, extra: Record<string, unknown> = {}) {
  const resource = s.resource(id, { Name: id.toLowerCase(), WorkMail: 'DescribeOrganization', OrganizationId: organizationId, ...extra });
  if (policy) resource.node.addDependency(policy);
  return resource;
}

/** `STATUS Type LogicalId` of the runner's lines about the given resources (logical ids without CDK's hash), for order assertions. */
function linesOf(...ids: string[]): string[] {
  return lines.map(l => l.split(' ').slice(0, 3)).map(([status, type, id]) => [status, type, id?.replace(/[0-9A-F]{8}$/, '')])
    .filter(([, , id]) => ids.includes(id)).map(parts => parts.join(' '));
}

interface Template {
  readonly Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

/** The names the runner gives the fixture handler's role and function (`<stack>-<logical id>`, as placeholders). */
function roleAndFunctionName(app: string) {
  const template = JSON.parse(fs.readFileSync(path.join(app, 'RunnerTest.template.json'), 'utf8')) as Template;
  const ids = Object.keys(template.Resources);
  const roleId = ids.find(id => id.startsWith('FixtureHandlerServiceRole') && template.Resources[id].Type === 'AWS::IAM::Role')!;
  const functionId = ids.find(id => /^FixtureHandler[0-9A-F]{8}$/.test(id))!;
  return { roleName: `RunnerTest-${roleId}`, functionName: `RunnerTest-${functionId}` };
}

test('an operation its policy grants works; one no policy grants fails with the service\'s AccessDeniedException as the handler\'s error', async () => {
  const app = synthFixture(path.join(dir, 'grant'), eventsFile, (s) => {
    const policyA = organizationPolicy(s, 'OrgAPolicy', ORG_A);
    entity(s, 'UserA', ORG_A, policyA);
    entity(s, 'UserB', ORG_B);
  });
  const callsBefore = emulator.calls.length;
  const error = await failure(deploy(inOrder(app, 'grant.json')));
  const { roleName, functionName } = roleAndFunctionName(app);
  expect(error.logicalId).toBe('UserB');
  expect(error.message).toBe(`UserB failed: DescribeOrganization on ${ORG_B}: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/` +
    `${roleName}/${functionName} is not authorized to perform: workmail:DescribeOrganization on resource: ` +
    `arn:aws:workmail:us-east-1:123456789012:organization/${ORG_B} because no identity-based policy allows the workmail:DescribeOrganization action`);
  const events = takeEvents(eventsFile);
  expect(events.map(e => `${e.RequestType} ${e.LogicalResourceId} ${e.workmail}`)).toEqual([
    'Create UserA ok',
    'Create UserB AccessDeniedException',
    // Rolled back: UserA is deleted while its policy still grants the call, then the policy goes.
    'Delete UserA ok',
  ]);
  expect(linesOf('OrgAPolicy', 'UserA')).toEqual([
    'CREATE_COMPLETE AWS::IAM::Policy OrgAPolicy',
    'CREATE_COMPLETE Custom::WorkMailThing UserA',
    'DELETE_COMPLETE Custom::WorkMailThing UserA',
    'DELETE_COMPLETE AWS::IAM::Policy OrgAPolicy',
  ]);
  // The denied call never reached WorkMail: only UserA's two calls did.
  expect(emulator.calls.slice(callsBefore).map(c => `${c.operation} ${c.status}`)).toEqual(['DescribeOrganization 200', 'DescribeOrganization 200']);

  // The same app with enforcement off: nothing is checked.
  const result = await deploy({ ...options(app, 'grant-off.json'), enforceIam: false });
  expect(result.outcomes.find(o => o.logicalId === 'UserB')).toMatchObject({ action: 'CREATE' });
});

test('removing every entity of an organization in one deployment: the cleanup deletes the entities (still granted) before their policy', async () => {
  const build = (withA: boolean) => (s: FixtureScope) => {
    if (withA) {
      const policyA = organizationPolicy(s, 'OrgAPolicy', ORG_A);
      entity(s, 'UserA1', ORG_A, policyA);
      entity(s, 'UserA2', ORG_A, policyA);
    }
    entity(s, 'UserB', ORG_B, organizationPolicy(s, 'OrgBPolicy', ORG_B));
  };
  const v1 = synthFixture(path.join(dir, 'remove-v1'), eventsFile, build(true));
  await deploy(inOrder(v1, 'remove.json'));
  expect(linesOf('OrgAPolicy', 'UserA1', 'UserA2')).toEqual([
    'CREATE_COMPLETE AWS::IAM::Policy OrgAPolicy',
    'CREATE_COMPLETE Custom::WorkMailThing UserA1',
    'CREATE_COMPLETE Custom::WorkMailThing UserA2',
  ]);
  expect(readState(options(v1, 'remove.json'))!.resources.UserA1.dependsOn.some(d => d.startsWith('OrgAPolicy'))).toBe(true);
  takeEvents(eventsFile);
  lines.length = 0;

  const v2 = synthFixture(path.join(dir, 'remove-v2'), eventsFile, build(false));
  const result = await deploy(inOrder(v2, 'remove.json'));
  expect(takeEvents(eventsFile).map(e => `${e.RequestType} ${e.LogicalResourceId} ${e.workmail}`)).toEqual([
    'Delete UserA2 ok',
    'Delete UserA1 ok',
  ]);
  expect(linesOf('OrgAPolicy', 'UserA1', 'UserA2')).toEqual([
    'DELETE_COMPLETE Custom::WorkMailThing UserA2',
    'DELETE_COMPLETE Custom::WorkMailThing UserA1',
    'DELETE_COMPLETE AWS::IAM::Policy OrgAPolicy',
  ]);
  expect(result.outcomes.filter(o => o.action === 'DELETE').map(o => [o.logicalId.replace(/[0-9A-F]{8}$/, ''), o.error])).toEqual([
    ['OrgAPolicy', undefined], ['UserA1', undefined], ['UserA2', undefined],
  ]);
  expect(Object.keys(result.state.resources).filter(id => id.startsWith('OrgAPolicy'))).toEqual([]);

  // Destroy: the entity before its policy, and its Delete is still granted.
  lines.length = 0;
  await destroy(options(v2, 'remove.json'));
  expect(takeEvents(eventsFile).map(e => `${e.RequestType} ${e.LogicalResourceId} ${e.workmail}`)).toEqual(['Delete UserB ok']);
  expect(linesOf('OrgBPolicy', 'UserB')).toEqual([
    'DELETE_COMPLETE Custom::WorkMailThing UserB',
    'DELETE_COMPLETE AWS::IAM::Policy OrgBPolicy',
  ]);
});

test('a policy\'s update applies in dependency order and is undone by the rollback before the entities that needed it', async () => {
  const build = (grantB: boolean, fail: boolean) => (s: FixtureScope) => {
    const policy = new iam.Policy(s.stack, 'SharedPolicy', {
      statements: [new iam.PolicyStatement({
        actions: ['workmail:DescribeOrganization'],
        resources: [organizationArn(s.stack, ORG_A), ...(grantB ? [organizationArn(s.stack, ORG_B)] : [])],
      })],
    });
    policy.attachToRole(s.handler.role!);
    entity(s, 'UserA', ORG_A, policy);
    if (grantB) entity(s, 'UserB', ORG_B, policy);
    if (fail) entity(s, 'Failing', ORG_A, policy, { FailOn: 'Create' });
  };
  await deploy(options(synthFixture(path.join(dir, 'update-v1'), eventsFile, build(false, false)), 'update.json'));
  takeEvents(eventsFile);
  lines.length = 0;

  await failure(deploy(inOrder(synthFixture(path.join(dir, 'update-v2'), eventsFile, build(true, true)), 'update.json')));
  expect(takeEvents(eventsFile).map(e => `${e.RequestType} ${e.LogicalResourceId} ${e.workmail}`)).toEqual([
    'Create UserB ok',
    'Create Failing ok',
    'Delete UserB ok',
  ]);
  expect(linesOf('SharedPolicy', 'UserB')).toEqual([
    'UPDATE_COMPLETE AWS::IAM::Policy SharedPolicy',
    'CREATE_COMPLETE Custom::WorkMailThing UserB',
    'DELETE_COMPLETE Custom::WorkMailThing UserB',
    'UPDATE_COMPLETE AWS::IAM::Policy SharedPolicy',
  ]);
});

test('the role\'s inline Policies count; a Deny wins; a handler whose role is not in the template needs enforcement off', async () => {
  const app = synthFixture(path.join(dir, 'inline'), eventsFile, (s) => {
    const role = s.handler.role!.node.defaultChild as iam.CfnRole;
    role.policies = [{
      policyName: 'inline',
      policyDocument: {
        Statement: [
          { Effect: 'Allow', Action: 'WorkMail:Describe*', Resource: organizationArn(s.stack, '*') },
          { Effect: 'Deny', Action: 'workmail:DescribeOrganization', Resource: organizationArn(s.stack, ORG_B) },
        ],
      },
    }];
    entity(s, 'UserA', ORG_A);
    entity(s, 'UserB', ORG_B);
  });
  const error = await failure(deploy(inOrder(app, 'inline.json')));
  expect(summary(takeEvents(eventsFile))).toEqual(['Create UserA', 'Create UserB', 'Delete UserA']);
  expect(error.reason).toMatch(new RegExp(`not authorized to perform: workmail:DescribeOrganization on resource: .*${ORG_B} ` +
    'with an explicit deny in an identity-based policy'));

  // A handler whose role is imported (an ARN): the runner cannot know its policies.
  const imported = synthFixture(path.join(dir, 'imported'), eventsFile, s => s.resource('A', { Name: 'a' }));
  const templateFile = path.join(imported, 'RunnerTest.template.json');
  const template = JSON.parse(fs.readFileSync(templateFile, 'utf8')) as Template;
  const handlerId = Object.keys(template.Resources).find(id => /^FixtureHandler[0-9A-F]{8}$/.test(id))!;
  template.Resources[handlerId].Properties.Role = 'arn:aws:iam::123456789012:role/elsewhere';
  fs.writeFileSync(templateFile, JSON.stringify(template));
  await expect(deploy(options(imported, 'imported.json'))).rejects.toThrow(
    new RegExp(`${handlerId}: its Role is not Fn::GetAtt of an AWS::IAM::Role of this template.*enforceIam: false, --no-iam`),
  );
  expect(takeEvents(eventsFile)).toEqual([]);
  expect((await deploy({ ...options(imported, 'imported.json'), enforceIam: false })).outcomes.find(o => o.logicalId === 'A'))
    .toMatchObject({ action: 'CREATE' });
});

test('policy evaluation: wildcards, case of actions, NotAction/NotResource, Condition, explicit Deny', () => {
  const arnA = `arn:aws:workmail:us-east-1:123456789012:organization/${ORG_A}`;
  const request = { action: 'workmail:DeleteUser', resource: arnA };
  const allow = (statement: Record<string, unknown>) => evaluate([{ Statement: { Effect: 'Allow', ...statement } }], request);
  expect(allow({ Action: 'WORKMAIL:delete*', Resource: 'arn:aws:workmail:*:123456789012:organization/m-????????????????????????????????' })).toBe('allow');
  expect(allow({ Action: ['workmail:DeleteGroup', 'workmail:Delete?ser'], Resource: '*' })).toBe('allow');
  expect(allow({ Action: 'workmail:DeleteUser', Resource: arnA.toUpperCase() })).toBe('implicit-deny');
  expect(allow({ Action: 'workmail:Delete', Resource: '*' })).toBe('implicit-deny');
  expect(allow({ NotAction: 'workmail:Create*', Resource: arnA })).toBe('allow');
  expect(allow({ NotAction: 'workmail:Delete*', Resource: arnA })).toBe('implicit-deny');
  expect(allow({ Action: '*', NotResource: `${arnA.slice(0, -1)}*` })).toBe('implicit-deny');
  // A condition is not evaluated: the statement does not apply.
  expect(allow({ Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } })).toBe('implicit-deny');
  expect(evaluate([
    { Statement: [{ Effect: 'Allow', Action: 'workmail:*', Resource: '*' }] },
    { Statement: [{ Effect: 'Deny', Action: 'workmail:DeleteUser', Resource: arnA }] },
  ], request)).toBe('explicit-deny');
  expect(evaluate([undefined, { Statement: [] }], request)).toBe('implicit-deny');
});
