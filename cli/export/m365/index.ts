/**
 * The `m365` export: users.csv for the Microsoft 365 admin center and exchange-online.ps1 for Exchange
 * Online PowerShell.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { OrganizationScan } from '../../model';
import type { ExportContext, ExportResult } from '../migration';
import { UTF8_BOM } from '../vendor-common';
import { exchangeScript } from './exchange-script';
import { writeM365Users } from './users-csv';

export const EXCHANGE_SCRIPT_FILE = 'exchange-online.ps1';

export async function writeM365Export(scan: OrganizationScan, outDir: string, context: ExportContext): Promise<ExportResult> {
  mkdirSync(outDir, { recursive: true });
  const notMapped: string[] = [];
  const usersFiles = writeM365Users(outDir, scan.organization.users, notMapped);
  const script = exchangeScript(scan, context.toolVersion, notMapped);
  // With the mark, Windows PowerShell 5.1 reads the script as UTF-8 (without it, in the ANSI code page: names mangled).
  writeFileSync(join(outDir, EXCHANGE_SCRIPT_FILE), UTF8_BOM + script.text, 'utf8');
  const users = scan.organization.users.filter((u) => u.email).length;
  context.log(`m365: ${users} users in ${usersFiles.join(', ')}; ${script.counts.groups} groups, ${script.counts.resources} resources `
    + `, ${script.counts.aliases} aliases and ${script.counts.grants} mailbox grants in ${EXCHANGE_SCRIPT_FILE}`);
  const domains = scan.organization.domains.join(', ');
  return {
    files: [...usersFiles, EXCHANGE_SCRIPT_FILE].sort(),
    counts: { users, groups: script.counts.groups, resources: script.counts.resources, aliases: script.counts.aliases, grants: script.counts.grants },
    notMapped,
    steps: [
      `In the Microsoft 365 admin center, add and verify the organization's domains (${domains}) so that every address can be used.`,
      `Import ${usersFiles.join(', then ')} in the admin center (Users > Active users > Add multiple users) and give each user an Exchange Online `
        + 'license; the admin center makes the passwords. Wait until the mailboxes exist.',
      'In PowerShell (Windows PowerShell 5.1, or PowerShell 7 on Windows, Linux or macOS): Install-Module ExchangeOnlineManagement (once), '
        + `Connect-ExchangeOnline, then run ./${EXCHANGE_SCRIPT_FILE} (it stops before changing anything if a mailbox is missing). It can run `
        + 'again and changes nothing the second time; when another recipient holds an address it would use, it names both, leaves that '
        + 'recipient alone and exits 1 at the end.',
      'Move the mailbox content (see below), then point the domains\' MX and Autodiscover records at Microsoft 365.',
    ],
  };
}
