// Placeholder until the drift check lands.
import type { WorkMailClient } from '@aws-sdk/client-workmail';

export interface DriftOptions {
  readonly client: WorkMailClient;
  readonly appDir: string;
  readonly stackName?: string;
  readonly concurrency?: number;
  readonly progress?: (line: string) => void;
}

export interface DriftReport {
  readonly differences: ReadonlyArray<Record<string, string>>;
}

/** The command's exit status: 0 when nothing differs, 3 when something does. */
export function driftExitCode(report: DriftReport): 0 | 3 {
  return report.differences.length === 0 ? 0 : 3;
}

export async function driftCheck(_options: DriftOptions): Promise<DriftReport> {
  throw new Error('drift check not available yet');
}

export function formatDriftReport(_report: DriftReport): string {
  throw new Error('drift check not available yet');
}
