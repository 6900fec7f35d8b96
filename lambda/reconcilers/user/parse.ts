/**
 * The user's declaration, parsed once from CloudFormation's strings, and what
 * it alone determines (the address to register, the entity it names, the
 * result CloudFormation gets back), so create and update read it alike.
 */
import { RemovalPolicyValue, WorkMailResourceType } from '../../../src/provider/resource-properties';
import { EntityRef } from '../../errors';
import { RawProperties, ResourceLabel, booleanProperty, optionalString, removalPolicy, requiredString } from '../../properties';
import { ReconcileResult } from '../reconciler';

/** The declaration, parsed. */
export interface DesiredUser {
  readonly organizationId: string;
  readonly name: string;
  readonly displayName: string;
  readonly email?: string;
  readonly enabled: boolean;
  readonly passwordSecretArn: string;
  readonly passwordSecretField?: string;
  readonly removalPolicy: RemovalPolicyValue;
  readonly adoptExisting: boolean;
}

export function parseUser(props: RawProperties, logicalId: string): DesiredUser {
  const label: ResourceLabel = { resourceType: WorkMailResourceType.USER, logicalId };
  return {
    organizationId: requiredString(props, 'OrganizationId', label),
    name: requiredString(props, 'Name', label),
    displayName: requiredString(props, 'DisplayName', label),
    email: optionalString(props, 'Email', label),
    enabled: booleanProperty(props, 'Enabled', label),
    passwordSecretArn: requiredString(props, 'PasswordSecretArn', label),
    passwordSecretField: optionalString(props, 'PasswordSecretField', label),
    removalPolicy: removalPolicy(props, 'RemovalPolicy', label),
    adoptExisting: booleanProperty(props, 'AdoptExisting', label, false),
  };
}

/** The address the user is registered under, or undefined when it should not be registered (no email means no mailbox). */
export function registeredEmail(desired: DesiredUser): string | undefined {
  return desired.enabled ? desired.email : undefined;
}

export function userRef(desired: DesiredUser, id?: string): EntityRef {
  return { kind: 'user', organizationId: desired.organizationId, name: desired.name, id };
}

export function userResult(userId: string, desired: DesiredUser): ReconcileResult {
  return { PhysicalResourceId: userId, Data: { UserId: userId, Email: registeredEmail(desired) ?? '' } };
}
