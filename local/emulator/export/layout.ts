/**
 * Where a job's objects land in the bucket, and how S3Path names the zip. The API reference documents S3Path as
 * "the path to the S3 bucket and file", an S3ObjectKey (`[A-Za-z0-9!_.*'()/-]+`, so no `s3://`): the bucket, a
 * slash, the key. It documents neither the zip's key nor the log's: this layout is the emulator's choice
 * (README), kept in one place so the command can derive the log's key from the zip's.
 *   zip: <S3Prefix without trailing slashes>/<JobId>.zip       (S3Path: <S3BucketName>/<that key>)
 *   log: <S3Prefix without trailing slashes>/<JobId>.log.json
 */

/**
 * How S3Path names the zip: `bucket/key` as documented (the default); `key` and `s3://bucket/key` for tests of
 * clients that must read any plausible form.
 */
export type S3PathForm = 'bucket/key' | 'key' | 's3://bucket/key';

export const S3_PATH_FORMS: readonly S3PathForm[] = ['bucket/key', 'key', 's3://bucket/key'];

/** A job's S3Path: the zip's bucket and key in the given form. */
export function exportS3Path(bucket: string, key: string, form: S3PathForm = 'bucket/key'): string {
  return form === 'key' ? key : form === 's3://bucket/key' ? `s3://${bucket}/${key}` : `${bucket}/${key}`;
}

/** The key of a job's zip. */
export function exportObjectKey(s3Prefix: string, jobId: string): string {
  const prefix = s3Prefix.replace(/\/+$/, '');
  return prefix === '' ? `${jobId}.zip` : `${prefix}/${jobId}.zip`;
}

/** The key of a job's log, beside its zip: the zip's key with `.zip` replaced by `.log.json`. */
export function exportLogKey(zipKey: string): string {
  return `${zipKey.replace(/\.zip$/, '')}.log.json`;
}
