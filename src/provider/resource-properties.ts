/**
 * The contract between the constructs (src/) and the provider's handler (lambda/):
 * the CloudFormation resource types and the properties each one carries.
 *
 * CloudFormation hands every scalar property to the handler as a string, so
 * booleans travel as 'true' / 'false' and the handler parses them in one place;
 * lists stay lists (of strings). Optional properties are absent when not declared:
 * the handler manages only what a declaration names.
 * Nothing here is ever a secret: passwords travel as a Secrets Manager ARN.
 *
 * Internal: not exported from the package's index.
 */

/** CloudFormation resource types served by the WorkMail provider. A type never changes after release. */
export const WorkMailResourceType = {
  ORGANIZATION: 'Custom::WorkMailOrganization',
  USER: 'Custom::WorkMailUser',
  GROUP: 'Custom::WorkMailGroup',
  RESOURCE: 'Custom::WorkMailBookableResource',
  ALIAS: 'Custom::WorkMailAlias',
  DELEGATE: 'Custom::WorkMailDelegate',
  MAILBOX_PERMISSIONS: 'Custom::WorkMailMailboxPermissions',
} as const;

export type WorkMailResourceTypeName = typeof WorkMailResourceType[keyof typeof WorkMailResourceType];

/** 'true' | 'false', as CloudFormation carries booleans. */
export type CfnBoolean = string;

/** What every mail entity (user, group, bookable resource) declares. */
export interface MailEntityResourceProperties {
  /** `m-` + 32 hex. Changing it replaces the entity. */
  readonly OrganizationId: string;
  /** The entity's name, unique among users, groups and resources of the organization. */
  readonly Name: string;
  /**
   * Primary email; absent means the entity is not registered to WorkMail. A
   * registered entity is deregistered only by Enabled 'false', never by a missing Email.
   */
  readonly Email?: string;
  /**
   * 'true' | 'false', sent only when declared. The entity is registered to
   * WorkMail when Email is present and Enabled is not 'false'; 'false'
   * deregisters it. 'true' needs Email.
   */
  readonly Enabled?: CfnBoolean;
  /** 'true' | 'false', sent only when declared (WorkMail's HiddenFromGlobalAddressList). */
  readonly HiddenFromGlobalAddressList?: CfnBoolean;
  /**
   * 'true' | 'false': take over an existing entity of the same name instead of
   * failing. An adopted entity's physical id is `adopted/` + its id, and the
   * handler never deletes it.
   */
  readonly AdoptExisting?: CfnBoolean;
  /**
   * The aliases the entity's own alias set declares (`addAlias`); absent when none (and in
   * declarations stored before the property existed). WorkMail frees an entity's aliases when
   * it deregisters it, and the rollback that registers it again sends the alias set no event
   * (its declaration did not change, or it only left the template): so the entity adds those it
   * lacks whenever it registers. The alias set alone adds and removes them otherwise.
   */
  readonly Aliases?: string[];
}

/**
 * The directory attributes of a user (UpdateUser's members), each sent only when declared:
 * an attribute the stack never declared is left as it is, one it stops declaring is cleared.
 */
export interface UserDirectoryAttributes {
  readonly FirstName?: string;
  readonly LastName?: string;
  readonly Initials?: string;
  readonly JobTitle?: string;
  readonly Department?: string;
  readonly Company?: string;
  readonly Office?: string;
  readonly Street?: string;
  readonly City?: string;
  readonly ZipCode?: string;
  readonly Country?: string;
  readonly Telephone?: string;
}

/** The directory attribute property names, in UpdateUser's member order. */
export const USER_DIRECTORY_ATTRIBUTES: ReadonlyArray<keyof UserDirectoryAttributes> = [
  'FirstName', 'LastName', 'Initials', 'JobTitle', 'Department', 'Company',
  'Office', 'Street', 'City', 'ZipCode', 'Country', 'Telephone',
];

/**
 * Properties of a `Custom::WorkMailUser` resource.
 * No property decides deletion: the resource's DeletionPolicy decides whether
 * CloudFormation sends a Delete, and the handler destroys the user on every
 * Delete it receives, except an adopted user's.
 */
export interface UserResourceProperties extends MailEntityResourceProperties, UserDirectoryAttributes {
  readonly DisplayName: string;
  /** ARN of the Secrets Manager secret that holds the password; absent: the user has no password set by the stack. */
  readonly PasswordSecretArn?: string;
  /** JSON field of the secret that holds the password; absent: the whole secret string. */
  readonly PasswordSecretField?: string;
}

/** Attributes (`Fn::GetAtt`) of a `Custom::WorkMailUser` resource. */
export interface UserResourceAttributes {
  readonly UserId: string;
  readonly Email: string;
}

/** Properties of a `Custom::WorkMailGroup` resource. */
export interface GroupResourceProperties extends MailEntityResourceProperties {
  /** Ids of the users and groups the group declares as members. Absent: none declared. */
  readonly Members?: string[];
  /**
   * 'true' | 'false' (default 'false'): also remove members nobody declared.
   * By default the group adds the members it declares and removes only those
   * it declared before and no longer does.
   */
  readonly ExclusiveMembers?: CfnBoolean;
}

/** Attributes (`Fn::GetAtt`) of a `Custom::WorkMailGroup` resource. */
export interface GroupResourceAttributes {
  readonly GroupId: string;
  readonly Email: string;
}

/** Booking options of a bookable resource, each sent only when declared ('true' | 'false'). */
export interface BookingOptionsProperties {
  readonly AutoAcceptRequests?: CfnBoolean;
  readonly AutoDeclineRecurringRequests?: CfnBoolean;
  readonly AutoDeclineConflictingRequests?: CfnBoolean;
}

/** Properties of a `Custom::WorkMailBookableResource` resource (a room or a piece of equipment). */
export interface BookableResourceProperties extends MailEntityResourceProperties {
  /** 'ROOM' | 'EQUIPMENT'. Changing it replaces the resource. */
  readonly Type: string;
  readonly Description?: string;
  /** Absent: the booking options are left as they are. A flag left out keeps its live value. */
  readonly BookingOptions?: BookingOptionsProperties;
  /** Ids of the users and groups the resource declares as delegates. Absent: none declared. */
  readonly Delegates?: string[];
  /** 'true' | 'false' (default 'false'): also remove delegates nobody declared. */
  readonly ExclusiveDelegates?: CfnBoolean;
}

/** Attributes (`Fn::GetAtt`) of a `Custom::WorkMailBookableResource` resource. */
export interface BookableResourceAttributes {
  readonly ResourceId: string;
  readonly Email: string;
}

/** What kind of entity an id names: WorkMail's member/delegate types plus resources. */
export type EntityTypeName = 'USER' | 'GROUP' | 'RESOURCE';

/**
 * Properties of a `Custom::WorkMailAlias` resource: the extra addresses of one
 * entity. The handler adds the declared ones and removes only those it
 * declared before, never others and never the primary address.
 */
export interface AliasResourceProperties {
  readonly OrganizationId: string;
  /** The entity's id. Changing it moves the declared aliases to the new entity. */
  readonly EntityId: string;
  /** 'USER' | 'GROUP' | 'RESOURCE': which Describe* reads the entity's primary address. */
  readonly EntityType: string;
  readonly Aliases: string[];
}

/** Properties of a `Custom::WorkMailDelegate` resource: one delegation. Any change replaces it. */
/** One grantee's permissions on a mailbox. */
export interface MailboxGrantProperties {
  /** The WorkMail id of a user, group or resource. */
  readonly GranteeId: string;
  /** FULL_ACCESS, SEND_AS, SEND_ON_BEHALF. */
  readonly Permissions: string[];
}

/** The permission set of one mailbox (a user's or a bookable resource's). */
export interface MailboxPermissionsResourceProperties {
  readonly OrganizationId: string;
  /** The WorkMail id of the mailbox's user or resource. */
  readonly EntityId: string;
  readonly Grants?: MailboxGrantProperties[];
  /** Also remove grants nobody declared. */
  readonly Exclusive?: CfnBoolean;
}

export interface DelegateResourceProperties {
  readonly OrganizationId: string;
  /** The bookable resource's id. */
  readonly ResourceId: string;
  /** The delegate's (user or group) id. */
  readonly EntityId: string;
}

/** Properties of a `Custom::WorkMailOrganization` resource: the lookup of an organization by alias. */
export interface OrganizationLookupProperties {
  readonly Alias: string;
}

/** Attributes (`Fn::GetAtt`) of a `Custom::WorkMailOrganization` resource. */
export interface OrganizationLookupAttributes {
  readonly OrganizationId: string;
  readonly DefaultMailDomain: string;
}
