import * as fs from 'fs';
import * as path from 'path';
import { CfnDeletionPolicy, CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import { failure, runnerTestFile, summary, synthFixture, takeEvents } from './helpers';
import { deploy, destroy, readState } from '../../local/runner';

/** Failures: rollback of what the deploy did, the state file untouched, the handler's reason reported. */
const { dir, eventsFile, lines, options } = runnerTestFile('rollback');

test('a failed create rolls back the creates, in-place updates and replacements of the same deploy; the state is unchanged', async () => {
  const stateFile = path.join(dir, 'mixed.json');
  const v1 = synthFixture(path.join(dir, 'mixed-v1'), eventsFile, (s) => {
    s.resource('A', { Name: 'a', Id: 'a-1' });
    s.resource('B', { Name: 'b', Id: 'b-1' });
  });
  await deploy(options(v1, stateFile));
  takeEvents(eventsFile);
  const stateBefore = fs.readFileSync(stateFile, 'utf8');

  const v2 = synthFixture(path.join(dir, 'mixed-v2'), eventsFile, (s) => {
    s.resource('N', { Name: 'n' });
    s.resource('A', { Name: 'a', Id: 'a-1', Display: 'changed' });
    const b = s.resource('B', { Name: 'b', Id: 'b-2' });
    s.resource('F', { Name: 'f', After: b.getAttString('Upper'), FailOn: 'Create', FailMessage: 'F cannot be created: quota exceeded' });
  });
  // The exact order of a one-at-a-time run (N, A and B are independent).
  const error = await failure(deploy({ ...options(v2, stateFile), concurrency: 1 }));
  expect(error.logicalId).toBe('F');
  expect(error.rolledBack).toBe(true);
  expect(error.reason).toContain('F cannot be created: quota exceeded');
  expect(error.message).toBe('F failed: F cannot be created: quota exceeded');

  const events = takeEvents(eventsFile);
  // F's failed create is answered with the framework's marker id, whose Delete the framework never passes on.
  // B's replacement is rolled back with an Update on its new id; b-2 is deleted in the rollback cleanup phase.
  expect(summary(events)).toEqual(['Create N', 'Update A', 'Update B', 'Create F', 'Update B', 'Update A', 'Delete N', 'Delete B']);
  const [create, , , , revertB, revertA, deleteN, deleteB] = events;
  expect(revertB).toMatchObject({ PhysicalResourceId: 'b-2', ResourceProperties: { Id: 'b-1' }, OldResourceProperties: { Id: 'b-2' } });
  expect(deleteB).toMatchObject({ PhysicalResourceId: 'b-2', ResourceProperties: { Id: 'b-2' } });
  expect(revertA.PhysicalResourceId).toBe('a-1');
  expect(revertA.ResourceProperties).not.toHaveProperty('Display');
  expect(revertA.OldResourceProperties).toMatchObject({ Display: 'changed' });
  expect(deleteN.PhysicalResourceId).toBe(create.RequestId);

  expect(lines).toContain('CREATE_FAILED Custom::WorkMailThing F AWSCDK::CustomResourceProviderFramework::CREATE_FAILED F cannot be created: quota exceeded');
  expect(lines).toContain('DELETE_COMPLETE Custom::WorkMailThing F AWSCDK::CustomResourceProviderFramework::CREATE_FAILED');
  expect(lines[lines.length - 1]).toBe('UPDATE_ROLLBACK_COMPLETE AWS::CloudFormation::Stack RunnerTest');
  expect(fs.readFileSync(stateFile, 'utf8')).toBe(stateBefore);

  // Since the state is what it was, deploying v1 again is a no-op.
  await deploy(options(v1, stateFile));
  expect(takeEvents(eventsFile)).toEqual([]);
});

test('a failed update is rolled back itself, with an Update back to its old properties', async () => {
  const stateFile = path.join(dir, 'update.json');
  await deploy(options(synthFixture(path.join(dir, 'update-v1'), eventsFile, s => s.resource('A', { Name: 'a', Id: 'a-1' })), stateFile));
  takeEvents(eventsFile);
  const v2 = synthFixture(path.join(dir, 'update-v2'), eventsFile, s => s.resource('A', { Name: 'a', Id: 'a-1', FailOn: 'Update' }));
  const error = await failure(deploy(options(v2, stateFile)));
  expect(error.reason).toContain('asked to fail Update');
  const events = takeEvents(eventsFile);
  expect(summary(events)).toEqual(['Update A', 'Update A']);
  expect(events[1]).toMatchObject({ PhysicalResourceId: 'a-1', OldResourceProperties: { FailOn: 'Update' } });
  expect(events[1].ResourceProperties).not.toHaveProperty('FailOn');
  expect(readState(options(v2, stateFile))!.resources.A.properties).not.toHaveProperty('FailOn');
});

test('a failed first deploy deletes what it created and leaves no state', async () => {
  const stateFile = path.join(dir, 'first.json');
  const app = synthFixture(path.join(dir, 'first'), eventsFile, (s) => {
    const a = s.resource('A', { Name: 'a' });
    s.resource('B', { Name: 'b', Of: a.ref, FailOn: 'Create' });
  });
  const error = await failure(deploy(options(app, stateFile)));
  expect(error.logicalId).toBe('B');
  const events = takeEvents(eventsFile);
  expect(summary(events)).toEqual(['Create A', 'Create B', 'Delete A']);
  expect(events[2].PhysicalResourceId).toBe(events[0].RequestId);
  expect(lines).toContain('ROLLBACK_COMPLETE AWS::CloudFormation::Stack RunnerTest');
  expect(fs.existsSync(stateFile)).toBe(false);
});

test('rollback keeps a created resource whose DeletionPolicy is Retain, as CloudFormation does (RetainExceptOnCreate deletes it)', async () => {
  const app = synthFixture(path.join(dir, 'retain'), eventsFile, (s) => {
    s.resource('Kept', { Name: 'kept', Id: 'kept-1' }).applyRemovalPolicy(RemovalPolicy.RETAIN);
    (s.resource('Gone', { Name: 'gone', Id: 'gone-1' }).node.defaultChild as CfnResource).cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE;
    s.resource('Bad', { Name: 'bad', FailOn: 'Create' });
  });
  // The exact order of a one-at-a-time run (the three are independent).
  await failure(deploy({ ...options(app, path.join(dir, 'retain.json')), concurrency: 1 }));
  expect(summary(takeEvents(eventsFile))).toEqual(['Create Kept', 'Create Gone', 'Create Bad', 'Delete Gone']);
  expect(lines).toContain('DELETE_SKIPPED Custom::WorkMailThing Kept kept-1');
});

test('a response over CloudFormation\'s 4096 bytes fails the create, and the resource the handler made is deleted', async () => {
  const stateFile = path.join(dir, 'huge.json');
  const app = synthFixture(path.join(dir, 'huge'), eventsFile, s => s.resource('Big', { Name: 'big', Id: 'big-1', HugeData: true }));
  const error = await failure(deploy(options(app, stateFile)));
  expect(error.reason).toBe('Response object is too long.');
  const events = takeEvents(eventsFile);
  expect(summary(events)).toEqual(['Create Big', 'Delete Big']);
  expect(events[1].PhysicalResourceId).toBe('big-1');
});

test('a missing Data attribute fails the resource that reads it, naming the attribute', async () => {
  const stateFile = path.join(dir, 'attr.json');
  const app = synthFixture(path.join(dir, 'attr'), eventsFile, (s) => {
    const a = s.resource('A', { Name: 'a' });
    s.resource('B', { Name: 'b', Of: a.getAttString('NoSuchAttribute') });
  });
  const error = await failure(deploy(options(app, stateFile)));
  expect(error.logicalId).toBe('B');
  expect(error.reason).toMatch(/B \(Custom::WorkMailThing\): CustomResource attribute error: .* contains no Data attribute NoSuchAttribute \(it has: Name, Upper\)/);
  expect(summary(takeEvents(eventsFile))).toEqual(['Create A', 'Delete A']);
});

test('a failed cleanup delete is reported and skipped, as CloudFormation does; a failed destroy keeps what is left', async () => {
  const stateFile = path.join(dir, 'cleanup.json');
  await deploy(options(synthFixture(path.join(dir, 'cleanup-v1'), eventsFile, (s) => {
    const a = s.resource('A', { Name: 'a', Id: 'a-1' });
    s.resource('Stuck', { Name: 'stuck', FailOn: 'Delete', FailMessage: 'still in use' });
    s.resource('Child', { Name: 'child', Of: a.ref, FailOn: 'Delete', FailMessage: 'child is busy' });
  }), stateFile));
  takeEvents(eventsFile);

  const v2 = synthFixture(path.join(dir, 'cleanup-v2'), eventsFile, (s) => {
    const a = s.resource('A', { Name: 'a', Id: 'a-1' });
    s.resource('Child', { Name: 'child', Of: a.ref, FailOn: 'Delete', FailMessage: 'child is busy' });
  });
  const result = await deploy(options(v2, stateFile));
  expect(result.outcomes.find(o => o.logicalId === 'Stuck')).toMatchObject({ action: 'DELETE', error: 'Stuck: still in use' });
  expect(lines.some(l => l.startsWith('DELETE_FAILED Custom::WorkMailThing Stuck') && l.endsWith('still in use'))).toBe(true);
  expect(Object.keys(result.state.resources).filter(id => !id.startsWith('FixtureProvider'))).toEqual(['A', 'Child']);
  takeEvents(eventsFile);

  const error = await failure(destroy(options(v2, stateFile)));
  expect(error).toMatchObject({ logicalId: 'Child', rolledBack: false });
  expect(error.reason).toContain('child is busy');
  expect(summary(takeEvents(eventsFile))).toEqual(['Delete Child']);
  // The stack is in DELETE_FAILED: both resources are still there.
  expect(Object.keys(readState(options(v2, stateFile))!.resources).filter(id => !id.startsWith('FixtureProvider')).sort()).toEqual(['A', 'Child']);
});
