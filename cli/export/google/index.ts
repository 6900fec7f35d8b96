/**
 * The `google` export: users.csv (with users.README.txt) for the Google Workspace admin console and
 * gam.sh for GAM7.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { OrganizationScan } from '../../model';
import type { ExportContext, ExportResult } from '../migration';
import { gamScript } from './gam-script';
import { writeGoogleUsers } from './users-csv';

export const GAM_SCRIPT_FILE = 'gam.sh';

export async function writeGoogleExport(scan: OrganizationScan, outDir: string, context: ExportContext): Promise<ExportResult> {
  mkdirSync(outDir, { recursive: true });
  const notMapped: string[] = [];
  const userFiles = writeGoogleUsers(outDir, scan.organization.users, notMapped);
  const script = gamScript(scan, context.toolVersion, notMapped);
  const scriptPath = join(outDir, GAM_SCRIPT_FILE);
  writeFileSync(scriptPath, script.text, 'utf8');
  chmodSync(scriptPath, 0o755);
  const users = scan.organization.users.filter((u) => u.email).length;
  context.log(`google: ${users} users in users.csv; ${script.counts.groups} groups, ${script.counts.resources} resources `
    + `and ${script.counts.aliases} aliases in ${GAM_SCRIPT_FILE}`);
  return {
    files: [...userFiles, GAM_SCRIPT_FILE].sort(),
    counts: {
      users, groups: script.counts.groups, resources: script.counts.resources, aliases: script.counts.aliases, delegations: script.counts.delegations,
    },
    notMapped,
    steps: [
      `In the Google Admin console, add and verify the organization's domains (${scan.organization.domains.join(', ')}) so that every address can be used.`,
      'Fill in the Password column of users.csv (see users.README.txt), then upload it: Directory > Users > Bulk update users.',
      'Install GAM7 and authorize it for the Google Workspace account, then run bash gam.sh (on Windows, in Git Bash with GAM7 for Windows '
        + 'on the PATH, or in WSL with GAM7 for Linux installed there). It can run again and changes nothing the second time; when another '
        + 'entity holds an address it would use, it names both, leaves that entity alone and exits 1 at the end.',
      'Send each user their first password; they choose their own at first sign-in.',
      'Move the mailbox content (see below), then point the domains\' MX records at Google.',
    ],
  };
}
