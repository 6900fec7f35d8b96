/**
 * Where a job's objects land in the bucket. The service documents neither the key of the zip nor the log's:
 * this layout is the emulator's choice (README), kept in one place so the command can derive the log's key
 * from the S3Path a job reports.
 *   zip: <S3Prefix without trailing slashes>/<JobId>.zip   (the job's S3Path)
 *   log: <S3Prefix without trailing slashes>/<JobId>.log.json
 */

/** The key of a job's zip, as S3Path reports it. */
export function exportObjectKey(s3Prefix: string, jobId: string): string {
  const prefix = s3Prefix.replace(/\/+$/, '');
  return prefix === '' ? `${jobId}.zip` : `${prefix}/${jobId}.zip`;
}

/** The key of a job's log, beside its zip: the zip's key with `.zip` replaced by `.log.json`. */
export function exportLogKey(s3Path: string): string {
  return `${s3Path.replace(/\.zip$/, '')}.log.json`;
}
