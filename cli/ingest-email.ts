import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FUNCTIONS, INBOUND_EMAIL_PREFIX } from '../shared/resources';
import { lambdaContext, objectCreatedEvent } from './local/lambda-events';
import type { StackInfo } from './local/stack';
import { localClientConfig } from './local/local-aws';

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
    const result = await handler(
      objectCreatedEvent(info.resources.buckets.raw, key, body.length, randomUUID().replace(/-/g, ''), new Date(), 'inbound-email'),
      lambdaContext('ingestEmail', FUNCTIONS.ingestEmail.timeoutSeconds),
    );
    out.push({ file, outcomes: result.outcomes });
  }
  s3.destroy();
  return out;
}
