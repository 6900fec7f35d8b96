import { CfnDeletionPolicy, CfnResource, IResource, RemovalPolicy, Resource, Token, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { IWorkMailOrganization } from './organization';
import { UserResourceProperties, WorkMailResourceType } from './provider/resource-properties';
import { WorkMailProvider } from './provider/workmail-provider';
import { USER_ACTIONS, USER_CLEANUP_ACTIONS } from './user-actions';
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
   * is left as it is: the secret in `passwordSecret` becomes its password only when you point
   * `passwordSecret` at another secret later.
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
      public readonly email = attrs.email ?? '';
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

  constructor(scope: Construct, id: string, props: WorkMailUserProps) {
    super(scope, id);

    const displayName = props.displayName ?? props.name;
    const removalPolicy = cloudFormationRemovalPolicy(this, props.removalPolicy ?? RemovalPolicy.RETAIN);
    validateUserName(this, props.name);
    validateDisplayName(this, displayName);
    validateEmail(this, 'email', props.email);
    if (props.enabled === true && props.email === undefined) {
      fail(this, 'enabled is true but no email is given: WorkMail registers a user with its primary email address');
    }
    if (props.passwordSecretField !== undefined && props.passwordSecret === undefined) {
      fail(this, 'passwordSecretField is given without passwordSecret');
    }

    const provider = WorkMailProvider.of(this);
    provider.claimUnique(this, props.organization, 'name', props.name);
    if (props.email !== undefined) provider.claimUnique(this, props.organization, 'email address', props.email);
    provider.grantOrganization(props.organization, USER_ACTIONS, USER_CLEANUP_ACTIONS);

    this.organization = props.organization;
    if (props.passwordSecret) {
      this.passwordSecret = props.passwordSecret;
      provider.grantSecretRead(props.passwordSecret);
    } else {
      this.generatedSecret = generatePasswordSecret(this, props.name, removalPolicy);
      this.passwordSecret = this.generatedSecret;
      provider.grantGeneratedSecretRead(this.generatedSecret);
    }

    const properties: UserResourceProperties = {
      OrganizationId: props.organization.organizationId,
      Name: props.name,
      DisplayName: displayName,
      Email: props.email,
      // Sent only when declared: dropping `email` alone never deregisters a mailbox (the handler refuses), `enabled: false` does.
      Enabled: props.enabled === undefined ? undefined : String(props.enabled),
      PasswordSecretArn: this.passwordSecret.secretArn,
      PasswordSecretField: props.passwordSecretField,
      AdoptExisting: String(props.adoptExisting ?? false),
    };
    this.resource = new CfnResource(this, 'Resource', {
      type: WorkMailResourceType.USER,
      properties: { ServiceToken: provider.serviceToken, ...properties },
    });
    this.resource.applyRemovalPolicy(removalPolicy);
    // The handler deletes on every Delete it receives: a plain Retain (e.g. from RemovalPolicies.of())
    // would keep the users of a failed first deployment, so only the two policies it was built for pass.
    this.node.addValidation({
      validate: () => {
        const policy = this.resource.cfnOptions.deletionPolicy;
        return policy === CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE || policy === CfnDeletionPolicy.DELETE
          ? []
          : [`DeletionPolicy ${policy} is not supported for a WorkMail user: use removalPolicy RETAIN (RetainExceptOnCreate) or DESTROY (Delete)`];
      },
    });

    this.userId = Token.asString(this.resource.getAtt('UserId'));
    this.email = Token.asString(this.resource.getAtt('Email'));
  }

  /**
   * Change what happens to the user when it leaves the stack or is replaced: RETAIN or DESTROY.
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    const removalPolicy = cloudFormationRemovalPolicy(this, policy);
    this.resource.applyRemovalPolicy(removalPolicy);
    this.generatedSecret?.applyRemovalPolicy(removalPolicy);
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

/**
 * The handler deletes the user on every Delete event CloudFormation sends, so the DeletionPolicy alone
 * decides: RETAIN becomes RetainExceptOnCreate, so that a deploy that fails rolls back the users it made.
 */
function cloudFormationRemovalPolicy(scope: Construct, policy: RemovalPolicy): RemovalPolicy {
  switch (policy) {
    case RemovalPolicy.RETAIN:
    case RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE:
      return RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
    case RemovalPolicy.DESTROY:
      return RemovalPolicy.DESTROY;
    default:
      return fail(scope, `removalPolicy ${policy} is not supported for WorkMail users: use RETAIN or DESTROY`);
  }
}
