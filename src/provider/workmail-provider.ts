import { ArnFormat, Duration, Stack, Tags, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { WorkMailResourceType, WorkMailResourceTypeName } from './resource-properties';
import { ACCOUNT_LEVEL_ACTIONS, WORKMAIL_ACTIONS } from './workmail-actions';
import { WorkMailProviderFunction } from './workmail-provider-function';
import { IWorkMailOrganization } from '../organization';
import { acknowledgeFindings, findingText } from '../private/findings';
import { providerStackOf } from '../private/provider-stack';
import { fail } from '../validation';

const PROVIDER_ID = 'CdkWorkMailProvider';

/** Tag that marks the secrets generated for this stack's users; the handler may read those. */
export const GENERATED_SECRET_TAG = 'cdk-workmail:provider-stack';

/** Construct id fragment of each resource type's grant. */
const GRANT_NAMES: Readonly<Record<WorkMailResourceTypeName, string>> = {
  [WorkMailResourceType.USER]: 'Users',
  [WorkMailResourceType.GROUP]: 'Groups',
  [WorkMailResourceType.RESOURCE]: 'BookableResources',
  [WorkMailResourceType.ALIAS]: 'Aliases',
  [WorkMailResourceType.DELEGATE]: 'Delegates',
  [WorkMailResourceType.MAILBOX_PERMISSIONS]: 'MailboxPermissions',
  [WorkMailResourceType.ORGANIZATION]: 'OrganizationLookups',
};

/** The namespaces WorkMail keeps unique in an organization, ignoring case. */
type ClaimNamespace = 'name' | 'email address';

/**
 * The custom resource provider behind every WorkMail construct of a stack.
 *
 * There is one per stack, found or created by `WorkMailProvider.of()`: a stack
 * of 400 mailboxes has one handler function and one framework function.
 * Its role may call only the WorkMail actions the stack's constructs need, on the
 * organizations they use, and read only the secrets they are given.
 */
export class WorkMailProvider extends Construct {
  /**
   * The provider of the stack that contains `scope`, created on first use. The nested stacks of a
   * `WorkMailEntitySpread` share the provider of the stack that holds the spread.
   */
  public static of(scope: IConstruct): WorkMailProvider {
    const stack = providerStackOf(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    return existing instanceof WorkMailProvider ? existing : new WorkMailProvider(stack, PROVIDER_ID);
  }

  /** The ServiceToken of every WorkMail custom resource in the stack. */
  public readonly serviceToken: string;

  /** The function that turns CloudFormation events into WorkMail calls. */
  public readonly handler: lambda.IFunction;

  private readonly role: iam.IRole;
  /** One policy per (resource type, organization): created or deleted, never narrowed. */
  private readonly grants = new Map<string, iam.Policy>();
  private readonly grantedSecrets = new Set<string>();
  private generatedSecretsGranted = false;
  /** Names and addresses declared in this stack, per organization, lower-cased: WorkMail compares them ignoring case. */
  private readonly claims = new Map<string, string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    const handler = new WorkMailProviderFunction(this, 'Handler', {
      description: 'cdk-workmail: reconciles WorkMail entities with their declarations',
      // Deletes wait out WorkMail's eventual consistency after a deregistration, and SDK
      // retries back off: keep the whole budget the framework allows (it waits 15 minutes).
      timeout: Duration.minutes(14),
      memorySize: 256,
      logGroup: new logs.LogGroup(this, 'HandlerLogs', { retention: logs.RetentionDays.ONE_YEAR }),
    });
    this.handler = handler;
    this.role = handler.role!;

    // The handler tells a rollback from a forward change by its stack's status (only on ambiguous paths).
    handler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['cloudformation:DescribeStacks'],
      resources: [Stack.of(this).stackId],
    }));

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: handler,
      // The framework logs whole events; keep its logs off even though no secret is ever a property.
      frameworkLambdaLoggingLevel: lambda.ApplicationLogLevel.FATAL,
    });
    this.serviceToken = provider.serviceToken;
    // Findings of policy checkers (e.g. cdk-nag) on what the provider creates, reviewed, each where it arises.
    acknowledgeFindings(this, {
      rule: 'IAM4',
      finding: 'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      reason: 'The managed policy only lets the provider functions write their own CloudWatch logs.',
    });
    acknowledgeFindings(provider, {
      rule: 'IAM5',
      finding: `Resource::${findingText(Stack.of(this), handler.functionArn)}:*`,
      reason: 'The provider framework (aws-cdk-lib) may invoke every version of the handler it fronts.',
    });
  }

  /**
   * Allow the handler what a resource type needs on an organization, in a policy of their own
   * that the resource must depend on. When the last such resource leaves the template,
   * CloudFormation deletes it first and the policy after it; a policy is never narrowed in place
   * (an update would take effect before the cleanup phase's deletes).
   *
   * @internal
   */
  public _grant(type: WorkMailResourceTypeName, organization?: IWorkMailOrganization): iam.Policy {
    const lookup = type === WorkMailResourceType.ORGANIZATION;
    if (!lookup && organization === undefined) throw new Error(`${type} needs an organization to be granted on`);
    const key = lookup ? type : `${type}|${organization!.organizationId}`;
    const existing = this.grants.get(key);
    if (existing) return existing;

    const stack = Stack.of(this);
    const organizationArn = (organizationId: string) => stack.formatArn({
      service: 'workmail', resource: 'organization', resourceName: organizationId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const actions = WORKMAIL_ACTIONS[type];
    const statements = [
      // The handler calls WorkMail in its own region and account, whatever stack the organization was referenced in.
      new iam.PolicyStatement({
        actions: actions.filter((a) => !ACCOUNT_LEVEL_ACTIONS.includes(a)).map((a) => `workmail:${a}`),
        // A lookup does not know its organization before it runs.
        resources: [organizationArn(lookup ? '*' : organization!.organizationId)],
      }),
    ];
    const accountLevel = actions.filter((a) => ACCOUNT_LEVEL_ACTIONS.includes(a));
    if (accountLevel.length > 0) {
      statements.push(new iam.PolicyStatement({ actions: accountLevel.map((a) => `workmail:${a}`), resources: ['*'] }));
    }
    const scopeName = lookup ? '' : Token.isUnresolved(organization!.organizationId) ? organization!.node.addr : organization!.organizationId;
    const policy = new iam.Policy(this, `${GRANT_NAMES[type]}Grant${scopeName}`, { statements, roles: [this.role] });
    if (lookup) {
      acknowledgeFindings(policy,
        {
          rule: 'IAM5',
          finding: `Resource::${findingText(stack, organizationArn('*'))}`,
          reason: 'Only for an organization looked up by alias (DescribeOrganization), whose id is not known before the lookup runs.',
        },
        {
          rule: 'IAM5',
          finding: 'Resource::*',
          reason: 'Only workmail:ListOrganizations, which IAM authorizes on * alone, for a stack that looks an organization up by alias.',
        },
      );
    }
    this.grants.set(key, policy);
    return policy;
  }

  /**
   * Allow the handler to read the value of `secret` (and nothing else of it).
   *
   * @internal
   */
  public _grantSecretRead(secret: secretsmanager.ISecret): void {
    const key = secret.node.path;
    if (this.grantedSecrets.has(key)) return;
    this.grantedSecrets.add(key);
    // A secret imported by name has a partial ARN: match the 6-character suffix Secrets Manager adds.
    const secretArn = secret.secretFullArn ?? `${secret.secretArn}-??????`;
    this.handler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [secretArn],
    }));
    secret.encryptionKey?.grantDecrypt(this.handler);
  }

  /**
   * Allow the handler to read a secret generated for one of this stack's users.
   *
   * Generated secrets are granted by a tag rather than by ARN, so the shared policy does not
   * reference (and depend on) every user's secret: dependencies between users stay possible,
   * and the policy stays one statement however many users the stack declares.
   *
   * @internal
   */
  public _grantGeneratedSecretRead(secret: secretsmanager.Secret): void {
    const stack = Stack.of(this);
    Tags.of(secret).add(GENERATED_SECRET_TAG, stack.stackId);
    if (this.generatedSecretsGranted) return;
    this.generatedSecretsGranted = true;
    const everySecret = stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    this.handler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [everySecret],
      conditions: { StringEquals: { [`aws:ResourceTag/${GENERATED_SECRET_TAG}`]: stack.stackId } },
    }));
    acknowledgeFindings(this.role, {
      rule: 'IAM5',
      finding: `Resource::${findingText(stack, everySecret)}`,
      reason: 'GetSecretValue only on secrets tagged with this stack id: the password secrets generated for its users.',
    });
  }

  /**
   * Record that `scope` declares `value` in `organization`, failing at synth when another construct
   * of the stack already declares it. WorkMail keeps names unique across users, groups and resources,
   * and addresses unique across every entity's primary address and aliases, ignoring case.
   *
   * @internal
   */
  public _claim(scope: Construct, organization: IWorkMailOrganization, namespace: ClaimNamespace, value: string): void {
    if (Token.isUnresolved(value)) return;
    // An unresolved organization id is a token string, unique per organization construct: still a fine key.
    const key = `${organization.organizationId}|${namespace}|${value.toLowerCase()}`;
    const holder = this.claims.get(key);
    if (holder !== undefined) {
      const where = Token.isUnresolved(organization.organizationId) ? organization.node.path : organization.organizationId;
      fail(scope, `${namespace} '${value}' is already declared by ${holder} in organization ${where} (WorkMail ${namespace}s are unique in an organization, ignoring case)`);
    }
    this.claims.set(key, scope.node.path);
  }
}
