/**
 * The `json` format: the organization in the emulator's seed shape, so that
 * `cdk-workmail emulator --seed organization.json` rehearses the real organization locally.
 */
import { writeFile } from 'fs/promises';
import * as path from 'path';
import type { EmulatorSeed } from '../../local/emulator';
import type { OrganizationScan } from '../model';
import type { ExportContext, ExportResult } from './types';

export const JSON_EXPORT_FILE = 'organization.json';

/** The seed file's text: the scan is sorted already, so the same organization always gives the same bytes. */
export function seedJson(scan: OrganizationScan): string {
  const seed: EmulatorSeed = { organizations: [scan.organization] };
  return `${JSON.stringify(seed, null, 2)}\n`;
}

/** Counts of what an organization holds, as every format reports them. */
export function organizationCounts(scan: OrganizationScan): Record<string, number> {
  const { users, groups, resources } = scan.organization;
  const all = [...users, ...groups, ...resources];
  return {
    users: users.length,
    groups: groups.length,
    resources: resources.length,
    aliases: all.reduce((n, e) => n + (e.aliases?.length ?? 0), 0),
    members: groups.reduce((n, g) => n + (g.members?.length ?? 0), 0),
    delegates: resources.reduce((n, r) => n + (r.delegates?.length ?? 0), 0),
    grants: [...users, ...resources].reduce((n, e) => n + (e.permissions?.length ?? 0), 0),
  };
}

export async function writeJsonExport(scan: OrganizationScan, outDir: string, context: ExportContext): Promise<ExportResult> {
  await writeFile(path.join(outDir, JSON_EXPORT_FILE), seedJson(scan), 'utf8');
  context.log(`wrote ${JSON_EXPORT_FILE}`);
  return {
    files: [JSON_EXPORT_FILE],
    counts: organizationCounts(scan),
    notMapped: [
      'Mail domains are all written under "domains", whatever GetMailDomain says of their verification (an address may still use a '
      + 'domain whose verification lapsed): each one\'s statuses and DNS records are in "mailDomains". Move a domain no address uses '
      + 'and that is not VERIFIED to "unverifiedDomains" by hand if the rehearsal should refuse addresses in it.',
      'Entity ids, dates and user roles are not part of the seed shape: the emulator gives its own ids.',
    ],
    steps: [
      `Rehearse locally: npx cdk-workmail emulator --seed ${JSON_EXPORT_FILE} (prints "listening on <url>").`,
      'Point a CDK app at the emulator with npx cdk-workmail local-deploy deploy --app-dir cdk.out --endpoint <url>.',
    ],
  };
}
