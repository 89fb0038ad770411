import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaContext, sqsRecord } from './lambda-events';

/** ReceiveMessage returns at most 10 messages a call; the batch requests take at most 10 entries. */
const RECEIVE_MAX = 10;
/** Lambda stops gathering at a 6 MB invocation payload; bodies are most of it. */
const MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: SqsHandler;
  functionName: string;
  timeoutSeconds: number;
  batchSize: number;
  /**
   * Lambda's batching window: receive (10 messages a call, SQS's cap) until the batch is full
   * or the window has passed. Locally the gathering also stops as soon as the queue has nothing
   * more to give, so a quiet stack answers at once; under load batches fill as on Lambda.
   */
  batchingWindowSeconds?: number;
  /** Concurrent pollers, like Lambda's concurrent batches for one event source mapping. */
  concurrency: number;
  onError: (error: unknown) => void;
}

/**
 * Lambda's SQS event source mapping, on one machine: receive a batch, invoke the handler with
 * the real event shape, delete what succeeded, leave failures for redelivery (and, after
 * maxReceiveCount, the queue's own redrive to the DLQ). Failed records are made visible again
 * after a short backoff instead of the full visibility timeout, so local retries are quick.
 */
export function startQueuePoller(o: PollerOptions): { stop(): Promise<void>; idle(): boolean } {
  let running = true;
  let busy = 0;
  const loops: Promise<void>[] = [];

  const receive = async (max: number, waitSeconds: number) =>
    (
      await o.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: o.queueUrl,
          MaxNumberOfMessages: Math.min(RECEIVE_MAX, max),
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      )
    ).Messages ?? [];

  const gather = async () => {
    const messages = await receive(o.batchSize, 1);
    if (messages.length === 0) return messages;
    const deadline = performance.now() + (o.batchingWindowSeconds ?? 0) * 1000;
    let bytes = messages.reduce((s, m) => s + Buffer.byteLength(m.Body ?? ''), 0);
    while (running && messages.length < o.batchSize && performance.now() < deadline && bytes < MAX_PAYLOAD_BYTES) {
      const more = await receive(o.batchSize - messages.length, 0);
      if (more.length === 0) break;
      messages.push(...more);
      bytes += more.reduce((s, m) => s + Buffer.byteLength(m.Body ?? ''), 0);
    }
    return messages;
  };

  const loop = async () => {
    while (running) {
      try {
        const messages = await gather();
        if (messages.length === 0) continue;
        busy++;
        try {
          const event: SQSEvent = { Records: messages.map((m) => sqsRecord(m, o.queueArn)) };
          let failedIds: Set<string>;
          try {
            const result = await o.handler(event, lambdaContext(o.functionName, o.timeoutSeconds));
            failedIds = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
          } catch (error) {
            // A thrown handler fails the whole batch, as on Lambda.
            o.onError(error);
            failedIds = new Set(event.Records.map((r) => r.messageId));
          }
          const done = event.Records.filter((r) => !failedIds.has(r.messageId));
          const failed = event.Records.filter((r) => failedIds.has(r.messageId));
          // SQS takes at most 10 entries per batch request.
          for (let i = 0; i < done.length; i += RECEIVE_MAX) {
            await o.sqs.send(
              new DeleteMessageBatchCommand({
                QueueUrl: o.queueUrl,
                Entries: done.slice(i, i + RECEIVE_MAX).map((r, j) => ({ Id: String(j), ReceiptHandle: r.receiptHandle })),
              }),
            );
          }
          for (let i = 0; i < failed.length; i += RECEIVE_MAX) {
            await o.sqs.send(
              new ChangeMessageVisibilityBatchCommand({
                QueueUrl: o.queueUrl,
                Entries: failed.slice(i, i + RECEIVE_MAX).map((r, j) => ({
                  Id: String(j),
                  ReceiptHandle: r.receiptHandle,
                  VisibilityTimeout: Math.min(2 ** Number(r.attributes.ApproximateReceiveCount), 30),
                })),
              }),
            );
          }
        } finally {
          busy--;
        }
      } catch (error) {
        if (!running) return;
        o.onError(error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };

  for (let i = 0; i < o.concurrency; i++) loops.push(loop());
  return {
    stop: async () => {
      running = false;
      await Promise.allSettled(loops);
    },
    idle: () => busy === 0,
  };
}
