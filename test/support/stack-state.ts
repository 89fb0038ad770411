import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { StackInfo } from '../../cli/local/stack';
import { DynamoAggregateReader } from '../../shared/adapters/dynamo-aggregates';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo-feedback-store';
import { DynamoTopicSummaries } from '../../shared/adapters/dynamo-topic-summaries';
import { recomputeTopics } from '../../shared/app/recompute-topics';
import { collectAggregates, driftBetween, recountAggregates, type Drift } from '../../shared/app/recount';
import { tallyTopicCells } from '../../shared/domain/topics/cells';
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
    /**
     * The topic cells against the stored items: cells whose exact item counts differ, items whose
     * stored topics differ from an extraction now, and summary entries outside their error bound.
     */
    topicDrift: async () => {
      const items = await storedItems();
      const zone = LOCAL_ZONES[0]!;
      const cells = new DynamoTopicSummaries(doc, { table: info.resources.tables.aggregates, zone, shards: AGGREGATE_SHARDS });
      const { report } = await recomputeTopics(items, { cells, items: { updateTopics: async () => false }, zone }, { dryRun: true, inRange: () => true });
      const exact = tallyTopicCells(items.map((i) => ({ ...i, negative: i.sentiment.label === 'negative' })), zone, Number.POSITIVE_INFINITY);
      let outsideBound = 0;
      for (const [key, cell] of await cells.storedCells()) {
        const truth = new Map((exact.get(key)?.summary.entries ?? []).map((e) => [e.key, e.count]));
        for (const e of cell.summary.entries) if ((truth.get(e.key) ?? 0) > e.count || (truth.get(e.key) ?? 0) < e.count - e.error) outsideBound++;
        const listed = new Set(cell.summary.entries.map((e) => e.key));
        for (const [k, count] of truth) if (!listed.has(k) && count > cell.summary.floor) outsideBound++;
      }
      return { cellsWithCountDrift: report.cellsWithCountDrift, itemsRetopiced: report.itemsRetopiced, outsideBound, cells: report.cellsChecked };
    },
    /** Every counter where the stored aggregates differ from a recount of the stored items. */
    drift: async (): Promise<Drift[]> => driftBetween(await recountAggregates(store.scanItems(), LOCAL_ZONES), await collectAggregates(aggregates.scanAll())),
    close: () => {
      ddb.destroy();
      sqs.destroy();
    },
  };
}
