import * as fs from 'fs';
import * as path from 'path';
import { CfnDeletionPolicy, CfnResource, Fn, RemovalPolicy } from 'aws-cdk-lib';
import { summary, synthFixture, takeEvents, workdir } from './helpers';
import { deploy, destroy, LocalRunnerOptions, readState } from '../../local/runner';

/**
 * Deploy → no-op → update in place → replacement → removal → destroy, through
 * the real provider framework and a recording test handler.
 */
const ENDPOINT = 'http://127.0.0.1:4599';
const w = workdir('lifecycle');
const eventsFile = path.join(w.dir, 'events.jsonl');
const stateFile = path.join(w.dir, 'state', 'RunnerTest.json');
let lines: string[] = [];

afterAll(() => w.cleanup());
beforeEach(() => {
  lines = [];
  takeEvents(eventsFile);
});

function options(cloudAssemblyDir: string): LocalRunnerOptions {
  return { cloudAssemblyDir, stateFile, workmailEndpoint: ENDPOINT, log: line => lines.push(line) };
}

interface Version {
  readonly aliceId: string;
  readonly aliceDisplay?: string;
  readonly keeperId: string;
  readonly withLater: boolean;
  readonly withRoom: boolean;
}

/** The app at a given version; construct order deliberately differs from dependency order. */
function synth(name: string, v: Version): string {
  return synthFixture(path.join(w.dir, name), eventsFile, (s) => {
    const later = v.withLater ? s.resource('Later', { Name: 'later' }) : undefined;
    const alice = s.resource('Alice', {
      Name: 'alice',
      Id: v.aliceId,
      Enabled: true,
      Quota: 42,
      Tags: ['a', 1, false],
      Nested: { Flag: true },
      ...(v.aliceDisplay ? { Display: v.aliceDisplay } : {}),
    });
    later?.node.addDependency(alice);
    s.resource('Group', {
      Name: 'group',
      Member: alice.getAttString('Upper'),
      Joined: Fn.join('/', [alice.ref, alice.getAttString('Name')]),
      Selected: Fn.select(1, Fn.split('-', alice.ref)),
      Sub: Fn.sub('${Alice.Upper}@${AWS::Region}'),
    });
    if (v.withRoom) {
      s.resource('Room', { Name: 'room', Id: 'room-1' }).applyRemovalPolicy(RemovalPolicy.RETAIN);
    }
    const keeper = s.resource('Keeper', { Name: 'keeper', Id: v.keeperId });
    (keeper.node.defaultChild as CfnResource).cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    s.resource('Vault', { Name: 'vault' }).applyRemovalPolicy(RemovalPolicy.RETAIN);
  });
}

const V1: Version = { aliceId: 'alice-v1', keeperId: 'keeper-1', withLater: true, withRoom: true };

test('first deploy creates in dependency order, with CloudFormation-shaped events and string properties', async () => {
  const result = await deploy(options(synth('v1', V1)));
  const events = takeEvents(eventsFile);

  // Later is declared first but depends on Alice; Group reads Alice's attributes.
  const order = summary(events);
  expect(order).toHaveLength(6);
  expect(order.indexOf('Create Alice')).toBeLessThan(order.indexOf('Create Later'));
  expect(order.indexOf('Create Alice')).toBeLessThan(order.indexOf('Create Group'));
  expect(events.every(e => e.RequestType === 'Create')).toBe(true);

  const alice = events.find(e => e.LogicalResourceId === 'Alice')!;
  expect(alice.ResourceType).toBe('Custom::WorkMailThing');
  expect(alice.ServiceToken).toMatch(/^arn:aws:lambda:us-east-1:123456789012:function:RunnerTest-FixtureProviderframeworkonEvent/);
  expect(alice.ResourceProperties).toEqual({
    ServiceToken: alice.ServiceToken,
    Name: 'alice',
    Id: 'alice-v1',
    Enabled: 'true',
    Quota: '42',
    Tags: ['a', '1', 'false'],
    Nested: { Flag: 'true' },
  });
  expect(alice.ResponseURL).toMatch(/^https:\/\/cloudformation-custom-resource-response-useast1\.s3\.amazonaws\.com\/.+\?/);
  expect(alice.StackId).toMatch(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/RunnerTest\/[0-9a-f-]{36}$/);
  expect(alice.RequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(alice.PhysicalResourceId).toBeUndefined();
  expect(alice.OldResourceProperties).toBeUndefined();
  // The handler runs with its template environment and the local endpoints, not the framework's.
  expect(alice.env).toEqual({
    FIXTURE_LABEL: 'from-template',
    AWS_REGION: 'us-east-1',
    // The IAM-enforcing proxy in front of ENDPOINT.
    AWS_ENDPOINT_URL_WORKMAIL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    AWS_ENDPOINT_URL_CLOUDFORMATION: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
  });
  expect(alice.functionName).toMatch(/^RunnerTest-FixtureHandler/);

  // Fn::GetAtt, Fn::Join, Fn::Select/Fn::Split and Fn::Sub across resources.
  const group = events.find(e => e.LogicalResourceId === 'Group')!;
  expect(group.ResourceProperties).toMatchObject({
    Member: 'ALICE', Joined: 'alice-v1/alice', Selected: 'v1', Sub: 'ALICE@us-east-1',
  });

  // A handler that returns no id gets the RequestId (the framework's default).
  const outcomes = Object.fromEntries(result.outcomes.map(o => [o.logicalId, o]));
  expect(outcomes.Alice).toEqual({
    logicalId: 'Alice', type: 'Custom::WorkMailThing', action: 'CREATE', physicalId: 'alice-v1', data: { Name: 'alice', Upper: 'ALICE' },
  });
  expect(outcomes.Group.physicalId).toBe(group.RequestId);
  expect(lines).toContain('CREATE_COMPLETE Custom::WorkMailThing Alice alice-v1');
  // The framework's role policy (it may invoke the handler) is deployed first: the framework function depends on it.
  expect(lines[0]).toMatch(/^CREATE_COMPLETE AWS::IAM::Policy FixtureProviderframeworkonEventServiceRoleDefaultPolicy\w+ RunnerTest-FixtureProvider/);
  expect(lines).toHaveLength(7);

  // The state: written 0600, readable back, the same as returned.
  expect(fs.statSync(stateFile).mode % 0o1000).toBe(0o600);
  expect(readState(options(path.join(w.dir, 'v1')))).toEqual(result.state);
  // Through the framework function (not deployed), every custom resource depends on the framework's role policy.
  expect(result.state.resources.Group.physicalId).toBe(group.RequestId);
  expect(result.state.resources.Group.dependsOn).toEqual([expect.stringMatching(/^FixtureProviderframeworkonEventServiceRoleDefaultPolicy/), 'Alice']);
});

test('a second deploy of the same app sends no event', async () => {
  const result = await deploy(options(synth('v1-again', V1)));
  expect(takeEvents(eventsFile)).toEqual([]);
  expect(lines).toEqual([]);
  expect(result.outcomes.map(o => o.action)).toEqual(['NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE', 'NONE']);
});

test('a changed property is an Update in place with the old properties; dependents whose inputs did not change get nothing', async () => {
  const result = await deploy(options(synth('v2', { ...V1, aliceDisplay: 'Alice L.' })));
  const events = takeEvents(eventsFile);
  expect(summary(events)).toEqual(['Update Alice']);
  const [update] = events;
  expect(update.PhysicalResourceId).toBe('alice-v1');
  expect(update.ResourceProperties).toMatchObject({ Display: 'Alice L.', Id: 'alice-v1' });
  expect(update.OldResourceProperties).not.toHaveProperty('Display');
  expect(update.OldResourceProperties).toMatchObject({ Name: 'alice', Quota: '42', ServiceToken: update.ServiceToken });
  expect(result.outcomes.find(o => o.logicalId === 'Alice')!.action).toBe('UPDATE');
  expect(lines).toEqual(['UPDATE_COMPLETE Custom::WorkMailThing Alice alice-v1']);
});

test('a new physical id is a replacement: dependents update first, then the old id is deleted with the old properties', async () => {
  const result = await deploy(options(synth('v3', { ...V1, aliceDisplay: 'Alice L.', aliceId: 'alice-v2' })));
  const events = takeEvents(eventsFile);
  expect(summary(events)).toEqual(['Update Alice', 'Update Group', 'Delete Alice']);
  const [, group, cleanup] = events;
  expect(group.ResourceProperties).toMatchObject({ Joined: 'alice-v2/alice', Selected: 'v2' });
  expect(group.OldResourceProperties).toMatchObject({ Joined: 'alice-v1/alice', Selected: 'v1' });
  expect(cleanup.PhysicalResourceId).toBe('alice-v1');
  expect(cleanup.ResourceProperties).toMatchObject({ Id: 'alice-v1', Display: 'Alice L.' });
  expect(result.outcomes.find(o => o.logicalId === 'Alice')).toMatchObject({
    action: 'REPLACE', physicalId: 'alice-v2', replaced: { physicalId: 'alice-v1', action: 'DELETE' },
  });
  expect(result.state.resources.Alice.physicalId).toBe('alice-v2');
});

test('UpdateReplacePolicy Retain keeps the replaced resource; removed resources are deleted unless DeletionPolicy is Retain', async () => {
  const before = readState(options(path.join(w.dir, 'v3')))!;
  const result = await deploy(options(synth('v4', {
    aliceId: 'alice-v2', aliceDisplay: 'Alice L.', keeperId: 'keeper-2', withLater: false, withRoom: false,
  })));
  const events = takeEvents(eventsFile);
  expect(summary(events)).toEqual(['Update Keeper', 'Delete Later']);
  expect(events[1].PhysicalResourceId).toBe(before.resources.Later.physicalId);
  expect(events[1].ResourceProperties).toEqual(before.resources.Later.properties);

  const outcomes = Object.fromEntries(result.outcomes.map(o => [o.logicalId, o]));
  expect(outcomes.Keeper).toMatchObject({ action: 'REPLACE', physicalId: 'keeper-2', replaced: { physicalId: 'keeper-1', action: 'RETAIN' } });
  expect(outcomes.Later).toMatchObject({ action: 'DELETE', physicalId: before.resources.Later.physicalId });
  expect(outcomes.Room).toMatchObject({ action: 'RETAIN', physicalId: 'room-1' });
  expect(lines).toContain('DELETE_SKIPPED Custom::WorkMailThing Keeper keeper-1');
  expect(lines).toContain('DELETE_SKIPPED Custom::WorkMailThing Room room-1');
  expect(Object.keys(result.state.resources).filter(id => !id.startsWith('FixtureProvider')).sort()).toEqual(['Alice', 'Group', 'Keeper', 'Vault']);
});

test('destroy deletes in reverse dependency order, skips DeletionPolicy Retain and removes the state', async () => {
  const state = readState(options(path.join(w.dir, 'v4')))!;
  const outcomes = await destroy(options(path.join(w.dir, 'v4')));
  const events = takeEvents(eventsFile);
  expect(summary(events).sort()).toEqual(['Delete Alice', 'Delete Group', 'Delete Keeper']);
  expect(summary(events).indexOf('Delete Group')).toBeLessThan(summary(events).indexOf('Delete Alice'));
  expect(events.find(e => e.LogicalResourceId === 'Alice')).toMatchObject({
    PhysicalResourceId: 'alice-v2', ResourceProperties: state.resources.Alice.properties,
  });
  expect(outcomes.find(o => o.logicalId === 'Vault')).toMatchObject({ action: 'RETAIN' });
  expect(lines).toContain(`DELETE_SKIPPED Custom::WorkMailThing Vault ${state.resources.Vault.physicalId}`);
  expect(fs.existsSync(stateFile)).toBe(false);
  expect(readState(options(path.join(w.dir, 'v4')))).toBeUndefined();
  // Nothing left: a second destroy has nothing to do.
  expect(await destroy(options(path.join(w.dir, 'v4')))).toEqual([]);
});
