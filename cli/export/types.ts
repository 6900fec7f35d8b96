/** What every export format writer takes and returns. */
import type { OrganizationScan } from '../model';

export interface ExportContext {
  /** Progress and notes for stderr (the command decides whether to print them). */
  readonly log: (line: string) => void;
  /** The version of cdk-workmail that writes the export (package.json version). */
  readonly toolVersion: string;
}

export interface ExportResult {
  /** Files written, relative to outDir, sorted. */
  readonly files: string[];
  /** Counts per kind that the format carries, e.g. { users: 5, groups: 2, resources: 3, aliases: 7 }. */
  readonly counts: Record<string, number>;
  /** What did not map to the target and why, one line each (goes into MIGRATION.md). */
  readonly notMapped: string[];
  /** The order to run or apply things in, one step a line (goes into MIGRATION.md). */
  readonly steps: string[];
}

/** A format writer: writes its files into `outDir` (which exists) from one scan. */
export type ExportWriter = (scan: OrganizationScan, outDir: string, context: ExportContext) => Promise<ExportResult>;
