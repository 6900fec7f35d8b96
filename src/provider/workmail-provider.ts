import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { WorkmailProviderFunction } from './workmail-provider-function';
import { IWorkMailOrganization } from '../organization';

const PROVIDER_ID = 'CdkWorkMailProvider';

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

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    const handler = new WorkmailProviderFunction(this, 'Handler', {
      description: 'cdk-workmail: reconciles WorkMail entities with their declarations',
      // Deletes wait out WorkMail's eventual consistency after a deregistration.
      timeout: Duration.minutes(5),
      memorySize: 256,
      logGroup: new logs.LogGroup(this, 'HandlerLogs', { retention: logs.RetentionDays.ONE_YEAR }),
    });
    this.handler = handler;

    this.workmailStatement = new iam.PolicyStatement({ effect: iam.Effect.ALLOW });
    // Attached when the first construct asks for a grant: an empty statement is invalid.
    this.node.addValidation({
      validate: () => this.grantedActions.size === 0 || this.grantedOrganizations.size === 0
        ? ['WorkMailProvider has no WorkMail action or organization granted: it is not used by any construct']
        : [],
    });

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
    );
  }

  /**
   * Allow the handler to call `actions` on `organization`.
   *
   * @param organization the organization the calls are made on
   * @param actions WorkMail action names without the `workmail:` prefix
   */
  public grantOrganization(organization: IWorkMailOrganization, actions: string[]): void {
    const firstGrant = this.grantedActions.size === 0;
    for (const action of actions) {
      if (!this.grantedActions.has(action)) {
        this.grantedActions.add(action);
        this.workmailStatement.addActions(`workmail:${action}`);
      }
    }
    if (!this.grantedOrganizations.has(organization.organizationArn)) {
      this.grantedOrganizations.add(organization.organizationArn);
      this.workmailStatement.addResources(organization.organizationArn);
    }
    if (firstGrant) {
      this.handler.addToRolePolicy(this.workmailStatement);
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
}
