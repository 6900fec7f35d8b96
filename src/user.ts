import { CfnResource, RemovalPolicy, Resource, Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { IWorkMailEntity, WorkMailEntityType } from './entity';
import { MailboxPermission } from './mailbox-permissions';
import { IWorkMailOrganization } from './organization';
import { acknowledgeFindings } from './private/findings';
import { EntityAliases, MailboxGrants, mailEntityProperties } from './private/mail-entity';
import { recordMailbox } from './private/mailboxes';
import { cloudFormationRemovalPolicy, workMailCfnResource } from './private/workmail-resource';
import { UserDirectoryAttributes, UserResourceProperties, WorkMailResourceType } from './provider/resource-properties';
import { WorkMailProvider } from './provider/workmail-provider';
import { fail, validateDisplayName, validateText, validateUserName } from './validation';

/**
 * An Amazon WorkMail user.
 */
export interface IWorkMailUser extends IWorkMailEntity {
  /**
   * The user's WorkMail id.
   *
   * @attribute
   */
  readonly userId: string;

  /**
   * The user's primary email address ('' when it has none).
   *
   * @attribute
   */
  readonly email: string;
}

/**
 * Attributes to reference an existing WorkMail user.
 */
export interface WorkMailUserAttributes {
  /** The organization the user belongs to. */
  readonly organization: IWorkMailOrganization;
  /** The user's WorkMail id. */
  readonly userId: string;
  /**
   * The user's primary email address.
   *
   * @default '' - the user has no email
   */
  readonly email?: string;
}

/**
 * Properties of a WorkMail user.
 */
export interface WorkMailUserProps {
  /**
   * The organization the user belongs to. Changing it replaces the user.
   */
  readonly organization: IWorkMailOrganization;

  /**
   * The user name: 1 to 64 letters, digits, `_`, `-` or `.`, optionally followed by `@domain`.
   * WorkMail cannot rename a user, so changing it replaces the user (a new mailbox).
   */
  readonly name: string;

  /**
   * The name shown in the address book.
   *
   * @default - the user name
   */
  readonly displayName?: string;

  /**
   * The user's primary email address. Its domain must be a verified domain of the organization.
   * Changing it makes the new address primary; WorkMail keeps the previous one as an alias of the user,
   * so mail sent to it still arrives.
   * Removing it from a registered user is refused at deploy time: set `enabled: false` to deregister.
   *
   * @default - the user has no email and is not registered to WorkMail
   */
  readonly email?: string;

  /**
   * Whether the user is registered to WorkMail (has a mailbox). Requires `email`.
   * Setting it to false on an existing user deregisters it: WorkMail keeps the mailbox for 30 days, then removes it.
   *
   * @default - true when `email` is given, false otherwise
   */
  readonly enabled?: boolean;

  /** The user's first name (directory attribute). @default - not managed */
  readonly firstName?: string;
  /** The user's last name. @default - not managed */
  readonly lastName?: string;
  /** The user's initials. @default - not managed */
  readonly initials?: string;
  /** The user's job title. @default - not managed */
  readonly jobTitle?: string;
  /** The user's department. @default - not managed */
  readonly department?: string;
  /** The user's company. @default - not managed */
  readonly company?: string;
  /** The user's office. @default - not managed */
  readonly office?: string;
  /** The user's street address. @default - not managed */
  readonly street?: string;
  /** The user's city. @default - not managed */
  readonly city?: string;
  /** The user's ZIP or postal code. @default - not managed */
  readonly zipCode?: string;
  /** The user's country. @default - not managed */
  readonly country?: string;
  /** The user's telephone number. @default - not managed */
  readonly telephone?: string;

  /**
   * Whether the user is hidden from the global address list.
   *
   * @default - not managed (WorkMail's default for a new user: visible)
   */
  readonly hiddenFromAddressList?: boolean;

  /**
   * Whether the stack generates the user's password into a new Secrets Manager secret
   * (about $0.40 a month per secret). With false and no `passwordSecret`, the user gets no password
   * from the stack (a directory-integrated organization, or an adopted user).
   *
   * @default - true for a user the stack creates, false when `adoptExisting` is set
   */
  readonly generatePassword?: boolean;

  /**
   * The secret that holds the user's password. It is read by the provider at deploy time;
   * the password never appears in the template. Pointing to another secret (or field) resets the password.
   *
   * @default - see `generatePassword`
   */
  readonly passwordSecret?: secretsmanager.ISecret;

  /**
   * The JSON field of `passwordSecret` that holds the password.
   *
   * @default - the whole secret string is the password
   */
  readonly passwordSecretField?: string;

  /**
   * What happens to the user when it leaves the stack or is replaced.
   * A user holds mail, so it is retained by default (CloudFormation `RetainExceptOnCreate`: a deployment
   * that fails still removes the users it created); `DESTROY` deregisters and deletes it.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Take over an existing user of the same name instead of failing.
   * The user is then reconciled to this declaration (display name, email, registration),
   * never re-created, never deleted by the stack (whatever `removalPolicy` says), and its password
   * is left as it is (no password is generated for it): a `passwordSecret` becomes its password only
   * when you point `passwordSecret` at another secret later.
   *
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/**
 * A WorkMail user, created (or adopted) and kept in the declared state by the stack's WorkMail provider.
 *
 * @resource Custom::WorkMailUser
 */
export class WorkMailUser extends Resource implements IWorkMailUser {
  /**
   * Reference an existing user by its id (e.g. a member of a group in another stack).
   */
  public static fromUserAttributes(scope: Construct, id: string, attrs: WorkMailUserAttributes): IWorkMailUser {
    class Import extends Resource implements IWorkMailUser {
      public readonly organization = attrs.organization;
      public readonly userId = attrs.userId;
      public readonly entityId = attrs.userId;
      public readonly entityType = WorkMailEntityType.USER;
      public readonly email = attrs.email ?? '';
    }
    return new Import(scope, id);
  }

  public readonly organization: IWorkMailOrganization;

  /**
   * The user's WorkMail id (the same as `userId`).
   *
   * @attribute
   */
  public readonly entityId: string;

  /** Always `WorkMailEntityType.USER`. */
  public readonly entityType = WorkMailEntityType.USER;

  /**
   * The user's WorkMail id.
   *
   * @attribute
   */
  public readonly userId: string;

  /**
   * The user's primary email address as deployed ('' when it has none).
   *
   * @attribute
   */
  public readonly email: string;

  /**
   * The secret that holds the user's password: the one given, or the generated one.
   * Undefined when the stack sets no password (`generatePassword: false` without `passwordSecret`).
   */
  public readonly passwordSecret?: secretsmanager.ISecret;

  private readonly resource: CfnResource;
  private readonly generatedSecret?: secretsmanager.Secret;
  private readonly aliases: EntityAliases;
  private readonly mailboxGrants: MailboxGrants;
  private removalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, props: WorkMailUserProps) {
    super(scope, id);

    const displayName = props.displayName ?? props.name;
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const cfnRemovalPolicy = cloudFormationRemovalPolicy(this, this.removalPolicy, 'WorkMail user');
    validateUserName(this, props.name);
    validateDisplayName(this, displayName);
    const attributes = directoryAttributes(this, props);
    if (props.passwordSecretField !== undefined && props.passwordSecret === undefined) {
      fail(this, 'passwordSecretField is given without passwordSecret');
    }
    if (props.passwordSecret !== undefined && props.generatePassword === true) {
      fail(this, 'generatePassword is true but passwordSecret is given: choose one');
    }
    const common = mailEntityProperties(this, props, 'user', () => this.aliases.addresses);
    recordMailbox(this, props.email !== undefined && props.enabled !== false);

    const provider = WorkMailProvider.of(this);
    this.organization = props.organization;
    // An adopted user's password is never touched: a generated secret would cost money and mislead.
    if (props.passwordSecret) {
      this.passwordSecret = props.passwordSecret;
      provider._grantSecretRead(props.passwordSecret);
    } else if (props.generatePassword ?? !props.adoptExisting) {
      this.generatedSecret = generatePasswordSecret(this, props.name, cfnRemovalPolicy);
      this.passwordSecret = this.generatedSecret;
      provider._grantGeneratedSecretRead(this.generatedSecret);
    }

    const properties: UserResourceProperties = {
      ...common,
      DisplayName: displayName,
      ...attributes,
      PasswordSecretArn: this.passwordSecret?.secretArn,
      PasswordSecretField: props.passwordSecretField,
    };
    this.resource = workMailCfnResource(this, {
      type: WorkMailResourceType.USER,
      organization: props.organization,
      properties,
      removalPolicy: this.removalPolicy,
      kindLabel: 'WorkMail user',
    });

    this.userId = Token.asString(this.resource.getAtt('UserId'));
    this.entityId = this.userId;
    this.email = Token.asString(this.resource.getAtt('Email'));
    this.aliases = new EntityAliases(this, () => this.removalPolicy);
    this.mailboxGrants = new MailboxGrants(this, props.name, () => this.removalPolicy);
  }

  /**
   * Add an extra address (alias) to the user. All aliases of the user share one `WorkMailAlias`.
   */
  public addAlias(address: string): void {
    this.aliases.add(address);
  }

  /**
   * Give `grantee` (a user, group or resource) these permissions on this user's mailbox. All grants of the
   * mailbox share one `WorkMailMailboxPermissions`, kept or removed with the user.
   */
  public grantMailboxPermissions(grantee: IWorkMailEntity, ...permissions: MailboxPermission[]): void {
    this.mailboxGrants.grant(grantee, permissions);
  }

  /**
   * Change what happens to the user when it leaves the stack or is replaced: RETAIN or DESTROY.
   * Applies to its generated secret and its aliases too.
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    const removalPolicy = cloudFormationRemovalPolicy(this, policy, 'WorkMail user');
    this.removalPolicy = policy;
    this.resource.applyRemovalPolicy(removalPolicy);
    this.generatedSecret?.applyRemovalPolicy(removalPolicy);
    this.aliases.applyRemovalPolicy(policy);
    this.mailboxGrants.applyRemovalPolicy(policy);
  }
}

/** Props name → resource property of each directory attribute. */
const DIRECTORY_ATTRIBUTES: ReadonlyArray<[keyof WorkMailUserProps, keyof UserDirectoryAttributes]> = [
  ['firstName', 'FirstName'], ['lastName', 'LastName'], ['initials', 'Initials'], ['jobTitle', 'JobTitle'],
  ['department', 'Department'], ['company', 'Company'], ['office', 'Office'], ['street', 'Street'],
  ['city', 'City'], ['zipCode', 'ZipCode'], ['country', 'Country'], ['telephone', 'Telephone'],
];

function directoryAttributes(scope: Construct, props: WorkMailUserProps): UserDirectoryAttributes {
  const attributes: Record<string, string> = {};
  for (const [prop, property] of DIRECTORY_ATTRIBUTES) {
    const value = props[prop] as string | undefined;
    validateText(scope, prop, value);
    if (value !== undefined) attributes[property] = value;
  }
  return attributes;
}

/** A secret with a random password that WorkMail's password policy accepts. */
function generatePasswordSecret(scope: Construct, userName: string, removalPolicy: RemovalPolicy): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, 'PasswordSecret', {
    description: `WorkMail password of user ${userName}`,
    generateSecretString: {
      passwordLength: 32,
      requireEachIncludedType: true,
      // Characters that break shells and JSON when someone copies the password out.
      excludeCharacters: '"\'\\`/@ ',
    },
    // The password stays valid as long as the user does.
    removalPolicy,
  });
  acknowledgeFindings(secret, {
    rule: 'SMG4',
    reason: 'Secrets Manager cannot rotate a WorkMail password by itself: point passwordSecret at a new secret to reset it.',
  });
  return secret;
}
