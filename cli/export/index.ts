/** The `export` command's formats: one writer per format, then MIGRATION.md for every one of them. */
import { existsSync, mkdirSync, readdirSync, statSync } from 'fs';
import { writeFile } from 'fs/promises';
import * as path from 'path';
import type { OrganizationScan } from '../model';
import { writeCdkExport } from './cdk';
import { writeGoogleExport } from './google';
import { writeJsonExport } from './json';
import { writeM365Export } from './m365';
import { MIGRATION_FILE, migrationMarkdown } from './migration';

export { MIGRATION_FILE };
import type { ExportContext, ExportResult, ExportWriter } from './types';

export type { ExportContext, ExportResult, ExportWriter } from './types';

export const EXPORT_FORMATS = ['json', 'cdk', 'm365', 'google'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const WRITERS: Record<ExportFormat, ExportWriter> = {
  json: writeJsonExport,
  cdk: writeCdkExport,
  m365: writeM365Export,
  google: writeGoogleExport,
};

/** Every export writes it; its presence marks a directory as an export's, which a new export may overwrite. */

export const isExportFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);

/**
 * Why `outDir` may not receive an export, or undefined when it may: it does not exist, is empty, or
 * holds a previous export (its MIGRATION.md). Anything else might be someone's work.
 */
export function outDirProblem(outDir: string): string | undefined {
  if (!existsSync(outDir)) return undefined;
  if (!statSync(outDir).isDirectory()) return `--out ${outDir} is not a directory`;
  if (readdirSync(outDir).length === 0) return undefined;
  if (existsSync(path.join(outDir, MIGRATION_FILE))) return undefined;
  return `--out ${outDir} is not empty and holds no previous export (no ${MIGRATION_FILE}): choose a new or empty directory`;
}

/** Writes the format's files and MIGRATION.md into `outDir` (created if missing); `files` includes MIGRATION.md. */
export async function writeExport(scan: OrganizationScan, format: ExportFormat, outDir: string, context: ExportContext): Promise<ExportResult> {
  mkdirSync(outDir, { recursive: true });
  const result = await WRITERS[format](scan, outDir, context);
  await writeFile(path.join(outDir, MIGRATION_FILE), migrationMarkdown(scan, format, result), 'utf8');
  return { ...result, files: [...new Set([...result.files, MIGRATION_FILE])].sort() };
}
