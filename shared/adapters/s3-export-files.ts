import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ExportFiles } from '../ports/stores';

/** Export files in the raw bucket: ranged streaming reads, and presigned PUTs for uploads. */
export class S3ExportFiles implements ExportFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async *read(key: string, fromByte: number): AsyncIterable<Buffer> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(fromByte > 0 ? { Range: `bytes=${fromByte}-` } : {}) }));
    // The SDK's body is a Node stream in Lambda and locally: read it chunk by chunk, never whole.
    for await (const chunk of out.Body as AsyncIterable<Uint8Array>) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }

  uploadUrl(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.s3, new PutObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSeconds });
  }
}
