/**
 * An OrganizationScan built from an emulator's own state (its seed-shaped dump and its ids), for testing
 * the export formats apart from the scan itself.
 */
import { OrganizationScan, ScannedId } from '../../cli/model';
import { RunningEmulator, SeedGrant } from '../../local/emulator';

const byName = <T extends { name: string }>(list: readonly T[] | undefined): T[] =>
  [...(list ?? [])].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));

export function scanFromEmulator(emulator: RunningEmulator, organizationId: string): OrganizationScan {
  const seed = emulator.seed().organizations.find((o) => o.id === organizationId)!;
  const snapshot = emulator.snapshot().organizations.find((o) => o.id === organizationId)!;
  const ids = new Map<string, ScannedId>();
  for (const [list, kind] of [[snapshot.users, 'user'], [snapshot.groups, 'group'], [snapshot.resources, 'resource']] as const) {
    for (const entity of list) if (entity.state !== 'DELETED') ids.set(entity.name.toLowerCase(), { id: entity.id, kind });
  }
  const sorted = (items: readonly string[] | undefined) => [...(items ?? [])].sort();
  const grants = (list: SeedGrant[] | undefined) => (list === undefined ? {} : {
    permissions: [...list].sort((a, b) => a.grantee.toLowerCase().localeCompare(b.grantee.toLowerCase()))
      .map((g) => ({ ...g, permissions: sorted(g.permissions) })),
  });
  return {
    organization: {
      ...seed,
      mailDomains: [...(seed.mailDomains ?? [])].sort((a, b) => (a.domainName < b.domainName ? -1 : 1)),
      users: byName(seed.users).map((u) => ({ ...u, aliases: sorted(u.aliases), ...grants(u.permissions) })),
      groups: byName(seed.groups).map((g) => ({ ...g, aliases: sorted(g.aliases), members: sorted(g.members) })),
      resources: byName(seed.resources).map((r) => ({ ...r, aliases: sorted(r.aliases), delegates: sorted(r.delegates), ...grants(r.permissions) })),
    },
    ids,
    skipped: { deleted: 0, systemUsers: 0 },
  };
}
