/** RegisterToWorkMail, DeregisterFromWorkMail, UpdatePrimaryEmailAddress and aliases: everything that gives or takes addresses. */
import { entityNotFound, entityState, invalidParameter, WorkMailError } from '../errors';
import { Entity, MAX_ALIASES, Organization } from '../state';
import {
  Body, EMAIL_ADDRESS, ENTITY_IDENTIFIER, organizationId, pageRequest, requiredString, StringShape, WORKMAIL_IDENTIFIER,
} from '../validation';
import {
  activeOrganization, ANY, checkAddressAvailable, IdentifierForm, requireEnabled, requireNotDeleted, resolveEntity, sameAddress,
} from './common';
import { Operation, OperationContext } from './context';

/** The organization, the entity (named by EntityId in the given `form`) and the address (`addressMember`) of a request. */
function addressRequest(
  ctx: OperationContext, body: Body, addressMember: 'Email' | 'Alias', idShape: StringShape, form: IdentifierForm,
): { org: Organization; entity: Entity; address: string } {
  const orgId = organizationId(body);
  const entityId = requiredString(body, 'EntityId', idShape);
  const address = requiredString(body, addressMember, EMAIL_ADDRESS);
  const org = activeOrganization(ctx, orgId);
  const entity = resolveEntity(org, entityId, ANY, form);
  return { org, entity, address };
}

export const RegisterToWorkMail: Operation = (ctx, body) => {
  const { org, entity, address: email } = addressRequest(ctx, body, 'Email', ENTITY_IDENTIFIER, 'id-or-name');
  requireNotDeleted(entity);
  if (entity.state === 'ENABLED') {
    if (ctx.behaviour['register-enabled-entity'] === 'success-when-same-email' && sameAddress(entity.email, email)) return {};
    throw new WorkMailError('EntityAlreadyRegisteredException', `${entity.kind.toLowerCase()} ${entity.id} is already registered`);
  }
  checkAddressAvailable(org, entity, email);
  const now = ctx.now();
  entity.state = 'ENABLED';
  entity.email = email;
  entity.aliases = [];
  entity.keptAddresses = undefined;
  entity.enabledDate = now;
  entity.disabledDate = undefined;
  entity.deregisteredAt = undefined;
  if (entity.kind === 'USER') {
    entity.mailboxProvisionedDate = now;
    entity.mailboxDeprovisionedDate = undefined;
  }
  return {};
};

/**
 * Deregistering frees the primary address and the aliases at once, or keeps them from others until the entity
 * is deleted (behaviour `addresses-after-deregister`). Deregistering a DISABLED entity is a success.
 */
export const DeregisterFromWorkMail: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const entityId = requiredString(body, 'EntityId', ENTITY_IDENTIFIER);
  const org = activeOrganization(ctx, orgId);
  const entity = resolveEntity(org, entityId, ANY, 'id-name-or-email');
  requireNotDeleted(entity);
  if (entity.state === 'DISABLED') {
    if (ctx.behaviour['deregister-disabled-entity'] === 'success') return {};
    throw entityState(`${entity.kind.toLowerCase()} ${entity.id} is not registered`);
  }
  const now = ctx.now();
  entity.state = 'DISABLED';
  if (ctx.behaviour['addresses-after-deregister'] === 'kept-until-delete') {
    entity.keptAddresses = [...(entity.email === undefined ? [] : [entity.email]), ...entity.aliases.map((a) => a.address)];
  }
  entity.email = undefined;
  entity.aliases = [];
  // Its mailbox is gone, and with it who could use it (an undocumented choice: see the README).
  entity.permissions = undefined;
  entity.disabledDate = now;
  entity.deregisteredAt = now;
  if (entity.kind === 'USER') entity.mailboxDeprovisionedDate = now;
  return {};
};

/** The current primary becomes an alias; if the new address was an alias, the two swap. */
export const UpdatePrimaryEmailAddress: Operation = (ctx, body) => {
  const { org, entity, address: email } = addressRequest(ctx, body, 'Email', ENTITY_IDENTIFIER, 'id-name-or-email');
  requireEnabled(entity);
  if (sameAddress(entity.email, email)) {
    if (ctx.behaviour['update-primary-to-current'] === 'success') return {};
    throw new WorkMailError('EmailAddressInUseException', `${email} is already the primary address of this entity`);
  }
  checkAddressAvailable(org, entity, email);
  const others = entity.aliases.filter((a) => !sameAddress(a.address, email));
  entity.aliases = entity.email === undefined ? others : [...others, { address: entity.email, seq: org.nextSeq() }];
  entity.email = email;
  return {};
};

/** Adding an alias the entity already has is a success (the operation is idempotent). */
export const CreateAlias: Operation = (ctx, body) => {
  const { org, entity, address: alias } = addressRequest(ctx, body, 'Alias', WORKMAIL_IDENTIFIER, 'id');
  requireEnabled(entity);
  if (entity.aliases.some((a) => sameAddress(a.address, alias))) {
    if (ctx.behaviour['create-alias-existing'] === 'success') return {};
    throw new WorkMailError('EmailAddressInUseException', `${alias} is already an alias of this entity`);
  }
  if (sameAddress(entity.email, alias)) {
    throw new WorkMailError('EmailAddressInUseException', `${alias} is already the primary address of this entity`);
  }
  checkAddressAvailable(org, entity, alias);
  if (entity.aliases.length >= MAX_ALIASES) {
    throw new WorkMailError('LimitExceededException', `An entity can have at most ${MAX_ALIASES} aliases`);
  }
  entity.aliases.push({ address: alias, seq: org.nextSeq() });
  return {};
};

/** Deleting an alias the entity does not have is a success; the primary address cannot be deleted this way. */
export const DeleteAlias: Operation = (ctx, body) => {
  const { entity, address: alias } = addressRequest(ctx, body, 'Alias', WORKMAIL_IDENTIFIER, 'id');
  requireEnabled(entity);
  if (sameAddress(entity.email, alias)) {
    throw invalidParameter('Alias is the primary address: change it with UpdatePrimaryEmailAddress first');
  }
  if (ctx.behaviour['delete-alias-absent'] === 'entity-not-found' && !entity.aliases.some((a) => sameAddress(a.address, alias))) {
    throw entityNotFound(`${alias} is not an alias of ${entity.kind.toLowerCase()} ${entity.id}`);
  }
  entity.aliases = entity.aliases.filter((a) => !sameAddress(a.address, alias));
  return {};
};

/**
 * Lists the primary address first (unless behaviour `list-aliases-includes-primary` omits it), then the
 * aliases in creation order. A DISABLED entity has none.
 * Pages are keyed by creation sequence (the primary address by 0), so removing an alias between pages
 * neither repeats nor skips the others.
 */
export const ListAliases: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const entityId = requiredString(body, 'EntityId', WORKMAIL_IDENTIFIER);
  const page = pageRequest(body);
  const org = activeOrganization(ctx, orgId);
  const entity = resolveEntity(org, entityId, ANY, 'id');
  requireNotDeleted(entity);
  const primary = entity.email === undefined || ctx.behaviour['list-aliases-includes-primary'] === 'omitted' ? [] : [{ address: entity.email, seq: 0 }];
  const addresses = entity.email === undefined ? [] : [...primary, ...entity.aliases];
  const result = ctx.paginator.page(addresses, (a) => a.seq, page, JSON.stringify(['ListAliases', orgId, entity.id]));
  return { Aliases: result.items.map((a) => a.address), NextToken: result.nextToken };
};
