/**
 * A mailbox's grants as a set with values: each grantee once, its permissions as the value.
 * PutMailboxPermissions replaces a grantee's values, so one call adds a grant or changes it.
 */
import { DeleteMailboxPermissionsCommand, PutMailboxPermissionsCommand, paginateListMailboxPermissions } from '@aws-sdk/client-workmail';
import { canonicalPermissions, DesiredGrant } from './parse';
import { isWorkMailError } from '../../errors';
import { LiveEntityRef } from '../entity-lifecycle';
import { HandlerDeps } from '../reconciler';
import { RelationCalls } from '../relation-set';

/** A grant as the set compares it: the grantee's id, its sorted permissions joined. */
export interface HeldGrant {
  readonly id: string;
  readonly value: string;
}

export const grantValue = (permissions: readonly string[]): string => canonicalPermissions(permissions).join(',');
export const asHeld = (grant: DesiredGrant): HeldGrant => ({ id: grant.granteeId, value: grantValue(grant.permissions) });

/** What to say when the mailbox or a grantee is not there, or the mailbox is not registered. */
function explained(err: unknown, ref: LiveEntityRef, granteeId?: string): unknown {
  if (isWorkMailError(err, 'EntityNotFoundException', 'EntityStateException')) {
    return err.withHint(`The mailbox ${ref.id} must be a registered user or resource of organization ${ref.organizationId}` +
      (granteeId === undefined ? '' : `, and the grantee ${granteeId} a user, group or resource of it that is not DELETED`));
  }
  return err;
}

export const mailboxGrantCalls: RelationCalls<HeldGrant> = {
  relation: 'grant',
  list: async (deps: HandlerDeps, ref: LiveEntityRef) => {
    const held: HeldGrant[] = [];
    try {
      const pages = deps.workmail.paginate(paginateListMailboxPermissions, { OrganizationId: ref.organizationId, EntityId: ref.id }, ref);
      for await (const page of pages) {
        for (const p of page.Permissions ?? []) held.push({ id: p.GranteeId ?? '', value: grantValue(p.PermissionValues ?? []) });
      }
    } catch (err) {
      throw explained(err, ref);
    }
    return held;
  },
  add: async (deps, ref, granteeId, value) => {
    try {
      await deps.workmail.send(new PutMailboxPermissionsCommand({
        OrganizationId: ref.organizationId, EntityId: ref.id, GranteeId: granteeId, PermissionValues: (value ?? '').split(',') as never,
      }), ref);
    } catch (err) {
      throw explained(err, ref, granteeId);
    }
  },
  remove: async (deps, ref, granteeId) => {
    const input = { OrganizationId: ref.organizationId, EntityId: ref.id, GranteeId: granteeId };
    await deps.workmail.send(new DeleteMailboxPermissionsCommand(input), ref);
  },
};
