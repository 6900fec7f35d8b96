/** Writes a job's objects through the S3 API, as the service does with the role it was given. */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** Dummy credentials: the local S3 server used by the tests (s3rver) checks signatures against these. */
export const DEFAULT_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface ExportObject {
  readonly bucket: string;
  readonly key: string;
  readonly body: Uint8Array | string;
  readonly contentType: string;
  /** The job's KMS key: objects are written with SSE-KMS under it, as the service encrypts exports. */
  readonly kmsKeyArn: string;
}

export class ExportWriter {
  private readonly client: S3Client;

  constructor(endpoint: string) {
    this.client = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: DEFAULT_S3_CREDENTIALS,
      maxAttempts: 2,
    });
  }

  /** Resolves when written; rejects with an error whose message names the bucket, the key and the S3 error. */
  async put(object: ExportObject): Promise<void> {
    try {
      await this.client.send(new PutObjectCommand({
        Bucket: object.bucket,
        Key: object.key,
        Body: object.body,
        ContentType: object.contentType,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: object.kmsKeyArn,
      }));
    } catch (e) {
      const error = e as Error;
      throw new Error(`Access to the S3 bucket ${object.bucket} failed writing ${object.key}: ${error.name}: ${error.message}`);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
