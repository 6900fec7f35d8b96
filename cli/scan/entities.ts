/** Reads the users, groups and resources of one organization: each List once, then each entity's details. */
import {
  DescribeGroupCommand, DescribeResourceCommand, DescribeUserCommand, GetMailboxDetailsCommand, Group, paginateListAliases, paginateListGroupMembers,
  paginateListGroups, paginateListMailboxPermissions, paginateListResourceDelegates, paginateListResources, paginateListUsers, Resource, User,
} from '@aws-sdk/client-workmail';
import type { SeedGroup, SeedResource, SeedUser } from '../../local/emulator';
import type { EntityKindName, ScannedId } from '../model';
import { aliasesBesides, grantsSeed, groupSeed, registeredEmail, resourceSeed, Selection, selectLive, userSeed } from './mapping';
import { PAGE_SIZE } from './organization';
import { mapLimited } from '../concurrency';
import { ScanReader } from './reader';

export interface ListedEntities {
  readonly users: Selection<User>;
  readonly groups: Selection<Group>;
  readonly resources: Selection<Resource>;
}

/** Every page of ListUsers, ListGroups and ListResources, once; DELETED entities and system users set apart. */
export async function listEntities(reader: ScanReader, organizationId: string, concurrency: number): Promise<ListedEntities> {
  const client = reader.client;
  const input = { OrganizationId: organizationId };
  const what = '';
  const lists: Array<() => Promise<Array<User | Group | Resource>>> = [
    async () => (await reader.pages('ListUsers', what, paginateListUsers({ client, pageSize: PAGE_SIZE }, input))).flatMap((p) => p.Users ?? []),
    async () => (await reader.pages('ListGroups', what, paginateListGroups({ client, pageSize: PAGE_SIZE }, input))).flatMap((p) => p.Groups ?? []),
    async () => (await reader.pages('ListResources', what, paginateListResources({ client, pageSize: PAGE_SIZE }, input)))
      .flatMap((p) => p.Resources ?? []),
  ];
  const [users, groups, resources] = await mapLimited(lists, concurrency, (list) => list());
  return {
    users: selectLive(users as User[]),
    groups: selectLive(groups as Group[]),
    resources: selectLive(resources as Resource[]),
  };
}

/** Lower-cased name → id and kind, of every entity the scan reads. */
export function idsOf(listed: ListedEntities): Map<string, ScannedId> {
  const ids = new Map<string, ScannedId>();
  const add = (kind: EntityKindName, list: ReadonlyArray<{ Id?: string; Name?: string }>) => {
    for (const entity of list) ids.set(entity.Name!.toLowerCase(), { id: entity.Id!, kind });
  };
  add('user', listed.users.kept);
  add('group', listed.groups.kept);
  add('resource', listed.resources.kept);
  return ids;
}

export interface ReadEntities {
  readonly users: SeedUser[];
  readonly groups: SeedGroup[];
  readonly resources: SeedResource[];
}

type Task =
  | { readonly kind: 'user'; readonly entity: User }
  | { readonly kind: 'group'; readonly entity: Group }
  | { readonly kind: 'resource'; readonly entity: Resource };

/**
 * One Describe per entity, one ListAliases per registered entity, one GetMailboxDetails per registered user, one ListMailboxPermissions
 * per registered user and resource, one ListGroupMembers per group and one ListResourceDelegates per resource (all pages of each), at
 * most `concurrency` calls in flight.
 * Members, delegates and grantees are named by the entities the scan reads: one that is not among them (DELETED, or
 * a system user) is left out, as the seed can only name entities it holds.
 */
export async function readEntities(
  reader: ScanReader, organizationId: string, listed: ListedEntities, concurrency: number,
): Promise<ReadEntities> {
  const names = new Map<string, string>();
  for (const entity of [...listed.users.kept, ...listed.groups.kept, ...listed.resources.kept]) names.set(entity.Id!, entity.Name!);
  const client = reader.client;
  const org = { OrganizationId: organizationId };
  const paging = { client, pageSize: PAGE_SIZE };
  const aliases = async (kind: string, id: string, name: string, email: string | undefined): Promise<string[]> => {
    if (email === undefined) return [];
    const pages = await reader.pages('ListAliases', `${kind} '${name}'`, paginateListAliases(paging, { ...org, EntityId: id }));
    return aliasesBesides(email, pages.flatMap((p) => p.Aliases ?? []));
  };
  const named = (ids: ReadonlyArray<{ Id?: string; State?: string }>): string[] =>
    ids.filter((m) => m.State !== 'DELETED').map((m) => names.get(m.Id!)).filter((n): n is string => n !== undefined);
  // Only a registered user or resource has a mailbox to grant.
  const grants = async (what: string, id: string, email: string | undefined) => {
    if (email === undefined) return {};
    const pages = await reader.pages('ListMailboxPermissions', what, paginateListMailboxPermissions(paging, { ...org, EntityId: id }));
    return grantsSeed(pages.flatMap((page) => page.Permissions ?? []).flatMap((p) => {
      const [grantee] = named([{ Id: p.GranteeId }]);
      return grantee === undefined ? [] : [{ grantee, permissions: p.PermissionValues ?? [] }];
    }));
  };

  const readUser = async (u: User): Promise<SeedUser> => {
    const what = `user '${u.Name}'`;
    const d = await reader.send('DescribeUser', what, () => client.send(new DescribeUserCommand({ ...org, UserId: u.Id })));
    const email = registeredEmail(d);
    // Only a registered user has a mailbox to size.
    const mailbox = email === undefined ? undefined
      : await reader.send('GetMailboxDetails', what, () => client.send(new GetMailboxDetailsCommand({ ...org, UserId: u.Id })));
    return { ...userSeed(d, await aliases('user', u.Id!, u.Name!, email), mailbox), ...await grants(what, u.Id!, email) };
  };
  const readGroup = async (g: Group): Promise<SeedGroup> => {
    const what = `group '${g.Name}'`;
    const d = await reader.send('DescribeGroup', what, () => client.send(new DescribeGroupCommand({ ...org, GroupId: g.Id })));
    const members = await reader.pages('ListGroupMembers', what, paginateListGroupMembers(paging, { ...org, GroupId: g.Id }));
    return groupSeed(d, await aliases('group', g.Id!, g.Name!, registeredEmail(d)), named(members.flatMap((p) => p.Members ?? [])));
  };
  const readResource = async (r: Resource): Promise<SeedResource> => {
    const what = `resource '${r.Name}'`;
    const d = await reader.send('DescribeResource', what, () => client.send(new DescribeResourceCommand({ ...org, ResourceId: r.Id })));
    const delegates = await reader.pages('ListResourceDelegates', what, paginateListResourceDelegates(paging, { ...org, ResourceId: r.Id }));
    const email = registeredEmail(d);
    const seed = resourceSeed(d, await aliases('resource', r.Id!, r.Name!, email), named(delegates.flatMap((p) => p.Delegates ?? [])));
    return { ...seed, ...await grants(what, r.Id!, email) };
  };

  const tasks: Task[] = [
    ...listed.users.kept.map((entity) => ({ kind: 'user' as const, entity })),
    ...listed.groups.kept.map((entity) => ({ kind: 'group' as const, entity })),
    ...listed.resources.kept.map((entity) => ({ kind: 'resource' as const, entity })),
  ];
  const read = await mapLimited(tasks, concurrency, async (task) => {
    const entity = task.kind === 'user' ? await readUser(task.entity)
      : task.kind === 'group' ? await readGroup(task.entity) : await readResource(task.entity);
    reader.entityRead();
    return { kind: task.kind, entity };
  });
  return {
    users: read.filter((r) => r.kind === 'user').map((r) => r.entity as SeedUser),
    groups: read.filter((r) => r.kind === 'group').map((r) => r.entity as SeedGroup),
    resources: read.filter((r) => r.kind === 'resource').map((r) => r.entity as SeedResource),
  };
}
