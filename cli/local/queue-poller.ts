import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaContext, sqsRecord } from './lambda-events';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: SqsHandler;
  functionName: string;
  timeoutSeconds: number;
  batchSize: number;
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

  const loop = async () => {
    while (running) {
      try {
        const out = await o.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: o.queueUrl,
            MaxNumberOfMessages: o.batchSize,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        const messages = out.Messages ?? [];
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
          if (done.length) {
            await o.sqs.send(
              new DeleteMessageBatchCommand({ QueueUrl: o.queueUrl, Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })) }),
            );
          }
          if (failed.length) {
            await o.sqs.send(
              new ChangeMessageVisibilityBatchCommand({
                QueueUrl: o.queueUrl,
                Entries: failed.map((r, i) => ({
                  Id: String(i),
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
