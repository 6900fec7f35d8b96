import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { RunningEmulator, SeedOrganization, startEmulator } from '../../local/emulator';
import { deploy, destroy, DeployResult, LocalDeployError, LocalEventRecord, LocalRunnerOptions, readState } from '../../local/runner';
import { reversePlan } from '../../local/runner/ordering';
import { schedule } from '../../local/runner/scheduler';
import { BookableResourceType, IWorkMailOrganization, WorkMailGroup, WorkMailOrganization, WorkMailResource, WorkMailUser } from '../../src';
import { DEPLOY_TEST_TIMEOUT_MS } from '../slow-test-timeouts';

/**
 * The runner runs every resource whose dependencies are done at once, up to its concurrency, through
 * the real framework, the bundled handler, IAM enforcement and the local Secrets Manager endpoint:
 * dependents never start before their dependencies have finished (deletes: the other way round), a
 * failure rolls back everything, also what finished after it, and concurrency 1 is the old one-at-a-time run.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ORG = 'm-00000000000000000000000000000001';
const SEQUENTIAL_ORG = 'm-00000000000000000000000000000002';
const organizationSeed = (id: string, alias: string): SeedOrganization => ({
  id,
  alias,
  defaultMailDomain: `${alias}.example.com`,
  domains: [`${alias}.example.com`],
  // Made by hand before the stack: a declared user of this name without adoptExisting cannot be created.
  users: [{ name: 'taken', displayName: 'Made by hand', email: `taken@${alias}.example.com` }],
});

let emulator: RunningEmulator;
let workdir: string;

beforeAll(async () => {
  // Every WorkMail call takes a little while, as the service's do, so that events overlap.
  emulator = await startEmulator({ seed: { organizations: [organizationSeed(ORG, 'par'), organizationSeed(SEQUENTIAL_ORG, 'seq')] }, faults: { latencyMs: 10 } });
  workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-parallel-'));
});

afterAll(async () => {
  await emulator?.close();
  fs.rmSync(workdir, { recursive: true, force: true });
});

const USERS = 30;

/** 30 independent users (some with aliases, one with a generated password), a group of five, a room with delegates. */
function synth(name: string, organizationId: string, alias: string, extra?: (stack: Stack, organization: IWorkMailOrganization) => void): string {
  const outdir = path.join(workdir, name);
  const app = new App({ outdir });
  const stack = new Stack(app, 'Parallel');
  const organization = WorkMailOrganization.fromOrganizationId(stack, 'Org', organizationId);
  const domain = `${alias}.example.com`;
  const users = Array.from({ length: USERS }, (_, i) => {
    const user = new WorkMailUser(stack, `User${i}`, {
      organization, name: `user${i}`, email: `user${i}@${domain}`, removalPolicy: RemovalPolicy.DESTROY, generatePassword: i === 0,
    });
    if (i % 10 === 1) user.addAlias(`u${i}@${domain}`);
    return user;
  });
  const team = new WorkMailGroup(stack, 'Team', {
    organization, name: 'team', email: `team@${domain}`, members: users.slice(0, 5), removalPolicy: RemovalPolicy.DESTROY,
  });
  team.addAlias(`crew@${domain}`);
  new WorkMailResource(stack, 'Room', {
    organization,
    name: 'room',
    type: BookableResourceType.ROOM,
    email: `room@${domain}`,
    bookingOptions: { autoAcceptRequests: false },
    delegates: [team, users[7]],
    removalPolicy: RemovalPolicy.DESTROY,
  });
  extra?.(stack, organization);
  app.synth();
  return outdir;
}

interface Recorder {
  readonly records: LocalEventRecord[];
  readonly options: Partial<LocalRunnerOptions>;
}

function recorder(): Recorder {
  const records: LocalEventRecord[] = [];
  return { records, options: { onEvent: (record) => records.push(record) } };
}

function options(cloudAssemblyDir: string, stateFile: string, more: Partial<LocalRunnerOptions> = {}): LocalRunnerOptions {
  return { cloudAssemblyDir, stateFile: path.join(workdir, stateFile), workmailEndpoint: emulator.endpoint, ...more };
}

/** When each resource's request of `type` started and ended. */
function spans(records: readonly LocalEventRecord[], type: LocalEventRecord['requestType']): Map<string, { start: number; end: number }> {
  const result = new Map<string, { start: number; end: number }>();
  for (const r of records.filter(e => e.requestType === type)) {
    const span = result.get(r.logicalId) ?? { start: NaN, end: NaN };
    if (r.phase === 'start') span.start = r.time;
    else span.end = r.time;
    result.set(r.logicalId, span);
  }
  return result;
}

/** The most requests in flight at once, counted from the records themselves. */
function maxOverlap(records: readonly LocalEventRecord[]): number {
  let inFlight = 0;
  let max = 0;
  for (const r of records) {
    inFlight += r.phase === 'start' ? 1 : -1;
    max = Math.max(max, inFlight);
  }
  return max;
}

/** Pairs (resource, deployed dependency) where both sent requests, from the dependencies the state recorded. */
function dependencyPairs(result: DeployResult, requested: ReadonlyMap<string, unknown>): Array<[string, string]> {
  return Object.entries(result.state.resources).flatMap(([id, entry]) =>
    entry.dependsOn.filter(dep => requested.has(dep) && requested.has(id)).map(dep => [id, dep] as [string, string]));
}

const organization = (id: string) => emulator.seed().organizations.find(o => o.id === id)!;
const sortedByName = <T extends { name: string }>(list: readonly T[] = []) => [...list].sort((a, b) => a.name.localeCompare(b.name));

describe('a parallel deploy and destroy', () => {
  const app = () => synth('app', ORG, 'par');
  let deployed: DeployResult;

  test('runs independent resources at once, within the concurrency, each after the resources it depends on', async () => {
    const { records, options: hooks } = recorder();
    const lines: string[] = [];
    deployed = await deploy(options(app(), 'par.json', { ...hooks, concurrency: 6, log: line => lines.push(line) }));

    expect(deployed.stats.concurrency).toBe(6);
    expect(deployed.stats.maxInFlight).toBeGreaterThan(1);
    expect(deployed.stats.maxInFlight).toBeLessThanOrEqual(6);
    expect(maxOverlap(records)).toBe(deployed.stats.maxInFlight);
    expect(deployed.stats.events).toBe(records.filter(r => r.phase === 'start').length);
    expect(deployed.stats.wallTimeMs).toBeGreaterThan(0);

    const creates = spans(records, 'Create');
    // 30 users, their alias sets, the group and its alias set, the room.
    expect(creates.size).toBe(USERS + 3 + 1 + 1 + 1);
    const pairs = dependencyPairs(deployed, creates);
    // The group after its five members, the room after its delegates, each alias set after its entity.
    expect(pairs.length).toBeGreaterThanOrEqual(5 + 2 + 4);
    for (const [id, dep] of pairs) {
      expect({ id, dep, startedAfterDependency: creates.get(id)!.start >= creates.get(dep)!.end }).toMatchObject({ startedAfterDependency: true });
    }

    // Outcomes in template dependency order, whatever order the events completed in; one line per event as it completed.
    expect(deployed.outcomes.map(o => o.action)).toEqual(deployed.outcomes.map(() => 'CREATE'));
    expect(lines.filter(l => l.startsWith('CREATE_COMPLETE'))).toHaveLength(deployed.outcomes.length);
    const org = organization(ORG);
    expect(org.users!.map(u => u.name).sort()).toEqual(['taken', ...Array.from({ length: USERS }, (_, i) => `user${i}`)].sort());
    expect(org.users!.find(u => u.name === 'user11')!.aliases).toEqual(['u11@par.example.com']);
    expect(org.groups).toEqual([expect.objectContaining({ name: 'team', aliases: ['crew@par.example.com'] })]);
    expect([...org.groups![0].members!].sort()).toEqual(['user0', 'user1', 'user2', 'user3', 'user4']);
    expect([...org.resources![0].delegates!].sort()).toEqual(['team', 'user7']);
  }, DEPLOY_TEST_TIMEOUT_MS);

  test('destroy deletes dependents first, independent ones at once, and leaves nothing the stack made', async () => {
    const { records, options: hooks } = recorder();
    const outcomes = await destroy(options(app(), 'par.json', { ...hooks, concurrency: 6 }));
    expect(outcomes.filter(o => o.action === 'DELETE')).toHaveLength(Object.keys(deployed.state.resources).length);
    const deletes = spans(records, 'Delete');
    expect(deletes.size).toBe(USERS + 3 + 1 + 1 + 1);
    expect(maxOverlap(records)).toBeGreaterThan(1);
    expect(maxOverlap(records)).toBeLessThanOrEqual(6);
    const pairs = dependencyPairs(deployed, deletes);
    expect(pairs.length).toBeGreaterThanOrEqual(11);
    for (const [id, dep] of pairs) {
      expect({ id, dep, deletedFirst: deletes.get(id)!.end <= deletes.get(dep)!.start }).toMatchObject({ deletedFirst: true });
    }
    const org = organization(ORG);
    expect([org.users!.map(u => u.name), org.groups, org.resources]).toEqual([['taken'], [], []]);
    expect(readState(options(app(), 'par.json'))).toBeUndefined();
  }, DEPLOY_TEST_TIMEOUT_MS);
});

test('a failure stops new starts, lets those in flight finish, and rolls back everything: the organization is as it was', async () => {
  const before = emulator.seed();
  // Declared like the others, but the user exists already: its create fails.
  const failing = synth('failing', ORG, 'par', (stack, org) => {
    new WorkMailUser(stack, 'Taken', { organization: org, name: 'taken', email: 'taken@par.example.com', generatePassword: false });
  });
  // The failing user first among ties, so that it fails while the first users are still in flight.
  const template = path.join(failing, 'Parallel.template.json');
  const parsed = JSON.parse(fs.readFileSync(template, 'utf8')) as { Resources: Record<string, unknown> };
  const takenId = Object.keys(parsed.Resources).find(id => id.startsWith('Taken'))!;
  parsed.Resources = { [takenId]: parsed.Resources[takenId], ...parsed.Resources };
  fs.writeFileSync(template, JSON.stringify(parsed));

  const { records, options: hooks } = recorder();
  const lines: string[] = [];
  const error = await deploy(options(failing, 'failing.json', { ...hooks, concurrency: 4, log: line => lines.push(line) })).catch(e => e);
  expect(error).toBeInstanceOf(LocalDeployError);
  expect(error).toMatchObject({ logicalId: takenId, rolledBack: true });
  expect((error as LocalDeployError).reason).toContain('NameAvailability');

  const creates = spans(records.filter(r => r.requestType === 'Create'), 'Create');
  const failedAt = creates.get(takenId)!.end;
  // Some creates were in flight when it failed and finished after; the rest never started.
  const finishedAfter = [...creates].filter(([id, span]) => id !== takenId && span.end > failedAt);
  expect(finishedAfter.length).toBeGreaterThan(0);
  expect(creates.size).toBeLessThan(USERS);
  // Everything that was created (including what finished after the failure) was deleted again, at once where independent.
  const created = records.filter(r => r.requestType === 'Create' && r.phase === 'end' && r.status === 'SUCCESS').map(r => r.logicalId);
  const deleted = records.filter(r => r.requestType === 'Delete' && r.phase === 'end' && r.status === 'SUCCESS').map(r => r.logicalId);
  expect(deleted.filter(id => id !== takenId).sort()).toEqual([...created].sort());
  expect(maxOverlap(records.filter(r => r.requestType === 'Delete'))).toBeGreaterThan(1);
  expect(lines[lines.length - 1]).toBe('ROLLBACK_COMPLETE AWS::CloudFormation::Stack Parallel');

  expect(emulator.seed()).toEqual(before);
  expect(readState(options(failing, 'failing.json'))).toBeUndefined();
}, DEPLOY_TEST_TIMEOUT_MS);

test('concurrency 1: one at a time in template order, with the outcomes and the organization a parallel deploy gives', async () => {
  const { records, options: hooks } = recorder();
  const sequential = await deploy(options(synth('sequential', SEQUENTIAL_ORG, 'seq'), 'seq.json', { ...hooks, concurrency: 1 }));
  expect(sequential.stats).toMatchObject({ concurrency: 1, maxInFlight: 1 });
  // Every event ends before the next starts, in the order of the outcomes (template dependency order).
  expect(records.map(r => `${r.phase} ${r.logicalId}`)).toEqual(records.filter(r => r.phase === 'start').flatMap(r => [`start ${r.logicalId}`, `end ${r.logicalId}`]));
  const customIds = sequential.outcomes.filter(o => o.type.startsWith('Custom::')).map(o => o.logicalId);
  expect(records.filter(r => r.phase === 'start').map(r => r.logicalId)).toEqual(customIds);

  const parallel = await deploy(options(synth('parallel', ORG, 'par'), 'par-again.json'));
  expect(parallel.stats.concurrency).toBe(20);
  // The grants are named after their organization.
  const shape = (result: DeployResult) => result.outcomes.map(o => `${o.action} ${o.type} ${o.logicalId.replace(/m0{31}[12][0-9A-F]{8}$/, '')}`);
  expect(shape(parallel)).toEqual(shape(sequential));
  const content = (id: string, alias: string) => {
    const org = organization(id);
    return JSON.parse(JSON.stringify({ users: sortedByName(org.users), groups: sortedByName(org.groups), resources: sortedByName(org.resources) })
      .split(`${alias}.example.com`).join('<domain>'));
  };
  expect(content(ORG, 'par')).toEqual(content(SEQUENTIAL_ORG, 'seq'));
}, DEPLOY_TEST_TIMEOUT_MS);

describe('the scheduler', () => {
  /** Steps that each take `ms`, recording when they start and end and how many run at once. */
  function steps(ms = 5, fail: readonly string[] = []) {
    const log: string[] = [];
    let running = 0;
    let max = 0;
    const step = async (id: string) => {
      log.push(`start ${id}`);
      max = Math.max(max, ++running);
      await new Promise(resolve => setTimeout(resolve, ms));
      running--;
      log.push(`end ${id}`);
      if (fail.includes(id)) throw new Error(`${id} failed`);
    };
    return { log, step, max: () => max };
  }
  const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

  test('at most `concurrency` at once; with 1, one after the other in the order given', async () => {
    const three = steps();
    await schedule({ ids, prerequisitesOf: () => [], concurrency: 3, stopOnFailure: true }, three.step);
    expect(three.max()).toBe(3);
    const one = steps();
    const result = await schedule({ ids, prerequisitesOf: () => [], concurrency: 1, stopOnFailure: true }, one.step);
    expect(result).toEqual({ failures: [], notStarted: [] });
    expect(one.log).toEqual(ids.flatMap(id => [`start ${id}`, `end ${id}`]));
  });

  test('a step starts once its prerequisites have ended; ready ones start in the order given', async () => {
    const run = steps();
    const prerequisites: Record<string, string[]> = { c: ['a', 'b'], e: ['c'], h: ['a'] };
    await schedule({ ids, prerequisitesOf: id => prerequisites[id] ?? [], concurrency: 8, stopOnFailure: true }, run.step);
    for (const [id, before] of Object.entries(prerequisites)) {
      for (const p of before) expect(run.log.indexOf(`start ${id}`)).toBeGreaterThan(run.log.indexOf(`end ${p}`));
    }
    expect(run.log.filter(l => l.startsWith('start')).slice(0, 5)).toEqual(['start a', 'start b', 'start d', 'start f', 'start g']);
  });

  test('after a failure: stopOnFailure lets those in flight finish and starts nothing new; otherwise the rest still runs', async () => {
    const stopping = steps(5, ['b']);
    const stopped = await schedule({ ids, prerequisitesOf: () => [], concurrency: 3, stopOnFailure: true }, stopping.step);
    expect(stopped.failures.map(f => [f.id, (f.error as Error).message])).toEqual([['b', 'b failed']]);
    // a, b and c were in flight and all finished; whatever had not started by b's failure never did.
    expect(stopping.log).toEqual(expect.arrayContaining(['end a', 'end b', 'end c']));
    expect(stopped.notStarted.length).toBeGreaterThan(0);
    expect(stopped.notStarted).toEqual(ids.filter(id => !stopping.log.includes(`start ${id}`)));

    const going = steps(1, ['b']);
    const carriedOn = await schedule({ ids, prerequisitesOf: id => (id === 'c' ? ['b'] : []), concurrency: 3, stopOnFailure: false }, going.step);
    expect(carriedOn.failures.map(f => f.id)).toEqual(['b']);
    expect(carriedOn.notStarted).toEqual([]);
    expect(going.log.indexOf('start c')).toBeGreaterThan(going.log.indexOf('end b'));
  });

  test('deletes and rollbacks: dependents first, through resources outside the set too', async () => {
    // u depends on k (kept, outside the set), which depends on p: u is still deleted before p.
    const dependencies: Record<string, string[]> = { u: ['k'], k: ['p'], g: ['u'] };
    const plan = reversePlan(['p', 'u', 'g', 'x'], id => dependencies[id] ?? []);
    expect(plan.ids).toEqual(['g', 'u', 'x', 'p']);
    expect([...plan.prerequisitesOf('p')].sort()).toEqual(['g', 'u']);
    expect([...plan.prerequisitesOf('u')]).toEqual(['g']);
    const run = steps();
    await schedule({ ...plan, concurrency: 4, stopOnFailure: false }, run.step);
    expect(run.log.indexOf('start p')).toBeGreaterThan(run.log.indexOf('end u'));
    expect(run.log.indexOf('start u')).toBeGreaterThan(run.log.indexOf('end g'));
  });

  test('refuses a prerequisite that comes after its step, and a concurrency below 1', async () => {
    expect(() => schedule({ ids: ['a', 'b'], prerequisitesOf: id => (id === 'a' ? ['b'] : []), concurrency: 2, stopOnFailure: true }, async () => undefined))
      .toThrow('a waits for b, which comes after it in the order given');
    await expect(deploy(options('no-such-app', 'none.json', { concurrency: 0 }))).rejects.toThrow('concurrency must be a whole number of at least 1, got 0');
  });
});
