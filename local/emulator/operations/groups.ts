/** CreateGroup, DescribeGroup, UpdateGroup, DeleteGroup, ListGroups and group membership. */
import { invalidParameter } from '../errors';
import { GroupEntity, newGuid, Organization } from '../state';
import { MemberType } from '../types';
import { ENTITY_IDENTIFIER, GROUP_NAME, optionalBoolean, organizationId, pageRequest, requiredString } from '../validation';
import {
  activeOrganization, checkNewName, deleteOperation, entityFilter, GROUP, listed, membershipRequest, requireNotDeleted, resolveEntity, seconds,
} from './common';
import { Operation } from './context';

const asGroup = (entity: unknown) => entity as GroupEntity;

/** Whether `groupId` is `candidate` or (transitively) a member of it: adding it would make a cycle. */
function contains(org: Organization, candidate: GroupEntity, groupId: string, seen = new Set<string>()): boolean {
  if (candidate.id === groupId) return true;
  if (seen.has(candidate.id)) return false;
  seen.add(candidate.id);
  return candidate.members.some((m) => {
    const sub = m.type === 'GROUP' ? org.byId(m.id, GROUP) : undefined;
    return sub !== undefined && contains(org, asGroup(sub), groupId, seen);
  });
}

export const CreateGroup: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const name = requiredString(body, 'Name', GROUP_NAME);
  const hidden = optionalBoolean(body, 'HiddenFromGlobalAddressList') ?? false;
  const org = activeOrganization(ctx, orgId);
  checkNewName(org, name);
  const group = org.add<GroupEntity>({
    kind: 'GROUP', id: newGuid(), seq: org.nextSeq(), name, state: 'DISABLED', aliases: [], hidden, members: [],
  });
  return { GroupId: group.id };
};

export const DescribeGroup: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const groupId = requiredString(body, 'GroupId', ENTITY_IDENTIFIER);
  const g = resolveEntity(activeOrganization(ctx, orgId), groupId, GROUP, 'id-name-or-email');
  return {
    GroupId: g.id,
    Name: g.name,
    Email: g.email,
    State: g.state,
    EnabledDate: seconds(g.enabledDate),
    DisabledDate: seconds(g.disabledDate),
    HiddenFromGlobalAddressList: g.hidden,
  };
};

export const UpdateGroup: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const groupId = requiredString(body, 'GroupId', ENTITY_IDENTIFIER);
  const hidden = optionalBoolean(body, 'HiddenFromGlobalAddressList');
  const group = resolveEntity(activeOrganization(ctx, orgId), groupId, GROUP, 'id-name-or-email');
  requireNotDeleted(group);
  if (hidden !== undefined) group.hidden = hidden;
  return {};
};

export const DeleteGroup: Operation = deleteOperation('GroupId', GROUP);

export const ListGroups: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const page = pageRequest(body);
  const filter = entityFilter(body);
  const org = activeOrganization(ctx, orgId);
  const groups = org.all(GROUP).filter((g) => listed(ctx, g) && filter.matches(g));
  const scope = JSON.stringify(['ListGroups', orgId, ...filter.scope]);
  const result = ctx.paginator.page(groups, (g) => g.seq, page, scope);
  return {
    Groups: result.items.map((g) => ({
      Id: g.id,
      Email: g.email,
      Name: g.name,
      State: g.state,
      EnabledDate: seconds(g.enabledDate),
      DisabledDate: seconds(g.disabledDate),
    })),
    NextToken: result.nextToken,
  };
};

/** Adding a present member is a success (the operation is idempotent). */
export const AssociateMemberToGroup: Operation = (ctx, body) => {
  const { org, container, member } = membershipRequest(ctx, body, 'GroupId', GROUP, 'MemberId');
  const group = asGroup(container);
  requireNotDeleted(member);
  if (group.members.some((m) => m.id === member.id)) return {};
  if (member.kind === 'GROUP' && contains(org, asGroup(member), group.id)) {
    throw invalidParameter('MemberId would make the group a member of itself');
  }
  group.members.push({ id: member.id, type: member.kind as MemberType, seq: org.nextSeq() });
  return {};
};

/** Removing an absent member is a success (the operation is idempotent). */
export const DisassociateMemberFromGroup: Operation = (ctx, body) => {
  const { container, member } = membershipRequest(ctx, body, 'GroupId', GROUP, 'MemberId');
  const group = asGroup(container);
  group.members = group.members.filter((m) => m.id !== member.id);
  return {};
};

export const ListGroupMembers: Operation = (ctx, body) => {
  const orgId = organizationId(body);
  const groupId = requiredString(body, 'GroupId', ENTITY_IDENTIFIER);
  const page = pageRequest(body);
  const org = activeOrganization(ctx, orgId);
  const group = asGroup(resolveEntity(org, groupId, GROUP, 'id-name-or-email'));
  requireNotDeleted(group);
  const result = ctx.paginator.page(group.members, (m) => m.seq, page, JSON.stringify(['ListGroupMembers', orgId, group.id]));
  return {
    Members: result.items.map((m) => {
      const e = org.entities.get(m.id);
      return {
        Id: m.id,
        Name: e?.name,
        Type: m.type,
        State: e?.state,
        EnabledDate: seconds(e?.enabledDate),
        DisabledDate: seconds(e?.disabledDate),
      };
    }),
    NextToken: result.nextToken,
  };
};
