/** Custom::WorkMailBookableResource: the shared mail-entity lifecycle with a resource's calls, booking options and delegates. */
import {
  AssociateDelegateToResourceCommand, DeleteResourceCommand, DeregisterFromWorkMailCommand, DisassociateDelegateFromResourceCommand,
  UpdateResourceCommand,
} from '@aws-sdk/client-workmail';
import { bookingOptions, eventsOf, Properties, resourceProps } from './events';
import {
  DOMAIN, failure, handMadeGroup, handMadeResource, handMadeUser, Harness, ORG, OTHER_DOMAIN, OTHER_ORG, PENDING_DOMAIN, useHarness, uniqueNames,
} from './harness';
import { WorkMailResourceType } from '../../src/provider/resource-properties';

let h: Harness;
const unique = uniqueNames();
useHarness((started) => {
  h = started;
});

const room = eventsOf(WorkMailResourceType.RESOURCE, 'Room');


function decisions(): string[] {
  return h.logLines.map((l) => JSON.parse(l) as { decision?: string }).flatMap((l) => (l.decision ? [l.decision] : []));
}

/** A resource the stack made (registered, unless overridden); calls are reset afterwards. */
async function madeResource(overrides: Properties = {}) {
  const name = unique('room');
  const props = resourceProps({ Name: name, Email: `${name}@${DOMAIN}`, ...overrides });
  const { PhysicalResourceId: id } = await h.run(room.create(props));
  h.emulator.resetCalls();
  return { id, name, props };
}

const user = (prefix = 'delegate') => handMadeUser(h, unique(prefix), 'Delegate', 'Delegates-Own-Pw-1');
const delegateIds = (id: string) => h.resource(id)!.delegates.map((d) => d.id).sort();

describe('create', () => {
  test('a room with an email, a description and hidden: CreateResource, then RegisterToWorkMail', async () => {
    const name = unique('room');
    const response = await h.run(room.create(resourceProps({
      Name: name, Email: `${name}@${DOMAIN}`, Description: 'Third floor', HiddenFromGlobalAddressList: 'true',
    })));

    expect(h.operations()).toEqual(['CreateResource', 'RegisterToWorkMail']);
    expect(response).toEqual({ PhysicalResourceId: expect.stringMatching(/^r-[0-9a-f]{32}$/), Data: { ResourceId: response.PhysicalResourceId, Email: `${name}@${DOMAIN}` } });
    expect(h.resource(response.PhysicalResourceId)).toMatchObject({
      name,
      type: 'ROOM',
      description: 'Third floor',
      hiddenFromGlobalAddressList: true,
      state: 'ENABLED',
      email: `${name}@${DOMAIN}`,
      bookingOptions: { autoAcceptRequests: true, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true },
    });
  });

  test('equipment without an email is not registered', async () => {
    const name = unique('kit');
    const response = await h.run(room.create(resourceProps({ Name: name, Type: 'EQUIPMENT', Email: undefined })));

    expect(h.operations()).toEqual(['CreateResource']);
    expect(h.resource(response.PhysicalResourceId)).toMatchObject({ type: 'EQUIPMENT', state: 'DISABLED' });
    expect(response.Data).toEqual({ ResourceId: response.PhysicalResourceId, Email: '' });
  });

  test('auto-accept off with a delegate: the delegate first, then the booking options', async () => {
    const delegate = await user();
    h.emulator.resetCalls();
    const name = unique('room');

    const response = await h.run(room.create(resourceProps({
      Name: name,
      Email: `${name}@${DOMAIN}`,
      Delegates: [delegate],
      BookingOptions: bookingOptions({ AutoAcceptRequests: false, AutoDeclineConflictingRequests: true }),
    })));

    expect(h.operations()).toEqual(['CreateResource', 'AssociateDelegateToResource', 'DescribeResource', 'UpdateResource', 'RegisterToWorkMail']);
    expect(h.resource(response.PhysicalResourceId)).toMatchObject({
      delegates: [{ id: delegate, type: 'USER' }],
      bookingOptions: { autoAcceptRequests: false, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true },
    });
  });

  test('all three booking flags declared: set without reading the new resource first', async () => {
    const name = unique('room');
    h.emulator.resetCalls();

    const response = await h.run(room.create(resourceProps({
      Name: name,
      Email: `${name}@${DOMAIN}`,
      BookingOptions: bookingOptions({ AutoAcceptRequests: true, AutoDeclineRecurringRequests: true, AutoDeclineConflictingRequests: false }),
    })));

    expect(h.operations()).toEqual(['CreateResource', 'UpdateResource', 'RegisterToWorkMail']);
    expect(h.resource(response.PhysicalResourceId)).toMatchObject({
      bookingOptions: { autoAcceptRequests: true, autoDeclineRecurringRequests: true, autoDeclineConflictingRequests: false },
    });
  });

  test('auto-accept off without a delegate fails naming the configuration error, and nothing is left', async () => {
    const name = unique('room');
    const err = await failure(h.run(room.create(resourceProps({ Name: name, BookingOptions: bookingOptions({ AutoAcceptRequests: false }) }))));

    expect(err.message).toMatch(new RegExp(`^UpdateResource failed for resource '${name}' \\(r-.+\\) in organization ${ORG}: InvalidConfigurationException: `));
    expect(h.operations()).toEqual(['CreateResource', 'DescribeResource', 'UpdateResource', 'DeleteResource']);
    expect(h.resources().filter((r) => r.name === name && r.state !== 'DELETED')).toEqual([]);
  });

  test('a half-made create (an unverified domain) is undone: nothing is left', async () => {
    const name = unique('half');
    const err = await failure(h.run(room.create(resourceProps({ Name: name, Email: `${name}@${PENDING_DOMAIN}` }))));

    expect(err.message).toMatch(new RegExp(`^RegisterToWorkMail failed for resource '${name}' \\(r-.+\\) in organization ${ORG}: MailDomainStateException: `));
    expect(h.operations()).toEqual(['CreateResource', 'RegisterToWorkMail', 'DeleteResource']);
    expect(h.resources().filter((r) => r.name === name)).toEqual([expect.objectContaining({ state: 'DELETED' })]);
  });

  test('a taken name fails with NameAvailabilityException and the way to adopt', async () => {
    const name = unique('taken');
    await handMadeResource(h, name, 'ROOM', `${name}@${DOMAIN}`);
    h.emulator.resetCalls();

    await expect(h.run(room.create(resourceProps({ Name: name })))).rejects.toThrow(
      `CreateResource failed for resource '${name}' in organization ${ORG}: NameAvailabilityException: The name ${name} is already in use in this organization. ` +
      'The resource already exists in the organization; set adoptExisting: true on the WorkMailResource to take it over (it is then reconciled, never re-created)',
    );
    expect(h.operations()).toEqual(['CreateResource', 'ListResources']);
  });

  test('a lost CreateResource response: the resource made by the first attempt is claimed', async () => {
    const name = unique('lost');
    h.emulator.loseNextResponse('CreateResource');

    const response = await h.run(room.create(resourceProps({ Name: name, Email: `${name}@${DOMAIN}`, Description: 'Lost' })));

    expect(h.operations()).toEqual(['CreateResource', 'CreateResource', 'ListResources', 'RegisterToWorkMail']);
    expect(h.resources().filter((r) => r.name === name)).toEqual([expect.objectContaining({ id: response.PhysicalResourceId, state: 'ENABLED' })]);
    expect(decisions()).toContain('claim-resource-from-lost-create-response');
  });

  test('after a 5xx retry, a same-named resource of another type is never claimed', async () => {
    const name = unique('other');
    const id = await handMadeResource(h, name, 'EQUIPMENT');
    h.emulator.resetCalls();
    h.emulator.failNext('CreateResource', 'InternalFailure');

    await expect(h.run(room.create(resourceProps({ Name: name, Email: undefined })))).rejects.toThrow(/NameAvailabilityException: .*on the WorkMailResource/);
    expect(h.operations()).toEqual(['CreateResource', 'CreateResource', 'ListResources']);
    expect(h.resource(id)).toMatchObject({ state: 'DISABLED', type: 'EQUIPMENT' });
  });

  test('a type that is neither ROOM nor EQUIPMENT is a clear error before any call', async () => {
    await expect(h.run(room.create(resourceProps({ Type: 'DESK' })))).rejects.toThrow(
      "Property 'Type' of Custom::WorkMailBookableResource 'Room' must be 'ROOM' or 'EQUIPMENT', got 'DESK'",
    );
    expect(h.operations()).toEqual([]);
  });
});

describe('adoption', () => {
  test('a hand-made room is taken over under an adopted/ id, converged in place, and never deleted', async () => {
    const name = unique('adopt');
    const id = await handMadeResource(h, name, 'ROOM', `${name}@${DOMAIN}`);
    const delegate = await user();
    h.emulator.resetCalls();
    const props = resourceProps({
      Name: name,
      Email: `${name}@${DOMAIN}`,
      Description: 'Adopted',
      Delegates: [delegate],
      BookingOptions: bookingOptions({ AutoAcceptRequests: false }),
      AdoptExisting: 'true',
    });

    const response = await h.run(room.create(props));

    expect(response).toEqual({ PhysicalResourceId: `adopted/${id}`, Data: { ResourceId: id, Email: `${name}@${DOMAIN}` } });
    expect(h.operations()).toEqual([
      // Adopted: the delegates are read first (nothing known of what was declared before), and read back after the write.
      'ListResources', 'DescribeResource', 'ListResourceDelegates', 'AssociateDelegateToResource', 'UpdateResource', 'ListResourceDelegates',
    ]);
    expect(h.resource(id)).toMatchObject({ description: 'Adopted', delegates: [{ id: delegate, type: 'USER' }], bookingOptions: { autoAcceptRequests: false } });

    h.emulator.resetCalls();
    await expect(h.run(room.delete(response.PhysicalResourceId, props))).resolves.toEqual({ PhysicalResourceId: `adopted/${id}` });
    expect(h.operations()).toEqual([]);
    expect(h.resource(id)).toMatchObject({ state: 'ENABLED' });
  });
});

describe('update in place', () => {
  test('no change: only DescribeResource', async () => {
    const { id, props } = await madeResource({ Description: 'Same', BookingOptions: bookingOptions({ AutoDeclineRecurringRequests: true }) });
    await h.run(room.update(id, props, props));
    expect(h.operations()).toEqual(['DescribeResource']);
  });

  test('a rename, a new description and hidden are one UpdateResource on the same resource', async () => {
    const { id, name, props } = await madeResource({ Description: 'Old' });
    const next = { ...props, Name: `${name}x`, Description: 'New', HiddenFromGlobalAddressList: 'true' };

    const response = await h.run(room.update(id, next, props));

    expect(response).toEqual({ PhysicalResourceId: id, Data: { ResourceId: id, Email: `${name}@${DOMAIN}` } });
    expect(h.operations()).toEqual(['UpdateResource']);
    expect(h.resource(id)).toMatchObject({ name: `${name}x`, description: 'New', hiddenFromGlobalAddressList: true, state: 'ENABLED' });

    // A case-only rename is a rename too; a description no longer declared is cleared.
    h.emulator.resetCalls();
    await h.run(room.update(id, { ...next, Name: `${name}X`, Description: undefined }, next));
    expect(h.operations()).toEqual(['UpdateResource']);
    expect(h.resource(id)).toMatchObject({ name: `${name}X` });
    expect(h.resource(id)!.description).toBeUndefined();
  });

  test('a declared flag is converged, an undeclared flag keeps its live value', async () => {
    const { id, props } = await madeResource({ BookingOptions: bookingOptions({ AutoDeclineRecurringRequests: false }) });
    await h.client.send(new UpdateResourceCommand({
      OrganizationId: ORG,
      ResourceId: id,
      BookingOptions: { AutoAcceptRequests: true, AutoDeclineRecurringRequests: true, AutoDeclineConflictingRequests: true },
    }));
    h.emulator.resetCalls();

    await h.run(room.update(id, props, props));

    expect(h.operations()).toEqual(['DescribeResource', 'UpdateResource']);
    expect(h.resource(id)!.bookingOptions).toEqual({
      autoAcceptRequests: true, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true,
    });
  });

  test('a flag that leaves the declaration goes back to what a new resource starts with; one never declared keeps its live value', async () => {
    const { id, props } = await madeResource({
      BookingOptions: bookingOptions({ AutoDeclineRecurringRequests: true, AutoDeclineConflictingRequests: false }),
    });
    expect(h.resource(id)!.bookingOptions).toEqual({
      autoAcceptRequests: true, autoDeclineRecurringRequests: true, autoDeclineConflictingRequests: false,
    });

    await h.run(room.update(id, { ...props, BookingOptions: undefined }, props));

    // Auto-accept was never declared: read, and kept.
    expect(h.operations()).toEqual(['DescribeResource', 'UpdateResource']);
    expect(h.resource(id)!.bookingOptions).toEqual({
      autoAcceptRequests: true, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true,
    });
  });

  test('the rollback of a step that first declared booking options takes them back, without describing the resource when all three were declared', async () => {
    const delegate = await user();
    const { id, props } = await madeResource({ Delegates: [delegate] });
    const failedStep = {
      ...props,
      BookingOptions: bookingOptions({ AutoAcceptRequests: false, AutoDeclineRecurringRequests: true, AutoDeclineConflictingRequests: false }),
    };
    await h.run(room.update(id, failedStep, props));
    expect(h.resource(id)!.bookingOptions).toEqual({
      autoAcceptRequests: false, autoDeclineRecurringRequests: true, autoDeclineConflictingRequests: false,
    });
    h.emulator.resetCalls();

    // CloudFormation's rollback: an update back to the previous declaration, which declared no booking options.
    await h.run(room.update(id, props, failedStep));

    // The delegates' one read back checks them, as after every update.
    expect(h.operations()).toEqual(['UpdateResource', 'ListResourceDelegates']);
    expect(h.resource(id)!.bookingOptions).toEqual({
      autoAcceptRequests: true, autoDeclineRecurringRequests: false, autoDeclineConflictingRequests: true,
    });
    expect(delegateIds(id)).toEqual([delegate]);
  });

  test('turning auto-accept off while adding the first delegate: the delegate comes first', async () => {
    const delegate = await user();
    const { id, props } = await madeResource();

    await h.run(room.update(id, { ...props, Delegates: [delegate], BookingOptions: bookingOptions({ AutoAcceptRequests: false }) }, props));

    expect(h.operations()).toEqual(['DescribeResource', 'AssociateDelegateToResource', 'UpdateResource', 'ListResourceDelegates']);
    expect(h.resource(id)).toMatchObject({ delegates: [{ id: delegate, type: 'USER' }], bookingOptions: { autoAcceptRequests: false } });
  });

  test('turning auto-accept on while removing the last delegate: the booking options come first', async () => {
    const delegate = await user();
    const { id, props } = await madeResource({ Delegates: [delegate], BookingOptions: bookingOptions({ AutoAcceptRequests: false }) });

    await h.run(room.update(id, { ...props, Delegates: undefined, BookingOptions: bookingOptions({ AutoAcceptRequests: true }) }, props));

    expect(h.operations()).toEqual(['DescribeResource', 'UpdateResource', 'DisassociateDelegateFromResource', 'ListResourceDelegates']);
    expect(h.resource(id)).toMatchObject({ delegates: [], bookingOptions: { autoAcceptRequests: true } });
  });

  test('removing the last delegate of a resource that does not auto-accept says how to fix it', async () => {
    const delegate = await user();
    const { id, name, props } = await madeResource({ Delegates: [delegate], BookingOptions: bookingOptions({ AutoAcceptRequests: false }) });

    const err = await failure(h.run(room.update(id, { ...props, Delegates: undefined }, props)));

    expect(err.message).toMatch(new RegExp(
      `^DisassociateDelegateFromResource failed for resource '${name}' \\(${id}\\) in organization ${ORG}: EntityStateException: .*` +
      'A resource without delegates must auto-accept requests: declare bookingOptions with autoAcceptRequests: true',
    ));
    expect(delegateIds(id)).toEqual([delegate]);
  });

  test('delegates by default keep those added elsewhere; exclusive removes them', async () => {
    const [a, b, other] = [await user(), await user(), await handMadeGroup(h, unique('crew'))];
    const { id, props } = await madeResource({ Delegates: [a] });
    await h.client.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: id, EntityId: other }));
    h.emulator.resetCalls();

    const next = { ...props, Delegates: [b] };
    await h.run(room.update(id, next, props));
    expect(h.operations()).toEqual([
      'AssociateDelegateToResource', 'DisassociateDelegateFromResource', 'ListResourceDelegates',
    ]);
    expect(delegateIds(id)).toEqual([b, other].sort());

    h.emulator.resetCalls();
    await h.run(room.update(id, { ...next, ExclusiveDelegates: 'true' }, next));
    expect(h.operations()).toEqual(['ListResourceDelegates', 'DisassociateDelegateFromResource', 'ListResourceDelegates']);
    expect(delegateIds(id)).toEqual([b]);
  });

  test('adding a delegate and turning auto-accept off (all flags declared): the delegate, UpdateResource, one read back', async () => {
    const [a, b] = [await user(), await user()];
    const accept = bookingOptions({ AutoAcceptRequests: true, AutoDeclineRecurringRequests: false, AutoDeclineConflictingRequests: true });
    const { id, props } = await madeResource({ Delegates: [a], BookingOptions: accept });
    const next = { ...props, Delegates: [a, b], BookingOptions: { ...accept, AutoAcceptRequests: 'false' } };

    await h.run(room.update(id, next, props));

    expect(h.operations()).toEqual(['AssociateDelegateToResource', 'UpdateResource', 'ListResourceDelegates']);
    expect(delegateIds(id)).toEqual([a, b].sort());
    expect(h.resource(id)!.bookingOptions).toMatchObject({ autoAcceptRequests: false });
  });

  test('auto-accept off while the declared delegate was removed by hand: it is added back first', async () => {
    const delegate = await user();
    const flags = { AutoAcceptRequests: true, AutoDeclineRecurringRequests: false, AutoDeclineConflictingRequests: false };
    const { id, props } = await madeResource({ Delegates: [delegate], BookingOptions: bookingOptions(flags) });
    await h.client.send(new DisassociateDelegateFromResourceCommand({ OrganizationId: ORG, ResourceId: id, EntityId: delegate }));
    h.emulator.resetCalls();

    await h.run(room.update(id, { ...props, BookingOptions: bookingOptions({ ...flags, AutoAcceptRequests: false }) }, props));

    expect(h.operations()).toEqual(['UpdateResource', 'ListResourceDelegates', 'AssociateDelegateToResource', 'UpdateResource', 'ListResourceDelegates']);
    expect(delegateIds(id)).toEqual([delegate]);
    expect(h.resource(id)!.bookingOptions).toMatchObject({ autoAcceptRequests: false });
  });

  test('drift made outside the stack is converged back', async () => {
    const delegate = await user();
    const { id, name, props } = await madeResource({ Description: 'Declared', Delegates: [delegate] });
    await h.client.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId: id, Name: `${name}h`, Description: 'By hand' }));
    await h.client.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: id }));
    await h.client.send(new DisassociateDelegateFromResourceCommand({ OrganizationId: ORG, ResourceId: id, EntityId: delegate }));
    h.emulator.resetCalls();

    await h.run(room.update(id, props, props));

    expect(h.operations()).toEqual([
      'DescribeResource', 'UpdateResource', 'ListResourceDelegates', 'AssociateDelegateToResource', 'ListResourceDelegates', 'RegisterToWorkMail',
    ]);
    expect(h.resource(id)).toMatchObject({
      name, description: 'Declared', state: 'ENABLED', email: `${name}@${DOMAIN}`, delegates: [{ id: delegate, type: 'USER' }],
    });
  });
});

describe('replacement', () => {
  test('a new type replaces the resource; the old one is left for CloudFormation to delete', async () => {
    const { id, name, props } = await madeResource({ Email: undefined });
    const response = await h.run(room.update(id, { ...props, Type: 'EQUIPMENT', Name: `${name}e` }, props));

    expect(response.PhysicalResourceId).not.toBe(id);
    expect(h.operations()).toEqual(['DescribeResource', 'CreateResource']);
    expect(h.resource(response.PhysicalResourceId)).toMatchObject({ name: `${name}e`, type: 'EQUIPMENT' });
    expect(h.resource(id)).toMatchObject({ name, type: 'ROOM', state: 'DISABLED' });
  });

  test('a new type that keeps the address fails early, creating nothing', async () => {
    const { id, name, props } = await madeResource();
    await expect(h.run(room.update(id, { ...props, Type: 'EQUIPMENT' }, props))).rejects.toThrow(
      new RegExp(`^Cannot replace resource '${name}' \\(${id}\\) by resource '${name}' in organization ${ORG}: the address ${name}@${DOMAIN} still belongs ` +
        "to the resource being replaced.*Nothing was created. Keep the type 'ROOM', or give the new equipment another address"),
    );
    expect(h.operations()).toEqual(['DescribeResource']);
  });

  test('a new type that keeps the name fails early, creating nothing (names are unique in an organization)', async () => {
    const { id, name, props } = await madeResource({ Email: undefined });
    await expect(h.run(room.update(id, { ...props, Type: 'EQUIPMENT' }, props))).rejects.toThrow(
      new RegExp(`^Cannot replace resource '${name}' \\(${id}\\) by a new resource '${name}' in organization ${ORG} \\(type changed\\): the name '${name}' still `
        + ".*Nothing was created. Keep the type 'ROOM', or give the new equipment another name in the same change"),
    );
    expect(h.operations()).toEqual(['DescribeResource']);
    expect(h.resource(id)).toMatchObject({ name, type: 'ROOM' });
  });

  test('a move to another organization replaces the resource there', async () => {
    const { id, name, props } = await madeResource();
    const response = await h.run(room.update(id, { ...props, OrganizationId: OTHER_ORG, Email: `${name}@${OTHER_DOMAIN}` }, props));

    expect(h.operations()).toEqual(['DescribeResource', 'CreateResource', 'RegisterToWorkMail']);
    expect(h.resource(response.PhysicalResourceId, OTHER_ORG)).toMatchObject({ name, state: 'ENABLED' });
    expect(h.resource(id)).toMatchObject({ state: 'ENABLED' });
  });

  test('the rollback of a failed type change converges the old resource in place', async () => {
    const { id, name, props } = await madeResource({ Email: undefined });
    const failed = { ...props, Type: 'EQUIPMENT', Name: `${name}f`, Email: `${name}f@${PENDING_DOMAIN}` };
    await expect(h.run(room.update(id, failed, props))).rejects.toThrow(/MailDomainStateException/);
    h.emulator.resetCalls();

    const response = await h.run(room.update(id, props, failed));

    expect(response.PhysicalResourceId).toBe(id);
    expect(h.operations()).toEqual(['DescribeResource']);
    expect(decisions()).toContain('converge-in-place');
  });
});

describe('delete', () => {
  test('a registered resource is deregistered, then deleted; already gone is success', async () => {
    const { id, props } = await madeResource();
    await expect(h.run(room.delete(id, props))).resolves.toEqual({ PhysicalResourceId: id });
    expect(h.operations()).toEqual(['DeregisterFromWorkMail', 'DeleteResource']);
    expect(h.resource(id)).toMatchObject({ state: 'DELETED' });

    const other = await madeResource({ Email: undefined });
    await h.client.send(new DeleteResourceCommand({ OrganizationId: ORG, ResourceId: other.id }));
    h.emulator.resetCalls();
    await expect(h.run(room.delete(other.id, other.props))).resolves.toEqual({ PhysicalResourceId: other.id });
    expect(h.operations()).toEqual(['DescribeResource']);
  });

  test('a resource deleted outside the stack is a clear error on update', async () => {
    const { id, name, props } = await madeResource({ Email: undefined });
    await h.client.send(new DeleteResourceCommand({ OrganizationId: ORG, ResourceId: id }));

    await expect(h.run(room.update(id, { ...props, Description: 'Anything' }, props))).rejects.toThrow(
      `DescribeResource for resource '${name}' (${id}) in organization ${ORG}: State DELETED. The resource was deleted outside the stack: `,
    );
  });
});
