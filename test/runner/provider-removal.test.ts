import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, NestedStack, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { failure, runnerTestFile } from './helpers';
import { RunningEmulator, startEmulator } from '../../local/emulator';
import { deploy, destroy, LocalEventRecord, LocalRunnerOptions, readState } from '../../local/runner';
import { WorkMailGroup, WorkMailOrganization, WorkMailUser } from '../../src';

/**
 * A deploy that removes a stack's last WorkMail resources removes the provider with them: its
 * functions are no longer in the new template. As CloudFormation does, the cleanup phase still
 * sends their Deletes to the provider of the template they were deployed with (kept in the state),
 * before that provider's own resources (its role's policy) go; a destroy runs the deployed
 * template's provider whatever the app holds now.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ORG = 'm-0123456789abcdef0123456789abcdef';
const DOMAIN = 'acme.example.com';
const { dir, lines, options: baseOptions } = runnerTestFile('provider-removal');
let emulator: RunningEmulator;
let events: LocalEventRecord[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: { organizations: [{ id: ORG, alias: 'acme', defaultMailDomain: DOMAIN, domains: [DOMAIN] }] } });
});
afterAll(async () => emulator?.close());
beforeEach(() => {
  events = [];
});

function options(app: string, stateFile: string): LocalRunnerOptions {
  return { ...baseOptions(app, path.join(dir, stateFile)), workmailEndpoint: emulator.endpoint, onEvent: e => events.push(e) };
}

interface Entities {
  /** User names, each with its removal policy (default DESTROY). */
  readonly users?: Record<string, RemovalPolicy>;
  /** A group of every user, removed with the stack. */
  readonly group?: string;
  /** Declare them in a nested stack of their own (which then holds the provider too). */
  readonly nested?: boolean;
  /** Add a resource whose create fails (a secret with both a SecretString and a GenerateSecretString). */
  readonly failing?: boolean;
}

/** The app "Leak" at one version: the entities declared, or none at all (no provider in the template). */
function synth(name: string, entities: Entities = {}): string {
  const outdir = path.join(dir, name);
  // The built-in template validation costs seconds and warns about a stack without resources.
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Leak');
  const scope: Construct = entities.nested ? new NestedStack(stack, 'Directory') : stack;
  const users = Object.entries(entities.users ?? {});
  if (users.length > 0) {
    const organization = WorkMailOrganization.fromOrganizationId(scope, 'Org', ORG);
    const declared = users.map(([user, removalPolicy]) =>
      new WorkMailUser(scope, `User-${user}`, { organization, name: user, email: `${user}@${DOMAIN}`, removalPolicy }));
    if (entities.group) {
      new WorkMailGroup(scope, 'Group', {
        organization, name: entities.group, email: `${entities.group}@${DOMAIN}`, members: declared, removalPolicy: RemovalPolicy.DESTROY,
      });
    }
  }
  if (entities.failing) {
    new CfnResource(stack, 'BrokenSecret', { type: 'AWS::SecretsManager::Secret', properties: { SecretString: 'x', GenerateSecretString: {} } });
  }
  app.synth();
  return outdir;
}

const organization = () => emulator.seed().organizations[0];
/** Each test declares entities of its own names (a retained user stays for the tests after it). */
const userNames = () => (organization().users ?? []).map(u => u.name).sort();
const groupNames = () => (organization().groups ?? []).map(g => g.name).sort();
const liveOf = (user: string, group: string) => ({ users: userNames().filter(n => n === user), groups: groupNames().filter(n => n === group) });
/** `RequestType type status` of the requests the providers answered. */
const answered = () => events.filter(e => e.phase === 'end').map(e => `${e.requestType} ${e.resourceType} ${e.status}`);

test('removing the only user removes the provider with it: the Delete still reaches the handler, the user is gone', async () => {
  const v1 = await deploy(options(synth('user-v1', { users: { alice: RemovalPolicy.DESTROY } }), 'user.json'));
  expect(liveOf('alice', '').users).toEqual(['alice']);
  // The state keeps the provider's functions, not the entities' resources.
  const kept = Object.values(v1.state.providers!.template.Resources!).map(r => r.Type);
  expect(kept).toContain('AWS::Lambda::Function');
  expect(kept.filter(t => t.startsWith('Custom::'))).toEqual([]);
  events = [];

  const { outcomes, state } = await deploy(options(synth('user-v2'), 'user.json'));
  expect(answered()).toEqual(['Delete Custom::WorkMailUser SUCCESS']);
  const user = outcomes.find(o => o.type === 'Custom::WorkMailUser')!;
  expect(user).toMatchObject({ action: 'DELETE' });
  expect(user.error).toBeUndefined();
  expect(outcomes.filter(o => o.error !== undefined)).toEqual([]);
  expect(lines.filter(l => l.startsWith('DELETE_FAILED'))).toEqual([]);
  expect(liveOf('alice', '').users).toEqual([]);
  // The user went before its handler's role policy (IAM enforcement: the policy still granted the calls).
  const deleted = lines.filter(l => l.startsWith('DELETE_COMPLETE')).map(l => l.split(' ')[1]);
  expect(deleted.indexOf('Custom::WorkMailUser')).toBeLessThan(deleted.lastIndexOf('AWS::IAM::Policy'));
  expect(deleted.indexOf('AWS::IAM::Policy')).toBeGreaterThanOrEqual(0);
  expect(state.resources).toEqual({});
  expect(state.secrets).toEqual([]);
  expect(state.providers!.template.Resources).toEqual({});

  events = [];
  expect(await destroy(options(synth('user-v2'), 'user.json'))).toEqual([]);
  expect(answered()).toEqual([]);
  expect(fs.existsSync(path.join(dir, 'user.json'))).toBe(false);
});

test('removing a group and its member deletes the group first, then the user, through the removed provider', async () => {
  await deploy(options(synth('group-v1', { users: { bob: RemovalPolicy.DESTROY }, group: 'team' }), 'group.json'));
  expect(liveOf('bob', 'team')).toEqual({ users: ['bob'], groups: ['team'] });
  events = [];

  const { outcomes, state } = await deploy(options(synth('group-v2'), 'group.json'));
  expect(answered()).toEqual(['Delete Custom::WorkMailGroup SUCCESS', 'Delete Custom::WorkMailUser SUCCESS']);
  expect(outcomes.filter(o => o.type.startsWith('Custom::')).map(o => `${o.action} ${o.type} ${o.error ?? ''}`).sort())
    .toEqual(['DELETE Custom::WorkMailGroup ', 'DELETE Custom::WorkMailUser ']);
  expect(lines.filter(l => l.startsWith('DELETE_FAILED'))).toEqual([]);
  expect(liveOf('bob', 'team')).toEqual({ users: [], groups: [] });
  expect(state.resources).toEqual({});

  await destroy(options(synth('group-v2'), 'group.json'));
  expect(fs.existsSync(path.join(dir, 'group.json'))).toBe(false);
});

test('a RETAIN user outlives the removal of the provider: no Delete, the user stays, the state forgets it', async () => {
  await deploy(options(synth('retain-v1', { users: { carol: RemovalPolicy.RETAIN, dan: RemovalPolicy.DESTROY } }), 'retain.json'));
  expect(userNames()).toEqual(expect.arrayContaining(['carol', 'dan']));
  events = [];

  const { outcomes, state } = await deploy(options(synth('retain-v2'), 'retain.json'));
  expect(answered()).toEqual(['Delete Custom::WorkMailUser SUCCESS']);
  expect(outcomes.filter(o => o.type === 'Custom::WorkMailUser').map(o => o.action).sort()).toEqual(['DELETE', 'RETAIN']);
  expect(lines.filter(l => l.startsWith('DELETE_FAILED'))).toEqual([]);
  expect(lines.filter(l => l.startsWith('DELETE_SKIPPED Custom::WorkMailUser'))).toHaveLength(1);
  expect(liveOf('carol', '').users).toEqual(['carol']);
  expect(liveOf('dan', '').users).toEqual([]);
  expect(state.resources).toEqual({});
  await destroy(options(synth('retain-v2'), 'retain.json'));
  expect(liveOf('carol', '').users).toEqual(['carol']);
});

test('a destroy runs the deployed provider, also when the app no longer holds it', async () => {
  await deploy(options(synth('destroy-v1', { users: { erin: RemovalPolicy.DESTROY } }), 'destroy.json'));
  expect(userNames()).toContain('erin');
  events = [];

  const outcomes = await destroy(options(synth('destroy-v2'), 'destroy.json'));
  expect(answered()).toEqual(['Delete Custom::WorkMailUser SUCCESS']);
  expect(outcomes.find(o => o.type === 'Custom::WorkMailUser')).toMatchObject({ action: 'DELETE' });
  expect(userNames()).not.toContain('erin');
  expect(fs.existsSync(path.join(dir, 'destroy.json'))).toBe(false);
});

test('a failed update that removed the provider rolls back leaving the user and the kept provider; the next deploy removes the user', async () => {
  const v1 = synth('rollback-v1', { users: { fay: RemovalPolicy.DESTROY } });
  await deploy(options(v1, 'rollback.json'));
  const before = readState(options(v1, 'rollback.json'))!;
  events = [];

  const error = await failure(deploy(options(synth('rollback-v2', { failing: true }), 'rollback.json')));
  expect(error.logicalId).toBe('BrokenSecret');
  expect(error.rolledBack).toBe(true);
  // The removed user is deleted only in the cleanup phase of a deploy that succeeded.
  expect(answered()).toEqual([]);
  expect(userNames()).toContain('fay');
  expect(readState(options(v1, 'rollback.json'))).toEqual(before);

  const { state } = await deploy(options(synth('rollback-v3'), 'rollback.json'));
  expect(answered()).toEqual(['Delete Custom::WorkMailUser SUCCESS']);
  expect(userNames()).not.toContain('fay');
  expect(state.resources).toEqual({});
});

test('removing a nested stack that holds the provider and its entities deletes them through that provider', async () => {
  const v1 = await deploy(options(synth('nested-v1', { users: { gus: RemovalPolicy.DESTROY }, group: 'crew', nested: true }), 'nested.json'));
  const functions = Object.entries(v1.state.providers!.template.Resources!).filter(([, r]) => r.Type === 'AWS::Lambda::Function').map(([id]) => id);
  // The provider (framework and handler functions) is the nested stack's own.
  expect(functions).toHaveLength(2);
  for (const id of functions) expect(id).toMatch(/^DirectoryNestedStackDirectoryNestedStackResource[0-9A-F]{8}\//);
  expect(liveOf('gus', 'crew')).toEqual({ users: ['gus'], groups: ['crew'] });
  events = [];

  const { state } = await deploy(options(synth('nested-v2'), 'nested.json'));
  expect(answered()).toEqual(['Delete Custom::WorkMailGroup SUCCESS', 'Delete Custom::WorkMailUser SUCCESS']);
  expect(lines.filter(l => l.startsWith('DELETE_FAILED'))).toEqual([]);
  expect(liveOf('gus', 'crew')).toEqual({ users: [], groups: [] });
  expect(state.resources).toEqual({});
});
