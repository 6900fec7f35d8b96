/**
 * What a kind of mail entity (user, group, bookable resource) tells the shared
 * lifecycle: its WorkMail calls, what a freshly created one looks like, what
 * forces a new entity, and how it converges what only it has. Everything else
 * (create with lost-response claim, adoption and undo; mail registration;
 * replacement and its rollback; delete) is the lifecycle's, once for all kinds.
 */
import { MailEntityDeclaration, MailEntityKindName } from './declaration';
import { EntityRef } from '../../errors';
import { RawProperties, ResourceLabel } from '../../properties';
import { CommandLike } from '../../workmail-client';
import { LiveEntityRef, MailState } from '../entity-lifecycle';
import { HandlerDeps } from '../reconciler';

/** What Describe* answers that the lifecycle reads (DescribeUser, DescribeGroup and DescribeResource all do). */
export interface LiveMailEntity extends MailState {
  readonly Name?: string;
  readonly HiddenFromGlobalAddressList?: boolean;
}

/** What List* answers per entity (ListUsers' User, ListGroups' Group, ListResources' Resource). */
export interface ListedMailEntity {
  readonly Id?: string;
  readonly Name?: string;
  readonly State?: string;
  readonly Email?: string;
  readonly EnabledDate?: Date;
}

/** An existing entity and what it is converged to. */
export interface ConvergeRequest<Declared, Described> {
  readonly ref: LiveEntityRef;
  readonly desired: Declared;
  readonly actual: Described;
  /**
   * The declaration the entity was converged to before: what it declared and
   * this one does not is cleared or removed. Undefined: nothing is known (an adopted
   * or taken-back entity, or an earlier declaration that no longer parses).
   */
  readonly previous?: Declared;
  /**
   * The entity is taken over (adopted) or taken back (rollback of a
   * replacement), not updated: nothing is set that cannot be read back and
   * compared, such as a user's password.
   */
  readonly takeOver: boolean;
  /**
   * Makes the registration change the declaration needs (register, new
   * primary address, deregister), decided before any write. A kind calls it
   * where its own calls need it; if it does not, it runs after them.
   */
  readonly applyMailChange: () => Promise<void>;
}

/** A change the entity the resource holds cannot take in place. */
export interface Replacement {
  /** For the decision log: 'name changed', 'type changed'. */
  readonly reason: string;
  /** What the stack keeps to stay in place, for the refusal message: "the name 'alice'". */
  readonly keep: string;
  /** The entity that would be created, for the refusal message: 'renamed user'. */
  readonly successor: string;
}

export interface MailEntityKind<Declared extends MailEntityDeclaration, Described extends LiveMailEntity, Listed extends ListedMailEntity> {
  readonly kind: MailEntityKindName;
  /** The construct that declares it, for the way to adopt: 'WorkMailUser'. */
  readonly construct: string;
  /** The result attribute (`Fn::GetAtt`) with the entity's id, next to `Email`: 'UserId'. */
  readonly idAttribute: string;
  /** The Describe and List operations, for messages: 'DescribeUser', 'ListUsers'. */
  readonly describeOperation: string;
  readonly listOperation: string;
  /** How to get a new entity once the one the stack manages was deleted outside it. */
  readonly recreateHint: string;
  /**
   * Whether a rename (beyond case) is made in place. When it is not, a new
   * name means a new entity and a case-only rename changes nothing (WorkMail
   * names are case-insensitive and UpdateUser/UpdateGroup take no name).
   */
  readonly renamesInPlace: boolean;

  /** The declaration from CloudFormation's strings; throws InvalidPropertyError naming the property. */
  parse(props: RawProperties, label: ResourceLabel): Declared;
  /**
   * The Create* call with what it takes; returns the new id. Reads first what
   * must be read before anything is made (a password). Throws the
   * WorkMailOperationError of Create* (NameAvailabilityException is the lifecycle's).
   */
  create(deps: HandlerDeps, desired: Declared, ref: EntityRef): Promise<string>;
  /** Describe*, or undefined when the entity does not exist. */
  describe(deps: HandlerDeps, ref: LiveEntityRef): Promise<Described | undefined>;
  /** The kind's delete command (DeleteUser, DeleteGroup, DeleteResource). */
  deleteCommand(ref: LiveEntityRef): CommandLike;
  /**
   * The entities of the organization, page by page (List* through the SDK's paginator); with
   * `prefixOnly`, only those whose name starts with `name` (the List's name-prefix filter).
   */
  listPages(deps: HandlerDeps, organizationId: string, name: string, prefixOnly: boolean): AsyncIterable<readonly Listed[]>;
  /**
   * Beyond its state and address: whether a listed entity is what Create* (and
   * the create's later calls) make for this declaration, so that a retried
   * create may claim it as its earlier attempt's work.
   */
  looksCreatedFor(listed: Listed, desired: Declared): boolean;

  /** A change of the kind's own that needs a new entity (a resource's type); undefined: in place. */
  replacement?(desired: Declared, previous: Declared): Replacement | undefined;
  /** Whether the live entity already has what `replacement` compares (the lifecycle compares organization and name). */
  hasDeclaredIdentity?(actual: Described, desired: Declared): boolean;

  /** Brings an entity just created (or claimed) to the declaration; it is registered afterwards. */
  initialize(deps: HandlerDeps, ref: LiveEntityRef, desired: Declared): Promise<void>;
  /** Converges what only this kind has, with the fewest calls. */
  converge(deps: HandlerDeps, request: ConvergeRequest<Declared, Described>): Promise<void>;
  /**
   * An in-place update that leaves the registration alone (same email, enabled and aliases):
   * converges without Describe* when the kind can write its own changes from the two
   * declarations alone, so that the update's one read is its relation set's read back. Returns
   * false, having written nothing, when the live entity must be read first.
   */
  convergeUnread?(deps: HandlerDeps, ref: LiveEntityRef, desired: Declared, previous: Declared): Promise<boolean>;
}

