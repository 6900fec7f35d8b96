/**
 * Where a completed job's zip and log are, from the S3Path that DescribeMailboxExportJob answers: "the path to the
 * S3 bucket and file that the mailbox export job is exporting to" (API reference). The zip is wherever S3Path
 * says, never a key recomputed from the prefix and the job id. The log's key is the one assumption: the service
 * documents it nowhere, so it is taken to lie beside the zip, `<the zip's key without .zip>.log.json`, as the
 * emulator writes it (`exportLogKey`, one place for both).
 */
import type { ExportDestination } from './types';
import { exportLogKey } from '../../local/emulator/export/layout';

export interface ExportLocation {
  readonly bucket: string;
  /** The zip's key. */
  readonly object: string;
  /** The log's key (assumed: see above). */
  readonly log: string;
}

const S3_URI = /^s3:\/\/([^/]+)\/(.+)$/i;
const S3_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)\/(.+)$/;
const HTTPS = /^https?:\/\//i;

/** The bucket and key of an https URL of S3, virtual-hosted (`<bucket>.s3….amazonaws.com/<key>`) or path-style (`s3….amazonaws.com/<bucket>/<key>`). */
function fromUrl(text: string): { bucket: string; key: string } | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const path = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  const hosted = /^(.+)\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?$/i.exec(url.hostname);
  if (hosted && path !== '') return { bucket: hosted[1], key: path };
  const slash = path.indexOf('/');
  return slash > 0 && slash < path.length - 1 ? { bucket: path.slice(0, slash), key: path.slice(slash + 1) } : undefined;
}

/**
 * The zip's bucket and key from S3Path, in any plausible form: `<bucket>/<key>` (what the documentation and
 * S3Path's shape, an S3ObjectKey without `:`, describe), a bare `<key>`, `s3://<bucket>/<key>`, an S3 ARN or
 * https URL. Without a scheme the bucket in front is told from a key that merely starts with the same word by the
 * job's prefix: the key lies under it. When both readings do, the documented one (bucket in front) wins.
 */
export function exportLocation(destination: ExportDestination, s3Path: string): ExportLocation {
  const at = (bucket: string, key: string): ExportLocation => ({ bucket, object: key, log: exportLogKey(key) });
  const path = s3Path.trim();
  const uri = S3_URI.exec(path) ?? S3_ARN.exec(path);
  if (uri) return at(uri[1], uri[2]);
  if (HTTPS.test(path)) {
    const url = fromUrl(path);
    if (url) return at(url.bucket, url.key);
  }
  const bare = path.replace(/^\/+/, '');
  const inFront = `${destination.bucket}/`;
  if (!bare.startsWith(inFront)) return at(destination.bucket, bare);
  const prefix = destination.prefix.replace(/\/+$/, '');
  const under = (key: string) => key.startsWith(prefix);
  const rest = bare.slice(inFront.length);
  return under(rest) || !under(bare) ? at(destination.bucket, rest) : at(destination.bucket, bare);
}
