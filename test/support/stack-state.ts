import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { StackInfo } from '../../cli/local/stack';
import { DynamoAggregateReader } from '../../shared/adapters/dynamo-aggregates';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo-feedback-store';
import { collectAggregates, driftBetween, recountAggregates, type Drift } from '../../shared/app/recount';
import type { ProcessedFeedback } from '../../shared/ports/stores';
import { AGGREGATE_SHARDS } from '../../shared/resources';
import { eventually } from './http';
import { localClientConfig } from '../../cli/local/local-aws';

export const LOCAL_ZONES = ['Europe/Paris'];

/** Direct access to a running local stack's tables and queues, for assertions. */
export function stackState(info: StackInfo) {
  const ddb = new DynamoDBClient(localClientConfig(info.endpoints.dynamodb));
  const doc = documentClient(ddb);
  const sqs = new SQSClient(localClientConfig(info.endpoints.sqs));
  const store = new DynamoFeedbackStore(doc, { feedback: info.resources.tables.feedback, aggregates: info.resources.tables.aggregates, zones: LOCAL_ZONES });
  const aggregates = new DynamoAggregateReader(doc, info.resources.tables.aggregates, AGGREGATE_SHARDS);

  async function storedItems(): Promise<ProcessedFeedback[]> {
    const out: ProcessedFeedback[] = [];
    for await (const item of store.scanItems()) out.push(item);
    return out;
  }

  async function queueDepth(url: string): Promise<number> {
    const out = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }),
    );
    const a = out.Attributes ?? {};
    return Number(a.ApproximateNumberOfMessages ?? 0) + Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) + Number(a.ApproximateNumberOfMessagesDelayed ?? 0);
  }

  return {
    /** A document client on the stack's DynamoDB (not through any function's meter). */
    doc,
    sqs,
    store,
    aggregates,
    storedItems,
    queueDepth,
    /** Waits until the ingest queue holds nothing, visible or in flight. */
    drained: (timeoutMs = 60_000) => eventually('the ingest queue to drain', async () => ((await queueDepth(info.resources.queues.ingest.url)) === 0 ? true : undefined), timeoutMs, 200),
    /** Every counter where the stored aggregates differ from a recount of the stored items. */
    drift: async (): Promise<Drift[]> => driftBetween(await recountAggregates(store.scanItems(), LOCAL_ZONES), await collectAggregates(aggregates.scanAll())),
    close: () => {
      ddb.destroy();
      sqs.destroy();
    },
  };
}
