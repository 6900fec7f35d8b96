/**
 * The contract between the constructs (src/) and the provider's handler (lambda/):
 * the CloudFormation resource types and the properties each one carries.
 *
 * CloudFormation hands every property to the handler as a string, so booleans
 * travel as 'true' / 'false' and the handler parses them in one place.
 * Nothing here is ever a secret: passwords travel as a Secrets Manager ARN.
 *
 * Internal: not exported from the package's index.
 */

/** CloudFormation resource types served by the WorkMail provider. */
export const WorkMailResourceType = {
  ORGANIZATION: 'Custom::WorkMailOrganization',
  USER: 'Custom::WorkMailUser',
  GROUP: 'Custom::WorkMailGroup',
  RESOURCE: 'Custom::WorkMailResource',
  ALIAS: 'Custom::WorkMailAlias',
  DELEGATE: 'Custom::WorkMailDelegate',
} as const;

/**
 * Properties of a `Custom::WorkMailUser` resource (as the handler receives them).
 * No property decides deletion: the resource's DeletionPolicy decides whether
 * CloudFormation sends a Delete, and the handler destroys the user on every
 * Delete it receives, except an adopted user's.
 */
export interface UserResourceProperties {
  /** `m-` + 32 hex. Changing it replaces the user. */
  readonly OrganizationId: string;
  /** WorkMail user name. Changing it replaces the user. */
  readonly Name: string;
  readonly DisplayName: string;
  /**
   * Primary email; absent means the user is not registered to WorkMail. A
   * registered user is deregistered only by Enabled 'false', never by a missing Email.
   */
  readonly Email?: string;
  /**
   * 'true' | 'false', sent only when declared. The user is registered to
   * WorkMail (has a mailbox) when Email is present and Enabled is not 'false';
   * 'false' deregisters it. 'true' needs Email.
   */
  readonly Enabled?: string;
  /** ARN of the Secrets Manager secret that holds the password. */
  readonly PasswordSecretArn: string;
  /** JSON field of the secret that holds the password; absent: the whole secret string. */
  readonly PasswordSecretField?: string;
  /**
   * 'true' | 'false': take over an existing user of the same name instead of
   * failing. An adopted user's physical id is `adopted/` + its id, and the
   * handler never deletes it.
   */
  readonly AdoptExisting?: string;
}

/** Attributes (`Fn::GetAtt`) of a `Custom::WorkMailUser` resource. */
export interface UserResourceAttributes {
  readonly UserId: string;
  readonly Email: string;
}
