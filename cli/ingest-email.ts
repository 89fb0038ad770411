import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { FUNCTIONS, INBOUND_EMAIL_PREFIX } from '../shared/resources';
import { lambdaContext, LOCAL_REGION } from './local/lambda-events';
import type { StackInfo } from './local/stack';
import { localClientConfig } from './local/local-aws';

/** The event S3 sends the email function when SES stores a received message. */
function objectCreated(bucket: string, key: string, size: number, at: Date): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: LOCAL_REGION,
        eventTime: at.toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:ses' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'inbound-email',
          bucket: { name: bucket, ownerIdentity: { principalId: 'local' }, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size, eTag: randomUUID().replace(/-/g, ''), sequencer: Date.now().toString(16) },
        },
      },
    ],
  };
}

/**
 * `customer-voice ingest email <file.eml…>` on the local stack: each file goes into the inbound
 * bucket as SES would put it, then the email function's own handler runs on the S3 event.
 */
export async function ingestEmailFiles(files: readonly string[], info: StackInfo): Promise<{ file: string; outcomes: Record<string, number> }[]> {
  const s3 = new S3Client({ ...localClientConfig(info.endpoints.s3), forcePathStyle: true });
  const { handler } = await import('../functions/ingest-email');
  const out: { file: string; outcomes: Record<string, number> }[] = [];
  for (const file of files) {
    const body = await readFile(file);
    const key = `${INBOUND_EMAIL_PREFIX}${randomUUID()}-${basename(file)}`;
    await s3.send(new PutObjectCommand({ Bucket: info.resources.buckets.raw, Key: key, Body: body, ContentType: 'message/rfc822' }));
    const result = await handler(objectCreated(info.resources.buckets.raw, key, body.length, new Date()), lambdaContext('ingestEmail', FUNCTIONS.ingestEmail.timeoutSeconds));
    out.push({ file, outcomes: result.outcomes });
  }
  s3.destroy();
  return out;
}
