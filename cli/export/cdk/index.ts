// Placeholder until the cdk format lands.
import type { OrganizationScan } from '../../model';
import type { ExportContext, ExportResult } from '../types';

export async function writeCdkExport(_scan: OrganizationScan, _outDir: string, _context: ExportContext): Promise<ExportResult> {
  throw new Error('format not available yet');
}
