import { describe, expect, it } from 'vitest';
import { ingestFeedback, itemsOf } from '../../shared/app/ingest-feedback';
import type { FeedbackEnvelope } from '../../shared/domain/feedback';
import { InvalidRequestError, ServiceUnavailableError } from '../../shared/domain/failures';
import type { FeedbackQueue } from '../../shared/ports/feedback-queues';

/** An in-memory queue standing in for the port in unit tests (the SQS adapter runs in the integration suite). */
class RecordingQueue implements FeedbackQueue {
  readonly sent: FeedbackEnvelope[] = [];
  constructor(private readonly refuse: (e: FeedbackEnvelope) => boolean = () => false) {}
  async send(envelopes: readonly FeedbackEnvelope[]) {
    const failed = envelopes.filter(this.refuse).map((e) => ({ id: e.id, error: 'throttled' }));
    this.sent.push(...envelopes.filter((e) => !this.refuse(e)));
    return { failed };
  }
}

const source = { channel: 'api' as const, provider: 'crm' };
const now = () => new Date('2026-11-24T12:00:00Z');

describe('ingestFeedback', () => {
  it('accepts good items and rejects bad ones individually, by index', async () => {
    const queue = new RecordingQueue();
    const result = await ingestFeedback(
      [{ text: 'Super accueil' }, { text: 'x', ratings: { nps: 12 } }, { text: 'Late parcel', externalId: 'Z-9' }],
      source,
      { queue, customerSalt: async () => 'salt', now },
    );
    expect(result.accepted.map((a) => a.index)).toEqual([0, 2]);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatchObject({ index: 1 });
    expect(result.rejected[0]!.error).toContain('ratings.nps');
    expect(queue.sent.map((e) => e.text)).toEqual(['Super accueil', 'Late parcel']);
  });

  it('enqueues an item repeated inside one request once, but acknowledges both', async () => {
    const queue = new RecordingQueue();
    const item = { text: 'Same', externalId: 'dup-1' };
    const result = await ingestFeedback([item, item], source, { queue, customerSalt: async () => 'salt', now });
    expect(result.accepted).toHaveLength(2);
    expect(result.accepted[0]!.id).toBe(result.accepted[1]!.id);
    expect(queue.sent).toHaveLength(1);
  });

  it('asks for the salt only when a customer id is present and never enqueues the raw id', async () => {
    const queue = new RecordingQueue();
    let saltReads = 0;
    const customerSalt = async () => {
      saltReads++;
      return 'salt';
    };
    await ingestFeedback([{ text: 'a' }], source, { queue, customerSalt, now });
    expect(saltReads).toBe(0);
    await ingestFeedback([{ text: 'b', customer: { id: 'bob@example.org' } }], source, { queue, customerSalt, now });
    expect(saltReads).toBe(1);
    expect(JSON.stringify(queue.sent)).not.toContain('bob@example.org');
  });

  it('refuses an occurredAt in the future, item by item', async () => {
    const queue = new RecordingQueue();
    const result = await ingestFeedback([{ text: 'a', occurredAt: '2027-01-01T00:00:00Z' }, { text: 'b' }], source, { queue, customerSalt: async () => 's', now });
    expect(result.rejected).toEqual([{ index: 0, error: expect.stringContaining('future') }]);
    expect(result.rejectedByReason).toEqual({ implausible_date: 1 });
    expect(result.accepted.map((a) => a.index)).toEqual([1]);
  });

  it('reports items the queue refused as rejected, and fails as a whole when nothing could be queued', async () => {
    const partial = new RecordingQueue((e) => e.text === 'refused');
    const result = await ingestFeedback([{ text: 'ok' }, { text: 'refused' }], source, { queue: partial, customerSalt: async () => 's', now });
    expect(result.rejected).toEqual([{ index: 1, error: expect.stringContaining('retry') }]);
    expect(result.rejectedByReason).toEqual({ queue_refused: 1 });
    const none = new RecordingQueue(() => true);
    await expect(ingestFeedback([{ text: 'a' }], source, { queue: none, customerSalt: async () => 's', now })).rejects.toThrow(ServiceUnavailableError);
  });
});

describe('SqsFeedbackQueue', () => {
  it('reports the items of a chunk that threw as failed, and keeps the chunks already queued', async () => {
    const { mockClient } = await import('aws-sdk-client-mock');
    const { SQSClient, SendMessageBatchCommand } = await import('@aws-sdk/client-sqs');
    const { SqsFeedbackQueue } = await import('../../shared/adapters/sqs-feedback-queue');
    const sqs = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const mock = mockClient(sqs);
    mock.on(SendMessageBatchCommand).resolvesOnce({ Successful: [] }).rejects(new Error('network down'));
    const queue = new RecordingQueue();
    const { accepted } = await ingestFeedback(Array.from({ length: 15 }, (_, i) => ({ text: `t${i}` })), source, { queue, customerSalt: async () => 's', now });
    const envelopes = queue.sent;
    const result = await new SqsFeedbackQueue(sqs, 'https://sqs.example/q').send(envelopes);
    expect(accepted).toHaveLength(15);
    expect(result.failed).toHaveLength(5);
    expect(result.failed.map((f) => f.id)).toEqual(envelopes.slice(10).map((e) => e.id));
  });
});

describe('itemsOf', () => {
  it('takes one bare item or a batch of at most 100', () => {
    expect(itemsOf({ text: 'a' })).toEqual({ items: [{ text: 'a' }], batch: false });
    expect(itemsOf({ items: [1, 2] }).items).toHaveLength(2);
    expect(() => itemsOf({ items: Array.from({ length: 101 }, () => ({ text: 'a' })) })).toThrow(InvalidRequestError);
    expect(() => itemsOf([{ text: 'a' }])).toThrow(/items/);
  });
});
