/** Progress of a scan on stderr: a line at most a few times a second, and a final summary line. */
import type { OrganizationScan } from './model';
import type { ScanProgress } from './scan';

/** Lines of progress at most this often. */
const INTERVAL_MS = 500;

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** "skipped 3 deleted, 1 system user" (or "nothing skipped"). */
export function skippedSummary(scan: OrganizationScan): string {
  const { deleted, systemUsers } = scan.skipped;
  if (deleted === 0 && systemUsers === 0) return 'nothing skipped';
  return `skipped ${count(deleted)} deleted, ${plural(systemUsers, 'system user')}`;
}

export function finalLine(scan: OrganizationScan, progress: ScanProgress): string {
  return `scanned ${plural(progress.entities, 'entity', 'entities')} (${plural(progress.pages, 'page')}, ${plural(progress.calls, 'call')}) `
    + `in ${seconds(progress.elapsedMs)}; ${skippedSummary(scan)}`;
}

export class ProgressPrinter {
  private last: ScanProgress | undefined;
  private printedAt: number;

  constructor(private readonly write: ((line: string) => void) | undefined, private readonly now: () => number = Date.now) {
    // A scan shorter than the interval prints only its final line.
    this.printedAt = now();
  }

  /** The scan's progress callback. */
  readonly update = (progress: ScanProgress): void => {
    this.last = progress;
    if (!this.write || this.now() - this.printedAt < INTERVAL_MS) return;
    this.printedAt = this.now();
    const total = progress.totalEntities === undefined ? '' : `/${count(progress.totalEntities)}`;
    this.write(`scanning: ${count(progress.entities)}${total} entities, ${plural(progress.pages, 'page')}, ${plural(progress.calls, 'call')}, `
      + `${seconds(progress.elapsedMs)}`);
  };

  done(scan: OrganizationScan): void {
    if (this.write && this.last) this.write(finalLine(scan, this.last));
  }
}
