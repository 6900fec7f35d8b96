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

/** What the handler does with the entity when CloudFormation deletes the resource. */
export type RemovalPolicyValue = 'retain' | 'destroy';

/** Properties of a `Custom::WorkMailUser` resource (as the handler receives them). */
export interface UserResourceProperties {
  /** `m-` + 32 hex. Changing it replaces the user. */
  readonly OrganizationId: string;
  /** WorkMail user name. Changing it replaces the user. */
  readonly Name: string;
  readonly DisplayName: string;
  /** Primary email; absent means the user is not registered to WorkMail. */
  readonly Email?: string;
  /** 'true' | 'false': registered to WorkMail (has a mailbox). */
  readonly Enabled: string;
  /** ARN of the Secrets Manager secret that holds the password. */
  readonly PasswordSecretArn: string;
  /** JSON field of the secret that holds the password; absent: the whole secret string. */
  readonly PasswordSecretField?: string;
  /** 'retain' | 'destroy' */
  readonly RemovalPolicy: RemovalPolicyValue;
  /** 'true' | 'false': take over an existing user of the same name instead of failing. */
  readonly AdoptExisting?: string;
}

/** Attributes (`Fn::GetAtt`) of a `Custom::WorkMailUser` resource. */
export interface UserResourceAttributes {
  readonly UserId: string;
  readonly Email: string;
}
