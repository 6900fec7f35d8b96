import { DescribeOrganizationCommand, paginateListUsers, User, WorkMailClient } from '@aws-sdk/client-workmail';

/** What an organization holds, read back through the WorkMail API (not from our own state). */
export interface OrganizationReport {
  readonly organizationId: string;
  readonly alias: string;
  readonly users: User[];
}

export async function readOrganization(client: WorkMailClient, organizationId: string): Promise<OrganizationReport> {
  const organization = await client.send(new DescribeOrganizationCommand({ OrganizationId: organizationId }));
  const users: User[] = [];
  for await (const page of paginateListUsers({ client, pageSize: 100 }, { OrganizationId: organizationId })) {
    users.push(...(page.Users ?? []));
  }
  users.sort((a, b) => (a.Name ?? '').localeCompare(b.Name ?? ''));
  return { organizationId, alias: organization.Alias ?? '', users };
}

/** A plain-text table: one header row, one row per user, columns padded to their widest cell. */
export function formatUsers(users: User[]): string {
  const header = ['NAME', 'DISPLAY NAME', 'EMAIL', 'STATE'];
  const rows = users.map((user) => [user.Name ?? '', user.DisplayName ?? '', user.Email ?? '-', user.State ?? '']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  return [header, ...rows]
    .map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd())
    .join('\n');
}
