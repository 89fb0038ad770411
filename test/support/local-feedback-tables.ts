import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamo } from '../../cli/local/dynamodb';
import { localClientConfig } from '../../cli/local/local-aws';
import { ensureTable } from '../../cli/local/provision';
import { DynamoAggregateReader, DynamoAggregateRewriter } from '../../shared/adapters/dynamo-aggregates';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo-feedback-store';
import { AGGREGATE_SHARDS, TABLES } from '../../shared/resources';

/**
 * DynamoDB Local with the feedback and aggregates tables, and what a recompute runs on: the
 * store, the aggregate reader and rewriter, on four write shards as deployed (the reader must
 * merge counters and models over them). `close()` stops it.
 */
export async function openFeedbackTables(zones: readonly string[]) {
  const dynamo = await startDynamo();
  const ddb = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  await ensureTable(ddb, TABLES.feedback);
  await ensureTable(ddb, TABLES.aggregates);
  const doc = documentClient(ddb);
  return {
    ddb,
    store: new DynamoFeedbackStore(doc, { feedback: TABLES.feedback.localName, aggregates: TABLES.aggregates.localName, zones: [...zones], shards: AGGREGATE_SHARDS }),
    aggregates: new DynamoAggregateReader(doc, TABLES.aggregates.localName, AGGREGATE_SHARDS),
    rewriter: new DynamoAggregateRewriter(doc, TABLES.aggregates.localName, AGGREGATE_SHARDS),
    close: async () => {
      ddb.destroy();
      await dynamo.stop();
    },
  };
}
