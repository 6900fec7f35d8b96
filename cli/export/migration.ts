// Placeholder until the MIGRATION.md writer lands: the bare facts, so that every export completes.
import type { OrganizationScan } from '../model';
import type { ExportResult } from './types';

export function migrationMarkdown(scan: OrganizationScan, format: string, result: ExportResult): string {
  const lines = [
    `# ${scan.organization.alias} (${scan.organization.id}): ${format} export`,
    '',
    ...Object.entries(result.counts).map(([kind, n]) => `- ${kind}: ${n}`),
    `- skipped: ${scan.skipped.deleted} deleted, ${scan.skipped.systemUsers} system users`,
    '',
    ...result.notMapped.map((line) => `- ${line}`),
    '',
    ...result.steps.map((line, i) => `${i + 1}. ${line}`),
  ];
  return `${lines.join('\n')}\n`;
}
