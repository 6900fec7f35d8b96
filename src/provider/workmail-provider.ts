import { ArnFormat, Duration, Stack, Tags, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { WorkmailProviderFunction } from './workmail-provider-function';
import { IWorkMailOrganization } from '../organization';
import { fail } from '../validation';

const PROVIDER_ID = 'CdkWorkMailProvider';

/** Tag that marks the secrets generated for this stack's users; the handler may read those. */
export const GENERATED_SECRET_TAG = 'cdk-workmail:provider-stack';

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
   * The provider of the stack that contains `scope`, created on first use.
   */
  public static of(scope: IConstruct): WorkMailProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    return existing instanceof WorkMailProvider ? existing : new WorkMailProvider(stack, PROVIDER_ID);
  }

  /** The ServiceToken of every WorkMail custom resource in the stack. */
  public readonly serviceToken: string;

  /** The function that turns CloudFormation events into WorkMail calls. */
  public readonly handler: lambda.IFunction;

  private readonly workmailStatement: iam.PolicyStatement;
  private readonly grantedActions = new Set<string>();
  private readonly grantedOrganizations = new Set<string>();
  private readonly grantedSecrets = new Set<string>();
  private readonly cleanupStatement: iam.PolicyStatement;
  private generatedSecretsGranted = false;
  /** Names and addresses declared in this stack, per organization, lower-cased: WorkMail compares them ignoring case. */
  private readonly claims = new Map<string, string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    const handler = new WorkmailProviderFunction(this, 'Handler', {
      description: 'cdk-workmail: reconciles WorkMail entities with their declarations',
      // Deletes wait out WorkMail's eventual consistency after a deregistration, and SDK
      // retries back off: keep the whole budget the framework allows (it waits 15 minutes).
      timeout: Duration.minutes(14),
      memorySize: 256,
      logGroup: new logs.LogGroup(this, 'HandlerLogs', { retention: logs.RetentionDays.ONE_YEAR }),
    });
    this.handler = handler;

    this.workmailStatement = new iam.PolicyStatement({ effect: iam.Effect.ALLOW });
    // CloudFormation deletes a removed or replaced entity in its cleanup phase, after the role's
    // policy has already been updated to the new template: if the entity's organization left the
    // template, its ARN has left the policy too. The delete path is therefore granted on every
    // organization of the account and region, and only the delete path.
    this.cleanupStatement = new iam.PolicyStatement({
      effect: iam.Effect.ALLOW,
      resources: [Stack.of(this).formatArn({ service: 'workmail', resource: 'organization', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
    });
    // Attached when the first construct asks for a grant: an empty statement is invalid.
    this.node.addValidation({
      validate: () => this.grantedActions.size === 0 || this.grantedOrganizations.size === 0
        ? ['WorkMailProvider has no WorkMail action or organization granted: it is not used by any construct']
        : [],
    });

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

    const stack = Stack.of(this);
    const handlerLogicalId = stack.resolve(stack.getLogicalId(handler.node.defaultChild as lambda.CfnFunction));
    // Reviewed findings of policy checkers (e.g. cdk-nag) on what this construct creates, with the reason.
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The managed policy only lets the provider functions write their own CloudWatch logs.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${handlerLogicalId}.Arn>:*]`,
        reason: 'The provider framework (aws-cdk-lib) may invoke every version of the handler it fronts.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:workmail:<AWS::Region>:<AWS::AccountId>:organization/*]',
        reason: 'Only the delete path (describe, deregister, delete): CloudFormation deletes a removed entity after the policy has dropped its organization.',
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:*]',
        reason: 'GetSecretValue only on secrets tagged with this stack id: the password secrets generated for its users.',
      },
    );
  }

  /**
   * Allow the handler to call `actions` on `organization`.
   *
   * @param organization the organization the calls are made on
   * @param actions WorkMail action names without the `workmail:` prefix
   * @param cleanupActions the subset that deletes (describe, deregister, delete): granted on every organization
   * of the account and region, because CloudFormation deletes after the policy has dropped a removed organization
   */
  public grantOrganization(organization: IWorkMailOrganization, actions: string[], cleanupActions: string[] = []): void {
    const firstGrant = this.grantedActions.size === 0;
    for (const action of actions) {
      if (!this.grantedActions.has(action)) {
        this.grantedActions.add(action);
        this.workmailStatement.addActions(`workmail:${action}`);
      }
    }
    // The handler calls WorkMail in its own region and account, whatever stack the organization was referenced in.
    const organizationArn = Stack.of(this).formatArn({
      service: 'workmail',
      resource: 'organization',
      resourceName: organization.organizationId,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    if (!this.grantedOrganizations.has(organizationArn)) {
      this.grantedOrganizations.add(organizationArn);
      this.workmailStatement.addResources(organizationArn);
    }
    if (firstGrant) {
      this.handler.addToRolePolicy(this.workmailStatement);
    }
    const cleanupWasEmpty = this.cleanupStatement.actions.length === 0;
    const newCleanup = cleanupActions.map((action) => `workmail:${action}`).filter((action) => !this.cleanupStatement.actions.includes(action));
    if (newCleanup.length > 0) {
      this.cleanupStatement.addActions(...newCleanup);
      if (cleanupWasEmpty) this.handler.addToRolePolicy(this.cleanupStatement);
    }
  }

  /**
   * Allow the handler to read the value of `secret` (and nothing else of it).
   */
  public grantSecretRead(secret: secretsmanager.ISecret): void {
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
   */
  public grantGeneratedSecretRead(secret: secretsmanager.Secret): void {
    const stack = Stack.of(this);
    Tags.of(secret).add(GENERATED_SECRET_TAG, stack.stackId);
    if (this.generatedSecretsGranted) return;
    this.generatedSecretsGranted = true;
    this.handler.addToRolePolicy(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      conditions: { StringEquals: { [`aws:ResourceTag/${GENERATED_SECRET_TAG}`]: stack.stackId } },
    }));
  }

  /**
   * Record that `scope` declares `value` (a name or an email address) in `organization`,
   * failing at synth when another construct of the stack already declares it.
   * WorkMail names and addresses are unique in an organization, ignoring case.
   */
  public claimUnique(scope: Construct, organization: IWorkMailOrganization, what: string, value: string): void {
    if (Token.isUnresolved(value) || Token.isUnresolved(organization.organizationId)) return;
    const key = `${organization.organizationId}|${what}|${value.toLowerCase()}`;
    const holder = this.claims.get(key);
    if (holder !== undefined) {
      fail(scope, `${what} '${value}' is already declared by ${holder} in organization ${organization.organizationId} (WorkMail ${what}s are unique in an organization, ignoring case)`);
    }
    this.claims.set(key, scope.node.path);
  }
}
