/** Lookups and checks shared by the operation families. */
import { entityNotFound, entityState, WorkMailError } from '../errors';
import { Entity, EntityKind, Organization, RESERVED_NAMES } from '../state';
import {
  Body, ENTITY_IDENTIFIER, ENTITY_STATES, FILTER_STRING, optionalEnum, optionalString, organizationId, requiredString, singleFilter,
} from '../validation';
import { Operation, OperationContext } from './context';

export const USER: readonly EntityKind[] = ['USER'];
export const GROUP: readonly EntityKind[] = ['GROUP'];
export const RESOURCE: readonly EntityKind[] = ['RESOURCE'];
export const MEMBER: readonly EntityKind[] = ['USER', 'GROUP'];
export const ANY: readonly EntityKind[] = ['USER', 'GROUP', 'RESOURCE'];

/** Organization states in which the organization and its members can be worked on. */
const WORKABLE_ORGANIZATION_STATES = ['Active', 'Synchronizing'];

/** Epoch seconds, the wire format of timestamps. */
export const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

export function activeOrganization(ctx: OperationContext, orgId: string): Organization {
  const org = ctx.state.organizations.get(orgId);
  if (!org) throw new WorkMailError('OrganizationNotFoundException', `Organization ${orgId} does not exist`);
  if (!WORKABLE_ORGANIZATION_STATES.includes(org.state)) {
    throw new WorkMailError('OrganizationStateException', `Organization ${orgId} is in state ${org.state}, not Active or Synchronizing`);
  }
  return org;
}

/** What an entity parameter accepts, per the model's documentation of that member. */
export type IdentifierForm = 'id' | 'id-or-name' | 'id-name-or-email';

const label = (kinds: readonly EntityKind[]) => kinds.map((k) => k.toLowerCase()).join(' or ');

export function resolveEntity(org: Organization, identifier: string, kinds: readonly EntityKind[], form: IdentifierForm): Entity {
  const found = org.byId(identifier, kinds)
    ?? (form === 'id-name-or-email' && identifier.includes('@') ? org.byEmail(identifier, kinds) : undefined)
    ?? (form !== 'id' ? org.byName(identifier, kinds) : undefined);
  if (!found) throw entityNotFound(`No ${label(kinds)} ${identifier} in organization ${org.id}`);
  return found;
}

export function requireNotDeleted(entity: Entity): void {
  if (entity.state === 'DELETED') throw entityState(`${entity.kind.toLowerCase()} ${entity.id} is DELETED`);
}

export function requireEnabled(entity: Entity): void {
  if (entity.state !== 'ENABLED') throw entityState(`${entity.kind.toLowerCase()} ${entity.id} is ${entity.state}, not ENABLED`);
}

/** `reservedError`: the error for a reserved name (UpdateResource models no ReservedNameException). */
export function checkNewName(org: Organization, name: string, exceptId?: string, reservedError = 'ReservedNameException'): void {
  if (RESERVED_NAMES.includes(name.toLowerCase())) throw new WorkMailError(reservedError, `The name ${name} is reserved`);
  if (org.nameTaken(name, exceptId)) throw new WorkMailError('NameAvailabilityException', `The name ${name} is already in use in this organization`);
}

/** An address may be given to `entity`: its domain is a verified domain of the organization and no other entity holds it. */
export function checkAddressAvailable(org: Organization, entity: Entity, address: string): void {
  const domain = address.slice(address.lastIndexOf('@') + 1);
  const domainState = org.domainState(domain);
  if (domainState === undefined) throw new WorkMailError('MailDomainNotFoundException', `${domain} is not a domain of organization ${org.id}`);
  if (domainState === 'UNVERIFIED') throw new WorkMailError('MailDomainStateException', `${domain} is not verified yet`);
  const owner = org.addressOwner(address);
  if (owner && owner.id !== entity.id) throw new WorkMailError('EmailAddressInUseException', `${address} is already in use`);
}

export const sameAddress = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * DeleteUser/DeleteGroup/DeleteResource: only from DISABLED; a missing or already deleted entity is a success, or
 * EntityNotFoundException (behaviour `delete-missing-entity`; the model lists no such error for these operations).
 */
export function deleteEntity(ctx: OperationContext, org: Organization, identifier: string, kinds: readonly EntityKind[]): void {
  const entity = org.byId(identifier, kinds) ?? org.byName(identifier, kinds);
  if (!entity || entity.state === 'DELETED') {
    if (ctx.behaviour['delete-missing-entity'] === 'success') return;
    throw new WorkMailError('EntityNotFoundException', `No ${label(kinds)} ${identifier} in organization ${org.id}`, undefined, true);
  }
  if (entity.state === 'ENABLED') {
    throw entityState(`${entity.kind.toLowerCase()} ${entity.id} is ENABLED: deregister it from WorkMail first`);
  }
  if (entity.deregisteredAt !== undefined && ctx.now() - entity.deregisteredAt < ctx.consistencyDelayMs) {
    throw entityState(`${entity.kind.toLowerCase()} ${entity.id} is still being deregistered`);
  }
  entity.state = 'DELETED';
  entity.keptAddresses = undefined;
  org.detach(entity.id);
}

/** DeleteUser/DeleteGroup/DeleteResource, whose entity is named by `idMember`. */
export function deleteOperation(idMember: string, kinds: readonly EntityKind[]): Operation {
  return (ctx, body) => {
    const orgId = organizationId(body);
    const identifier = requiredString(body, idMember, ENTITY_IDENTIFIER);
    deleteEntity(ctx, activeOrganization(ctx, orgId), identifier, kinds);
    return {};
  };
}

/**
 * The organization, the group or resource (named by `containerMember`) and the user or group (named
 * by `memberMember`) of a group membership or resource delegate request. The container must not be DELETED,
 * nor either of them DISABLED under behaviour `membership-of-disabled: entity-state-exception`.
 */
export function membershipRequest(
  ctx: OperationContext, body: Body, containerMember: string, containerKinds: readonly EntityKind[], memberMember: string,
): { org: Organization; container: Entity; member: Entity } {
  const orgId = organizationId(body);
  const containerId = requiredString(body, containerMember, ENTITY_IDENTIFIER);
  const memberId = requiredString(body, memberMember, ENTITY_IDENTIFIER);
  const org = activeOrganization(ctx, orgId);
  const container = resolveEntity(org, containerId, containerKinds, 'id-name-or-email');
  const member = resolveEntity(org, memberId, MEMBER, 'id-name-or-email');
  requireNotDeleted(container);
  if (ctx.behaviour['membership-of-disabled'] === 'entity-state-exception') {
    for (const entity of [container, member]) {
      if (entity.state === 'DISABLED') throw entityState(`${entity.kind.toLowerCase()} ${entity.id} is DISABLED`);
    }
  }
  return { org, container, member };
}

/** The Filters of ListGroups and ListResources: a name prefix, a primary address prefix or a state. */
export function entityFilter(body: Body): { scope: unknown[]; matches: (entity: Entity) => boolean } {
  const filters = singleFilter(body, ['NamePrefix', 'PrimaryEmailPrefix', 'State']);
  const namePrefix = optionalString(filters, 'NamePrefix', FILTER_STRING, 'Filters.NamePrefix');
  const emailPrefix = optionalString(filters, 'PrimaryEmailPrefix', FILTER_STRING, 'Filters.PrimaryEmailPrefix');
  const state = optionalEnum(filters, 'State', ENTITY_STATES, 'Filters.State');
  return {
    // Part of the pagination scope: a token is only good for the same filter.
    scope: [namePrefix, emailPrefix, state],
    matches: (e) => prefixMatch(e.name, namePrefix) && prefixMatch(e.email, emailPrefix) && (state === undefined || e.state === state),
  };
}

/** Whether ListUsers/ListGroups/ListResources list this entity at all (behaviour `deleted-entities-listed`). */
export function listed(ctx: OperationContext, entity: Entity): boolean {
  return entity.state !== 'DELETED' || ctx.behaviour['deleted-entities-listed'] === 'listed';
}

export function prefixMatch(value: string | undefined, prefix: string | undefined): boolean {
  if (prefix === undefined) return true;
  return value !== undefined && value.toLowerCase().startsWith(prefix.toLowerCase());
}
