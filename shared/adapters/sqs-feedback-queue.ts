import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { FeedbackEnvelope } from '../domain/feedback';
import { sqsJson } from './sqs-body';
import type { FeedbackQueue } from '../ports/stores';

const SQS_BATCH = 10;

export class SqsFeedbackQueue implements FeedbackQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(envelopes: readonly FeedbackEnvelope[]): Promise<{ failed: { id: string; error: string }[] }> {
    const chunks: FeedbackEnvelope[][] = [];
    for (let i = 0; i < envelopes.length; i += SQS_BATCH) chunks.push(envelopes.slice(i, i + SQS_BATCH));
    // Settled, not all-or-nothing: a chunk that throws must not hide the chunks already queued.
    const results = await Promise.allSettled(chunks.map((chunk) => this.sendChunk(chunk)));
    return {
      failed: results.flatMap((r, i) =>
        r.status === 'fulfilled' ? r.value : chunks[i]!.map((e) => ({ id: e.id, error: (r.reason as Error)?.name ?? 'enqueue failed' })),
      ),
    };
  }

  private async sendChunk(chunk: FeedbackEnvelope[]): Promise<{ id: string; error: string }[]> {
    let pending = chunk;
    // One retry of the entries SQS refused individually (throttling, transient errors).
    for (let attempt = 0; attempt < 2 && pending.length > 0; attempt++) {
      const out = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: pending.map((e, i) => ({
            Id: String(i),
            MessageBody: sqsJson(e),
            MessageAttributes: {
              channel: { DataType: 'String', StringValue: e.source.channel },
              feedbackId: { DataType: 'String', StringValue: e.id },
            },
          })),
        }),
      );
      const failedIdx = new Set((out.Failed ?? []).map((f) => Number(f.Id)));
      if (failedIdx.size === 0) return [];
      if (attempt === 1) {
        return (out.Failed ?? []).map((f) => ({ id: pending[Number(f.Id)]!.id, error: f.Message ?? f.Code ?? 'enqueue failed' }));
      }
      pending = pending.filter((_, i) => failedIdx.has(i));
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
    }
    return [];
  }
}
