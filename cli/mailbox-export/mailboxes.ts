/**
 * Which mailboxes a run exports: the organization's registered (ENABLED) users and resources, read with the
 * scan's own organization lookup and lists (List* calls only), or the ones `--only` names. Groups are listed
 * only to name them when `--only` does: StartMailboxExportJob exports "the user or resource associated with the
 * mailbox", and a group has no mailbox of its own (its mail is delivered to its members').
 */
import { WorkMailClient } from '@aws-sdk/client-workmail';
import { UsageError } from '../args';
import type { EntityKindName } from '../model';
import type { Mailbox } from './types';
import { listEntities } from '../scan/entities';
import { compareNames } from '../scan/mapping';
import { describeOrganization, organizationIdOf } from '../scan/organization';
import { ScanReader } from '../scan/reader';

export interface OrganizationMailboxes {
  readonly organizationId: string;
  readonly alias?: string;
  /** Every live user, group and resource, registered or not, sorted by name. */
  readonly entities: ReadonlyArray<Mailbox & { readonly state: string }>;
}

/** Lists the organization's users, groups and resources (DELETED ones and system users left out). */
export async function readOrganizationMailboxes(client: WorkMailClient, organization: string): Promise<OrganizationMailboxes> {
  let label = `organization '${organization}'`;
  const reader = new ScanReader(client, () => label, () => undefined);
  const organizationId = await organizationIdOf(reader, organization);
  label = `organization ${organizationId}`;
  const described = await describeOrganization(reader, organizationId);
  const listed = await listEntities(reader, organizationId, 3);
  const entities: Array<Mailbox & { state: string }> = [];
  const add = (kind: EntityKindName, list: ReadonlyArray<{ Id?: string; Name?: string; Email?: string; State?: string }>) => {
    for (const e of list) entities.push({ entityId: e.Id!, name: e.Name!, kind, email: e.Email ?? '', state: e.State ?? '' });
  };
  add('user', listed.users.kept);
  add('group', listed.groups.kept);
  add('resource', listed.resources.kept);
  entities.sort((a, b) => compareNames(a.name, b.name));
  return { organizationId, alias: described.Alias, entities };
}

/**
 * The registered users' and resources' mailboxes, all of them or those `only` names (case-insensitively); an
 * unknown or unregistered name, or a group's, is a usage error.
 */
export function selectMailboxes(organization: OrganizationMailboxes, only?: readonly string[]): Mailbox[] {
  const registered = (e: { state: string; email: string }) => e.state === 'ENABLED' && e.email !== '';
  const strip = ({ state: _state, ...mailbox }: Mailbox & { state: string }): Mailbox => mailbox;
  if (only === undefined) return organization.entities.filter((e) => e.kind !== 'group' && registered(e)).map(strip);
  const byName = new Map(organization.entities.map((e) => [e.name.toLowerCase(), e]));
  const unknown = only.filter((name) => !byName.has(name.toLowerCase()));
  const where = `organization ${organization.alias ?? organization.organizationId}`;
  if (unknown.length > 0) {
    throw new UsageError(`--only: no user, group or resource named ${unknown.map((n) => `'${n}'`).join(', ')} in ${where}`);
  }
  const named = only.map((name) => byName.get(name.toLowerCase())!);
  const groups = named.filter((e) => e.kind === 'group');
  if (groups.length > 0) {
    const list = groups.map((e) => `'${e.name}'`).join(', ');
    const one = groups.length === 1;
    throw new UsageError(`--only: ${list} ${one ? 'is a group' : 'are groups'} in ${where}, and a group has no mailbox of its own to export `
      + `(WorkMail exports users' and resources' mailboxes): name ${one ? 'its' : 'their'} members instead`);
  }
  const unregistered = named.filter((e) => !registered(e));
  if (unregistered.length > 0) {
    throw new UsageError(`--only: ${unregistered.map((e) => `${e.kind} '${e.name}' (${e.state})`).join(', ')} in ${where} `
      + 'has no mailbox: it is not registered to WorkMail');
  }
  const chosen = new Set(only.map((name) => name.toLowerCase()));
  return organization.entities.filter((e) => chosen.has(e.name.toLowerCase())).map(strip);
}
