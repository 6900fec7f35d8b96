import * as path from 'path';
import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib';
import { failure, RecordedEvent, runnerTestFile, summary, synthFixture, takeEvents } from './helpers';
import { deploy, destroy, readState } from '../../local/runner';

/**
 * The stack status DescribeStacks answers while the events run, and the
 * rollback of a replacement as CloudFormation does it: an Update back on the
 * new id, then (if that answers another id) a Delete of the new id in the
 * rollback cleanup phase.
 */
const { dir, eventsFile, lines, options } = runnerTestFile('status');

/** `Type LogicalId status` of each event. */
function statuses(events: RecordedEvent[]): string[] {
  return events.map(e => `${e.RequestType} ${e.LogicalResourceId} ${e.stackStatus}`);
}

interface Version {
  /** A's Id property (its physical id), or none: the framework keeps the id it is sent. */
  readonly id?: string;
  readonly failAfter?: boolean;
  readonly retainReplaced?: boolean;
}

/** A (whose Id change is a replacement), then optionally F, which reads A and fails to be created. */
function synth(name: string, v: Version): string {
  return synthFixture(path.join(dir, name), eventsFile, (s) => {
    const a = s.resource('A', { Name: 'a', StatusBy: 'id', ...(v.id ? { Id: v.id } : {}) });
    if (v.retainReplaced) (a.node.defaultChild as CfnResource).cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    if (v.failAfter) s.resource('F', { Name: 'f', Of: a.getAttString('Upper'), StatusBy: 'name', FailOn: 'Create' });
  });
}

test('the handler reaches DescribeStacks through AWS_ENDPOINT_URL_CLOUDFORMATION, by StackId or stack name', async () => {
  const stateFile = path.join(dir, 'phases.json');
  await deploy(options(synth('phases-v1', { id: 'a-1' }), stateFile));
  const [create] = takeEvents(eventsFile);
  expect(create.env.AWS_ENDPOINT_URL_CLOUDFORMATION).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(create.env.AWS_ENDPOINT_URL_CLOUDFORMATION).not.toBe(create.env.AWS_ENDPOINT_URL_WORKMAIL);
  expect(create.stackStatus).toBe('CREATE_IN_PROGRESS');

  // A successful replacement: the Update in UPDATE_IN_PROGRESS, the old id's Delete in the cleanup phase.
  await deploy(options(synth('phases-v2', { id: 'a-2' }), stateFile));
  expect(statuses(takeEvents(eventsFile))).toEqual(['Update A UPDATE_IN_PROGRESS', 'Delete A UPDATE_COMPLETE_CLEANUP_IN_PROGRESS']);

  await destroy(options(synth('phases-v2', { id: 'a-2' }), stateFile));
  expect(statuses(takeEvents(eventsFile))).toEqual(['Delete A DELETE_IN_PROGRESS']);
});

test('DescribeStacks answers when the stack was created and when its latest update began, as the state file keeps them', async () => {
  const stateFile = path.join(dir, 'times.json');
  let now = Date.parse('2026-01-05T10:00:00.000Z');
  const clock = () => now;
  const v1 = synth('times-v1', { id: 'a-1' });
  const v2 = synth('times-v2', { id: 'a-2' });

  await deploy({ ...options(v1, stateFile), clock });
  expect(takeEvents(eventsFile).map(e => e.stackTimes)).toEqual([{ creationTime: '2026-01-05T10:00:00.000Z' }]);
  expect(readState(options(v1, stateFile))).toMatchObject({ creationTime: '2026-01-05T10:00:00.000Z' });
  expect(readState(options(v1, stateFile))!.lastUpdatedTime).toBeUndefined();

  now = Date.parse('2026-01-06T08:30:00.000Z');
  await deploy({ ...options(v2, stateFile), clock });
  const update = { creationTime: '2026-01-05T10:00:00.000Z', lastUpdatedTime: '2026-01-06T08:30:00.000Z' };
  // The Update and the cleanup phase's Delete of the old id belong to the same operation.
  expect(takeEvents(eventsFile).map(e => e.stackTimes)).toEqual([update, update]);
  expect(readState(options(v2, stateFile))).toMatchObject(update);

  now = Date.parse('2026-01-07T00:00:00.000Z');
  await destroy({ ...options(v2, stateFile), clock });
  // A stack delete changes neither.
  expect(takeEvents(eventsFile).map(e => e.stackTimes)).toEqual([update]);
});

test('a failed first deploy is rolled back in ROLLBACK_IN_PROGRESS', async () => {
  const stateFile = path.join(dir, 'first.json');
  await failure(deploy(options(synth('first', { id: 'a-1', failAfter: true }), stateFile)));
  expect(statuses(takeEvents(eventsFile))).toEqual([
    'Create A CREATE_IN_PROGRESS',
    'Create F CREATE_IN_PROGRESS',
    'Delete A ROLLBACK_IN_PROGRESS',
  ]);
});

test('a replacement is rolled back with an Update old ← new on the new id, and the new id is deleted in the rollback cleanup phase', async () => {
  const stateFile = path.join(dir, 'replaced.json');
  await deploy(options(synth('replaced-v1', { id: 'a-1' }), stateFile));
  takeEvents(eventsFile);

  const error = await failure(deploy(options(synth('replaced-v2', { id: 'a-2', failAfter: true }), stateFile)));
  expect(error).toMatchObject({ logicalId: 'F', rolledBack: true });
  const events = takeEvents(eventsFile);
  expect(statuses(events)).toEqual([
    'Update A UPDATE_IN_PROGRESS',
    'Create F UPDATE_IN_PROGRESS',
    'Update A UPDATE_ROLLBACK_IN_PROGRESS',
    'Delete A UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
  ]);
  const [, , revert, cleanup] = events;
  expect(revert).toMatchObject({ PhysicalResourceId: 'a-2', ResourceProperties: { Id: 'a-1' }, OldResourceProperties: { Id: 'a-2' } });
  expect(cleanup).toMatchObject({ PhysicalResourceId: 'a-2', ResourceProperties: { Id: 'a-2' } });
  expect(cleanup.OldResourceProperties).toBeUndefined();
  expect(lines).toContain('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS AWS::CloudFormation::Stack RunnerTest');
  expect(lines).toContain('DELETE_COMPLETE Custom::WorkMailThing A a-2');
  expect(lines[lines.length - 1]).toBe('UPDATE_ROLLBACK_COMPLETE AWS::CloudFormation::Stack RunnerTest');

  const state = readState(options(synth('replaced-v1', { id: 'a-1' }), stateFile))!;
  expect(state.resources.A).toMatchObject({ physicalId: 'a-1', properties: { Id: 'a-1' } });
});

test('UpdateReplacePolicy Retain keeps the new id of a rolled back replacement', async () => {
  const stateFile = path.join(dir, 'retained.json');
  await deploy(options(synth('retained-v1', { id: 'a-1', retainReplaced: true }), stateFile));
  takeEvents(eventsFile);

  await failure(deploy(options(synth('retained-v2', { id: 'a-2', failAfter: true, retainReplaced: true }), stateFile)));
  expect(summary(takeEvents(eventsFile))).toEqual(['Update A', 'Create F', 'Update A']);
  expect(lines).toContain('DELETE_SKIPPED Custom::WorkMailThing A a-2');
  expect(readState(options(synth('retained-v1', { id: 'a-1', retainReplaced: true }), stateFile))!.resources.A.physicalId).toBe('a-1');
});

test('a rollback Update that answers the new id keeps it: no cleanup Delete, and the state holds the new id', async () => {
  const stateFile = path.join(dir, 'kept.json');
  const v1 = synth('kept-v1', {});
  await deploy(options(v1, stateFile));
  takeEvents(eventsFile);

  await failure(deploy(options(synth('kept-v2', { id: 'a-2', failAfter: true }), stateFile)));
  const events = takeEvents(eventsFile);
  expect(summary(events)).toEqual(['Update A', 'Create F', 'Update A']);
  expect(events[2]).toMatchObject({ PhysicalResourceId: 'a-2', OldResourceProperties: { Id: 'a-2' } });
  expect(events[2].ResourceProperties).not.toHaveProperty('Id');
  expect(lines).not.toContain('UPDATE_ROLLBACK_FAILED AWS::CloudFormation::Stack RunnerTest');

  const state = readState(options(v1, stateFile))!;
  expect(state.resources.A.physicalId).toBe('a-2');
  expect(state.resources.A.properties).not.toHaveProperty('Id');

  // The next deploy of the same app is a no-op on the id the rollback answered; destroy deletes that id.
  await deploy(options(v1, stateFile));
  expect(takeEvents(eventsFile)).toEqual([]);
  await destroy(options(v1, stateFile));
  expect(takeEvents(eventsFile).map(e => e.PhysicalResourceId)).toEqual(['a-2']);
});
