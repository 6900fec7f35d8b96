/**
 * A create retried after its earlier attempt ran to its last call (RegisterToWorkMail) but never
 * answered finds a complete, registered entity of its name. It is claimed only when it is provably
 * this stack operation's own work: what the declaration makes, registered no earlier than the
 * operation's start (DescribeStacks: LastUpdatedTime, else CreationTime; a minute of clock skew
 * allowed). Anything else, above all a mailbox made by hand before the operation, is refused.
 */
import { DescribeUserCommand } from '@aws-sdk/client-workmail';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createEvent, eventsOf, groupProps, resourceProps, updateEvent, userProps } from './events';
import { DOMAIN, failure, handMadeGroup, handMadeResource, handMadeUser, Harness, ORG, PASSWORD, stackMadeUser, useHarness, uniqueNames } from './harness';
import { OPERATION_CLOCK_SKEW_MS } from '../../lambda/reconcilers/mail-entity/create';
import { WorkMailResourceType } from '../../src/provider/resource-properties';

let h: Harness;
const unique = uniqueNames('claim');
useHarness((started) => {
  h = started;
});


type LogLine = Record<string, string | undefined>;
function decisions(): LogLine[] {
  return h.logLines.map((l) => JSON.parse(l) as LogLine).filter((l) => l.message === 'decision');
}

const team = eventsOf(WorkMailResourceType.GROUP, 'Team');
const room = eventsOf(WorkMailResourceType.RESOURCE, 'Room');

/** When the emulator registered the user `id`. */
async function enabledDateOf(id: string): Promise<Date> {
  const { EnabledDate } = await h.client.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: id }));
  return EnabledDate!;
}

describe('the same create event again, after its first attempt completed unanswered', () => {
  interface Case {
    readonly kind: 'user' | 'group' | 'resource';
    readonly create: (name: string) => Promise<CloudFormationCustomResourceEvent>;
    readonly list: string;
    readonly live: (name: string) => Array<{ id: string; state: string; email?: string }>;
  }
  const cases: Case[] = [
    {
      kind: 'user',
      create: async (name) => createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}`, Department: 'Research' })),
      list: 'ListUsers',
      live: (name) => h.liveUsers().filter((u) => u.name === name),
    },
    {
      kind: 'group',
      create: async (name) => {
        const { id: member } = await stackMadeUser(h, `${name}m`);
        return team.create(groupProps({ Name: name, Email: `${name}@${DOMAIN}`, Members: [member] }));
      },
      list: 'ListGroups',
      live: (name) => h.groups().filter((g) => g.name === name && g.state !== 'DELETED'),
    },
    {
      kind: 'resource',
      create: async (name) => {
        const { id: delegate } = await stackMadeUser(h, `${name}d`);
        return room.create(resourceProps({
          Name: name, Email: `${name}@${DOMAIN}`, Description: 'Second floor', Delegates: [delegate], BookingOptions: { AutoAcceptRequests: 'false' },
        }));
      },
      list: 'ListResources',
      live: (name) => h.resources().filter((r) => r.name === name && r.state !== 'DELETED'),
    },
  ];

  test.each(cases)('$kind: the registered entity is claimed, with the same answer and no second entity', async ({ kind, create, list, live }) => {
    const name = unique(kind[0]);
    const event = await create(name);
    const first = await h.run(event);
    h.emulator.resetCalls();
    h.logLines.length = 0;

    const again = await h.run(event);

    expect(again).toEqual(first);
    expect(live(name)).toEqual([expect.objectContaining({ id: first.PhysicalResourceId, state: 'ENABLED', email: `${name}@${DOMAIN}` })]);
    expect(h.operations().slice(0, 3)).toEqual([`Create${kind[0].toUpperCase()}${kind.slice(1)}`, list, 'DescribeStacks']);
    // Already registered under the declared address: no RegisterToWorkMail, no write that could undo anything.
    expect(h.operations()).not.toContain('RegisterToWorkMail');
    const claim = decisions().find((d) => d.decision === `claim-registered-${kind}-from-earlier-create-attempt`);
    expect(claim).toMatchObject({
      entityName: name,
      entityId: first.PhysicalResourceId,
      reason: 'it is what this declaration makes and was registered in this stack operation (not before its start, less the clock skew)',
    });
    expect(new Date(claim!.enabledDate!).getTime()).toBeGreaterThanOrEqual(new Date(claim!.operationStart!).getTime());
  });

  test('user: the claimed user keeps the password and attributes its first attempt set', async () => {
    const name = unique('u');
    const event = createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}`, DisplayName: 'Claimed', Department: 'Research' }));
    const { PhysicalResourceId: id } = await h.run(event);

    await h.run(event);

    expect(h.user(id)).toMatchObject({ displayName: 'Claimed', attributes: { Department: 'Research' }, state: 'ENABLED' });
    expect(h.emulator.checkPassword(ORG, id, PASSWORD)).toBe(true);
  });

  test('a first stack creation (no LastUpdatedTime): the operation began at CreationTime', async () => {
    const name = unique('u');
    h.setStackTimes({ creationTime: new Date(h.emulator.clock.now()) });
    const event = createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}` }));
    const { PhysicalResourceId: id } = await h.run(event);

    await expect(h.run(event)).resolves.toMatchObject({ PhysicalResourceId: id });
    expect(decisions().map((d) => d.decision)).toContain('claim-registered-user-from-earlier-create-attempt');
  });

  test('a replacement (rename) sent again claims the new user it made', async () => {
    const { id: oldId, name, props } = await stackMadeUser(h, 'renamed');
    h.beginStackOperation();
    const renamed = { ...props, Name: `${name}x`, Email: `${name}x@${DOMAIN}` };
    const event = updateEvent(oldId, renamed, props);
    const { PhysicalResourceId: newId } = await h.run(event);
    expect(newId).not.toBe(oldId);

    await expect(h.run(event)).resolves.toMatchObject({ PhysicalResourceId: newId });
    expect(h.liveUsers().filter((u) => u.name === `${name}x`)).toEqual([expect.objectContaining({ id: newId, state: 'ENABLED' })]);
    // The old user is CloudFormation's to delete afterwards.
    expect(h.user(oldId)).toMatchObject({ state: 'ENABLED', email: `${name}@${DOMAIN}` });
  });
});

describe('never claimed', () => {
  const refusal = (kind: string, construct: string) =>
    `The ${kind} already exists in the organization; set adoptExisting: true on the ${construct} to take it over (it is then reconciled, never re-created)`;

  test('a hand-made user registered before the operation began, though it matches the declaration in every field', async () => {
    const name = unique('h');
    const id = await handMadeUser(h, name, 'Alice Liddell', 'Hand-Made-Pw-1', `${name}@${DOMAIN}`);
    h.beginStackOperation();
    h.emulator.resetCalls();
    h.logLines.length = 0;

    const err = await failure(h.run(createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}` }))));

    expect(err.message).toBe(
      `CreateUser failed for user '${name}' in organization ${ORG}: NameAvailabilityException: The name ${name} is already in use in this organization. ` +
      refusal('user', 'WorkMailUser'),
    );
    expect(h.operations()).toEqual(['CreateUser', 'ListUsers', 'DescribeStacks']);
    expect(h.user(id)).toMatchObject({ state: 'ENABLED', displayName: 'Alice Liddell', email: `${name}@${DOMAIN}` });
    expect(h.emulator.checkPassword(ORG, id, 'Hand-Made-Pw-1')).toBe(true);
    expect(decisions().map((d) => d.decision)).not.toContain('claim-registered-user-from-earlier-create-attempt');
  });

  test('a hand-made group and resource registered before the operation began', async () => {
    const group = unique('g');
    const resource = unique('r');
    await handMadeGroup(h, group, `${group}@${DOMAIN}`);
    await handMadeResource(h, resource, 'ROOM', `${resource}@${DOMAIN}`);
    h.beginStackOperation();

    await expect(h.run(team.create(groupProps({ Name: group, Email: `${group}@${DOMAIN}` })))).rejects.toThrow(refusal('group', 'WorkMailGroup'));
    await expect(h.run(room.create(resourceProps({ Name: resource, Email: `${resource}@${DOMAIN}` })))).rejects.toThrow(
      refusal('resource', 'WorkMailResource'),
    );
  });

  test('the skew is a bound: registered just within it before the start is claimed, just beyond it is refused', async () => {
    const within = unique('w');
    const beyond = unique('b');
    const withinId = await handMadeUser(h, within, 'Alice Liddell', 'Hand-Made-Pw-1', `${within}@${DOMAIN}`);
    const beyondId = await handMadeUser(h, beyond, 'Alice Liddell', 'Hand-Made-Pw-1', `${beyond}@${DOMAIN}`);
    const creationTime = new Date(0);

    h.setStackTimes({ creationTime, lastUpdatedTime: new Date((await enabledDateOf(withinId)).getTime() + OPERATION_CLOCK_SKEW_MS - 1_000) });
    await expect(h.run(createEvent(userProps({ Name: within, Email: `${within}@${DOMAIN}` })))).resolves.toMatchObject({ PhysicalResourceId: withinId });

    h.setStackTimes({ creationTime, lastUpdatedTime: new Date((await enabledDateOf(beyondId)).getTime() + OPERATION_CLOCK_SKEW_MS + 1_000) });
    await expect(h.run(createEvent(userProps({ Name: beyond, Email: `${beyond}@${DOMAIN}` })))).rejects.toThrow(refusal('user', 'WorkMailUser'));
  });

  test('an update begun after the registration: LastUpdatedTime counts, not the stack\'s older CreationTime', async () => {
    const name = unique('l');
    const id = await handMadeUser(h, name, 'Alice Liddell', 'Hand-Made-Pw-1', `${name}@${DOMAIN}`);
    const enabled = (await enabledDateOf(id)).getTime();
    h.setStackTimes({ creationTime: new Date(enabled - 3_600_000), lastUpdatedTime: new Date(enabled + 2 * OPERATION_CLOCK_SKEW_MS) });

    await expect(h.run(createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}` })))).rejects.toThrow(refusal('user', 'WorkMailUser'));
  });

  /** Registered during this operation (after its start), but not what the declaration makes. */
  interface Differing {
    readonly what: string;
    readonly arrange: (name: string) => Promise<unknown>;
    readonly event: (name: string) => CloudFormationCustomResourceEvent;
  }
  const differing: Differing[] = [
    {
      what: 'a user with another display name',
      arrange: (name) => handMadeUser(h, name, 'Someone Else', 'Hand-Made-Pw-1', `${name}@${DOMAIN}`),
      event: (name) => createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}` })),
    },
    {
      what: 'a user with another address',
      arrange: (name) => handMadeUser(h, name, 'Alice Liddell', 'Hand-Made-Pw-1', `${name}.other@${DOMAIN}`),
      event: (name) => createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}` })),
    },
    {
      what: 'a registered user where the declaration registers none (no email)',
      arrange: (name) => handMadeUser(h, name, 'Alice Liddell', 'Hand-Made-Pw-1', `${name}@${DOMAIN}`),
      event: (name) => createEvent(userProps({ Name: name, Email: undefined })),
    },
    {
      what: 'a registered user where the declaration says enabled: false',
      arrange: (name) => handMadeUser(h, name, 'Alice Liddell', 'Hand-Made-Pw-1', `${name}@${DOMAIN}`),
      event: (name) => createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}`, Enabled: 'false' })),
    },
    {
      what: 'a group with another address',
      arrange: (name) => handMadeGroup(h, name, `${name}.other@${DOMAIN}`),
      event: (name) => team.create(groupProps({ Name: name, Email: `${name}@${DOMAIN}` })),
    },
    {
      what: 'a resource of another type',
      arrange: (name) => handMadeResource(h, name, 'EQUIPMENT', `${name}@${DOMAIN}`),
      event: (name) => room.create(resourceProps({ Name: name, Email: `${name}@${DOMAIN}` })),
    },
    {
      what: 'a resource with another description',
      arrange: (name) => handMadeResource(h, name, 'ROOM', `${name}@${DOMAIN}`),
      event: (name) => room.create(resourceProps({ Name: name, Email: `${name}@${DOMAIN}`, Description: 'Second floor' })),
    },
  ];
  test.each(differing)('$what, though registered during the operation', async ({ arrange, event }) => {
    const name = unique('d');
    await arrange(name);
    h.emulator.resetCalls();
    h.logLines.length = 0;

    await expect(h.run(event(name))).rejects.toThrow(/NameAvailabilityException: .*set adoptExisting: true/);
    // Not what the declaration makes: the stack's times are not even read.
    expect(h.operations()).not.toContain('DescribeStacks');
    expect(decisions().map((d) => d.decision)).not.toContainEqual(expect.stringMatching(/^claim-/));
  });

  test('a stack that cannot be read: nothing is claimed', async () => {
    const name = unique('s');
    const id = await handMadeUser(h, name, 'Alice Liddell', 'Hand-Made-Pw-1', `${name}@${DOMAIN}`);
    // Were the stack readable, the user would count as registered in this operation.
    h.setStackTimes({ creationTime: new Date(0) });
    h.setStackStatus(undefined);
    h.logLines.length = 0;

    await expect(h.run(createEvent(userProps({ Name: name, Email: `${name}@${DOMAIN}` })))).rejects.toThrow(refusal('user', 'WorkMailUser'));
    expect(h.user(id)).toMatchObject({ state: 'ENABLED', displayName: 'Alice Liddell' });
    expect(decisions()).toEqual([expect.objectContaining({ level: 'warn', decision: 'operation-start-unknown', errorName: 'ValidationError' })]);
  });
});
