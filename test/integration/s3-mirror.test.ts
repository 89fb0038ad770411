import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { startFauxqs } from 'fauxqs';
import { afterAll, describe, expect, it } from 'vitest';
import { startS3Mirror } from '../../cli/local/s3-mirror';
import { localClientConfig } from '../../cli/local/local-aws';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { eventually, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';

let dir: Awaited<ReturnType<typeof tempDir>>;
const stacks: LocalStack[] = [];
afterAll(async () => {
  for (const s of stacks) await s.stop().catch(() => undefined);
  await dir?.remove();
});

/** No queue is consumed: this test is about what the stack keeps across a restart, not what runs. */
const start = async () => {
  const stack = await startLocalStack({ dataDir: dir.path, port: 0, consumers: { ingest: false, alerts: false, exports: false } });
  stacks.push(stack);
  return { stack, s3: new S3Client({ ...localClientConfig(stack.info.endpoints.s3), forcePathStyle: true }) };
};

describe('the local stack’s S3 objects across a restart', () => {
  it('keeps raw emails and export files, forgets deleted ones, and does not announce a kept export twice', async () => {
    dir = await tempDir('s3-mirror');
    // Prepare: a stack with an email, an export file (announced on the exports queue) and an object then erased.
    const first = await start();
    const bucket = first.stack.info.resources.buckets.raw;
    await first.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'inbound/msg-1', Body: 'From: a@example.com\r\n\r\nColis perdu' }));
    // In parts, as large uploads are: its ETag ("…-1") is not the one a plain PUT of the same bytes gets.
    const upload = await first.s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'exports/generic/day.csv' }));
    const part = await first.s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: 'exports/generic/day.csv', UploadId: upload.UploadId, PartNumber: 1, Body: 'id,date,text\nr1,2026-03-01T10:00:00Z,Colis reçu\n' }),
    );
    await first.s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: 'exports/generic/day.csv', UploadId: upload.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }),
    );
    await first.s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'inbound/msg-erased', Body: 'x' }));
    const exportsQueue = first.stack.info.resources.queues.exports.url;
    const state1 = stackState(first.stack.info);
    await eventually('the export file announced', async () => ((await state1.queueDepth(exportsQueue)) === 1 ? true : undefined), 10_000, 100);
    await first.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'inbound/msg-erased' }));
    state1.close();
    first.s3.destroy();

    // Act: stop (the emulator's memory goes with it) and start again on the same data.
    await first.stack.stop();
    const second = await start();

    // Assess: the objects are back, byte for byte; the erased one is not; the export was not announced again.
    const text = async (key: string) => (await second.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
    expect(await text('inbound/msg-1')).toBe('From: a@example.com\r\n\r\nColis perdu');
    expect(await text('exports/generic/day.csv')).toBe('id,date,text\nr1,2026-03-01T10:00:00Z,Colis reçu\n');
    await expect(second.s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'inbound/msg-erased' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    const state2 = stackState(second.stack.info);
    await new Promise((r) => setTimeout(r, 1500));
    // The one announcement from before the restart, back from the SQS journal; not a second one.
    // SQS delivers at least once (a SendMessage retried after a lost answer can be queued twice,
    // byte for byte), so what must not happen is a NEW announcement: another body, another ETag.
    const queued = await state2.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: second.stack.info.resources.queues.exports.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }),
    );
    const announcements = new Set((queued.Messages ?? []).map((m) => m.Body));
    expect(announcements.size).toBe(1);
    const [announced] = [...announcements].map((body) => JSON.parse(body!) as { Records: { s3: { object: { key: string; eTag: string } } }[] });
    expect(announced!.Records[0]!.s3.object).toMatchObject({ key: 'exports/generic/day.csv', eTag: expect.stringMatching(/-1$/) });
    state2.close();
    second.s3.destroy();
  }, 120_000);
});

describe('the S3 mirror', () => {
  it('records what it copied when an object listed in the same pass is deleted before it is read', async () => {
    // Arrange: real fauxqs; a client that deletes `b-erased` right after the listing that names it.
    const home = await tempDir('s3-mirror-race');
    const fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
    const s3 = new S3Client({ ...localClientConfig(`http://127.0.0.1:${fauxqs.port}`), forcePathStyle: true });
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'raw' }));
      await s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'a-kept', Body: 'kept' }));
      await s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'b-erased', Body: 'erased' }));
      let erase = true;
      s3.middlewareStack.add(
        (next, context) => async (args) => {
          const result = await next(args);
          if (erase && context.commandName === 'ListObjectsV2Command') {
            erase = false;
            await s3.send(new DeleteObjectCommand({ Bucket: 'raw', Key: 'b-erased' }));
          }
          return result;
        },
        { step: 'initialize', name: 'eraseAfterListing' },
      );
      const dir = join(home.path, 'raw');

      // Act: one pass (the object vanishes under it), then a clean stop.
      const mirror = await startS3Mirror({ s3, bucket: 'raw', dir, intervalMs: 60_000, onError: (e) => { throw e; } });
      await mirror.sync();
      await mirror.stop();

      // Assert: the kept object is on disk with its ETag saved (what a restart needs); the erased one is nowhere.
      expect(await readFile(join(dir, 'a-kept'), 'utf8')).toBe('kept');
      const etags = JSON.parse(await readFile(`${dir}.etags.json`, 'utf8')) as Record<string, string>;
      expect(Object.keys(etags)).toEqual(['a-kept']);
      await expect(readFile(join(dir, 'b-erased'))).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      s3.destroy();
      await fauxqs.stop();
      await home.remove();
    }
  }, 60_000);
});
