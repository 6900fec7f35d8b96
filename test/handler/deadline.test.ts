/**
 * The event's deadline: with little time left and a slow, failing or throttling service, the handler
 * stops starting calls, SDK retries and waits, answers before the function's timeout with what it did
 * and did not do, and leaves nothing it created; with time enough the same path succeeds.
 *
 * Each test has its own emulator and client: queued faults and the SDK's adaptive rate limiter
 * (which slows a client down after throttling) do not carry over.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { bookingOptions, createEvent, deleteEvent, eventsOf, groupProps, resourceProps, updateEvent, userProps } from './events';
import { DOMAIN, failure, handMadeUser, Harness, ORG, startHarness, uniqueNames } from './harness';
import { DEADLINE_RESERVE, Deadline, DeadlineError } from '../../lambda/deadline';
import { dispatch } from '../../lambda/dispatch';
import { ReconcileResult } from '../../lambda/reconcilers/reconciler';
import { WorkMailApi, createWorkMailClient } from '../../lambda/workmail-client';
import { handler } from '../../lambda/workmail-provider.lambda';
import { WorkMailResourceType } from '../../src/provider/resource-properties';
import { WORKMAIL_ACTIONS } from '../../src/provider/workmail-actions';

let h: Harness;
/**
 * The handler's client with more attempts than the handler's own, so that the SDK's retries (with their
 * random backoff) outlast the time left and only the deadline stops them.
 */
let retryingLong: WorkMailApi;
beforeEach(async () => {
  h = await startHarness({ latencyMs: LATENCY_MS });
  retryingLong = new WorkMailApi(createWorkMailClient({ maxAttempts: 50 }), h.deps.log);
});
afterEach(async () => {
  await h.close();
});

/** Latency of every WorkMail call in these tests: the path takes time, as on the service. */
const LATENCY_MS = 40;
/** Enough for any path here at that latency. */
const AMPLE_MS = 60_000;
/**
 * Too little for the path, yet its reserve (a fifth: 800 ms) leaves an undo of one or two calls and the answer
 * hundreds of milliseconds to spare, so that a loaded machine, whose timers fire late, still answers in time.
 */
const TIGHT_MS = 4_000;
/** Latency of every call in the tests that are stopped between members: about twenty calls fit in TIGHT_MS. */
const SLOW_LATENCY_MS = 150;
/** More members than fit in TIGHT_MS at SLOW_LATENCY_MS, one call each. */
const CROWD = 25;

const unique = uniqueNames();

interface Timed {
  readonly result?: ReconcileResult;
  readonly error?: Error;
  /** When the function would have been stopped (epoch ms). */
  readonly endsAt: number;
  /** When the handler answered (epoch ms). */
  readonly answeredAt: number;
}

/** Dispatches `event` as Lambda would with `remainingMs` left, granted its resource type's actions only. */
async function runWithin(remainingMs: number, event: CloudFormationCustomResourceEvent, wait = h.deps.wait): Promise<Timed> {
  const endsAt = Date.now() + remainingMs;
  const context = { getRemainingTimeInMillis: () => endsAt - Date.now() };
  h.emulator.setAllowedOperations(WORKMAIL_ACTIONS[event.ResourceType as keyof typeof WORKMAIL_ACTIONS]);
  try {
    const result = await dispatch(event, { ...h.deps, workmail: retryingLong, wait, deadline: Deadline.of(context) });
    return { result, endsAt, answeredAt: Date.now() };
  } catch (error) {
    return { error: error as Error, endsAt, answeredAt: Date.now() };
  } finally {
    h.emulator.setAllowedOperations(undefined);
  }
}

/** The run failed with the deadline's error before the function's end; returns the error. */
function stoppedInTime(run: Timed): DeadlineError {
  expect(run.error).toBeInstanceOf(DeadlineError);
  expect(run.answeredAt).toBeLessThan(run.endsAt);
  return run.error as DeadlineError;
}

async function handMadeUsers(count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => handMadeUser(h, unique('member'), 'M', 'Member-Pw-123')));
}

const allEntities = () => {
  const org = h.emulator.snapshot().organizations.find((o) => o.id === ORG)!;
  return [...org.users, ...org.groups, ...org.resources];
};
/** Entities of that name that are not DELETED. */
const liveNamed = (name: string) => allEntities().filter((e) => e.name === name && e.state !== 'DELETED');

/** A transient fault the SDK retries with backoff (unlike throttling, it does not slow the client down). */
const UNAVAILABLE = 'ServiceUnavailable';

describe('the deadline itself', () => {
  test('keeps a reserve of a share of the time, at most its maximum, and undoes within it', () => {
    const now = 1_000_000;
    const short = Deadline.in(2_000, now);
    expect(short.reserveMs).toBe(2_000 * DEADLINE_RESERVE.share);
    expect(short.msLeft(now)).toBe(2_000 - short.reserveMs);
    const undo = short.forUndo();
    expect(undo.msLeft(now)).toBeGreaterThan(short.msLeft(now));
    expect(undo.msLeft(now)).toBeLessThan(2_000);
    // The provider's 14 minutes keep the maximum.
    expect(Deadline.in(14 * 60_000, now).reserveMs).toBe(DEADLINE_RESERVE.maxMs);
    expect(Deadline.of(undefined)).toBeUndefined();
    expect(Deadline.of({ getRemainingTimeInMillis: () => 0 })?.msLeft()).toBe(0);
  });

  test('no call starts once the time is up: nothing reaches WorkMail', async () => {
    const name = unique('late');
    const run = await runWithin(0, createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}` }), 'Late'));
    expect(run.error).toBeInstanceOf(DeadlineError);
    expect(run.error!.message).toMatch(/did not CreateUser for user 'late\d+' in organization m-/);
    expect(run.error!.message).toMatch(/Nothing was changed before/);
    expect(h.operations()).toEqual([]);
  });
});

describe('create', () => {
  test('user: stopped while the SDK retries RegisterToWorkMail, the user is deleted again and the error says so', async () => {
    const name = unique('tight');
    h.emulator.failNext('RegisterToWorkMail', UNAVAILABLE, 100);
    const run = await runWithin(TIGHT_MS, createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}` }), 'Tight'));

    const err = stoppedInTime(run);
    expect(err.message).toMatch(new RegExp(`did not RegisterToWorkMail for user '${name}' \\([^)]+\\) in organization ${ORG}`));
    expect(err.message).toMatch(/The function's time ran out \(\d+ms left before its timeout, 800ms kept to undo and answer\)/);
    expect(err.message).toMatch(new RegExp(`Done before: CreateUser for user '${name}'`));
    expect(err.message).toMatch(new RegExp(`Created user '${name}' \\([^)]+\\) in organization ${ORG} but did not finish it: the create was undone`));
    expect(liveNamed(name)).toEqual([]);
    // The SDK was retrying when the deadline stopped it.
    expect(h.emulator.calls.filter((c) => c.operation === 'RegisterToWorkMail').length).toBeGreaterThan(1);
    expect(h.operations()).toContain('DeleteUser');
  });

  test('user: the same create with time enough succeeds', async () => {
    const name = unique('roomy');
    h.emulator.failNext('RegisterToWorkMail', UNAVAILABLE, 3);
    const run = await runWithin(AMPLE_MS, createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}` }), 'Roomy'));
    expect(run.error).toBeUndefined();
    expect(h.user(run.result!.PhysicalResourceId)).toMatchObject({ name, state: 'ENABLED', email: `${name}@${DOMAIN}` });
  });

  const team = eventsOf(WorkMailResourceType.GROUP, 'Team');

  test('group with members: slow calls, stopped between members, the group is deleted and the members kept', async () => {
    const people = await handMadeUsers(CROWD);
    const name = unique('crowd');
    h.emulator.resetCalls();
    // Every call takes longer: the members do not fit in the time left.
    h.emulator.setFaults({ latencyMs: SLOW_LATENCY_MS });
    const run = await runWithin(TIGHT_MS, team.create(groupProps({ Name: name, Email: `${name}@${DOMAIN}`, Members: people })));

    const err = stoppedInTime(run);
    expect(err.message).toMatch(new RegExp(`did not AssociateMemberToGroup for group '${name}'`));
    expect(err.message).toMatch(new RegExp(`Done before: CreateGroup for group '${name}', AssociateMemberToGroup for group '${name}'`));
    expect(err.message).toMatch(/the create was undone \(the group was deleted\)/);
    expect(liveNamed(name)).toEqual([]);
    expect(people.every((id) => h.user(id)?.state === 'DISABLED')).toBe(true);
    expect(h.operations()).not.toContain('RegisterToWorkMail');

    h.emulator.setFaults({ latencyMs: LATENCY_MS });
    const ample = await runWithin(AMPLE_MS, team.create(groupProps({ Name: name, Email: `${name}@${DOMAIN}`, Members: people })));
    expect(ample.error).toBeUndefined();
    expect(h.group(ample.result!.PhysicalResourceId)).toMatchObject({ state: 'ENABLED', members: people.map((id) => ({ id, type: 'USER' })) });
  });

  const room = eventsOf(WorkMailResourceType.RESOURCE, 'Room');

  test('resource with delegates: delegates added, stopped at its booking options, the resource is deleted', async () => {
    const delegates = [await handMadeUser(h, unique('keeper'), 'K', 'Keeper-Pw-123'), await handMadeUser(h, unique('keeper'), 'K', 'Keeper-Pw-123')];
    const name = unique('hall');
    const props = resourceProps({
      Name: name,
      Email: `${name}@${DOMAIN}`,
      Delegates: delegates,
      BookingOptions: bookingOptions({ AutoAcceptRequests: false, AutoDeclineRecurringRequests: true, AutoDeclineConflictingRequests: true }),
    });
    h.emulator.resetCalls();
    h.emulator.failNext('UpdateResource', UNAVAILABLE, 100);
    const run = await runWithin(TIGHT_MS, room.create(props));

    const err = stoppedInTime(run);
    expect(err.message).toMatch(new RegExp(`did not UpdateResource for resource '${name}'`));
    expect(err.message).toMatch(new RegExp(
      `Done before: CreateResource for resource '${name}', AssociateDelegateToResource for resource '${name}' \\([^)]+\\), ` +
      `AssociateDelegateToResource for resource '${name}'`,
    ));
    expect(err.message).toMatch(/the create was undone \(the resource was deleted\)/);
    expect(liveNamed(name)).toEqual([]);

    h.emulator.clearQueuedFaults();
    const ample = await runWithin(AMPLE_MS, room.create(props));
    expect(ample.error).toBeUndefined();
    expect(h.resource(ample.result!.PhysicalResourceId)).toMatchObject({
      state: 'ENABLED', delegates: delegates.map((id) => ({ id, type: 'USER' })), bookingOptions: { autoAcceptRequests: false },
    });
  });
});

describe('update', () => {
  test('throttled: stopped before the new address, says the display name was changed and the address was not', async () => {
    const name = unique('mover');
    const props = userProps({ Name: name, Email: `${name}@${DOMAIN}` });
    const created = await runWithin(AMPLE_MS, createEvent(props, 'Mover'));
    const id = created.result!.PhysicalResourceId;
    const next = { ...props, DisplayName: 'Moved', Email: `${name}.new@${DOMAIN}` };
    h.emulator.resetCalls();
    h.emulator.failNext('UpdatePrimaryEmailAddress', 'ThrottlingException', 100);

    const err = stoppedInTime(await runWithin(TIGHT_MS, updateEvent(id, next, props, 'Mover')));
    expect(err.message).toMatch(new RegExp(`did not UpdatePrimaryEmailAddress for user '${name}' \\(${id}\\)`));
    expect(err.message).toMatch(new RegExp(`Done before: UpdateUser for user '${name}' \\(${id}\\)`));
    // An update never deletes: the user is as far as it got, and the next attempt converges it.
    expect(h.user(id)).toMatchObject({ state: 'ENABLED', displayName: 'Moved', email: `${name}@${DOMAIN}` });

    h.emulator.clearQueuedFaults();
    const ample = await runWithin(AMPLE_MS, updateEvent(id, next, props, 'Mover'));
    expect(ample.error).toBeUndefined();
    expect(h.user(id)).toMatchObject({ displayName: 'Moved', email: `${name}.new@${DOMAIN}` });
  });
});

describe('delete with its wait', () => {
  test('stopped in the wait for WorkMail to allow the delete: says it was deregistered and not deleted', async () => {
    const name = unique('leaver');
    const props = userProps({ Name: name, Email: `${name}@${DOMAIN}` });
    const id = (await runWithin(AMPLE_MS, createEvent(props, 'Leaver'))).result!.PhysicalResourceId;
    // Not deletable for a minute (of the emulator's clock, which only the test could move); a pause between
    // tries longer than the event's time: the first refused DeleteUser is followed by no wait, however fast or
    // slow each call is.
    h.emulator.setFaults({ latencyMs: LATENCY_MS, consistencyDelayMs: 60_000 });
    h.emulator.resetCalls();

    const err = stoppedInTime(await runWithin(TIGHT_MS, deleteEvent(id, props, 'Leaver'), { attempts: 40, delayMs: 2 * TIGHT_MS }));
    expect(err.message).toMatch(new RegExp(
      `did not retry the delete of user '${name}' \\(${id}\\) in organization ${ORG} \\(tried 1 of 40 times, each answered EntityStateException\\)`,
    ));
    expect(err.message).toMatch(new RegExp(`Done before: DeregisterFromWorkMail for user '${name}' \\(${id}\\)`));
    expect(h.user(id)).toMatchObject({ state: 'DISABLED' });

    // Once WorkMail allows it, the retried delete with time enough succeeds.
    h.emulator.setFaults({ latencyMs: LATENCY_MS });
    expect((await runWithin(AMPLE_MS, deleteEvent(id, props, 'Leaver'))).error).toBeUndefined();
    expect(h.user(id)).toMatchObject({ state: 'DELETED' });
  });
});

describe('the Lambda entry', () => {
  test('reads the time left from its context', async () => {
    const people = await handMadeUsers(CROWD);
    const name = unique('entry');
    h.emulator.setFaults({ latencyMs: SLOW_LATENCY_MS });
    const endsAt = Date.now() + TIGHT_MS;
    const event = eventsOf(WorkMailResourceType.GROUP, 'Entry').create(groupProps({ Name: name, Email: `${name}@${DOMAIN}`, Members: people }));
    const err = await failure(handler(event, { getRemainingTimeInMillis: () => endsAt - Date.now() }));
    expect(err).toBeInstanceOf(DeadlineError);
    expect(err.message).toMatch(new RegExp(`did not AssociateMemberToGroup for group '${name}'.*the create was undone`));
    expect(Date.now()).toBeLessThan(endsAt);
    expect(liveNamed(name)).toEqual([]);
  });
});
