/**
 * The user's declaration, parsed once from CloudFormation's strings, and what
 * it alone determines (the address to register, the entity it names, the
 * result CloudFormation gets back), so create and update read it alike; and
 * the physical id, which marks an adopted user.
 */
import { UserResourceProperties } from '../../../src/provider/resource-properties';
import { EntityRef, InvalidPropertyError } from '../../errors';
import { RawProperties, ResourceLabel, describeResource, propertyReader } from '../../properties';
import { ReconcileResult } from '../reconciler';

/** The declaration, parsed. */
export interface DesiredUser {
  readonly organizationId: string;
  readonly name: string;
  readonly displayName: string;
  readonly email?: string;
  /** Undefined when not declared: registered iff an email is declared, and never deregistered for lack of one. */
  readonly enabled?: boolean;
  /** Undefined: the stack sets no password (an adopted or directory-integrated user). */
  readonly passwordSecretArn?: string;
  readonly passwordSecretField?: string;
  readonly adoptExisting: boolean;
}

export function parseUser(props: RawProperties, label: ResourceLabel): DesiredUser {
  const read = propertyReader<UserResourceProperties>(props, label);
  const desired: DesiredUser = {
    organizationId: read.requiredString('OrganizationId'),
    name: read.requiredString('Name'),
    displayName: read.requiredString('DisplayName'),
    email: read.optionalString('Email'),
    enabled: read.optionalBoolean('Enabled'),
    passwordSecretArn: read.optionalString('PasswordSecretArn'),
    passwordSecretField: read.optionalString('PasswordSecretField'),
    adoptExisting: read.boolean('AdoptExisting', false),
  };
  if (desired.enabled === true && desired.email === undefined) {
    throw new InvalidPropertyError(
      `Property 'Enabled' of ${describeResource(label)} is 'true' but no 'Email' is given: WorkMail registers a user with its primary email address`,
    );
  }
  if (desired.passwordSecretField !== undefined && desired.passwordSecretArn === undefined) {
    throw new InvalidPropertyError(`Property 'PasswordSecretField' of ${describeResource(label)} is given without 'PasswordSecretArn'`);
  }
  return desired;
}

/** The address the user is registered under, or undefined when it should not be registered (no email means no mailbox). */
export function registeredEmail(desired: DesiredUser): string | undefined {
  return desired.enabled === false ? undefined : desired.email;
}

export function userRef(desired: DesiredUser, id?: string): EntityRef {
  return { kind: 'user', organizationId: desired.organizationId, name: desired.name, id };
}

/** Marks the physical id of a user the stack adopted (and so never deletes). */
const ADOPTED_PREFIX = 'adopted/';

/** The physical id of an adopted user. */
export function adoptedPhysicalId(userId: string): string {
  return ADOPTED_PREFIX + userId;
}

/** The WorkMail user id a physical id names, and whether the user was adopted. */
export function parsePhysicalId(physicalId: string): { readonly userId: string; readonly adopted: boolean } {
  const adopted = physicalId.startsWith(ADOPTED_PREFIX);
  return { userId: adopted ? physicalId.slice(ADOPTED_PREFIX.length) : physicalId, adopted };
}

/** The result for a physical id (a user id, or an adopted one); Data.UserId is always the bare user id. */
export function userResult(physicalId: string, desired: DesiredUser): ReconcileResult {
  return { PhysicalResourceId: physicalId, Data: { UserId: parsePhysicalId(physicalId).userId, Email: registeredEmail(desired) ?? '' } };
}
