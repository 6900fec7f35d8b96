/**
 * The one way every construct makes its custom resource: served by the stack's
 * provider, depending on the grant its organization and type need (so that
 * CloudFormation deletes the resource before that grant), with the removal
 * policy the handler was built for.
 */
import { CfnDeletionPolicy, CfnResource, RemovalPolicy } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { IWorkMailOrganization } from '../organization';
import { WorkMailResourceTypeName } from '../provider/resource-properties';
import { WorkMailProvider } from '../provider/workmail-provider';
import { fail } from '../validation';

export interface WorkMailCfnResourceProps {
  readonly type: WorkMailResourceTypeName;
  /** The organization whose grant the resource needs; none for the organization lookup. */
  readonly organization?: IWorkMailOrganization;
  /** The typed properties (`*ResourceProperties`); undefined values are left out. */
  readonly properties: object;
  /**
   * For what holds mail (entities, alias sets): RETAIN or DESTROY. Undefined: the
   * resource is deleted with its declaration (a delegation, a lookup).
   */
  readonly removalPolicy?: RemovalPolicy;
  /** Names the kind in messages, e.g. 'WorkMail user'. */
  readonly kindLabel?: string;
}

export function workMailCfnResource(scope: Construct, props: WorkMailCfnResourceProps): CfnResource {
  const provider = WorkMailProvider.of(scope);
  const grant = provider._grant(props.type, props.organization);
  const resource = new CfnResource(scope, 'Resource', {
    type: props.type,
    properties: { ServiceToken: provider.serviceToken, ...props.properties },
  });
  resource.node.addDependency(grant);
  if (props.removalPolicy !== undefined) {
    const label = props.kindLabel ?? props.type;
    resource.applyRemovalPolicy(cloudFormationRemovalPolicy(scope, props.removalPolicy, label));
    // The handler deletes on every Delete it receives: a plain Retain (e.g. from RemovalPolicies.of())
    // would keep what a failed first deployment created, so only the two policies it was built for pass.
    scope.node.addValidation({
      validate: () => {
        const policy = resource.cfnOptions.deletionPolicy;
        return policy === CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE || policy === CfnDeletionPolicy.DELETE
          ? []
          : [`DeletionPolicy ${policy} is not supported for a ${label}: use removalPolicy RETAIN (RetainExceptOnCreate) or DESTROY (Delete)`];
      },
    });
  }
  return resource;
}

/**
 * The handler destroys on every Delete CloudFormation sends, so the DeletionPolicy alone
 * decides: RETAIN becomes RetainExceptOnCreate, so that a deploy that fails rolls back what it made.
 */
export function cloudFormationRemovalPolicy(scope: IConstruct, policy: RemovalPolicy, kindLabel: string): RemovalPolicy {
  switch (policy) {
    case RemovalPolicy.RETAIN:
    case RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE:
      return RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
    case RemovalPolicy.DESTROY:
      return RemovalPolicy.DESTROY;
    default:
      return fail(scope, `removalPolicy ${policy} is not supported for a ${kindLabel}: use RETAIN or DESTROY`);
  }
}
