/** The permission set's declaration, parsed once from CloudFormation's strings, and what it alone determines. */
import { ENTITY_IDENTIFIER, ORGANIZATION_ID } from '../../../src/provider/api-shapes';
import { MailboxGrantProperties, MailboxPermissionsResourceProperties } from '../../../src/provider/resource-properties';
import { InvalidPropertyError } from '../../errors';
import { PropertyNames, RawProperties, ResourceLabel, describeResource, propertyReader, quoted } from '../../properties';
import { sameText } from '../decisions';
import { LiveEntityRef } from '../entity-lifecycle';

/** PutMailboxPermissions' PermissionValues. */
export const PERMISSION_VALUES = ['FULL_ACCESS', 'SEND_AS', 'SEND_ON_BEHALF'] as const;

export interface DesiredGrant {
  readonly granteeId: string;
  /** Sorted, without repeats: the canonical form a grant is compared in. */
  readonly permissions: readonly string[];
}

export interface DesiredPermissions {
  readonly organizationId: string;
  /** The mailbox: a user's or a resource's WorkMail id. */
  readonly mailboxId: string;
  readonly grants: readonly DesiredGrant[];
  readonly exclusive: boolean;
}

const PROPERTIES: PropertyNames<MailboxPermissionsResourceProperties> = { OrganizationId: true, EntityId: true, Grants: true, Exclusive: true };
const GRANT_PROPERTIES: PropertyNames<MailboxGrantProperties> = { GranteeId: true, Permissions: true };

/** One canonical order, so that two declarations of the same values compare equal. */
export function canonicalPermissions(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.toUpperCase()))].sort();
}

export function parsePermissions(props: RawProperties, label: ResourceLabel): DesiredPermissions {
  const read = propertyReader<MailboxPermissionsResourceProperties>(props, label, PROPERTIES);
  const fail = (property: string, problem: string): never => {
    throw new InvalidPropertyError(`Property '${property}' of ${describeResource(label)} ${problem}`);
  };
  const organizationId = read.requiredString('OrganizationId', ORGANIZATION_ID);
  const mailboxId = read.requiredString('EntityId', ENTITY_IDENTIFIER);
  if (mailboxId.includes('/')) fail('EntityId', `must be a WorkMail id (the UserId or ResourceId attribute), got ${quoted(mailboxId)}`);
  // An empty set is a declaration too: CloudFormation may drop an empty list.
  const grants = (read.optionalObjectList<MailboxGrantProperties>('Grants', GRANT_PROPERTIES) ?? []).map((grant, index) => {
    const granteeId = grant.requiredString('GranteeId', ENTITY_IDENTIFIER);
    const values = grant.optionalStringList('Permissions') ?? [];
    if (values.length === 0) fail(`Grants[${index}].Permissions`, 'must list at least one permission');
    values.forEach((value, i) => {
      if (!(PERMISSION_VALUES as readonly string[]).includes(value)) {
        fail(`Grants[${index}].Permissions[${i}]`, `must be one of ${PERMISSION_VALUES.join(', ')}, got ${quoted(value)}`);
      }
    });
    if (sameText(granteeId, mailboxId)) fail(`Grants[${index}].GranteeId`, 'is the mailbox itself: a mailbox is not granted to its owner');
    return { granteeId, permissions: canonicalPermissions(values) };
  });
  grants.forEach((grant, index) => {
    const first = grants.findIndex((other) => sameText(other.granteeId, grant.granteeId));
    if (first !== index) fail(`Grants[${index}].GranteeId`, `repeats Grants[${first}] (${quoted(grant.granteeId)}): give one grantee all its permissions in one grant`);
  });
  return { organizationId, mailboxId, grants, exclusive: read.boolean('Exclusive', false) };
}

/** Stable per mailbox: another mailbox means another set (CloudFormation then deletes the old one). */
export function permissionsPhysicalId(desired: DesiredPermissions): string {
  return `${desired.mailboxId}/mailbox-permissions`;
}

export function mailboxRef(desired: DesiredPermissions): LiveEntityRef {
  return { kind: 'mailbox', organizationId: desired.organizationId, id: desired.mailboxId };
}

export function sameMailbox(a: DesiredPermissions, b: DesiredPermissions): boolean {
  return a.organizationId === b.organizationId && a.mailboxId === b.mailboxId;
}
