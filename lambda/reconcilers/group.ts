/**
 * Custom::WorkMailGroup as a mail entity: CreateGroup (hidden), UpdateGroup
 * (hidden), the mail lifecycle, and the members it declares. By default the
 * group adds its declared members and removes only those it declared before and
 * no longer does, so members added elsewhere stay; ExclusiveMembers removes
 * every member it does not declare. A member may be a user or a group.
 */
import {
  AssociateMemberToGroupCommand, CreateGroupCommand, DeleteGroupCommand, DescribeGroupCommand, DescribeGroupCommandOutput,
  DisassociateMemberFromGroupCommand, Group, UpdateGroupCommand, paginateListGroupMembers, paginateListGroups,
} from '@aws-sdk/client-workmail';
import { logDecision } from './decisions';
import { changedValue, sameDeclaration } from './declared-change';
import { LiveEntityRef } from './entity-lifecycle';
import {
  MAIL_ENTITY_PROPERTIES, MailEntityDeclaration, MailEntityKind, describeOrUndefined, listedPages, managedValue, mailEntityReconciler,
  parseMailEntity, requireId,
} from './mail-entity';
import { HandlerDeps } from './reconciler';
import { DeclaredSet, relationSet, sameDeclaredSet } from './relation-set';
import { ENTITY_IDENTIFIER, GROUP_NAME } from '../../src/provider/api-shapes';
import { GroupResourceProperties } from '../../src/provider/resource-properties';
import { PropertyNames, RawProperties, ResourceLabel, propertyReader } from '../properties';

/** The declaration, parsed. */
export interface DesiredGroup extends MailEntityDeclaration {
  /** Ids of users and groups; undefined: none declared. */
  readonly members?: readonly string[];
  readonly exclusiveMembers: boolean;
}

const GROUP_PROPERTIES: PropertyNames<GroupResourceProperties> = { ...MAIL_ENTITY_PROPERTIES, Members: true, ExclusiveMembers: true };

export function parseGroup(props: RawProperties, label: ResourceLabel): DesiredGroup {
  const read = propertyReader<GroupResourceProperties>(props, label, GROUP_PROPERTIES);
  return {
    ...parseMailEntity(read, label, 'group', GROUP_NAME),
    members: read.optionalStringList('Members', ENTITY_IDENTIFIER),
    exclusiveMembers: read.boolean('ExclusiveMembers', false),
  };
}

export const groupMembers = relationSet({
  relation: 'member',
  list: async (deps, ref) => {
    const ids: string[] = [];
    const input = { OrganizationId: ref.organizationId, GroupId: ref.id };
    for await (const page of listedPages(deps, paginateListGroupMembers, input, (p) => p.Members, ref)) {
      ids.push(...page.flatMap((member) => (member.Id && member.State !== 'DELETED' ? [member.Id] : [])));
    }
    return ids;
  },
  add: async (deps, ref, id) => {
    await deps.workmail.send(new AssociateMemberToGroupCommand({ OrganizationId: ref.organizationId, GroupId: ref.id, MemberId: id }), ref);
  },
  remove: async (deps, ref, id) => {
    await deps.workmail.send(new DisassociateMemberFromGroupCommand({ OrganizationId: ref.organizationId, GroupId: ref.id, MemberId: id }), ref);
  },
});

export const groupKind: MailEntityKind<DesiredGroup, DescribeGroupCommandOutput, Group> = {
  kind: 'group',
  construct: 'WorkMailGroup',
  idAttribute: 'GroupId',
  describeOperation: 'DescribeGroup',
  listOperation: 'ListGroups',
  recreateHint: 'rename it in the stack to create a new one, or remove it from the stack',
  renamesInPlace: false,
  parse: parseGroup,

  async create(deps, desired, ref) {
    const output = await deps.workmail.send(new CreateGroupCommand({
      OrganizationId: desired.organizationId, Name: desired.name, HiddenFromGlobalAddressList: desired.hidden,
    }), ref);
    return requireId(output.GroupId, 'CreateGroup', ref);
  },
  describe: (deps, ref) => describeOrUndefined(deps, ref, new DescribeGroupCommand({ OrganizationId: ref.organizationId, GroupId: ref.id })),
  deleteCommand: (ref) => new DeleteGroupCommand({ OrganizationId: ref.organizationId, GroupId: ref.id }),
  listPages: (deps, organizationId, name, prefixOnly) => listedPages(deps, paginateListGroups,
    { OrganizationId: organizationId, Filters: prefixOnly ? { NamePrefix: name } : undefined }, (page) => page.Groups,
    { kind: 'group', organizationId, name }),
  // ListGroups tells no more than state and address about a group.
  looksCreatedFor: () => true,

  async initialize(deps, ref, desired) {
    // A new group has no members, and nobody else knows its id yet: no read, no read back.
    await groupMembers.initialize(deps, ref, desired.members);
  },

  async converge(deps, { ref, desired, actual, previous }) {
    const hidden = managedValue(desired.hidden, previous?.hidden, false);
    if (hidden !== undefined && (actual.HiddenFromGlobalAddressList ?? false) !== hidden) await updateGroup(deps, ref, hidden);
    // Described first: the members are read (back) only when they change too, when nothing is known of them,
    // or when nothing changed at all (an update to repair drift).
    const members = memberSet(desired, previous);
    if (previous === undefined || !sameDeclaredSet(members, memberSet(previous)) || sameDeclaration(desired, previous)) {
      await groupMembers.converge(deps, ref, members);
    }
  },

  async convergeUnread(deps, ref, desired, previous) {
    // The hidden flag is written from the declarations; the members' read back also finds those removed by hand.
    const hidden = changedValue(desired.hidden, previous.hidden, false);
    if (hidden !== undefined) await updateGroup(deps, ref, hidden);
    await groupMembers.converge(deps, ref, memberSet(desired, previous));
    return true;
  },
};

function memberSet(desired: DesiredGroup, previous?: DesiredGroup): DeclaredSet {
  return { declared: desired.members, previous: previous && (previous.members ?? []), exclusive: desired.exclusiveMembers };
}

async function updateGroup(deps: HandlerDeps, ref: LiveEntityRef, hidden: boolean): Promise<void> {
  logDecision(deps, 'update-group', ref, { fields: 'HiddenFromGlobalAddressList' });
  await deps.workmail.send(new UpdateGroupCommand({ OrganizationId: ref.organizationId, GroupId: ref.id, HiddenFromGlobalAddressList: hidden }), ref);
}

export const groupReconciler = mailEntityReconciler(groupKind);
