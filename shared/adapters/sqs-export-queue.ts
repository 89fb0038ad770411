import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ExportChunkMessage } from '../domain/export-jobs';
import type { ExportChunkQueue } from '../ports/export-jobs';

/** Continuations go on the same queue as S3's notifications, so the same function reads them. */
export class SqsExportChunkQueue implements ExportChunkQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async continueJob(message: ExportChunkMessage): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }));
  }
}
