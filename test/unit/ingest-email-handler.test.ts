import { readFileSync } from 'node:fs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context, S3Event } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeIngestEmailHandler } from '../../functions/handlers/ingest-email-handler';
import { MemoryFeedbackQueue, silentLogger } from '../support/handler-deps';

const s3 = mockClient(S3Client);
const context = { awsRequestId: 'req', functionName: 'ingestEmail' } as unknown as Context;
const email = (name: string) => readFileSync(new URL(`../fixtures/emails/${name}`, import.meta.url));
/** The part of GetObject's streaming body the handler reads. */
const bodyOf = (name: string) => ({ Body: { transformToByteArray: async () => new Uint8Array(email(name)) } }) as never;

function s3Event(bucket: string, ...keys: string[]): S3Event {
  return { Records: keys.map((key) => ({ eventTime: '2026-06-10T08:30:00Z', s3: { bucket: { name: bucket }, object: { key } } })) } as unknown as S3Event;
}

function setup() {
  const queue = new MemoryFeedbackQueue();
  const handler = makeIngestEmailHandler({ queue, customerSalt: async () => 'salt', s3: new S3Client({ region: 'eu-west-3' }), rawBucket: 'raw-bucket', logger: silentLogger() });
  return { handler, queue };
}

beforeEach(() => {
  s3.reset();
  s3.on(GetObjectCommand, { Key: 'inbound/reply 1.eml' }).callsFake(() => bodyOf('outlook-fr-reply.eml'));
  s3.on(GetObjectCommand, { Key: 'inbound/bounce.eml' }).callsFake(() => bodyOf('dsn-bounce.eml'));
});

describe('makeIngestEmailHandler', () => {
  it('reads each notified email from the raw bucket (keys URL-decoded) and queues the customer words, skipping a bounce', async () => {
    // Prepare
    const { handler, queue } = setup();
    // Act
    const result = await handler(s3Event('raw-bucket', 'inbound/reply+1.eml', 'inbound/bounce.eml'), context);
    // Assess
    expect(result.outcomes).toEqual({ queued: 1, skipped: 1 });
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'raw-bucket', Key: 'inbound/reply 1.eml' },
      { Bucket: 'raw-bucket', Key: 'inbound/bounce.eml' },
    ]);
    expect(queue.sent).toHaveLength(1);
    expect(queue.sent[0]!.source).toMatchObject({ channel: 'email', provider: 'ses-inbound' });
  });

  it('fails the invocation for another bucket, reading nothing', async () => {
    // Prepare
    const { handler, queue } = setup();
    // Act / Assess
    await expect(handler(s3Event('someone-else', 'inbound/bounce.eml'), context)).rejects.toThrow('unexpected bucket someone-else');
    expect(s3.commandCalls(GetObjectCommand)).toEqual([]);
    expect(queue.sent).toEqual([]);
  });
});
