import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CELLS_PER_MESSAGE, type AlertsQueue, type TouchedCell, type TouchedCellsMessage } from '../ports/alerts-queue';

/** Tells the alert evaluator which aggregate cells changed (a few hundred bytes per batch). */
export class SqsAlertsQueue implements AlertsQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async publish(cells: readonly TouchedCell[]): Promise<void> {
    const bodies: string[] = [];
    for (let i = 0; i < cells.length; i += CELLS_PER_MESSAGE) bodies.push(JSON.stringify({ v: 1, cells: cells.slice(i, i + CELLS_PER_MESSAGE) } satisfies TouchedCellsMessage));
    for (let i = 0; i < bodies.length; i += 10) {
      const out = await this.sqs.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(j), MessageBody })) }),
      );
      if ((out.Failed ?? []).length > 0) throw new Error(`${out.Failed!.length} alert notification(s) could not be queued`);
    }
  }
}
