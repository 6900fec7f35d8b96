import { CfnResource, IResource, Lazy, RemovalPolicy, Resource, Token, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { IWorkMailOrganization } from './organization';
import { RemovalPolicyValue, UserResourceProperties, WorkMailResourceType } from './provider/resource-properties';
import { WorkMailProvider } from './provider/workmail-provider';
import { USER_ACTIONS } from './user-actions';
import { fail, validateDisplayName, validateEmail, validateUserName } from './validation';

/**
 * An Amazon WorkMail user.
 */
export interface IWorkMailUser extends IResource {
  /**
   * The organization the user belongs to.
   */
  readonly organization: IWorkMailOrganization;

  /**
   * The user's WorkMail id.
   *
   * @attribute
   */
  readonly userId: string;
}

/**
 * Attributes to reference an existing WorkMail user.
 */
export interface WorkMailUserAttributes {
  /** The organization the user belongs to. */
  readonly organization: IWorkMailOrganization;
  /** The user's WorkMail id. */
  readonly userId: string;
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

  /**
   * The secret that holds the user's password. It is read by the provider at deploy time;
   * the password never appears in the template. Pointing to another secret (or field) resets the password.
   *
   * @default - a secret with a generated password is created (see `passwordSecret`)
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
   * A user holds mail, so it is retained by default; `DESTROY` deregisters and deletes it.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Take over an existing user of the same name instead of failing.
   * The user is then reconciled to this declaration (display name, email, registration),
   * never re-created, and its password is left as it is.
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
   * Reference an existing user by its id.
   */
  public static fromUserAttributes(scope: Construct, id: string, attrs: WorkMailUserAttributes): IWorkMailUser {
    class Import extends Resource implements IWorkMailUser {
      public readonly organization = attrs.organization;
      public readonly userId = attrs.userId;
    }
    return new Import(scope, id);
  }

  public readonly organization: IWorkMailOrganization;

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
   */
  public readonly passwordSecret: secretsmanager.ISecret;

  private readonly resource: CfnResource;
  private readonly generatedSecret?: secretsmanager.Secret;
  private removalPolicy: RemovalPolicyValue;

  constructor(scope: Construct, id: string, props: WorkMailUserProps) {
    super(scope, id);

    const displayName = props.displayName ?? props.name;
    const enabled = props.enabled ?? props.email !== undefined;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    validateUserName(this, props.name);
    validateDisplayName(this, displayName);
    validateEmail(this, 'email', props.email);
    if (enabled && props.email === undefined) {
      fail(this, 'enabled is true but no email is given: WorkMail registers a user with its primary email address');
    }
    if (props.passwordSecretField !== undefined && props.passwordSecret === undefined) {
      fail(this, 'passwordSecretField is given without passwordSecret');
    }

    this.organization = props.organization;
    if (props.passwordSecret) {
      this.passwordSecret = props.passwordSecret;
    } else {
      this.generatedSecret = generatePasswordSecret(this, props.name, removalPolicy);
      this.passwordSecret = this.generatedSecret;
    }

    const provider = WorkMailProvider.of(this);
    provider.grantOrganization(props.organization, USER_ACTIONS);
    provider.grantSecretRead(this.passwordSecret);

    this.removalPolicy = removalPolicyValue(this, removalPolicy);
    const properties: UserResourceProperties = {
      OrganizationId: props.organization.organizationId,
      Name: props.name,
      DisplayName: displayName,
      Email: props.email,
      Enabled: String(enabled),
      PasswordSecretArn: this.passwordSecret.secretArn,
      PasswordSecretField: props.passwordSecretField,
      // Lazy: applyRemovalPolicy() may change it after construction.
      RemovalPolicy: Lazy.string({ produce: () => this.removalPolicy }) as RemovalPolicyValue,
      AdoptExisting: String(props.adoptExisting ?? false),
    };
    this.resource = new CfnResource(this, 'Resource', {
      type: WorkMailResourceType.USER,
      properties: { ServiceToken: provider.serviceToken, ...properties },
    });
    this.resource.applyRemovalPolicy(removalPolicy);

    this.userId = Token.asString(this.resource.getAtt('UserId'));
    this.email = Token.asString(this.resource.getAtt('Email'));
  }

  /**
   * Change what happens to the user when it leaves the stack or is replaced: RETAIN or DESTROY.
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this.removalPolicy = removalPolicyValue(this, policy);
    this.resource.applyRemovalPolicy(policy);
    this.generatedSecret?.applyRemovalPolicy(policy);
  }
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
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions::AwsSolutions-SMG4',
    reason: 'Secrets Manager cannot rotate a WorkMail password by itself: point passwordSecret at a new secret to reset it.',
  });
  return secret;
}

function removalPolicyValue(scope: Construct, policy: RemovalPolicy): RemovalPolicyValue {
  switch (policy) {
    case RemovalPolicy.RETAIN:
      return 'retain';
    case RemovalPolicy.DESTROY:
      return 'destroy';
    default:
      return fail(scope, `removalPolicy ${policy} is not supported for WorkMail users: use RETAIN or DESTROY`);
  }
}
