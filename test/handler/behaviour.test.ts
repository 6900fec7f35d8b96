/**
 * The handler's lifecycle under every answer of every behaviour question (where the service is
 * undocumented): create, aliases, an in-place update and its rollback, a rename's replacement and its
 * rollback, delete (and CloudFormation's retry of it), the name and addresses made again, adoption.
 */
import {
  CreateAliasCommand, CreateGroupCommand, CreateResourceCommand, CreateUserCommand, DeleteAliasCommand, DeleteGroupCommand, DeleteResourceCommand,
  DeleteUserCommand,
} from '@aws-sdk/client-workmail';
import { bookingOptions, eventsOf, groupProps, Properties, resourceProps, userProps } from './events';
import { DOMAIN, failure, handMadeUser, Harness, ORG, useHarness, uniqueNames } from './harness';
import { eventsOf as relationEvents, entityOf, runGranted } from './relations-helpers';
import { answersOf, Behaviour, BEHAVIOUR_QUESTION_NAMES } from '../../local/emulator';
import { NEW_RESOURCE_BOOKING_OPTIONS } from '../../src/provider/api-shapes';
import { EntityTypeName, WorkMailResourceType } from '../../src/provider/resource-properties';

interface Kind {
  readonly type: EntityTypeName;
  readonly resourceType: string;
  readonly props: (overrides: Properties) => Properties;
  /** A rename replaces the entity (a resource renames in place). */
  readonly renameReplaces: boolean;
}

const KINDS: readonly Kind[] = [
  { type: 'USER', resourceType: WorkMailResourceType.USER, props: (o) => userProps(o), renameReplaces: true },
  { type: 'GROUP', resourceType: WorkMailResourceType.GROUP, props: (o) => groupProps(o), renameReplaces: true },
  { type: 'RESOURCE', resourceType: WorkMailResourceType.RESOURCE, props: (o) => resourceProps(o), renameReplaces: false },
];

const CASES = BEHAVIOUR_QUESTION_NAMES.flatMap((question) =>
  answersOf(question).map(([answer, behaviour]) => [question, answer, behaviour] as const));
const at = (local: string) => `${local}@${DOMAIN}`;

describe.each(CASES)('%s: %s', (_question: string, _answer: string, behaviour: Behaviour) => {
  let h: Harness;
  const unique = uniqueNames();
  useHarness((started) => {
    h = started;
  }, behaviour);

  const live = (id: string) => entityOf(h.emulator, id);
  const rollingBack = () => {
    h.beginStackOperation();
    h.setStackStatus('UPDATE_ROLLBACK_IN_PROGRESS');
  };

  describe.each(KINDS)('$type', (kind) => {
    test('create, aliases, update and its rollback, delete and its retry, the same name and addresses again', async () => {
      const name = unique(kind.type.toLowerCase());
      const entity = eventsOf(kind.resourceType, `E${name}`);
      const aliasSet = relationEvents(WorkMailResourceType.ALIAS, `A${name}`);
      const first = kind.props({ Name: name, Email: at(name) });
      const { PhysicalResourceId: id } = await h.run(entity.create(first));
      expect(live(id)).toMatchObject({ state: 'ENABLED', email: at(name) });

      const aliases = (list: string[]) => ({ OrganizationId: ORG, EntityId: id, EntityType: kind.type, Aliases: list });
      const { PhysicalResourceId: aliasId } = await runGranted(h.emulator, h.deps, aliasSet.create(aliases([at(`${name}.a1`), at(`${name}.a2`)])));
      await runGranted(h.emulator, h.deps, aliasSet.update(aliasId, aliases([at(`${name}.a2`), at(`${name}.a3`)]), aliases([at(`${name}.a1`), at(`${name}.a2`)])));
      expect(live(id)!.aliases.sort()).toEqual([at(`${name}.a2`), at(`${name}.a3`)]);

      const second = { ...first, Email: at(`${name}.new`) };
      await h.run(entity.update(id, second, first));
      expect(live(id)).toMatchObject({ state: 'ENABLED', email: at(`${name}.new`) });
      rollingBack();
      await h.run(entity.update(id, first, second));
      expect(live(id)).toMatchObject({ state: 'ENABLED', email: at(name) });
      h.setStackStatus('UPDATE_IN_PROGRESS');

      await runGranted(h.emulator, h.deps, aliasSet.delete(aliasId, aliases([at(`${name}.a2`), at(`${name}.a3`)])));
      expect(live(id)!.aliases).not.toContain(at(`${name}.a3`));

      await h.run(entity.delete(id, first));
      expect(live(id)!.state).toBe('DELETED');
      await expect(h.run(entity.delete(id, first))).resolves.toEqual({ PhysicalResourceId: id });

      const { PhysicalResourceId: again } = await h.run(entity.create(first));
      expect(again).not.toBe(id);
      expect(live(again)).toMatchObject({ state: 'ENABLED', email: at(name) });
      await h.run(entity.delete(again, first));
      expect(live(again)!.state).toBe('DELETED');
    });

    test('aliases: one removed by hand then dropped from the set, one added by hand then declared, lost responses', async () => {
      const name = unique(`${kind.type.toLowerCase()}al`);
      const entity = eventsOf(kind.resourceType, `E${name}`);
      const aliasSet = relationEvents(WorkMailResourceType.ALIAS, `A${name}`);
      const props = kind.props({ Name: name, Email: at(name) });
      const { PhysicalResourceId: id } = await h.run(entity.create(props));
      const aliases = (list: string[]) => ({ OrganizationId: ORG, EntityId: id, EntityType: kind.type, Aliases: list });
      const [one, two, three] = [at(`${name}.one`), at(`${name}.two`), at(`${name}.three`)];
      const { PhysicalResourceId: aliasId } = await runGranted(h.emulator, h.deps, aliasSet.create(aliases([one, two])));
      await h.client.send(new DeleteAliasCommand({ OrganizationId: ORG, EntityId: id, Alias: one }));
      await h.client.send(new CreateAliasCommand({ OrganizationId: ORG, EntityId: id, Alias: three }));
      h.emulator.loseNextResponse('CreateAlias');
      await runGranted(h.emulator, h.deps, aliasSet.update(aliasId, aliases([two, three, at(`${name}.four`)]), aliases([one, two])));
      expect(live(id)!.aliases.sort()).toEqual([at(`${name}.four`), three, two]);
      h.emulator.loseNextResponse('DeleteAlias');
      await runGranted(h.emulator, h.deps, aliasSet.delete(aliasId, aliases([two, three, at(`${name}.four`)])));
      expect(live(id)!.aliases).toEqual([]);
      await h.run(entity.delete(id, props));
    });

    test('lost responses of RegisterToWorkMail and the delete: each retry finds its work done', async () => {
      const name = unique(`${kind.type.toLowerCase()}lost`);
      const entity = eventsOf(kind.resourceType, `L${name}`);
      const props = kind.props({ Name: name, Email: at(name) });
      h.emulator.loseNextResponse('RegisterToWorkMail');
      const { PhysicalResourceId: id } = await h.run(entity.create(props));
      expect(live(id)).toMatchObject({ state: 'ENABLED', email: at(name) });
      h.emulator.loseNextResponse(`Delete${kind.type === 'USER' ? 'User' : kind.type === 'GROUP' ? 'Group' : 'Resource'}`);
      await h.run(entity.delete(id, props));
      expect(live(id)!.state).toBe('DELETED');
    });

    test('an address another entity of the stack gave up (deregistered) is taken, or the take fails clearly and leaves nothing', async () => {
      const name = unique(`${kind.type.toLowerCase()}give`);
      const giver = eventsOf(kind.resourceType, `G${name}`);
      const taker = eventsOf(kind.resourceType, `T${name}`);
      const given = kind.props({ Name: name, Email: at(name) });
      const { PhysicalResourceId: giverId } = await h.run(giver.create(given));
      const disabled = { ...given, Email: undefined, Enabled: 'false' };
      await h.run(giver.update(giverId, disabled, given));
      expect(live(giverId)).toMatchObject({ state: 'DISABLED' });
      const takes = kind.props({ Name: `${name}t`, Email: at(name) });
      const taking = h.run(taker.create(takes));
      if (behaviour['addresses-after-deregister'] === 'freed') {
        const { PhysicalResourceId: takerId } = await taking;
        expect(live(takerId)).toMatchObject({ state: 'ENABLED', email: at(name) });
        await h.run(taker.delete(takerId, takes));
      } else {
        await expect(taking).rejects.toThrow(/RegisterToWorkMail failed for .*EmailAddressInUseException/);
        // The half-made entity was undone: nothing of that name is left.
        const org = h.emulator.snapshot().organizations.find((o) => o.id === ORG)!;
        expect([...org.users, ...org.groups, ...org.resources].filter((e) => e.name === `${name}t` && e.state !== 'DELETED')).toEqual([]);
      }
      await h.run(giver.delete(giverId, disabled));
      expect(live(giverId)!.state).toBe('DELETED');
    });

    test('adoption finds the live entity of the name beside a DELETED one, and its delete leaves it', async () => {
      const name = unique(`${kind.type.toLowerCase()}adopt`);
      const gone = await handMadeNamed(kind.type, name);
      await deleteByHand(kind.type, gone);
      const handMade = await handMadeNamed(kind.type, name);
      const entity = eventsOf(kind.resourceType, `Adopt${name}`);
      const props = kind.props({ Name: name, Email: at(name), AdoptExisting: 'true' });
      const response = await h.run(entity.create(props));
      expect(response.PhysicalResourceId).toBe(`adopted/${handMade}`);
      expect(live(handMade)).toMatchObject({ state: 'ENABLED', email: at(name) });
      await h.run(entity.delete(response.PhysicalResourceId, props));
      expect(live(handMade)!.state).toBe('ENABLED');
      expect(live(gone)!.state).toBe('DELETED');
    });

    test('a rename and the rollback of its replacement', async () => {
      const before = unique(`${kind.type.toLowerCase()}b`);
      const after = unique(`${kind.type.toLowerCase()}a`);
      const entity = eventsOf(kind.resourceType, `R${before}`);
      const oldProps = kind.props({ Name: before, Email: at(before) });
      const newProps = { ...oldProps, Name: after, Email: at(after) };
      const { PhysicalResourceId: oldId } = await h.run(entity.create(oldProps));
      const { PhysicalResourceId: newId } = await h.run(entity.update(oldId, newProps, oldProps));
      expect(newId === oldId).toBe(!kind.renameReplaces);
      expect(live(newId)).toMatchObject({ state: 'ENABLED', email: at(after) });
      rollingBack();
      const rolledBack = await h.run(entity.update(newId, oldProps, newProps));
      expect(rolledBack.PhysicalResourceId).toBe(oldId);
      expect(live(oldId)).toMatchObject({ state: 'ENABLED', email: at(before) });
      h.setStackStatus('UPDATE_IN_PROGRESS');
      if (kind.renameReplaces) {
        expect(live(newId)!.state).toBe('DELETED');
        // CloudFormation's clean-up deletes the former id: already gone.
        await expect(h.run(entity.delete(newId, newProps))).resolves.toEqual({ PhysicalResourceId: newId });
      }
      await h.run(entity.delete(oldId, oldProps));
      expect(live(oldId)!.state).toBe('DELETED');
    });
  });

  describe('booking options', () => {
    const room = () => eventsOf(WorkMailResourceType.RESOURCE, `B${unique('b')}`);
    const flags = (id: string) => h.resource(id)!.bookingOptions;

    test('a partial declaration keeps the undeclared flags as the resource started; a change and its rollback', async () => {
      const events = room();
      const name = unique('room');
      const delegate = await handMadeUser(h, unique('dlg'), 'Delegate', 'Delegates-Own-Pw-1', at(unique('dlg')));
      const first = resourceProps({ Name: name, Email: at(name), BookingOptions: bookingOptions({ AutoDeclineRecurringRequests: true }) });
      const { PhysicalResourceId: id } = await h.run(events.create(first));
      const started = behaviour['new-resource-booking-options'] === 'accept-only' ? false : true;
      expect(flags(id)).toEqual({ autoAcceptRequests: true, autoDeclineRecurringRequests: true, autoDeclineConflictingRequests: started });

      const delegated = bookingOptions({ AutoAcceptRequests: false, AutoDeclineRecurringRequests: true });
      const second = { ...first, Delegates: [delegate], BookingOptions: delegated };
      await h.run(events.update(id, second, first));
      expect(flags(id)).toEqual({ autoAcceptRequests: false, autoDeclineRecurringRequests: true, autoDeclineConflictingRequests: started });
      rollingBack();
      await h.run(events.update(id, first, second));
      expect(flags(id)).toEqual({ autoAcceptRequests: true, autoDeclineRecurringRequests: true, autoDeclineConflictingRequests: started });
      h.setStackStatus('UPDATE_IN_PROGRESS');
      await h.run(events.delete(id, first));
    });

    test('a flag that leaves the declaration goes to the documented start value, whatever the resource started with', async () => {
      const events = room();
      const name = unique('room');
      const declared = bookingOptions({ AutoDeclineConflictingRequests: false, AutoDeclineRecurringRequests: true });
      const first = resourceProps({ Name: name, BookingOptions: declared });
      const { PhysicalResourceId: id } = await h.run(events.create(first));
      expect(flags(id)).toEqual({ autoAcceptRequests: true, autoDeclineRecurringRequests: true, autoDeclineConflictingRequests: false });
      const second = { ...first, BookingOptions: undefined };
      await h.run(events.update(id, second, first));
      expect(flags(id)).toEqual({
        autoAcceptRequests: true,
        autoDeclineRecurringRequests: NEW_RESOURCE_BOOKING_OPTIONS.AutoDeclineRecurringRequests,
        autoDeclineConflictingRequests: NEW_RESOURCE_BOOKING_OPTIONS.AutoDeclineConflictingRequests,
      });
      await h.run(events.delete(id, second));
    });
  });

  /** An unregistered entity of that name made by hand, outside any stack. */
  async function handMadeNamed(type: EntityTypeName, name: string): Promise<string> {
    if (type === 'USER') return (await h.client.send(new CreateUserCommand({ OrganizationId: ORG, Name: name, DisplayName: name }))).UserId!;
    if (type === 'GROUP') return (await h.client.send(new CreateGroupCommand({ OrganizationId: ORG, Name: name }))).GroupId!;
    return (await h.client.send(new CreateResourceCommand({ OrganizationId: ORG, Name: name, Type: 'ROOM' }))).ResourceId!;
  }

  async function deleteByHand(type: EntityTypeName, id: string): Promise<void> {
    if (type === 'USER') await h.client.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: id }));
    else if (type === 'GROUP') await h.client.send(new DeleteGroupCommand({ OrganizationId: ORG, GroupId: id }));
    else await h.client.send(new DeleteResourceCommand({ OrganizationId: ORG, ResourceId: id }));
  }
});

/** The one answer the handler does not support: it adds members and delegates before it registers (registering last). */
describe('membership-of-disabled: entity-state-exception, where a create adds members before it registers', () => {
  let h: Harness;
  const unique = uniqueNames('m');
  useHarness((started) => {
    h = started;
  }, { 'membership-of-disabled': 'entity-state-exception' });

  test.each([
    ['group', WorkMailResourceType.GROUP, (member: string, name: string) => groupProps({ Name: name, Email: at(name), Members: [member] }),
      'AssociateMemberToGroup'],
    ['resource', WorkMailResourceType.RESOURCE, (member: string, name: string) => resourceProps({ Name: name, Email: at(name), Delegates: [member] }),
      'AssociateDelegateToResource'],
  ])('a %s declared with a member fails naming the call and the error, and leaves nothing', async (_kind, resourceType, props, operation) => {
    const member = await handMadeUser(h, unique('member'), 'Member', 'Members-Own-Pw-1', at(unique('member')));
    const name = unique('with');
    const err = await failure(h.run(eventsOf(resourceType, `M${name}`).create(props(member, name))));
    expect(err.message).toMatch(new RegExp(`^${operation} failed for .*${name}.*: EntityStateException`));
    const org = h.emulator.snapshot().organizations.find((o) => o.id === ORG)!;
    expect([...org.groups, ...org.resources].filter((e) => e.name === name && e.state !== 'DELETED')).toEqual([]);
    expect(h.user(member)).toMatchObject({ state: 'ENABLED' });
  });
});
