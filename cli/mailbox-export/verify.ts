/**
 * `--verify`: the object a completed job wrote, and its log, read back through S3. The object must be there,
 * non-empty, and its SHA-384 (hashed as it streams: mailboxes can be gigabytes) must equal the log's
 * `sha384Hash`; the log's `totalMessages` is the message count. Nothing of the mail itself is printed.
 */
import { createHash } from 'crypto';
import { Readable } from 'stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { exportLocation } from './location';
import type { ExportDestination, Verification } from './types';

/** The log's fields this command reads (the service writes every value as a string). */
interface ExportLog {
  readonly sha384Hash?: string;
  readonly totalMessages?: string;
}

/** Bytes and SHA-384 (hex) of a stream, reading it once. */
async function hashStream(body: Readable): Promise<{ bytes: number; sha384: string }> {
  const hash = createHash('sha384');
  let bytes = 0;
  for await (const chunk of body) {
    bytes += (chunk as Buffer).length;
    hash.update(chunk as Buffer);
  }
  return { bytes, sha384: hash.digest('hex') };
}

async function getObject(client: S3Client, bucket: string, key: string): Promise<Readable> {
  const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return answer.Body as Readable;
}

const reason = (e: unknown): string => {
  const err = e as Error;
  return err.name === 'NoSuchKey' ? 'missing' : `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message}`;
};

export async function verifyExport(client: S3Client, destination: ExportDestination, jobId: string, s3Path: string): Promise<Verification> {
  // The zip where S3Path says; the log beside it (the one assumed key).
  const keys = exportLocation(destination, s3Path);
  const where = (key: string) => `s3://${keys.bucket}/${key}`;
  let log: ExportLog;
  try {
    const text = await (await getObject(client, keys.bucket, keys.log)).toArray();
    log = JSON.parse(Buffer.concat(text as Buffer[]).toString('utf8')) as ExportLog;
  } catch (e) {
    const problem = e instanceof SyntaxError ? 'is not JSON' : reason(e);
    return { jobId, ok: false, problem: `the job's log ${where(keys.log)} ${problem === 'missing' ? 'is missing' : `could not be read: ${problem}`}` };
  }
  const messages = log.totalMessages !== undefined && /^\d+$/.test(log.totalMessages) ? Number(log.totalMessages) : undefined;
  if (typeof log.sha384Hash !== 'string' || !/^[0-9a-fA-F]{96}$/.test(log.sha384Hash)) {
    return { jobId, ok: false, messages, problem: `the job's log ${where(keys.log)} holds no sha384Hash` };
  }
  let hashed: { bytes: number; sha384: string };
  try {
    hashed = await hashStream(await getObject(client, keys.bucket, keys.object));
  } catch (e) {
    const problem = reason(e);
    return { jobId, ok: false, messages, problem: `${where(keys.object)} ${problem === 'missing' ? 'is missing' : `could not be read: ${problem}`}` };
  }
  const { bytes, sha384 } = hashed;
  if (bytes === 0) return { jobId, ok: false, bytes, messages, problem: `${where(keys.object)} is empty` };
  if (sha384 !== log.sha384Hash.toLowerCase()) {
    return { jobId, ok: false, bytes, messages, problem: `${where(keys.object)} does not match its log's sha384Hash (SHA-384 of its ${bytes} bytes differs)` };
  }
  return { jobId, ok: true, bytes, messages };
}
