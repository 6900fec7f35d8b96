/**
 * Custom::WorkMailBookableResource as a mail entity (a room or a piece of
 * equipment): CreateResource (name, type, description, hidden), the mail
 * lifecycle, and in place with UpdateResource its name, description, hidden
 * flag and booking options; only a new type (or organization) needs a new
 * resource. Delegates are kept like a group's members.
 *
 * A resource must auto-accept or have a delegate, so every change comes in
 * the one order that is always valid: add delegates, UpdateResource, remove
 * delegates.
 */
import {
  AssociateDelegateToResourceCommand, BookingOptions, CreateResourceCommand, DeleteResourceCommand, DescribeResourceCommand,
  DescribeResourceCommandOutput, DisassociateDelegateFromResourceCommand, Resource, ResourceType, UpdateResourceCommand, UpdateResourceRequest,
  paginateListResourceDelegates, paginateListResources,
} from '@aws-sdk/client-workmail';
import { logDecision } from './decisions';
import { changedValue, sameDeclaration } from './declared-change';
import { LiveEntityRef } from './entity-lifecycle';
import {
  MAIL_ENTITY_PROPERTIES, MailEntityDeclaration, MailEntityKind, describeOrUndefined, listedPages, managedValue, mailEntityReconciler,
  parseMailEntity, requireId,
} from './mail-entity';
import { HandlerDeps } from './reconciler';
import { DeclaredSet, RelationCalls, relationSet, sameDeclaredSet } from './relation-set';
import { ENTITY_IDENTIFIER, NEW_RESOURCE_BOOKING_OPTIONS, RESOURCE_DESCRIPTION, RESOURCE_NAME } from '../../src/provider/api-shapes';
import { BookableResourceProperties, BookingOptionsProperties } from '../../src/provider/resource-properties';
import { InvalidPropertyError, isWorkMailError } from '../errors';
import { PropertyNames, RawProperties, ResourceLabel, describeResource, propertyReader, quoted } from '../properties';

/** The booking flags, each undefined when not declared (see bookingTargets). */
export type DesiredBookingOptions = { readonly [flag in keyof Required<BookingOptions>]?: boolean };

/** The declaration, parsed. */
export interface DesiredResource extends MailEntityDeclaration {
  readonly type: ResourceType;
  readonly description?: string;
  /** Undefined: the booking options are left as they are. */
  readonly bookingOptions?: DesiredBookingOptions;
  /** Ids of users and groups; undefined: none declared. */
  readonly delegates?: readonly string[];
  readonly exclusiveDelegates: boolean;
}

const RESOURCE_TYPES: readonly string[] = ['ROOM', 'EQUIPMENT'];
const BOOKING_FLAGS: ReadonlyArray<keyof BookingOptionsProperties & keyof BookingOptions> = [
  'AutoAcceptRequests', 'AutoDeclineRecurringRequests', 'AutoDeclineConflictingRequests',
];

const RESOURCE_PROPERTIES: PropertyNames<BookableResourceProperties> = {
  ...MAIL_ENTITY_PROPERTIES,
  Type: true,
  Description: true,
  Delegates: true,
  ExclusiveDelegates: true,
  BookingOptions: { AutoAcceptRequests: true, AutoDeclineRecurringRequests: true, AutoDeclineConflictingRequests: true },
};

export function parseResource(props: RawProperties, label: ResourceLabel): DesiredResource {
  const read = propertyReader<BookableResourceProperties>(props, label, RESOURCE_PROPERTIES);
  const mailEntity = parseMailEntity(read, label, 'resource', RESOURCE_NAME);
  const type = read.requiredString('Type');
  if (!RESOURCE_TYPES.includes(type)) {
    throw new InvalidPropertyError(`Property 'Type' of ${describeResource(label)} must be 'ROOM' or 'EQUIPMENT', got ${quoted(type)}`);
  }
  const booking = read.optionalObject<BookingOptionsProperties>('BookingOptions');
  return {
    ...mailEntity,
    type: type as ResourceType,
    description: read.optionalString('Description', RESOURCE_DESCRIPTION),
    bookingOptions: booking && Object.fromEntries(BOOKING_FLAGS.map((flag) => [flag, booking.optionalBoolean(flag)])),
    delegates: read.optionalStringList('Delegates', ENTITY_IDENTIFIER),
    exclusiveDelegates: read.boolean('ExclusiveDelegates', false),
  };
}

/** A resource's delegates, as a set: also what a standalone delegation reads back. */
export const resourceDelegateCalls: RelationCalls = {
  relation: 'delegate',
  list: async (deps, ref) => {
    const ids: string[] = [];
    const input = { OrganizationId: ref.organizationId, ResourceId: ref.id };
    for await (const page of listedPages(deps, paginateListResourceDelegates, input, (p) => p.Delegates, ref)) {
      ids.push(...page.flatMap((delegate) => (delegate.Id ? [delegate.Id] : [])));
    }
    return ids;
  },
  add: async (deps, ref, id) => {
    await deps.workmail.send(new AssociateDelegateToResourceCommand({ OrganizationId: ref.organizationId, ResourceId: ref.id, EntityId: id }), ref);
  },
  remove: async (deps, ref, id) => {
    try {
      await deps.workmail.send(
        new DisassociateDelegateFromResourceCommand({ OrganizationId: ref.organizationId, ResourceId: ref.id, EntityId: id }), ref,
      );
    } catch (err) {
      // The last delegate of a resource that does not auto-accept cannot go.
      if (isWorkMailError(err, 'EntityStateException')) {
        throw err.withHint('A resource without delegates must auto-accept requests: declare bookingOptions with autoAcceptRequests: true');
      }
      throw err;
    }
  },
};

export const resourceDelegates = relationSet(resourceDelegateCalls);

type ResourceChanges = Omit<UpdateResourceRequest, 'OrganizationId' | 'ResourceId'>;

/**
 * The value each booking flag converges to: as declared; what a new resource starts with when the
 * previous declaration set it and this one does not (so a rollback takes back a flag the failed
 * step added); undefined, kept as it is, when neither declares it.
 */
function bookingTargets(desired: DesiredResource, previous: DesiredResource | undefined): DesiredBookingOptions {
  return Object.fromEntries(BOOKING_FLAGS.map((flag) => [
    flag, managedValue(desired.bookingOptions?.[flag], previous?.bookingOptions?.[flag], NEW_RESOURCE_BOOKING_OPTIONS[flag]),
  ]));
}

/**
 * The members of one UpdateResource that bring `actual` to the declaration, or
 * undefined when nothing differs. It always carries all three booking flags
 * (the managed ones, the others as they are), since the service may replace
 * all three.
 */
function resourceChanges(
  desired: DesiredResource, previous: DesiredResource | undefined, actual: DescribeResourceCommandOutput,
): ResourceChanges | undefined {
  const changes: Record<string, unknown> = {};
  if (actual.Name !== desired.name) changes.Name = desired.name;
  const description = managedValue(desired.description, previous?.description, '');
  if (description !== undefined && (actual.Description ?? '') !== description) changes.Description = description;
  const hidden = managedValue(desired.hidden, previous?.hidden, false);
  if (hidden !== undefined && (actual.HiddenFromGlobalAddressList ?? false) !== hidden) changes.HiddenFromGlobalAddressList = hidden;
  const live = actual.BookingOptions;
  const targets = bookingTargets(desired, previous);
  const booking = live && Object.fromEntries(BOOKING_FLAGS.map((flag) => [flag, targets[flag] ?? live[flag] ?? false]));
  if (booking && BOOKING_FLAGS.some((flag) => booking[flag] !== (live[flag] ?? false))) changes.BookingOptions = booking;
  if (Object.keys(changes).length === 0) return undefined;
  return { ...changes, BookingOptions: booking };
}

/**
 * The UpdateResource members the two declarations alone ask for; undefined when none; 'read' when
 * the live resource must be read first: a booking flag changes while another is not managed (its
 * live value is kept, and UpdateResource carries all three).
 */
function declaredResourceChanges(desired: DesiredResource, previous: DesiredResource): ResourceChanges | undefined | 'read' {
  const changes: Record<string, unknown> = {};
  if (desired.name !== previous.name) changes.Name = desired.name;
  const description = changedValue(desired.description, previous.description, '');
  if (description !== undefined) changes.Description = description;
  const hidden = changedValue(desired.hidden, previous.hidden, false);
  if (hidden !== undefined) changes.HiddenFromGlobalAddressList = hidden;
  const targets = bookingTargets(desired, previous);
  if (BOOKING_FLAGS.some((flag) => targets[flag] !== undefined && targets[flag] !== previous.bookingOptions?.[flag])) {
    if (BOOKING_FLAGS.some((flag) => targets[flag] === undefined)) return 'read';
    changes.BookingOptions = targets;
  }
  return Object.keys(changes).length === 0 ? undefined : changes;
}

async function updateResource(deps: HandlerDeps, ref: LiveEntityRef, changes: ResourceChanges | undefined): Promise<void> {
  if (changes === undefined) return;
  logDecision(deps, 'update-resource', ref, { fields: Object.keys(changes).join(',') });
  await deps.workmail.send(new UpdateResourceCommand({ OrganizationId: ref.organizationId, ResourceId: ref.id, ...changes }), ref);
}

/**
 * UpdateResource after the planned delegate adds: turning auto-accept off needs a delegate, so
 * when the service refuses, the declared delegates removed by hand are added back and it is sent again.
 */
async function updateResourceAfterAdds(
  deps: HandlerDeps, ref: LiveEntityRef, changes: ResourceChanges | undefined, delegates: DeclaredSet,
): Promise<void> {
  try {
    await updateResource(deps, ref, changes);
  } catch (err) {
    if (!isWorkMailError(err, 'InvalidConfigurationException') || await resourceDelegates.restoreDeclared(deps, ref, delegates) === 0) throw err;
    await updateResource(deps, ref, changes);
  }
}

function delegateSet(desired: DesiredResource, previous?: DesiredResource): DeclaredSet {
  return { declared: desired.delegates, previous: previous && (previous.delegates ?? []), exclusive: desired.exclusiveDelegates };
}

export const resourceKind: MailEntityKind<DesiredResource, DescribeResourceCommandOutput, Resource> = {
  kind: 'resource',
  construct: 'WorkMailResource',
  idAttribute: 'ResourceId',
  describeOperation: 'DescribeResource',
  listOperation: 'ListResources',
  recreateHint: 'remove it from the stack, or declare it under another logical id to create a new one',
  renamesInPlace: true,
  parse: parseResource,

  async create(deps, desired, ref) {
    const output = await deps.workmail.send(new CreateResourceCommand({
      OrganizationId: desired.organizationId,
      Name: desired.name,
      Type: desired.type,
      Description: desired.description,
      HiddenFromGlobalAddressList: desired.hidden,
    }), ref);
    return requireId(output.ResourceId, 'CreateResource', ref);
  },
  describe: (deps, ref) => describeOrUndefined(deps, ref, new DescribeResourceCommand({ OrganizationId: ref.organizationId, ResourceId: ref.id })),
  deleteCommand: (ref) => new DeleteResourceCommand({ OrganizationId: ref.organizationId, ResourceId: ref.id }),
  listPages: (deps, organizationId, name, prefixOnly) => listedPages(deps, paginateListResources,
    { OrganizationId: organizationId, Filters: prefixOnly ? { NamePrefix: name } : undefined }, (page) => page.Resources,
    { kind: 'resource', organizationId, name }),
  looksCreatedFor: (listed, desired) => listed.Type === desired.type && listed.Description === desired.description,

  replacement: (desired, previous) => (previous.type === desired.type ? undefined : {
    reason: 'type changed', keep: `the type '${previous.type}'`, successor: `new ${desired.type.toLowerCase()}`,
  }),
  hasDeclaredIdentity: (actual, desired) => actual.Type === desired.type,

  async initialize(deps, ref, desired) {
    // A new resource has no delegate, and nobody else knows its id yet: no read, no read back.
    // Name, type, description and hidden came with CreateResource.
    await resourceDelegates.initialize(deps, ref, desired.delegates);
    const declared = desired.bookingOptions;
    if (declared !== undefined && BOOKING_FLAGS.every((flag) => declared[flag] !== undefined)) {
      // Every flag declared: nothing to read back first.
      await updateResource(deps, ref, { BookingOptions: declared });
    } else if (declared !== undefined) {
      const actual = await deps.workmail.send(new DescribeResourceCommand({ OrganizationId: ref.organizationId, ResourceId: ref.id }), ref);
      await updateResource(deps, ref, resourceChanges(desired, undefined, actual));
    }
  },

  async converge(deps, { ref, desired, actual, previous }) {
    const changes = resourceChanges(desired, previous, actual);
    const delegates = delegateSet(desired, previous);
    // Described first: the delegates are read (back) only when they change too, when nothing is known of them,
    // or when nothing changed at all (an update to repair drift).
    if (previous === undefined || !sameDeclaredSet(delegates, delegateSet(previous)) || sameDeclaration(desired, previous)) {
      await resourceDelegates.converge(deps, ref, delegates, () => updateResourceAfterAdds(deps, ref, changes, delegates));
    } else {
      await updateResourceAfterAdds(deps, ref, changes, delegates);
    }
  },

  async convergeUnread(deps, ref, desired, previous) {
    const changes = declaredResourceChanges(desired, previous);
    if (changes === 'read') return false;
    // Delegates first, then UpdateResource, then the removals: always a valid order. The read back
    // also finds delegates removed by hand.
    const delegates = delegateSet(desired, previous);
    await resourceDelegates.converge(deps, ref, delegates, () => updateResourceAfterAdds(deps, ref, changes, delegates));
    return true;
  },
};

export const resourceReconciler = mailEntityReconciler(resourceKind);
