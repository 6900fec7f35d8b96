import { Resource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IWorkMailEntity, WorkMailEntityType } from './entity';
import { entityIdIn } from './private/entity-reference';
import { checkSameOrganization } from './private/relations';
import { workMailCfnResource } from './private/workmail-resource';
import { DelegateResourceProperties, WorkMailResourceType } from './provider/resource-properties';
import { IWorkMailResource } from './resource';
import { fail } from './validation';

/**
 * Properties of one delegation.
 */
export interface WorkMailDelegateProps {
  /** The bookable resource. */
  readonly resource: IWorkMailResource;
  /** The user or group that may decide its booking requests. */
  readonly delegate: IWorkMailEntity;
}

/**
 * One delegate of a bookable resource, for delegating across stacks (declare delegates of a resource of
 * the same stack with its `delegates` prop instead: those are ordered with its booking options).
 * Removing it from the stack removes the delegation.
 *
 * @resource Custom::WorkMailDelegate
 */
export class WorkMailDelegate extends Resource {
  constructor(scope: Construct, id: string, props: WorkMailDelegateProps) {
    super(scope, id);
    if (props.delegate.entityType === WorkMailEntityType.RESOURCE) {
      fail(this, `${props.delegate.node.path} is a bookable resource: delegates are users or groups`);
    }
    checkSameOrganization(this, props.resource.organization, props.delegate, 'delegate');
    const properties: DelegateResourceProperties = {
      OrganizationId: props.resource.organization.organizationId,
      ResourceId: entityIdIn(this, props.resource),
      EntityId: entityIdIn(this, props.delegate),
    };
    workMailCfnResource(this, { type: WorkMailResourceType.DELEGATE, organization: props.resource.organization, properties });
  }
}
