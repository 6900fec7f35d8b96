/**
 * What an organization holds, read back through the WorkMail API (never from our own state):
 * the demo prints it after deploying the example.
 */
import {
  DescribeOrganizationCommand, DescribeResourceCommand, DescribeUserCommand, paginateListAliases, paginateListGroupMembers, paginateListGroups,
  paginateListMailboxPermissions, paginateListResourceDelegates, paginateListResources, paginateListUsers, WorkMailClient,
} from '@aws-sdk/client-workmail';

export interface ReportEntity {
  readonly id: string;
  readonly name: string;
  readonly email?: string;
  readonly state: string;
  /** Extra addresses (the primary left out). */
  readonly aliases: string[];
}

export interface ReportUser extends ReportEntity {
  readonly displayName: string;
  readonly jobTitle?: string;
  readonly department?: string;
}

export interface ReportGroup extends ReportEntity {
  /** Member names. */
  readonly members: string[];
}

export interface ReportResource extends ReportEntity {
  readonly type: string;
  readonly description?: string;
  readonly autoAcceptRequests: boolean;
  readonly autoDeclineRecurringRequests: boolean;
  readonly autoDeclineConflictingRequests: boolean;
  /** Delegate names. */
  readonly delegates: string[];
}

/** Who may use a mailbox: one grantee's permissions. */
export interface ReportGrant {
  readonly mailbox: string;
  readonly grantee: string;
  readonly permissions: string[];
}

export interface OrganizationReport {
  readonly organizationId: string;
  readonly alias: string;
  readonly users: ReportUser[];
  readonly groups: ReportGroup[];
  readonly resources: ReportResource[];
  /** By mailbox, then grantee. */
  readonly mailboxPermissions: ReportGrant[];
}

async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

const byName = <T extends { name: string }>(list: T[]): T[] => list.sort((a, b) => a.name.localeCompare(b.name));

/** Reads every live (not DELETED) user, group and resource with its aliases, members, delegates and booking options, and every mailbox's grants. */
export async function readOrganization(client: WorkMailClient, organizationId: string): Promise<OrganizationReport> {
  const config = { client, pageSize: 100 };
  const organization = await client.send(new DescribeOrganizationCommand({ OrganizationId: organizationId }));
  const aliasesOf = async (id: string, email?: string) => (email === undefined ? [] : (await collect(
    paginateListAliases(config, { OrganizationId: organizationId, EntityId: id }), (page) => page.Aliases,
  )).filter((alias) => alias.toLowerCase() !== email.toLowerCase()).sort());

  const listedUsers = (await collect(paginateListUsers(config, { OrganizationId: organizationId }), (page) => page.Users))
    .filter((user) => user.State !== 'DELETED');
  const users = await Promise.all(listedUsers.map(async (user) => {
    const described = await client.send(new DescribeUserCommand({ OrganizationId: organizationId, UserId: user.Id! }));
    return {
      id: user.Id!,
      name: user.Name!,
      email: user.Email,
      state: user.State!,
      displayName: user.DisplayName ?? '',
      jobTitle: described.JobTitle,
      department: described.Department,
      aliases: await aliasesOf(user.Id!, user.Email),
    };
  }));
  const listedGroups = (await collect(paginateListGroups(config, { OrganizationId: organizationId }), (page) => page.Groups))
    .filter((group) => group.State !== 'DELETED');
  const groups = await Promise.all(listedGroups.map(async (group) => ({
    id: group.Id!,
    name: group.Name!,
    email: group.Email,
    state: group.State!,
    aliases: await aliasesOf(group.Id!, group.Email),
    members: (await collect(paginateListGroupMembers(config, { OrganizationId: organizationId, GroupId: group.Id! }), (page) => page.Members))
      .map((member) => member.Name ?? member.Id!).sort(),
  })));
  const listedResources = (await collect(paginateListResources(config, { OrganizationId: organizationId }), (page) => page.Resources))
    .filter((resource) => resource.State !== 'DELETED');
  const names = new Map([...users, ...groups].map((entity) => [entity.id, entity.name]));
  const resources = await Promise.all(listedResources.map(async (resource) => {
    const described = await client.send(new DescribeResourceCommand({ OrganizationId: organizationId, ResourceId: resource.Id! }));
    const delegates = await collect(
      paginateListResourceDelegates(config, { OrganizationId: organizationId, ResourceId: resource.Id! }), (page) => page.Delegates,
    );
    return {
      id: resource.Id!,
      name: resource.Name!,
      email: resource.Email,
      state: resource.State!,
      type: resource.Type!,
      description: described.Description,
      autoAcceptRequests: described.BookingOptions?.AutoAcceptRequests ?? false,
      autoDeclineRecurringRequests: described.BookingOptions?.AutoDeclineRecurringRequests ?? false,
      autoDeclineConflictingRequests: described.BookingOptions?.AutoDeclineConflictingRequests ?? false,
      delegates: delegates.map((delegate) => names.get(delegate.Id!) ?? delegate.Id!).sort(),
      aliases: await aliasesOf(resource.Id!, resource.Email),
    };
  }));
  const everyName = new Map([...users, ...groups, ...resources].map((entity) => [entity.id, entity.name]));
  const mailboxes = [...users, ...resources].filter((entity) => entity.email !== undefined);
  const mailboxPermissions = (await Promise.all(mailboxes.map(async (mailbox) => (await collect(
    paginateListMailboxPermissions(config, { OrganizationId: organizationId, EntityId: mailbox.id }), (page) => page.Permissions,
  )).map((grant) => ({
    mailbox: mailbox.name,
    grantee: everyName.get(grant.GranteeId!) ?? grant.GranteeId!,
    permissions: [...(grant.PermissionValues ?? [])].sort(),
  }))))).flat().sort((a, b) => a.mailbox.localeCompare(b.mailbox) || a.grantee.localeCompare(b.grantee));
  return {
    organizationId, alias: organization.Alias ?? '', users: byName(users), groups: byName(groups), resources: byName(resources), mailboxPermissions,
  };
}

/** A plain-text table: one header row, one row per item, columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => [...row[column]].length)));
  return [header, ...rows]
    .map((row) => row.map((cell, column) => cell + ' '.repeat(widths[column] - [...cell].length)).join('  ').trimEnd())
    .join('\n');
}

const list = (items: string[]) => (items.length === 0 ? '-' : items.join(', '));
const flag = (on: boolean) => (on ? 'yes' : 'no');

/** The report as the demo prints it: users, groups, resources, each with its aliases; then who may use which mailbox. */
export function formatReport(report: OrganizationReport): string {
  return [
    `Users (${report.users.length})`,
    table(['NAME', 'DISPLAY NAME', 'EMAIL', 'STATE', 'JOB TITLE', 'DEPARTMENT', 'ALIASES'], report.users.map((u) => [
      u.name, u.displayName, u.email ?? '-', u.state, u.jobTitle ?? '-', u.department ?? '-', list(u.aliases),
    ])),
    '',
    `Groups (${report.groups.length})`,
    table(['NAME', 'EMAIL', 'STATE', 'MEMBERS', 'ALIASES'], report.groups.map((g) => [
      g.name, g.email ?? '-', g.state, list(g.members), list(g.aliases),
    ])),
    '',
    `Resources (${report.resources.length})`,
    table(['NAME', 'TYPE', 'EMAIL', 'STATE', 'AUTO-ACCEPT', 'DECLINE RECURRING', 'DECLINE CONFLICTS', 'DELEGATES', 'ALIASES'],
      report.resources.map((r) => [
        r.name, r.type, r.email ?? '-', r.state, flag(r.autoAcceptRequests), flag(r.autoDeclineRecurringRequests),
        flag(r.autoDeclineConflictingRequests), list(r.delegates), list(r.aliases),
      ])),
    '',
    `Mailbox permissions (${report.mailboxPermissions.length})`,
    table(['MAILBOX', 'GRANTEE', 'PERMISSIONS'], report.mailboxPermissions.map((g) => [g.mailbox, g.grantee, list(g.permissions)])),
  ].join('\n');
}
