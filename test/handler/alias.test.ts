import {
  CreateAliasCommand, DeleteAliasCommand, DeleteUserCommand, DeregisterFromWorkMailCommand, UpdatePrimaryEmailAddressCommand,
} from '@aws-sdk/client-workmail';
import { DOMAIN, failure, Harness, ORG, useHarness } from './harness';
import { decisionsSince, entityOf, eventsOf, handMadeEntity, RelationProps, runGranted } from './relations-helpers';
import { createWorkMailClient, WorkMailApi } from '../../lambda/workmail-client';
import { WorkMailResourceType } from '../../src/provider/resource-properties';

let h: Harness;

useHarness((started) => {
  h = started;
});

const events = eventsOf(WorkMailResourceType.ALIAS, 'Aliases');
const run = (event: Parameters<typeof runGranted>[2], deps = h.deps) => runGranted(h.emulator, deps, event);
const at = (local: string) => `${local}@${DOMAIN}`;
const aliasesOf = (id: string) => entityOf(h.emulator, id)!.aliases;

function aliasProps(entityId: string, aliases: string[], entityType = 'USER'): RelationProps {
  return { OrganizationId: ORG, EntityId: entityId, EntityType: entityType, Aliases: aliases };
}

/** A registered user made by hand, with `handMade` aliases added outside the stack; calls reset. */
async function user(handMade: string[] = []) {
  const made = await handMadeEntity(h.client, 'USER', 'al');
  for (const alias of handMade) await h.client.send(new CreateAliasCommand({ OrganizationId: ORG, EntityId: made.id, Alias: alias }));
  h.emulator.resetCalls();
  return made;
}

describe('create', () => {
  test('adds the declared aliases and keeps a hand-made one; the physical id is the entity id + /aliases', async () => {
    const { id, name } = await user([at('handmade-a')]);
    const response = await run(events.create(aliasProps(id, [at(`${name}.one`), at(`${name}.two`)])));

    expect(response).toEqual({ PhysicalResourceId: `${id}/aliases` });
    // Read first (the entity may hold them already: a take-over writes nothing), then read back once.
    expect(h.operations()).toEqual(['ListAliases', 'CreateAlias', 'CreateAlias', 'ListAliases']);
    expect(aliasesOf(id)).toEqual([at('handmade-a'), at(`${name}.one`), at(`${name}.two`)]);
  });

  test('a declared alias the entity already has (any case), or its primary address, is not written, with a decision', async () => {
    const { id, name, email } = await user([at('already-there')]);
    const lines = h.logLines.length;
    await run(events.create(aliasProps(id, [at('ALREADY-THERE'), email.toUpperCase(), at(`${name}.new`)])));

    expect(h.operations()).toEqual(['ListAliases', 'CreateAlias', 'ListAliases']);
    expect(aliasesOf(id)).toEqual([at('already-there'), at(`${name}.new`)]);
    for (const alias of [at('ALREADY-THERE'), email.toUpperCase()]) {
      expect(decisionsSince(h.logLines, lines)).toContainEqual(expect.objectContaining({ decision: 'alias-already-held', entityId: id, alias }));
    }
  });

  test('groups and resources are read with their own Describe* (before a removal)', async () => {
    for (const [type, describe] of [['GROUP', 'DescribeGroup'], ['RESOURCE', 'DescribeResource']] as const) {
      const { id, name } = await handMadeEntity(h.client, type, type === 'GROUP' ? 'algrp' : 'alres');
      h.emulator.resetCalls();
      const props = aliasProps(id, [at(`${name}.alias`)], type);
      const response = await run(events.create(props));

      expect(response.PhysicalResourceId).toBe(`${id}/aliases`);
      expect(h.operations()).toEqual(['ListAliases', 'CreateAlias', 'ListAliases']);
      expect(aliasesOf(id)).toEqual([at(`${name}.alias`)]);

      h.emulator.resetCalls();
      await run(events.update(`${id}/aliases`, aliasProps(id, [], type), props));
      expect(h.operations()).toEqual([describe, 'DeleteAlias', 'ListAliases']);
      expect(aliasesOf(id)).toEqual([]);
    }
  });

  test('a lost CreateAlias response: the SDK retries, the alias exists once and the create succeeds', async () => {
    const { id, name } = await user();
    h.emulator.loseNextResponse('CreateAlias');
    await run(events.create(aliasProps(id, [at(`${name}.lost`)])));

    expect(h.emulator.calls.filter((c) => c.operation === 'CreateAlias').map((c) => c.status)).toEqual([500, 200]);
    expect(aliasesOf(id)).toEqual([at(`${name}.lost`)]);
  });
});

describe('create errors', () => {
  test('an entity not registered to WorkMail: the refused CreateAlias is explained, nothing to take back', async () => {
    const { id } = await handMadeEntity(h.client, 'USER', 'unreg', false);
    h.emulator.resetCalls();
    const err = await failure(run(events.create(aliasProps(id, [at('unreg.alias')]))));

    expect(err.message).toBe(
      `Cannot set aliases of user ${id} in organization ${ORG}: aliases need an entity registered to WorkMail, and this one is DISABLED ` +
      'with no primary address. Give the entity an email (register it) first',
    );
    expect(h.operations()).toEqual(['ListAliases', 'CreateAlias', 'DescribeUser']);
  });

  test('an entity that does not exist: a clear error naming EntityId and EntityType', async () => {
    const missing = '01234567-89ab-cdef-0123-456789abcdef';
    const err = await failure(run(events.create(aliasProps(missing, [at('nobody.alias')], 'GROUP'))));
    expect(err.message).toBe(
      `Cannot set aliases of group ${missing} in organization ${ORG}: the group does not exist. ` +
      'Check EntityId and EntityType (the UserId, GroupId or ResourceId attribute of the entity)',
    );
  });

  test('an address another entity holds: the error names it, and the aliases this create added are taken back', async () => {
    const holder = await user();
    const { id, name } = await user([at('kept-by-hand')]);
    const err = await failure(run(events.create(aliasProps(id, [at(`${name}.first`), holder.email]))));

    expect(err.message).toBe(
      `CreateAlias failed for user ${id} in organization ${ORG}: EmailAddressInUseException: ${holder.email} is already in use. ` +
      `The address ${holder.email} is already held by another entity of organization ${ORG}: remove it there first, or declare another alias`,
    );
    expect(aliasesOf(id)).toEqual([at('kept-by-hand')]);
    expect(entityOf(h.emulator, holder.id)!.email).toBe(holder.email);
  });

  test('a domain that is not the organization\'s: the error names the domain', async () => {
    const { id } = await user();
    const err = await failure(run(events.create(aliasProps(id, ['someone@foreign.example.org']))));

    expect(err.message).toContain(`CreateAlias failed for user ${id} in organization ${ORG}: MailDomainNotFoundException`);
    expect(err.message).toContain(`The domain foreign.example.org of the alias someone@foreign.example.org is not a mail domain of organization ${ORG}`);
    expect(aliasesOf(id)).toEqual([]);
  });

  test('a failed create takes back only what it added: an alias the entity held before (declared too) stays', async () => {
    const { id, name } = await user([at('held-before')]);
    h.emulator.resetCalls();
    await failure(run(events.create(aliasProps(id, [at('held-before'), at(`${name}.added`), 'someone@foreign.example.org']))));

    expect(aliasesOf(id)).toEqual([at('held-before')]);
    // Read first: the held alias is not written (two CreateAlias: the added one, the refused foreign one).
    expect(h.operations().filter((op) => op === 'CreateAlias')).toHaveLength(2);
  });

  test('a domain not verified yet: the error names the domain and says to finish its verification', async () => {
    const { id, name } = await user();
    h.emulator.failNext('CreateAlias', 'MailDomainStateException');
    const err = await failure(run(events.create(aliasProps(id, [at(`${name}.pending`)]))));

    expect(err.message).toContain(`CreateAlias failed for user ${id} in organization ${ORG}: MailDomainStateException`);
    expect(err.message).toContain(`The domain ${DOMAIN} of the alias ${at(`${name}.pending`)} is not verified (or not usable) in organization ${ORG}`);
    expect(aliasesOf(id)).toEqual([]);
  });

  test('beyond 100 aliases (hand-made ones count): LimitExceeded after the SDK retries, the limit in the message, nothing left behind', async () => {
    const handMade = Array.from({ length: 95 }, (_, i) => at(`limit.hand${i}`));
    const { id, name } = await user(handMade);
    const declared = Array.from({ length: 6 }, (_, i) => at(`${name}.decl${i}`));
    // Fewer SDK attempts than in Lambda, and no adaptive rate limit: the SDK backs LimitExceeded off like throttling.
    const deps = { ...h.deps, workmail: new WorkMailApi(createWorkMailClient({ maxAttempts: 2, retryMode: 'standard' }), h.deps.log) };
    const err = await failure(run(events.create(aliasProps(id, declared)), deps));

    expect(err.message).toContain(`CreateAlias failed for user ${id} in organization ${ORG}: LimitExceededException`);
    expect(err.message).toContain(
      'WorkMail allows at most 100 aliases per entity, and the user already holds 100 (declared or made by hand) besides its primary address',
    );
    expect(h.emulator.calls.filter((c) => c.errorName === 'LimitExceededException')).toHaveLength(2);
    expect(aliasesOf(id)).toEqual(handMade);
  });

  test.each([
    [{ Aliases: ['ok@acme.example.com', 'not an address'] }, "Property 'Aliases[1]' of Custom::WorkMailAlias 'Aliases' is not a valid email address: 'not an address'"],
    [{ Aliases: ['a@acme.example.com', 'A@ACME.example.com'] }, "Property 'Aliases[1]' of Custom::WorkMailAlias 'Aliases' repeats Aliases[0]"],
    [{ Aliases: Array.from({ length: 101 }, (_, i) => `a${i}@acme.example.com`) }, "Property 'Aliases' of Custom::WorkMailAlias 'Aliases' lists 101 addresses: WorkMail allows at most 100 aliases per entity"],
    [{ Aliases: 'a@acme.example.com' }, "Property 'Aliases' of Custom::WorkMailAlias 'Aliases' must be a list of strings, got string"],
    [{ EntityType: 'ROOM' }, "Property 'EntityType' of Custom::WorkMailAlias 'Aliases' must be USER, GROUP or RESOURCE, got 'ROOM'"],
    [{ EntityId: 'adopted/0123456789ab' }, "Property 'EntityId' of Custom::WorkMailAlias 'Aliases' must be a WorkMail id (the UserId, GroupId or ResourceId attribute)"],
    [{ OrganizationId: undefined }, "Property 'OrganizationId' of Custom::WorkMailAlias 'Aliases' is required"],
  ])('bad input %#: a clear error naming the property, no WorkMail call', async (override, message) => {
    const err = await failure(run(events.create({ ...aliasProps('0123456789ab-user', ['x@acme.example.com']), ...override })));
    expect(err.message).toContain(message);
    expect(h.operations()).toEqual([]);
  });
});

describe('update', () => {
  test('adds what is newly declared, removes only what was declared before, keeps hand-made aliases', async () => {
    const { id, name } = await user([at('upd.hand')]);
    const before = aliasProps(id, [at(`${name}.a`), at(`${name}.b`)]);
    await run(events.create(before));
    h.emulator.resetCalls();

    const after = aliasProps(id, [at(`${name}.b`), at(`${name}.c`)]);
    const response = await run(events.update(`${id}/aliases`, after, before));

    expect(response).toEqual({ PhysicalResourceId: `${id}/aliases` });
    expect(h.operations()).toEqual(['DescribeUser', 'DeleteAlias', 'CreateAlias', 'ListAliases']);
    expect(aliasesOf(id)).toEqual([at('upd.hand'), at(`${name}.b`), at(`${name}.c`)]);
  });

  test('no change: only the reads', async () => {
    const { id, name } = await user();
    const props = aliasProps(id, [at(`${name}.same`)]);
    await run(events.create(props));
    h.emulator.resetCalls();
    await run(events.update(`${id}/aliases`, props, props));
    expect(h.operations()).toEqual(['ListAliases']);
  });

  test('an unreadable old declaration: adds, removes nothing', async () => {
    const { id, name } = await user([at('upd.old')]);
    await run(events.update(`${id}/aliases`, aliasProps(id, [at(`${name}.x`)]), { OrganizationId: ORG, EntityId: id, EntityType: 'SOMETHING' }));
    expect(aliasesOf(id)).toEqual([at('upd.old'), at(`${name}.x`)]);
  });

  test('adding an alias: one CreateAlias and one read back, which also restores a declared alias removed by hand', async () => {
    const { id, name } = await user();
    const props = aliasProps(id, [at(`${name}.one`)]);
    await run(events.create(props));
    await h.client.send(new DeleteAliasCommand({ OrganizationId: ORG, EntityId: id, Alias: at(`${name}.one`) }));
    h.emulator.resetCalls();

    await run(events.update(`${id}/aliases`, aliasProps(id, [at(`${name}.one`), at(`${name}.two`)]), props));

    expect(h.operations()).toEqual(['CreateAlias', 'ListAliases', 'CreateAlias', 'ListAliases']);
    expect(aliasesOf(id)).toEqual([at(`${name}.two`), at(`${name}.one`)]);
  });

  test('after a primary-email swap: the declared alias that is now primary is left alone, the old primary (now an alias) is kept', async () => {
    const { id, name, email } = await user();
    const props = aliasProps(id, [at(`${name}.sales`)]);
    await run(events.create(props));
    // By hand (or by the entity's own stack): the declared alias becomes the primary address, the old primary an alias.
    await h.client.send(new UpdatePrimaryEmailAddressCommand({ OrganizationId: ORG, EntityId: id, Email: at(`${name}.sales`) }));
    expect(entityOf(h.emulator, id)).toMatchObject({ email: at(`${name}.sales`), aliases: [email] });
    h.emulator.resetCalls();

    await run(events.update(`${id}/aliases`, aliasProps(id, [at(`${name}.sales`), at(`${name}.extra`)]), props));
    // Only the new alias is sent; the read back lists the primary address, so the declared one that became it counts as held.
    expect(h.operations()).toEqual(['CreateAlias', 'ListAliases']);
    expect(h.emulator.calls.filter((c) => c.operation === 'CreateAlias')).toHaveLength(1);
    expect(entityOf(h.emulator, id)).toMatchObject({ email: at(`${name}.sales`), aliases: [email, at(`${name}.extra`)] });

    // No longer declaring it: it is the primary address, so it stays (and no DeleteAlias is tried).
    h.emulator.resetCalls();
    const lines2 = h.logLines.length;
    await run(events.update(`${id}/aliases`, aliasProps(id, [at(`${name}.extra`)]), aliasProps(id, [at(`${name}.sales`), at(`${name}.extra`)])));
    expect(h.operations()).toEqual(['DescribeUser', 'ListAliases']);
    expect(entityOf(h.emulator, id)).toMatchObject({ email: at(`${name}.sales`), aliases: [email, at(`${name}.extra`)] });
    expect(decisionsSince(h.logLines, lines2)).toContainEqual(expect.objectContaining({ decision: 'keep-primary-address', alias: at(`${name}.sales`) }));
  });

  test('another entity: a new physical id, the declared aliases move (DeleteAlias on the old, CreateAlias on the new); the old Delete then finds nothing', async () => {
    const oldOwner = await user();
    const newOwner = await user();
    const shared = [at(`${oldOwner.name}.moving1`), at(`${oldOwner.name}.moving2`)];
    const onlyOld = at(`${oldOwner.name}.onlyold`);
    const before = aliasProps(oldOwner.id, [...shared, onlyOld]);
    await run(events.create(before));
    h.emulator.resetCalls();

    const after = aliasProps(newOwner.id, [...shared, at(`${newOwner.name}.fresh`)]);
    const response = await run(events.update(`${oldOwner.id}/aliases`, after, before));

    expect(response).toEqual({ PhysicalResourceId: `${newOwner.id}/aliases` });
    expect(h.operations()).toEqual([
      'DescribeUser', // the new owner
      'DescribeUser', 'ListAliases', 'DeleteAlias', 'DeleteAlias', // the old owner gives up what moves
      'ListAliases', 'CreateAlias', 'CreateAlias', 'CreateAlias', 'ListAliases', // the new owner's aliases: read first, read back
    ]);
    expect(aliasesOf(newOwner.id)).toEqual([...shared, at(`${newOwner.name}.fresh`)]);
    // What only the old declaration has stays until CloudFormation deletes the old set.
    expect(aliasesOf(oldOwner.id)).toEqual([onlyOld]);

    h.emulator.resetCalls();
    await run(events.delete(`${oldOwner.id}/aliases`, before));
    // One DeleteAlias per declared address (those that moved are gone already: DeleteAlias is idempotent).
    expect(h.operations()).toEqual(['DescribeUser', 'DeleteAlias', 'DeleteAlias', 'DeleteAlias', 'ListAliases']);
    expect(aliasesOf(oldOwner.id)).toEqual([]);
    expect(aliasesOf(newOwner.id)).toEqual([...shared, at(`${newOwner.name}.fresh`)]);
  });

  test('the rollback of a move (old properties sent to the new id) moves the aliases back', async () => {
    const oldOwner = await user();
    const newOwner = await user();
    const before = aliasProps(oldOwner.id, [at(`${oldOwner.name}.back`)]);
    const after = aliasProps(newOwner.id, [at(`${oldOwner.name}.back`)]);
    await run(events.create(before));
    await run(events.update(`${oldOwner.id}/aliases`, after, before));

    const response = await run(events.update(`${newOwner.id}/aliases`, before, after));
    expect(response.PhysicalResourceId).toBe(`${oldOwner.id}/aliases`);
    expect(aliasesOf(oldOwner.id)).toEqual([at(`${oldOwner.name}.back`)]);
    expect(aliasesOf(newOwner.id)).toEqual([]);
    // The rollback's cleanup deletes the new set: nothing of the old owner is touched.
    await run(events.delete(`${newOwner.id}/aliases`, after));
    expect(aliasesOf(oldOwner.id)).toEqual([at(`${oldOwner.name}.back`)]);
  });

  test('a move to an entity that is not registered fails before the old owner gives anything up', async () => {
    const oldOwner = await user();
    const unregistered = await handMadeEntity(h.client, 'USER', 'unregmove', false);
    const before = aliasProps(oldOwner.id, [at(`${oldOwner.name}.stay`)]);
    await run(events.create(before));

    const err = await failure(run(events.update(`${oldOwner.id}/aliases`, aliasProps(unregistered.id, [at(`${oldOwner.name}.stay`)]), before)));
    expect(err.message).toContain('aliases need an entity registered to WorkMail');
    expect(aliasesOf(oldOwner.id)).toEqual([at(`${oldOwner.name}.stay`)]);
  });
});

describe('delete', () => {
  test('removes the declared aliases the entity holds, keeps hand-made ones and a declared address that became primary', async () => {
    const { id, name } = await user([at('del.byhand')]);
    const props = aliasProps(id, [at(`${name}.d1`), at(`${name}.d2`), at(`${name}.d3`)]);
    await run(events.create(props));
    await h.client.send(new UpdatePrimaryEmailAddressCommand({ OrganizationId: ORG, EntityId: id, Email: at(`${name}.d3`) }));
    h.emulator.resetCalls();

    const response = await run(events.delete(`${id}/aliases`, props));
    expect(response).toEqual({ PhysicalResourceId: `${id}/aliases` });
    expect(h.operations()).toEqual(['DescribeUser', 'DeleteAlias', 'DeleteAlias', 'ListAliases']);
    expect(entityOf(h.emulator, id)).toMatchObject({ email: at(`${name}.d3`), aliases: [at('del.byhand'), at(`${name}`)] });
  });

  test('an entity deregistered, deleted, or never found, or its organization gone: success without DeleteAlias', async () => {
    const deregistered = await user();
    await h.client.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: deregistered.id }));
    const deleted = await user();
    await h.client.send(new DeregisterFromWorkMailCommand({ OrganizationId: ORG, EntityId: deleted.id }));
    await h.client.send(new DeleteUserCommand({ OrganizationId: ORG, UserId: deleted.id }));
    for (const id of [deregistered.id, deleted.id, '01234567-0000-0000-0000-000000000000']) {
      h.emulator.resetCalls();
      await run(events.delete(`${id}/aliases`, aliasProps(id, [at('gone.alias')])));
      expect(h.operations()).toEqual(['DescribeUser']);
    }
    h.emulator.resetCalls();
    h.emulator.failNext('DescribeUser', 'OrganizationNotFoundException');
    await run(events.delete(`${deleted.id}/aliases`, aliasProps(deleted.id, [at('gone.alias')])));
    expect(h.operations()).toEqual(['DescribeUser']);
  });

  test('a DeleteAlias refused while the entity is still registered is not taken for done', async () => {
    const { id, name } = await user();
    const props = aliasProps(id, [at(`${name}.r1`)]);
    await run(events.create(props));
    h.emulator.failNext('DeleteAlias', 'EntityStateException');
    const err = await failure(run(events.delete(`${id}/aliases`, props)));

    expect(err.message).toContain(`DeleteAlias failed for user ${id} in organization ${ORG}: EntityStateException`);
    expect(aliasesOf(id)).toEqual([at(`${name}.r1`)]);
  });

  test('an empty deployed set: no call', async () => {
    const { id } = await user();
    await run(events.delete(`${id}/aliases`, aliasProps(id, [])));
    expect(h.operations()).toEqual([]);
  });

  test('an unreadable deployed declaration: nothing removed', async () => {
    const { id, name } = await user();
    await run(events.create(aliasProps(id, [at(`${name}.kept`)])));
    h.emulator.resetCalls();
    await run(events.delete(`${id}/aliases`, { OrganizationId: ORG, EntityId: id, EntityType: 'NOPE', Aliases: [at(`${name}.kept`)] }));
    expect(h.operations()).toEqual([]);
    expect(aliasesOf(id)).toEqual([at(`${name}.kept`)]);
  });
});

