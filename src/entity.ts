import { IResource } from 'aws-cdk-lib';
import { IWorkMailOrganization } from './organization';

/**
 * The kinds of WorkMail entity that members, delegates and aliases can point at.
 */
export enum WorkMailEntityType {
  /** A user. */
  USER = 'USER',
  /** A group. */
  GROUP = 'GROUP',
  /** A bookable resource (room or equipment). */
  RESOURCE = 'RESOURCE',
}

/**
 * A WorkMail entity: a user, a group or a bookable resource. Members, delegates and aliases point at one.
 */
export interface IWorkMailEntity extends IResource {
  /**
   * The organization the entity belongs to.
   */
  readonly organization: IWorkMailOrganization;

  /**
   * The entity's WorkMail id.
   *
   * @attribute
   */
  readonly entityId: string;

  /**
   * What kind of entity it is.
   */
  readonly entityType: WorkMailEntityType;
}
