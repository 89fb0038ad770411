import { paginateScan, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addCounters, type Counters } from '../domain/scores';
import type { AggregateReader, AggregateRow } from '../ports/stores';
import { countersFrom, mergedModels, modelsFrom, seriesOfPk, shardedPk } from './dynamo-aggregate-rows';
import { TOPIC_PK_PREFIX } from './dynamo-topic-rows';

/** Sets aggregate cells outright (recompute): shard 0 gets the exact counters and models, the other shards are removed. */
export class DynamoAggregateRewriter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly shards = 1,
  ) {}

  async replace(series: string, window: string, counters: Counters, models: readonly string[] = []): Promise<void> {
    // DynamoDB refuses an empty set: a cell without recorded models has no `models` attribute.
    const recorded = models.length > 0 ? { models: new Set(models) } : {};
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: { pk: shardedPk(series, 0), sk: window, ...counters, ...recorded, updatedAt: new Date().toISOString() } } },
          ...Array.from({ length: this.shards - 1 }, (_, i) => ({ Delete: { TableName: this.table, Key: { pk: shardedPk(series, i + 1), sk: window } } })),
        ],
      }),
    );
  }
}

export class DynamoAggregateReader implements AggregateReader {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly shards = 1,
  ) {}

  async series(series: string, from: Date, to: Date): Promise<AggregateRow[]> {
    const byWindow = new Map<string, { counters: Counters; models?: string[] }>();
    await Promise.all(
      Array.from({ length: this.shards }, async (_, shard) => {
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await this.doc.send(
            new QueryCommand({
              TableName: this.table,
              KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':pk': shardedPk(series, shard), ':from': from.toISOString(), ':to': to.toISOString() },
              ExclusiveStartKey: startKey,
            }),
          );
          for (const row of page.Items ?? []) {
            const window = String(row.sk);
            const prev = byWindow.get(window);
            const counters = prev ? addCounters(prev.counters, countersFrom(row)) : countersFrom(row);
            byWindow.set(window, { counters, models: mergedModels(prev?.models, modelsFrom(row)) });
          }
          startKey = page.LastEvaluatedKey;
        } while (startKey);
      }),
    );
    return [...byWindow.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([window, { counters, models }]) => ({ series, window, counters, ...(models ? { models } : {}) }));
  }

  async *scanAll(): AsyncIterable<AggregateRow> {
    // The topic summaries share the table: they are not counter rows.
    const countersOnly = { FilterExpression: 'NOT begins_with(pk, :topic)', ExpressionAttributeValues: { ':topic': TOPIC_PK_PREFIX } };
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.table, ...countersOnly })) {
      for (const row of page.Items ?? []) {
        const models = mergedModels(modelsFrom(row));
        yield { series: seriesOfPk(String(row.pk)), window: String(row.sk), counters: countersFrom(row), ...(models ? { models } : {}) };
      }
    }
  }
}
