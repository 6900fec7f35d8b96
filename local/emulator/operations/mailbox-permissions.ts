/**
 * PutMailboxPermissions, DeleteMailboxPermissions, ListMailboxPermissions: who may use a user's or a
 * resource's mailbox. A Put replaces that grantee's values; a Delete of an absent grantee is a success.
 */
import { entityNotFound, entityState, WorkMailError } from '../errors';
import { MAILBOX_PERMISSION_VALUES, MailboxPermissionValue } from '../state';
import { MemberType } from '../types';
import { Body, ENTITY_IDENTIFIER, organizationId, pageRequest, requiredString } from '../validation';
import { activeOrganization, ANY, requireNotDeleted, resolveEntity } from './common';
import { Operation, OperationContext } from './context';

/** Whose mailbox: a user or a resource (a group has no mailbox of its own). */
const MAILBOX_KINDS = ['USER', 'RESOURCE'] as const;

/** The mailbox of a request; a DELETED one is refused (ListMailboxPermissions models no EntityStateException: not found). */
function mailboxRequest(ctx: OperationContext, body: Body, deleted: 'state' | 'not-found' = 'state') {
  const orgId = organizationId(body);
  const entityId = requiredString(body, 'EntityId', ENTITY_IDENTIFIER);
  const org = activeOrganization(ctx, orgId);
  const mailbox = resolveEntity(org, entityId, MAILBOX_KINDS, 'id-name-or-email');
  if (mailbox.state === 'DELETED' && deleted === 'not-found') throw entityNotFound(`${mailbox.kind.toLowerCase()} ${mailbox.id} is DELETED`);
  requireNotDeleted(mailbox);
  return { org, mailbox };
}

function permissionValues(body: Body): MailboxPermissionValue[] {
  const values = body.PermissionValues;
  if (!Array.isArray(values) || values.length === 0) {
    throw new WorkMailError('InvalidParameterException', 'PermissionValues must list at least one permission');
  }
  for (const value of values) {
    if (!(MAILBOX_PERMISSION_VALUES as readonly unknown[]).includes(value)) {
      throw new WorkMailError('InvalidParameterException', `PermissionValues: '${String(value)}' is not one of ${MAILBOX_PERMISSION_VALUES.join(', ')}`);
    }
  }
  return [...new Set(values as MailboxPermissionValue[])];
}

export const PutMailboxPermissions: Operation = (ctx, body) => {
  const { org, mailbox } = mailboxRequest(ctx, body);
  const grantee = resolveEntity(org, requiredString(body, 'GranteeId', ENTITY_IDENTIFIER), ANY, 'id-name-or-email');
  const permissions = permissionValues(body);
  requireNotDeleted(grantee);
  if (mailbox.state !== 'ENABLED') throw entityState(`${mailbox.kind.toLowerCase()} ${mailbox.id} has no mailbox: it is not registered to WorkMail`);
  if (grantee.id === mailbox.id) throw new WorkMailError('InvalidParameterException', 'A mailbox cannot be granted to its own owner');
  const grants = mailbox.permissions ?? [];
  const present = grants.find((g) => g.granteeId === grantee.id);
  // Resources are listed as users: Permission.GranteeType is a MemberType (USER or GROUP).
  const granteeType: MemberType = grantee.kind === 'GROUP' ? 'GROUP' : 'USER';
  const entry = { granteeId: grantee.id, granteeType, permissions, seq: present?.seq ?? org.nextSeq() };
  mailbox.permissions = present === undefined ? [...grants, entry] : grants.map((g) => (g === present ? entry : g));
  return {};
};

export const DeleteMailboxPermissions: Operation = (ctx, body) => {
  const { org, mailbox } = mailboxRequest(ctx, body);
  const granteeId = requiredString(body, 'GranteeId', ENTITY_IDENTIFIER);
  const grantee = org.byId(granteeId, ANY) ?? org.byEmail(granteeId, ANY) ?? org.byName(granteeId, ANY);
  if (grantee === undefined) throw new WorkMailError('EntityNotFoundException', `No user, group or resource ${granteeId} in organization ${org.id}`);
  mailbox.permissions = (mailbox.permissions ?? []).filter((g) => g.granteeId !== grantee.id);
  return {};
};

export const ListMailboxPermissions: Operation = (ctx, body) => {
  const { mailbox } = mailboxRequest(ctx, body, 'not-found');
  const page = pageRequest(body);
  const grants = mailbox.permissions ?? [];
  const result = ctx.paginator.page(grants, (g) => g.seq, page, JSON.stringify(['ListMailboxPermissions', mailbox.id]));
  return {
    Permissions: result.items.map((g) => ({ GranteeId: g.granteeId, GranteeType: g.granteeType, PermissionValues: [...g.permissions] })),
    NextToken: result.nextToken,
  };
};
