/**
 * What every mail entity (user, group, bookable resource) declares, parsed once
 * from CloudFormation's strings, and what the declaration alone determines: the
 * address to register, the entity it names, the value a managed field converges
 * to, and the physical id, which marks an adopted entity.
 */
import { EMAIL_ADDRESS, ORGANIZATION_ID, StringShape } from '../../../src/provider/api-shapes';
import { MailEntityResourceProperties } from '../../../src/provider/resource-properties';
import { EntityRef, InvalidPropertyError } from '../../errors';
import { PropertyNames, PropertyReader, ResourceLabel, describeResource } from '../../properties';

export type MailEntityKindName = 'user' | 'group' | 'resource';

/** The declaration every mail entity shares, parsed. */
export interface MailEntityDeclaration {
  readonly organizationId: string;
  readonly name: string;
  readonly email?: string;
  /** Undefined when not declared: registered iff an email is declared, and never deregistered for lack of one. */
  readonly enabled?: boolean;
  /** Undefined when not declared: left as it is. */
  readonly hidden?: boolean;
  readonly adoptExisting: boolean;
  /** The aliases its alias set declares: added when the entity registers (a deregistration freed them). */
  readonly aliases: readonly string[];
}

/** The properties every mail entity takes, for the kinds' own lists. */
export const MAIL_ENTITY_PROPERTIES: PropertyNames<MailEntityResourceProperties> = {
  OrganizationId: true, Name: true, Email: true, Enabled: true, HiddenFromGlobalAddressList: true, AdoptExisting: true, Aliases: true,
};

/** Reads the shared properties; the kind reads its own with the same reader. `nameShape`: the API's rule for the kind's names. */
export function parseMailEntity<P extends MailEntityResourceProperties>(
  read: PropertyReader<P>, label: ResourceLabel, kind: MailEntityKindName, nameShape: StringShape,
): MailEntityDeclaration {
  const declared: MailEntityDeclaration = {
    organizationId: read.requiredString('OrganizationId', ORGANIZATION_ID),
    name: read.requiredString('Name', nameShape),
    email: read.optionalString('Email', EMAIL_ADDRESS),
    enabled: read.optionalBoolean('Enabled'),
    hidden: read.optionalBoolean('HiddenFromGlobalAddressList'),
    adoptExisting: read.boolean('AdoptExisting', false),
    aliases: read.optionalStringList('Aliases', EMAIL_ADDRESS) ?? [],
  };
  if (declared.enabled === true && declared.email === undefined) {
    throw new InvalidPropertyError(
      `Property 'Enabled' of ${describeResource(label)} is 'true' but no 'Email' is given: WorkMail registers a ${kind} with its primary email address`,
    );
  }
  return declared;
}

/** The address the entity is registered under, or undefined when it should not be registered (no email means no mailbox). */
export function registeredEmail(desired: MailEntityDeclaration): string | undefined {
  return desired.enabled === false ? undefined : desired.email;
}

export function entityRef(kind: MailEntityKindName, desired: MailEntityDeclaration, id?: string): EntityRef {
  return { kind, organizationId: desired.organizationId, name: desired.name, id };
}

/**
 * The value a field the stack manages converges to: the declared value; `cleared`
 * when the previous declaration carried the field and this one does not; undefined
 * (leave it as it is) when neither declares it.
 */
export function managedValue<T>(declared: T | undefined, previouslyDeclared: T | undefined, cleared: T): T | undefined {
  if (declared !== undefined) return declared;
  return previouslyDeclared !== undefined ? cleared : undefined;
}

/** Marks the physical id of an entity the stack adopted (and so never deletes). */
const ADOPTED_PREFIX = 'adopted/';

/** The physical id of an adopted entity. */
export function adoptedPhysicalId(entityId: string): string {
  return ADOPTED_PREFIX + entityId;
}

/** The WorkMail id a physical id names, and whether the entity was adopted. */
export function parsePhysicalId(physicalId: string): { readonly id: string; readonly adopted: boolean } {
  const adopted = physicalId.startsWith(ADOPTED_PREFIX);
  return { id: adopted ? physicalId.slice(ADOPTED_PREFIX.length) : physicalId, adopted };
}
