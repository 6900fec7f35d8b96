/**
 * The entity an alias set belongs to, as WorkMail holds it: its state and
 * primary address (the Describe* of its type) and its aliases (ListAliases,
 * which may list the primary address too: it is filtered out here, once).
 */
import { DescribeGroupCommand, DescribeResourceCommand, DescribeUserCommand, paginateListAliases } from '@aws-sdk/client-workmail';
import { EntityStateError, describeEntity, isWorkMailError } from '../../errors';
import { logDecision, sameText } from '../decisions';
import { LiveEntityRef, MailState } from '../entity-lifecycle';
import { HandlerDeps } from '../reconciler';

/** A registered entity's addresses. */
export interface LiveAddresses {
  readonly primary: string;
  /** Without the primary address. */
  readonly aliases: readonly string[];
}

export function holds(live: LiveAddresses, alias: string): boolean {
  return live.aliases.some((held) => sameText(held, alias));
}

/** The Describe* of the owner's kind; undefined when the entity does not exist. */
export async function describeOwner(deps: HandlerDeps, ref: LiveEntityRef): Promise<MailState | undefined> {
  const OrganizationId = ref.organizationId;
  try {
    switch (ref.kind) {
      case 'user': return await deps.workmail.send(new DescribeUserCommand({ OrganizationId, UserId: ref.id }), ref);
      case 'group': return await deps.workmail.send(new DescribeGroupCommand({ OrganizationId, GroupId: ref.id }), ref);
      case 'resource': return await deps.workmail.send(new DescribeResourceCommand({ OrganizationId, ResourceId: ref.id }), ref);
      default: throw new Error(`No alias owner of kind ${ref.kind}`);
    }
  } catch (err) {
    if (isWorkMailError(err, 'EntityNotFoundException')) return undefined;
    throw err;
  }
}

/** The entity's aliases, without its primary address (when known). */
export async function listAliases(deps: HandlerDeps, ref: LiveEntityRef, primary: string | undefined): Promise<string[]> {
  const listed: string[] = [];
  const pages = deps.workmail.paginate(paginateListAliases, { OrganizationId: ref.organizationId, EntityId: ref.id }, ref);
  for await (const page of pages) listed.push(...page.Aliases ?? []);
  return listed.filter((alias) => !sameText(alias, primary));
}

/**
 * The primary address of an entity that is to take or lose aliases; a missing or unregistered
 * entity is an error that says so.
 */
export async function readRegisteredPrimary(deps: HandlerDeps, ref: LiveEntityRef): Promise<string> {
  const actual = await describeOwner(deps, ref);
  const where = `${describeEntity(ref)} in organization ${ref.organizationId}`;
  if (actual === undefined || actual.State === 'DELETED') {
    throw new EntityStateError(
      `Cannot set aliases of ${where}: the ${ref.kind} ${actual === undefined ? 'does not exist' : 'is DELETED'}. ` +
      'Check EntityId and EntityType (the UserId, GroupId or ResourceId attribute of the entity)',
    );
  }
  if (actual.State !== 'ENABLED' || !actual.Email) {
    throw new EntityStateError(
      `Cannot set aliases of ${where}: aliases need an entity registered to WorkMail, and this one is ${actual.State ?? 'not registered'} ` +
      'with no primary address. Give the entity an email (register it) first',
    );
  }
  return actual.Email;
}

/**
 * The primary address of an entity whose aliases are to be removed, or undefined when it has none
 * to remove: gone, DELETED, not registered, or its organization gone.
 */
export async function primaryIfRegistered(deps: HandlerDeps, ref: LiveEntityRef): Promise<string | undefined> {
  try {
    const actual = await describeOwner(deps, ref);
    if (actual === undefined || actual.State !== 'ENABLED' || !actual.Email) {
      logDecision(deps, 'owner-holds-no-aliases', ref, { state: actual?.State ?? 'not found' });
      return undefined;
    }
    return actual.Email;
  } catch (err) {
    if (!isWorkMailError(err, 'OrganizationNotFoundException')) throw err;
    logDecision(deps, 'owner-holds-no-aliases', ref, { errorName: err.errorName });
    return undefined;
  }
}

/** The addresses of an entity whose aliases are to be removed, or undefined when it has none to remove (see primaryIfRegistered). */
export async function readOwnerIfRegistered(deps: HandlerDeps, ref: LiveEntityRef): Promise<LiveAddresses | undefined> {
  const primary = await primaryIfRegistered(deps, ref);
  if (primary === undefined) return undefined;
  try {
    return { primary, aliases: await listAliases(deps, ref, primary) };
  } catch (err) {
    // ListAliases of an entity deleted in the meantime: EntityNotFound or EntityState.
    if (!isWorkMailError(err, 'EntityNotFoundException', 'EntityStateException')) throw err;
    logDecision(deps, 'owner-holds-no-aliases', ref, { errorName: err.errorName });
    return undefined;
  }
}
