/** Every answer of every behaviour question, through the real SDK over HTTP. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  AssociateDelegateToResourceCommand, AssociateMemberToGroupCommand, CreateAliasCommand, CreateGroupCommand, CreateResourceCommand,
  CreateUserCommand, DeleteAliasCommand, DeleteGroupCommand, DeleteResourceCommand, DeleteUserCommand, DeregisterFromWorkMailCommand,
  DescribeGroupCommand, DescribeResourceCommand, DescribeUserCommand, DisassociateDelegateFromResourceCommand,
  DisassociateMemberFromGroupCommand, ListAliasesCommand, ListGroupsCommand, ListResourcesCommand, ListUsersCommand,
  RegisterToWorkMailCommand, UpdatePrimaryEmailAddressCommand, UpdateResourceCommand, WorkMailClient,
} from '@aws-sdk/client-workmail';
import { client, DOMAIN, expectError, ORG, SEED, uniqueName } from './helpers';
import {
  answersOf, Behaviour, BEHAVIOUR_QUESTION_NAMES, BEHAVIOUR_QUESTIONS, BehaviourError, DEFAULT_BEHAVIOUR, loadBehaviourFile, parseBehaviour,
  RunningEmulator, startEmulator,
} from '../../local/emulator';

/** One emulator per answer, closed after its describe block. */
function underBehaviour(behaviour: Behaviour): () => { emulator: RunningEmulator; wm: WorkMailClient } {
  let emulator: RunningEmulator | undefined;
  let wm: WorkMailClient | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED, behaviour });
    wm = client(emulator.endpoint);
  });
  afterAll(async () => {
    wm?.destroy();
    await emulator?.close();
  });
  return () => ({ emulator: emulator!, wm: wm! });
}

async function registeredUser(wm: WorkMailClient, aliases: string[] = []): Promise<{ id: string; email: string }> {
  const name = uniqueName('bhv');
  const { UserId } = await wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: name, DisplayName: name }));
  const email = `${name}@${DOMAIN}`;
  await wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: UserId!, Email: email }));
  for (const alias of aliases) await wm.send(new CreateAliasCommand({ OrganizationId: ORG, EntityId: UserId!, Alias: alias }));
  return { id: UserId!, email };
}

describe('the questions', () => {
  test('each has a kebab-case name, at least two answers, its default among them and a description', () => {
    for (const name of BEHAVIOUR_QUESTION_NAMES) {
      const question = BEHAVIOUR_QUESTIONS[name];
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(question.answers.length).toBeGreaterThanOrEqual(2);
      expect(question.answers).toContain(question.default);
      expect(question.description.length).toBeGreaterThan(10);
      expect(DEFAULT_BEHAVIOUR[name]).toBe(question.default);
    }
  });

  test('parseBehaviour completes with the defaults and names an unknown question or answer', () => {
    expect(parseBehaviour({})).toEqual(DEFAULT_BEHAVIOUR);
    expect(parseBehaviour({ 'lookup-by-email': 'primary-and-aliases' })).toEqual({ ...DEFAULT_BEHAVIOUR, 'lookup-by-email': 'primary-and-aliases' });
    expect(() => parseBehaviour({ 'list-aliases': 'omitted' })).toThrow(BehaviourError);
    expect(() => parseBehaviour({ 'list-aliases': 'omitted' })).toThrow(/^behaviour: unknown question list-aliases \(known: list-aliases-includes-primary, /);
    expect(() => parseBehaviour({ 'lookup-by-email': 'aliases' }))
      .toThrow('behaviour: unknown answer "aliases" to lookup-by-email (answers: primary-only, primary-and-aliases)');
    expect(() => parseBehaviour({ 'lookup-by-email': true })).toThrow(/unknown answer true to lookup-by-email/);
    expect(() => parseBehaviour([])).toThrow('behaviour must be a JSON object of question: answer');
  });

  test('loadBehaviourFile names the file in its errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'behaviour-'));
    try {
      const good = path.join(dir, 'good.json');
      fs.writeFileSync(good, JSON.stringify({ 'delete-missing-entity': 'entity-not-found' }));
      expect(loadBehaviourFile(good)['delete-missing-entity']).toBe('entity-not-found');
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, '{"delete-missing-entity": "fail"}');
      expect(() => loadBehaviourFile(bad)).toThrow(`behaviour file ${bad}: unknown answer "fail" to delete-missing-entity`);
      fs.writeFileSync(bad, '{');
      expect(() => loadBehaviourFile(bad)).toThrow(`behaviour file ${bad} is not JSON`);
      expect(() => loadBehaviourFile(path.join(dir, 'none.json'))).toThrow(/cannot read behaviour file .*none\.json: ENOENT/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('startEmulator refuses an unknown question', async () => {
    await expect(startEmulator({ behaviour: { 'no-such-question': 'x' } as never })).rejects.toThrow(/unknown question no-such-question/);
  });
});

describe.each(answersOf('list-aliases-includes-primary'))('list-aliases-includes-primary: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('ListAliases', async () => {
    const { wm } = h();
    const alias = `${uniqueName('al')}@${DOMAIN}`;
    const { id, email } = await registeredUser(wm, [alias]);
    const { Aliases } = await wm.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: id }));
    expect(Aliases).toEqual(answer === 'included' ? [email, alias] : [alias]);
  });
});

describe.each(answersOf('lookup-by-email'))('lookup-by-email: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('Describe* by an alias', async () => {
    const { wm } = h();
    const alias = `${uniqueName('al')}@${DOMAIN}`;
    const { id, email } = await registeredUser(wm, [alias]);
    expect((await wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: email }))).UserId).toBe(id);
    const byAlias = wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: alias }));
    if (answer === 'primary-and-aliases') expect((await byAlias).UserId).toBe(id);
    else await expectError(byAlias, 'EntityNotFoundException');
  });
});

describe.each(answersOf('addresses-after-deregister'))('addresses-after-deregister: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('another entity takes the deregistered addresses; the entity itself may take them back', async () => {
    const { wm } = h();
    const alias = `${uniqueName('al')}@${DOMAIN}`;
    const first = await registeredUser(wm, [alias]);
    await wm.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: first.id }));
    const described = await wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: first.id }));
    expect([described.State, described.Email]).toEqual(['DISABLED', undefined]);
    const { GroupId } = await wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: uniqueName('g') }));
    const take = (address: string) => wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: GroupId!, Email: address }));
    if (answer === 'freed') {
      await take(alias);
      return;
    }
    await expectError(take(first.email), 'EmailAddressInUseException');
    await expectError(take(alias), 'EmailAddressInUseException');
    // Its own: it registers again with its old primary; after a delete, the addresses are free.
    await wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: first.id, Email: first.email }));
    await wm.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: first.id }));
    await wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: first.id }));
    await take(alias);
  });
});

describe.each(answersOf('deleted-entities-listed'))('deleted-entities-listed: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('ListUsers, ListGroups, ListResources', async () => {
    const { wm } = h();
    const name = uniqueName('gone');
    const { UserId } = await wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: `${name}u`, DisplayName: name }));
    const { GroupId } = await wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: `${name}g` }));
    const { ResourceId } = await wm.send(new CreateResourceCommand({ OrganizationId: ORG, Name: `${name}r`, Type: 'ROOM' }));
    await wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId }));
    await wm.send(new DeleteGroupCommand({ OrganizationId: ORG, GroupId }));
    await wm.send(new DeleteResourceCommand({ OrganizationId: ORG, ResourceId }));
    const users = (await wm.send(new ListUsersCommand({ OrganizationId: ORG }))).Users!.filter((u) => u.Id === UserId);
    const groups = (await wm.send(new ListGroupsCommand({ OrganizationId: ORG }))).Groups!.filter((g) => g.Id === GroupId);
    const resources = (await wm.send(new ListResourcesCommand({ OrganizationId: ORG }))).Resources!.filter((r) => r.Id === ResourceId);
    const states = [...users, ...groups, ...resources].map((e) => e.State);
    expect(states).toEqual(answer === 'listed' ? ['DELETED', 'DELETED', 'DELETED'] : []);
    // Describe still answers DELETED under both.
    expect((await wm.send(new DescribeGroupCommand({ OrganizationId: ORG, GroupId }))).State).toBe('DELETED');
  });
});

describe.each(answersOf('delete-missing-entity'))('delete-missing-entity: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('Delete* of a missing or DELETED entity', async () => {
    const { wm, emulator } = h();
    const { GroupId } = await wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: uniqueName('g') }));
    await wm.send(new DeleteGroupCommand({ OrganizationId: ORG, GroupId }));
    const again = [
      wm.send(new DeleteGroupCommand({ OrganizationId: ORG, GroupId })),
      wm.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: 'nobody-at-all' })),
      wm.send(new DeleteResourceCommand({ OrganizationId: ORG, ResourceId: 'r-00000000000000000000000000000000' })),
    ];
    if (answer === 'success') {
      await Promise.all(again);
    } else {
      for (const call of again) expect((await expectError(call, 'EntityNotFoundException')).$metadata?.httpStatusCode).toBe(400);
    }
    expect(emulator.calls.filter((c) => c.status === 500)).toEqual([]);
  });
});

describe.each(answersOf('register-enabled-entity'))('register-enabled-entity: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('RegisterToWorkMail of an ENABLED entity', async () => {
    const { wm } = h();
    const { id, email } = await registeredUser(wm);
    const same = wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: id, Email: email }));
    if (answer === 'success-when-same-email') await same;
    else await expectError(same, 'EntityAlreadyRegisteredException');
    // Another address is refused under both.
    await expectError(wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: id, Email: `${uniqueName('x')}@${DOMAIN}` })),
      'EntityAlreadyRegisteredException');
    expect((await wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: id }))).Email).toBe(email);
  });
});

describe.each(answersOf('deregister-disabled-entity'))('deregister-disabled-entity: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('DeregisterFromWorkMail of a DISABLED entity', async () => {
    const { wm } = h();
    const { id } = await registeredUser(wm);
    await wm.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: id }));
    const again = wm.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: id }));
    if (answer === 'success') await again;
    else await expectError(again, 'EntityStateException');
    expect((await wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: id }))).State).toBe('DISABLED');
  });
});

describe.each(answersOf('update-primary-to-current'))('update-primary-to-current: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('UpdatePrimaryEmailAddress to the current primary', async () => {
    const { wm } = h();
    const { id, email } = await registeredUser(wm);
    const same = wm.send(new UpdatePrimaryEmailAddressCommand({ OrganizationId: ORG, EntityId: id, Email: email.toUpperCase() }));
    if (answer === 'success') await same;
    else await expectError(same, 'EmailAddressInUseException');
    expect((await wm.send(new DescribeUserCommand({ OrganizationId: ORG, UserId: id }))).Email).toBe(email);
  });
});

describe.each(answersOf('create-alias-existing'))('create-alias-existing: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('CreateAlias of an alias the entity has', async () => {
    const { wm } = h();
    const alias = `${uniqueName('al')}@${DOMAIN}`;
    const { id } = await registeredUser(wm, [alias]);
    const again = wm.send(new CreateAliasCommand({ OrganizationId: ORG, EntityId: id, Alias: alias }));
    if (answer === 'success') await again;
    else await expectError(again, 'EmailAddressInUseException');
    expect((await wm.send(new ListAliasesCommand({ OrganizationId: ORG, EntityId: id }))).Aliases!.filter((a) => a === alias)).toEqual([alias]);
  });
});

describe.each(answersOf('delete-alias-absent'))('delete-alias-absent: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('DeleteAlias of an address the entity does not have', async () => {
    const { wm } = h();
    const alias = `${uniqueName('al')}@${DOMAIN}`;
    const { id } = await registeredUser(wm, [alias]);
    await wm.send(new DeleteAliasCommand({ OrganizationId: ORG, EntityId: id, Alias: alias }));
    const again = wm.send(new DeleteAliasCommand({ OrganizationId: ORG, EntityId: id, Alias: alias }));
    if (answer === 'success') await again;
    else await expectError(again, 'EntityNotFoundException');
  });
});

describe.each(answersOf('membership-of-disabled'))('membership-of-disabled: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('members and delegates of and by DISABLED entities', async () => {
    const { wm } = h();
    const enabled = await registeredUser(wm);
    const { UserId: disabled } = await wm.send(new CreateUserCommand({ OrganizationId: ORG, Name: uniqueName('off'), DisplayName: 'Off' }));
    const { GroupId: disabledGroup } = await wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: uniqueName('g') }));
    const { GroupId: enabledGroup } = await wm.send(new CreateGroupCommand({ OrganizationId: ORG, Name: uniqueName('g') }));
    await wm.send(new RegisterToWorkMailCommand({ OrganizationId: ORG, EntityId: enabledGroup!, Email: `${uniqueName('grp')}@${DOMAIN}` }));
    const { ResourceId: room } = await wm.send(new CreateResourceCommand({ OrganizationId: ORG, Name: uniqueName('room'), Type: 'ROOM' }));
    const calls = [
      () => wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: enabledGroup, MemberId: disabled })),
      () => wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: disabledGroup, MemberId: enabled.id })),
      () => wm.send(new DisassociateMemberFromGroupCommand({ OrganizationId: ORG, GroupId: disabledGroup, MemberId: enabled.id })),
      () => wm.send(new AssociateDelegateToResourceCommand({ OrganizationId: ORG, ResourceId: room, EntityId: enabled.id })),
      () => wm.send(new DisassociateDelegateFromResourceCommand({ OrganizationId: ORG, ResourceId: room, EntityId: enabled.id })),
    ];
    for (const call of calls) {
      if (answer === 'allowed') await call();
      else await expectError(call(), 'EntityStateException');
    }
    // ENABLED on both sides: allowed under both.
    await wm.send(new AssociateMemberToGroupCommand({ OrganizationId: ORG, GroupId: enabledGroup, MemberId: enabled.id }));
  });
});

describe.each(answersOf('update-resource-absent-booking-flag'))('update-resource-absent-booking-flag: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('UpdateResource with one flag', async () => {
    const { wm } = h();
    const { ResourceId } = await wm.send(new CreateResourceCommand({ OrganizationId: ORG, Name: uniqueName('room'), Type: 'ROOM' }));
    await wm.send(new UpdateResourceCommand({
      OrganizationId: ORG,
      ResourceId,
      BookingOptions: { AutoAcceptRequests: true, AutoDeclineRecurringRequests: true, AutoDeclineConflictingRequests: true },
    }));
    const partial = { AutoAcceptRequests: true, AutoDeclineRecurringRequests: false };
    await wm.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId, BookingOptions: partial }));
    const { BookingOptions } = await wm.send(new DescribeResourceCommand({ OrganizationId: ORG, ResourceId }));
    expect(BookingOptions).toEqual(answer === 'false'
      ? { AutoAcceptRequests: true, AutoDeclineRecurringRequests: false, AutoDeclineConflictingRequests: false }
      : { AutoAcceptRequests: true, AutoDeclineRecurringRequests: false, AutoDeclineConflictingRequests: true });
  });

  test('leaving AutoAcceptRequests out: refused without a delegate when it becomes false', async () => {
    const { wm } = h();
    const { ResourceId } = await wm.send(new CreateResourceCommand({ OrganizationId: ORG, Name: uniqueName('room'), Type: 'ROOM' }));
    const update = wm.send(new UpdateResourceCommand({ OrganizationId: ORG, ResourceId, BookingOptions: { AutoDeclineRecurringRequests: true } }));
    if (answer === 'false') await expectError(update, 'InvalidConfigurationException');
    else await update;
  });
});

describe.each(answersOf('new-resource-booking-options'))('new-resource-booking-options: %s', (answer, behaviour) => {
  const h = underBehaviour(behaviour);
  test('CreateResource', async () => {
    const { wm } = h();
    const { ResourceId } = await wm.send(new CreateResourceCommand({ OrganizationId: ORG, Name: uniqueName('room'), Type: 'ROOM' }));
    const { BookingOptions } = await wm.send(new DescribeResourceCommand({ OrganizationId: ORG, ResourceId }));
    expect(BookingOptions).toEqual({
      AutoAcceptRequests: true, AutoDeclineRecurringRequests: false, AutoDeclineConflictingRequests: answer === 'accept-decline-conflicting',
    });
  });
});
