import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { DLQ_ATTRIBUTES } from './sqs-dead-letter';

export interface ReplayReport {
  replayed: number;
  /** How many of each failure code were seen (messages redriven by SQS itself have none: `redriven`). */
  byCode: Record<string, number>;
  dryRun: boolean;
}

const OUR_ATTRIBUTES = new Set<string>(Object.values(DLQ_ATTRIBUTES));

/**
 * Moves dead letters back to the queue they came from (after the cause is fixed): each body is
 * re-sent with its original attributes, then deleted from the DLQ. A message is deleted only
 * after its re-send succeeded, so a crash mid-replay duplicates at worst — and the processor is
 * idempotent. With `dryRun`, messages are only counted and become visible again shortly.
 */
export async function replayDeadLetters(
  sqs: SQSClient,
  queues: { dlqUrl: string; targetUrl: string },
  options: { max?: number; dryRun?: boolean } = {},
): Promise<ReplayReport> {
  // Bound the run by what is dead-lettered now: a message that fails again after its replay
  // comes back to the DLQ as a new message, and must wait for the next replay, not loop.
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queues.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  const present = Number(attrs.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(attrs.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  const max = Math.min(options.max ?? Number.POSITIVE_INFINITY, present);
  const report: ReplayReport = { replayed: 0, byCode: {}, dryRun: options.dryRun ?? false };
  let seen = 0;
  while (seen < max) {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.dlqUrl,
        MaxNumberOfMessages: Math.min(10, max - seen),
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 1,
        // Dry runs hold each message briefly so one pass does not count it twice.
        VisibilityTimeout: options.dryRun ? 30 : 60,
      }),
    );
    const messages = out.Messages ?? [];
    if (messages.length === 0) break;
    seen += messages.length;
    for (const m of messages) {
      const code = m.MessageAttributes?.[DLQ_ATTRIBUTES.code]?.StringValue ?? 'redriven';
      report.byCode[code] = (report.byCode[code] ?? 0) + 1;
    }
    if (options.dryRun) continue;

    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.targetUrl,
        Entries: messages.map((m, i) => ({
          Id: String(i),
          MessageBody: m.Body ?? '',
          MessageAttributes: Object.fromEntries(
            Object.entries(m.MessageAttributes ?? {}).filter(([name]) => !OUR_ATTRIBUTES.has(name)),
          ) as Record<string, MessageAttributeValue>,
        })),
      }),
    );
    const ok = new Set((sent.Successful ?? []).map((s) => Number(s.Id)));
    const toDelete = messages.filter((_, i) => ok.has(i));
    if (toDelete.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: queues.dlqUrl, Entries: toDelete.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
      );
    }
    report.replayed += toDelete.length;
    if (toDelete.length < messages.length) throw new Error(`${messages.length - toDelete.length} dead letter(s) could not be re-sent; they stay in the DLQ`);
  }
  return report;
}
