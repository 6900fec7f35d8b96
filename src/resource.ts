import { CfnResource, Lazy, RemovalPolicy, Resource, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IWorkMailEntity, WorkMailEntityType } from './entity';
import { MailboxPermission } from './mailbox-permissions';
import { IWorkMailOrganization } from './organization';
import { entityIdIn } from './private/entity-reference';
import { EntityAliases, MailboxGrants, mailEntityProperties, optionalBoolean } from './private/mail-entity';
import { recordMailbox } from './private/mailboxes';
import { checkSameOrganization } from './private/relations';
import { cloudFormationRemovalPolicy, workMailCfnResource } from './private/workmail-resource';
import { BookableResourceProperties, WorkMailResourceType } from './provider/resource-properties';
import { fail, validateDescription, validateResourceName } from './validation';

/**
 * The kinds of bookable resource.
 */
export enum BookableResourceType {
  /** A meeting room. */
  ROOM = 'ROOM',
  /** A piece of equipment (a projector, a car). */
  EQUIPMENT = 'EQUIPMENT',
}

/**
 * How a bookable resource answers booking requests. A flag never declared is not managed (keeps its live
 * value). A flag removed from a later declaration goes back to what a new resource starts with, like any
 * other property: a rollback takes back a flag that the failed deployment added.
 */
export interface BookingOptions {
  /**
   * Accept requests automatically. A resource that does not auto-accept needs at least one delegate
   * (declared on the resource itself) to decide.
   *
   * @default - not managed (a new resource auto-accepts)
   */
  readonly autoAcceptRequests?: boolean;

  /**
   * Decline recurring requests automatically.
   *
   * @default - not managed (a new resource: false)
   */
  readonly autoDeclineRecurringRequests?: boolean;

  /**
   * Decline conflicting requests automatically.
   *
   * @default - not managed (a new resource: true)
   */
  readonly autoDeclineConflictingRequests?: boolean;
}

/**
 * An Amazon WorkMail bookable resource (room or equipment).
 */
export interface IWorkMailResource extends IWorkMailEntity {
  /**
   * The resource's WorkMail id (`r-` + 32 hex digits).
   *
   * @attribute
   */
  readonly resourceId: string;

  /**
   * The resource's primary email address ('' when it has none).
   *
   * @attribute
   */
  readonly email: string;
}

/**
 * Attributes to reference an existing bookable resource.
 */
export interface WorkMailResourceAttributes {
  /** The organization the resource belongs to. */
  readonly organization: IWorkMailOrganization;
  /** The resource's WorkMail id. */
  readonly resourceId: string;
  /**
   * The resource's primary email address.
   *
   * @default '' - the resource has no email
   */
  readonly email?: string;
}

/**
 * Properties of a WorkMail bookable resource.
 */
export interface WorkMailResourceProps {
  /**
   * The organization the resource belongs to. Changing it replaces the resource.
   */
  readonly organization: IWorkMailOrganization;

  /**
   * The resource name: 1 to 20 letters, digits, `_`, `-` or `.`, unique among the users, groups and
   * resources of the organization. Changing it renames the resource in place.
   */
  readonly name: string;

  /**
   * Room or equipment. Changing it replaces the resource.
   */
  readonly type: BookableResourceType;

  /**
   * A description (1 to 64 characters).
   *
   * @default - not managed
   */
  readonly description?: string;

  /**
   * The resource's primary email address, in a verified domain of the organization. Without it the
   * resource is not registered to WorkMail (it cannot be booked by mail).
   *
   * @default - not registered
   */
  readonly email?: string;

  /**
   * Whether the resource is registered to WorkMail. Requires `email`; false deregisters it.
   *
   * @default - true when `email` is given
   */
  readonly enabled?: boolean;

  /**
   * Whether the resource is hidden from the global address list.
   *
   * @default - not managed (WorkMail's default for a new resource: visible)
   */
  readonly hiddenFromAddressList?: boolean;

  /**
   * How the resource answers booking requests.
   *
   * @default - not managed (a new resource auto-accepts)
   */
  readonly bookingOptions?: BookingOptions;

  /**
   * The users and groups that may decide booking requests. Delegates declared here are ordered with
   * the booking options as WorkMail needs (added before auto-accept is turned off, removed after it is
   * turned on). Delegates from other stacks: `WorkMailDelegate`.
   *
   * @default - none declared
   */
  readonly delegates?: IWorkMailEntity[];

  /**
   * Whether the resource also removes delegates that nobody declared here (including those of a
   * `WorkMailDelegate`). By default it adds its declared delegates, removes those dropped from its
   * declaration, and leaves others alone.
   *
   * @default false
   */
  readonly exclusiveDelegates?: boolean;

  /**
   * What happens to the resource when it leaves the stack or is replaced.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Take over an existing resource of the same name instead of failing. It is reconciled to this
   * declaration, never re-created, and never deleted by the stack.
   *
   * @default false
   */
  readonly adoptExisting?: boolean;
}

/**
 * A WorkMail bookable resource (a room or a piece of equipment) with its booking options and
 * delegates, created (or adopted) and kept in the declared state by the stack's WorkMail provider.
 *
 * @resource Custom::WorkMailBookableResource
 */
export class WorkMailResource extends Resource implements IWorkMailResource {
  /**
   * Reference an existing bookable resource by its id.
   */
  public static fromResourceAttributes(scope: Construct, id: string, attrs: WorkMailResourceAttributes): IWorkMailResource {
    class Import extends Resource implements IWorkMailResource {
      public readonly organization = attrs.organization;
      public readonly resourceId = attrs.resourceId;
      public readonly entityId = attrs.resourceId;
      public readonly entityType = WorkMailEntityType.RESOURCE;
      public readonly email = attrs.email ?? '';
    }
    return new Import(scope, id);
  }

  public readonly organization: IWorkMailOrganization;

  /**
   * The resource's WorkMail id.
   *
   * @attribute
   */
  public readonly resourceId: string;

  /**
   * The resource's WorkMail id (the same as `resourceId`).
   *
   * @attribute
   */
  public readonly entityId: string;

  /** Always `WorkMailEntityType.RESOURCE`. */
  public readonly entityType = WorkMailEntityType.RESOURCE;

  /**
   * The resource's primary email address as deployed ('' when it has none).
   *
   * @attribute
   */
  public readonly email: string;

  private readonly delegates: IWorkMailEntity[] = [];
  private readonly delegateIds: string[] = [];
  private readonly resource: CfnResource;
  private readonly aliases: EntityAliases;
  private readonly mailboxGrants: MailboxGrants;
  private removalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, props: WorkMailResourceProps) {
    super(scope, id);
    validateResourceName(this, props.name);
    validateDescription(this, props.description);
    if (!Object.values(BookableResourceType).includes(props.type)) {
      fail(this, `type '${props.type}' is not a bookable resource type (ROOM or EQUIPMENT)`);
    }
    this.organization = props.organization;
    this.removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const common = mailEntityProperties(this, props, 'resource', () => this.aliases.addresses);
    recordMailbox(this, props.email !== undefined && props.enabled !== false);

    const booking = props.bookingOptions;
    const properties: BookableResourceProperties = {
      ...common,
      Type: props.type,
      Description: props.description,
      BookingOptions: booking && {
        AutoAcceptRequests: optionalBoolean(booking.autoAcceptRequests),
        AutoDeclineRecurringRequests: optionalBoolean(booking.autoDeclineRecurringRequests),
        AutoDeclineConflictingRequests: optionalBoolean(booking.autoDeclineConflictingRequests),
      },
      Delegates: Lazy.list({ produce: () => this.delegateIds }, { omitEmpty: true }),
      ExclusiveDelegates: optionalBoolean(props.exclusiveDelegates),
    };
    this.resource = workMailCfnResource(this, {
      type: WorkMailResourceType.RESOURCE,
      organization: props.organization,
      properties,
      removalPolicy: this.removalPolicy,
      kindLabel: 'WorkMail bookable resource',
    });
    this.resourceId = Token.asString(this.resource.getAtt('ResourceId'));
    this.entityId = this.resourceId;
    this.email = Token.asString(this.resource.getAtt('Email'));
    this.aliases = new EntityAliases(this, () => this.removalPolicy);
    this.mailboxGrants = new MailboxGrants(this, props.name, () => this.removalPolicy);
    for (const delegate of props.delegates ?? []) this.addDelegate(delegate);

    // The handler adds delegates before it turns auto-accept off; one added elsewhere (a
    // WorkMailDelegate) cannot be ordered before these booking options.
    this.node.addValidation({
      validate: () => booking?.autoAcceptRequests === false && this.delegates.length === 0
        ? ['bookingOptions.autoAcceptRequests is false but the resource declares no delegate: WorkMail needs a delegate to decide '
          + 'booking requests of a resource that does not auto-accept (declare it in delegates or with addDelegate())']
        : [],
    });
  }

  /**
   * Add a user or a group as a delegate.
   */
  public addDelegate(delegate: IWorkMailEntity): void {
    if (delegate.entityType === WorkMailEntityType.RESOURCE) {
      fail(this, `${delegate.node.path} is a bookable resource: delegates are users or groups`);
    }
    checkSameOrganization(this, this.organization, delegate, 'delegate');
    if (this.delegates.includes(delegate)) fail(this, `${delegate.node.path} is already a delegate`);
    this.delegates.push(delegate);
    this.delegateIds.push(entityIdIn(this, delegate));
  }

  /**
   * Add an extra address (alias) to the resource. All aliases of the resource share one `WorkMailAlias`.
   */
  public addAlias(address: string): void {
    this.aliases.add(address);
  }

  /**
   * Give `grantee` (a user, group or resource) these permissions on this resource's mailbox. All grants of the
   * mailbox share one `WorkMailMailboxPermissions`, kept or removed with the resource.
   */
  public grantMailboxPermissions(grantee: IWorkMailEntity, ...permissions: MailboxPermission[]): void {
    this.mailboxGrants.grant(grantee, permissions);
  }

  /**
   * Change what happens to the resource when it leaves the stack or is replaced: RETAIN or DESTROY.
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this.removalPolicy = policy;
    this.resource.applyRemovalPolicy(cloudFormationRemovalPolicy(this, policy, 'WorkMail bookable resource'));
    this.aliases.applyRemovalPolicy(policy);
    this.mailboxGrants.applyRemovalPolicy(policy);
  }
}
