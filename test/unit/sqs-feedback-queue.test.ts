import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqsJson } from '../../shared/adapters/sqs-body';
import { batchesBySize, SqsFeedbackQueue, SQS_MAX_BATCH_BYTES } from '../../shared/adapters/sqs-feedback-queue';
import { FeedbackInputSchema, MAX_METADATA_ENTRIES, MAX_TEXT_CHARS, toEnvelope } from '../../shared/domain/feedback';
import { SQS_MAX_MESSAGE_BYTES } from '../../shared/resources';

describe('batchesBySize', () => {
  it('keeps ten entries a batch while they are small, and splits by bytes when they are not', () => {
    const small = Array.from({ length: 23 }, (_, i) => ({ body: 'x'.repeat(100), item: i }));
    expect(batchesBySize(small).map((b) => b.length)).toEqual([10, 10, 3]);
    const large = Array.from({ length: 10 }, (_, i) => ({ body: 'x'.repeat(300_000), item: i }));
    const batches = batchesBySize(large);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    for (const batch of batches) expect(batch.reduce((n, e) => n + e.body.length, 0)).toBeLessThanOrEqual(SQS_MAX_BATCH_BYTES);
    expect(batches.flat().map((e) => e.item)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('the largest envelope the schema admits', () => {
  it('fits one SQS message, escapes included: text is refused above its cap, never truncated or claim-checked', () => {
    // Every character escaped to six bytes (\u0001) is the worst case for the wire size.
    const worst = '\u0001';
    const input = FeedbackInputSchema.parse({
      text: `a${worst.repeat(MAX_TEXT_CHARS - 2)}a`,
      subject: worst.repeat(998),
      externalId: 'e'.repeat(256),
      customer: { id: 'c'.repeat(320), consent: true },
      metadata: Object.fromEntries(Array.from({ length: MAX_METADATA_ENTRIES }, (_, i) => [`${i}`.padEnd(64, worst), worst.repeat(1024)])),
    });
    const envelope = toEnvelope(input, { channel: 'api', provider: 'p', receivedAt: new Date(), customerIdHash: 'h'.repeat(64) });
    expect(Buffer.byteLength(sqsJson(envelope))).toBeLessThan(SQS_MAX_MESSAGE_BYTES / 2);
    expect(FeedbackInputSchema.safeParse({ text: 'a'.repeat(MAX_TEXT_CHARS + 1) }).success).toBe(false);
  });
});

describe('SqsFeedbackQueue', () => {
  let server: Awaited<ReturnType<typeof startFauxqs>>;
  let sqs: SQSClient;
  let queueUrl: string;

  beforeAll(async () => {
    server = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
    sqs = new SQSClient({ endpoint: `http://127.0.0.1:${server.port}`, region: 'eu-west-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'feedback', Attributes: { MaximumMessageSize: String(SQS_MAX_MESSAGE_BYTES) } }))).QueueUrl!;
  });

  afterAll(async () => {
    sqs?.destroy();
    await server?.stop();
  });

  it('queues ten long emoji-rich items that together exceed one batch request, each intact', async () => {
    // 10,000 emoji are 20,000 UTF-16 units (the cap) and 120 KB escaped: ten of them are 1.2 MB.
    const text = '😀'.repeat(9_990) + 'merci';
    const envelopes = Array.from({ length: 10 }, (_, i) =>
      toEnvelope(FeedbackInputSchema.parse({ text, externalId: `long-${i}` }), { channel: 'api', provider: 'test', receivedAt: new Date() }),
    );
    const { failed } = await new SqsFeedbackQueue(sqs, queueUrl).send(envelopes);
    expect(failed).toEqual([]);
    const bodies: string[] = [];
    while (bodies.length < 10) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      bodies.push(...(out.Messages ?? []).map((m) => m.Body!));
    }
    expect(bodies.map((b) => (JSON.parse(b) as { text: string }).text)).toEqual(Array(10).fill(text));
  });
});
