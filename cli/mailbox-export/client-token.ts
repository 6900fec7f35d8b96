/** StartMailboxExportJob's ClientToken: the same run, mailbox and start number always give the same token. */
import { createHash } from 'crypto';

/**
 * `n` counts the starts of this mailbox in this run (a retry after a FAILED job is a new start, a start sent
 * again after a lost response is not). The token is printable ASCII and 45 characters long (the API allows 1-128).
 */
export function clientToken(runId: string, entityId: string, n: number): string {
  const digest = createHash('sha256').update(`${runId}\n${entityId}\n${n}`).digest('hex');
  return `cdk-workmail-${digest.slice(0, 32)}`;
}
