/** CreateResource, DescribeResource, UpdateResource, DeleteResource, ListResources and resource delegates. */
import { entityState, WorkMailError } from '../errors';
import { BookingOptions, newBookingOptions, newResourceId, ResourceEntity } from '../state';
import { MemberType } from '../types';
import {
  ENTITY_IDENTIFIER, NEW_RESOURCE_DESCRIPTION, optionalBoolean, optionalEnum, optionalObject, optionalString, organizationId,
  pageRequest, requiredEnum, requiredString, RESOURCE_DESCRIPTION, RESOURCE_NAME, RESOURCE_TYPES,
} from '../validation';
import {
  activeOrganization, checkNewName, deleteOperation, entityFilter, listed, membershipRequest, requireNotDeleted, resolveEntity, RESOURCE,
  seconds,
} from './common';
import { Operation } from './context';

const asResource = (entity: unknown) => entity as ResourceEntity;

const wireBookingOptions = (b: BookingOptions) => ({
  AutoAcceptRequests: b.autoAcceptRequests,
  AutoDeclineRecurringRequests: b.autoDeclineRecurringRequests,
  AutoDeclineConflictingRequests: b.autoDeclineConflictingRequests,
});

export const CreateResource: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const name = requiredString(body, 'Name', RESOURCE_NAME);
  const type = requiredEnum(body, 'Type', RESOURCE_TYPES);
  const description = optionalString(body, 'Description', RESOURCE_DESCRIPTION);
  const hidden = optionalBoolean(body, 'HiddenFromGlobalAddressList') ?? false;
  const org = activeOrganization(ctx, orgId);
  checkNewName(org, name);
  const resource = org.add<ResourceEntity>({
    kind: 'RESOURCE',
    id: newResourceId(),
    seq: org.nextSeq(),
    name,
    type,
    description,
    state: 'DISABLED',
    aliases: [],
    hidden,
    bookingOptions: newBookingOptions(ctx.behaviour),
    delegates: [],
  });
  return { ResourceId: resource.id };
};

export const DescribeResource: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const resourceId = requiredString(body, 'ResourceId', ENTITY_IDENTIFIER);
  const r = asResource(resolveEntity(activeOrganization(ctx, orgId), resourceId, RESOURCE, 'id-name-or-email'));
  return {
    ResourceId: r.id,
    Email: r.email,
    Name: r.name,
    Type: r.type,
    BookingOptions: wireBookingOptions(r.bookingOptions),
    State: r.state,
    EnabledDate: seconds(r.enabledDate),
    DisabledDate: seconds(r.disabledDate),
    Description: r.description,
    HiddenFromGlobalAddressList: r.hidden,
  };
};

/**
 * Absent members are left alone. BookingOptions, when given, replaces all three flags (an absent
 * flag is false), as the service asks for the whole data set of a following DescribeResource; or
 * an absent flag keeps its value (behaviour `update-resource-absent-booking-flag`).
 */
export const UpdateResource: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const resourceId = requiredString(body, 'ResourceId', ENTITY_IDENTIFIER);
  const name = optionalString(body, 'Name', RESOURCE_NAME);
  const booking = optionalObject(body, 'BookingOptions');
  const flags = booking && {
    autoAcceptRequests: optionalBoolean(booking, 'AutoAcceptRequests', 'BookingOptions.AutoAcceptRequests'),
    autoDeclineRecurringRequests: optionalBoolean(booking, 'AutoDeclineRecurringRequests', 'BookingOptions.AutoDeclineRecurringRequests'),
    autoDeclineConflictingRequests: optionalBoolean(booking, 'AutoDeclineConflictingRequests', 'BookingOptions.AutoDeclineConflictingRequests'),
  };
  const description = optionalString(body, 'Description', NEW_RESOURCE_DESCRIPTION);
  const type = optionalEnum(body, 'Type', RESOURCE_TYPES);
  const hidden = optionalBoolean(body, 'HiddenFromGlobalAddressList');
  const org = activeOrganization(ctx, orgId);
  const resource = asResource(resolveEntity(org, resourceId, RESOURCE, 'id-name-or-email'));
  requireNotDeleted(resource);
  const absent = (flag: keyof BookingOptions) => (ctx.behaviour['update-resource-absent-booking-flag'] === 'unchanged' ? resource.bookingOptions[flag] : false);
  const bookingOptions: BookingOptions | undefined = flags && {
    autoAcceptRequests: flags.autoAcceptRequests ?? absent('autoAcceptRequests'),
    autoDeclineRecurringRequests: flags.autoDeclineRecurringRequests ?? absent('autoDeclineRecurringRequests'),
    autoDeclineConflictingRequests: flags.autoDeclineConflictingRequests ?? absent('autoDeclineConflictingRequests'),
  };
  if (name !== undefined) checkNewName(org, name, resource.id, 'NameAvailabilityException');
  if (bookingOptions && !bookingOptions.autoAcceptRequests && resource.delegates.length === 0) {
    throw new WorkMailError('InvalidConfigurationException',
      'A resource without delegates must auto-accept requests: associate a delegate before turning AutoAcceptRequests off');
  }
  if (name !== undefined) resource.name = name;
  if (bookingOptions) resource.bookingOptions = bookingOptions;
  if (description !== undefined) resource.description = description || undefined;
  if (type !== undefined) resource.type = type;
  if (hidden !== undefined) resource.hidden = hidden;
  return {};
};

export const DeleteResource: Operation = deleteOperation('ResourceId', RESOURCE);

export const ListResources: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const page = pageRequest(body);
  const filter = entityFilter(body);
  const org = activeOrganization(ctx, orgId);
  const resources = (org.all(RESOURCE) as ResourceEntity[]).filter((r) => listed(ctx, r) && filter.matches(r));
  const scope = JSON.stringify(['ListResources', orgId, ...filter.scope]);
  const result = ctx.paginator.page(resources, (r) => r.seq, page, scope);
  return {
    Resources: result.items.map((r) => ({
      Id: r.id,
      Email: r.email,
      Name: r.name,
      Type: r.type,
      State: r.state,
      EnabledDate: seconds(r.enabledDate),
      DisabledDate: seconds(r.disabledDate),
      Description: r.description,
    })),
    NextToken: result.nextToken,
  };
};

/** Adding a present delegate is a success (the operation is idempotent). */
export const AssociateDelegateToResource: Operation = (ctx, body) => {
  const { org, container, member: delegate } = membershipRequest(ctx, body, 'ResourceId', RESOURCE, 'EntityId');
  const resource = asResource(container);
  requireNotDeleted(delegate);
  if (!resource.delegates.some((d) => d.id === delegate.id)) {
    resource.delegates.push({ id: delegate.id, type: delegate.kind as MemberType, seq: org.nextSeq() });
  }
  return {};
};

/**
 * Removing an absent delegate is a success. Removing the last delegate of a resource that does not
 * auto-accept would leave it invalid: EntityStateException (turn auto-accept on first).
 */
export const DisassociateDelegateFromResource: Operation = (ctx, body) => {
  const { container, member: delegate } = membershipRequest(ctx, body, 'ResourceId', RESOURCE, 'EntityId');
  const resource = asResource(container);
  const remaining = resource.delegates.filter((d) => d.id !== delegate.id);
  if (remaining.length === resource.delegates.length) return {};
  if (remaining.length === 0 && !resource.bookingOptions.autoAcceptRequests) {
    throw entityState(`resource ${resource.id} does not auto-accept requests: it must keep at least one delegate`);
  }
  resource.delegates = remaining;
  return {};
};

export const ListResourceDelegates: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const resourceId = requiredString(body, 'ResourceId', ENTITY_IDENTIFIER);
  const page = pageRequest(body);
  const org = activeOrganization(ctx, orgId);
  const resource = asResource(resolveEntity(org, resourceId, RESOURCE, 'id-name-or-email'));
  requireNotDeleted(resource);
  const result = ctx.paginator.page(resource.delegates, (d) => d.seq, page, JSON.stringify(['ListResourceDelegates', orgId, resource.id]));
  return {
    Delegates: result.items.map((d) => ({ Id: d.id, Type: d.type })),
    NextToken: result.nextToken,
  };
};
