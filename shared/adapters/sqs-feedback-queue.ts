import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FeedbackEnvelope } from '../domain/feedback';
import { sqsJson } from './sqs-body';
import { SQS_MAX_MESSAGE_BYTES } from '../resources';
import type { FeedbackQueue } from '../ports/feedback-queues';

const SQS_BATCH = 10;
/**
 * SQS caps a message, and a whole SendMessageBatch, at 1 MiB (bodies plus attributes). The
 * largest envelope the schema admits (20,000 characters of text, 50 metadata entries, every
 * character escaped) stays under half of that, so an envelope always fits a message; a batch
 * of ten long ones may not, and is split by size.
 */
export const SQS_MAX_BATCH_BYTES = SQS_MAX_MESSAGE_BYTES;
/** Room kept per entry for its message attributes (channel, feedbackId) and id. */
const ENTRY_OVERHEAD_BYTES = 256;

/** Groups bodies into SendMessageBatch calls of at most ten entries and SQS_MAX_BATCH_BYTES. */
export function batchesBySize<T>(entries: readonly { body: string; item: T }[]): { body: string; item: T }[][] {
  const batches: { body: string; item: T }[][] = [];
  let current: { body: string; item: T }[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = Buffer.byteLength(entry.body) + ENTRY_OVERHEAD_BYTES;
    if (current.length > 0 && (current.length === SQS_BATCH || bytes + size > SQS_MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export class SqsFeedbackQueue implements FeedbackQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(envelopes: readonly FeedbackEnvelope[]): Promise<{ failed: { id: string; error: string }[] }> {
    const chunks = batchesBySize(envelopes.map((e) => ({ body: sqsJson(e), item: e })));
    // Settled, not all-or-nothing: a chunk that throws must not hide the chunks already queued.
    const results = await Promise.allSettled(chunks.map((chunk) => this.sendChunk(chunk)));
    return {
      failed: results.flatMap((r, i) =>
        r.status === 'fulfilled' ? r.value : chunks[i]!.map(({ item }) => ({ id: item.id, error: (r.reason as Error)?.name ?? 'enqueue failed' })),
      ),
    };
  }

  private async sendChunk(chunk: { body: string; item: FeedbackEnvelope }[]): Promise<{ id: string; error: string }[]> {
    let pending = chunk;
    // One retry of the entries SQS refused individually (throttling, transient errors).
    for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
      const out = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: pending.map(({ body, item }, i) => ({
            Id: String(i),
            MessageBody: body,
            MessageAttributes: {
              channel: { DataType: 'String', StringValue: item.source.channel },
              feedbackId: { DataType: 'String', StringValue: item.id },
            },
          })),
        }),
      );
      const failedIdx = new Set((out.Failed ?? []).map((f) => Number(f.Id)));
      if (failedIdx.size === 0) return [];
      if (attempt === 1) {
        return (out.Failed ?? []).map((f) => ({ id: pending[Number(f.Id)]!.item.id, error: f.Message ?? f.Code ?? 'enqueue failed' }));
      }
      pending = pending.filter((_, i) => failedIdx.has(i));
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
    return [];
  }
}
