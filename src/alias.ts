import { CfnResource, Lazy, RemovalPolicy, Resource } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { IWorkMailEntity } from './entity';
import { declaredWithoutMailbox } from './private/mailboxes';
import { cloudFormationRemovalPolicy, workMailCfnResource } from './private/workmail-resource';
import { AliasResourceProperties, WorkMailResourceType } from './provider/resource-properties';
import { WorkMailProvider } from './provider/workmail-provider';
import { fail, validateAddressDomain, validateEmail } from './validation';

/** WorkMail's limit of aliases per entity. */
const MAX_ALIASES = 100;

/**
 * Properties of a WorkMail alias set.
 */
export interface WorkMailAliasProps {
  /**
   * The user, group or bookable resource the addresses belong to. It must be registered (have an email).
   */
  readonly entity: IWorkMailEntity;

  /**
   * The extra addresses of the entity (at most 100), each in a verified domain of its organization.
   * The set removes only the aliases it declared before, never others and never the primary address.
   */
  readonly aliases: string[];

  /**
   * What happens to the declared aliases when the set leaves the stack: mail sent to them still
   * arrives while they are kept.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The extra email addresses (aliases) of one WorkMail entity.
 *
 * `addAlias()` on a user, group or resource feeds one such set per entity, so that a stack of
 * 200 users with aliases stays within CloudFormation's 500 resources.
 *
 * @resource Custom::WorkMailAlias
 */
export class WorkMailAlias extends Resource {
  private readonly entity: IWorkMailEntity;
  private readonly aliases: string[] = [];
  private readonly resource: CfnResource;

  constructor(scope: Construct, id: string, props: WorkMailAliasProps) {
    super(scope, id);
    this.entity = props.entity;
    const properties: AliasResourceProperties = {
      OrganizationId: props.entity.organization.organizationId,
      EntityId: props.entity.entityId,
      EntityType: props.entity.entityType,
      Aliases: Lazy.list({ produce: () => this.aliases }),
    };
    this.resource = workMailCfnResource(this, {
      type: WorkMailResourceType.ALIAS,
      organization: props.entity.organization,
      properties,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      kindLabel: 'WorkMail alias set',
    });
    for (const alias of props.aliases) this.addAlias(alias);
    this.node.addValidation({
      validate: () => [
        ...(this.aliases.length === 0 ? ['a WorkMailAlias needs at least one alias'] : []),
        ...(declaredWithoutMailbox(this.entity)
          ? [`${this.entity.node.path} has no email (or enabled: false): WorkMail gives aliases only to registered entities`]
          : []),
      ],
    });
  }

  /**
   * Add an address to the entity's aliases.
   */
  public addAlias(address: string): void {
    validateEmail(this, 'alias', address);
    validateAddressDomain(this, 'alias', address, this.entity.organization.mailDomains);
    if (this.aliases.length >= MAX_ALIASES) {
      fail(this, `an entity can have at most ${MAX_ALIASES} aliases (adding '${address}')`);
    }
    WorkMailProvider.of(this)._claim(this, this.entity.organization, 'email address', address);
    this.aliases.push(address);
  }

  /**
   * Change what happens to the declared aliases when the set leaves the stack: RETAIN or DESTROY.
   */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    this.resource.applyRemovalPolicy(cloudFormationRemovalPolicy(this, policy, 'WorkMail alias set'));
  }
}
