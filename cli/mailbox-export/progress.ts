/** Progress of an export run on stderr: a line when the counts change, else every 10 s; and the summary at the end. */
import type { RunProgress } from './scheduler';

const QUIET_MS = 10_000;

export function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

export function progressLine(p: RunProgress, total: number): string {
  const running = p.runningProgress === undefined ? `${p.running} running` : `${p.running} running (about ${p.runningProgress}%)`;
  const blocked = p.blocked > 0 ? `, ${p.blocked} exported in the last 24 hours` : '';
  return `exporting ${total} mailboxes: ${p.done} done, ${running}, ${p.waiting} waiting, ${p.failed} failed${blocked}, ${elapsed(p.elapsedMs)}`;
}

export class RunProgressPrinter {
  private lastCounts = '';
  private printedAt = 0;

  constructor(private readonly write: ((line: string) => void) | undefined, private readonly total: number) {}

  readonly update = (p: RunProgress): void => {
    if (!this.write) return;
    const counts = `${p.done}/${p.running}/${p.waiting}/${p.failed}/${p.blocked}/${p.runningProgress}`;
    if (counts === this.lastCounts && Date.now() - this.printedAt < QUIET_MS) return;
    this.lastCounts = counts;
    this.printedAt = Date.now();
    this.write(progressLine(p, this.total));
  };
}
