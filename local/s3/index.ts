/**
 * A local S3-compatible server for tests: s3rver on 127.0.0.1, a free port, silent, in a temporary
 * directory that `stop()` removes. Clients use path-style addressing and the dummy credentials
 * `S3RVER`/`S3RVER` (s3rver checks signatures against them).
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { S3Client } from '@aws-sdk/client-s3';

/** The credentials s3rver accepts. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const LOCAL_S3_REGION = 'us-east-1';

export interface LocalS3Options {
  /** Buckets to create before the server accepts requests. Default none. */
  readonly buckets?: readonly string[];
  /** Where objects are stored. Default: a new temporary directory, removed on stop. A given directory is kept. */
  readonly directory?: string;
}

export interface LocalS3 {
  /** 'http://127.0.0.1:<port>' */
  readonly endpoint: string;
  /** An S3 client for this server (path-style, dummy credentials). */
  readonly client: S3Client;
  /** Where the objects are stored. */
  readonly directory: string;
  stop(): Promise<void>;
}

/** The constructor and the two methods of s3rver that this module uses (s3rver ships no types). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

/** An S3 client for a local endpoint: path-style addressing, the dummy credentials, one region. */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client({ endpoint, region: LOCAL_S3_REGION, forcePathStyle: true, credentials: LOCAL_S3_CREDENTIALS });
}

export async function startLocalS3(options: LocalS3Options = {}): Promise<LocalS3> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as S3rverConstructor;
  const temporary = options.directory === undefined ? mkdtempSync(join(tmpdir(), 'local-s3-')) : undefined;
  const directory = options.directory ?? temporary!;
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  let address: { port: number };
  try {
    address = await server.run();
  } catch (e) {
    if (temporary) rmSync(temporary, { recursive: true, force: true });
    throw e;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = localS3Client(endpoint);
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    client,
    directory,
    stop: () => {
      stopped ??= (async () => {
        client.destroy();
        try {
          await server.close();
        } finally {
          if (temporary) rmSync(temporary, { recursive: true, force: true });
        }
      })();
      return stopped;
    },
  };
}
