import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterQueue } from '../ports/feedback-queues';

/** Message attributes a dead-lettered message carries so an operator sees why, and `replay-dlq` can resend it. */
export const DLQ_ATTRIBUTES = { code: 'cv-error-code', reason: 'cv-error-reason', originalMessageId: 'cv-original-message-id' } as const;


export class SqsDeadLetterQueue implements DeadLetterQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(body: string, failure: { code: string; message: string; originalMessageId: string }): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        MessageAttributes: {
          [DLQ_ATTRIBUTES.code]: { DataType: 'String', StringValue: failure.code },
          // SQS attribute values are capped at 256 KiB in total; the reason is short by construction.
          [DLQ_ATTRIBUTES.reason]: { DataType: 'String', StringValue: failure.message.slice(0, 1000) || failure.code },
          [DLQ_ATTRIBUTES.originalMessageId]: { DataType: 'String', StringValue: failure.originalMessageId },
        },
      }),
    );
  }
}
