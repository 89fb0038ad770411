/**
 * The topic summaries read back (TopicSummaryReader): one scope's cells over a range, the write
 * shards of each window merged into one summary; and rewritten outright by `recompute`.
 */
import { paginateScan, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { topicCellKey, type TopicCellTally } from '../domain/topics/cells';
import type { TopicGranularity, TopicScope, TopicWindow } from '../domain/topics/contract';
import { capacityOf, emptySummary, mergeSummaries, TOPIC_CAPACITY, type TopicCapacity } from '../domain/topics/summary';
import type { TopicCellStore, TopicSummaryReader } from '../ports/topics';
import { parseTopicPk, TOPIC_PK_PREFIX, topicCellOfRow, topicPk, topicRowOf, topicSeriesId, type TopicCellState } from './dynamo-topic-rows';

export interface TopicTableOptions {
  table: string;
  /** The zone the processor writes its cells in. */
  zone: string;
  shards: number;
  capacity?: TopicCapacity;
}

export class DynamoTopicSummaries implements TopicSummaryReader, TopicCellStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: TopicTableOptions,
  ) {}

  async windows(scope: TopicScope, granularity: TopicGranularity, from: Date, to: Date): Promise<TopicWindow[]> {
    const series = topicSeriesId(scope, granularity, this.options.zone);
    const byWindow = new Map<string, TopicCellState>();
    const capacity = capacityOf(this.options.capacity ?? TOPIC_CAPACITY, granularity);
    const perShard = await Promise.all(Array.from({ length: this.options.shards }, (_, shard) => this.rowsOf(topicPk(series, shard), from, to)));
    // Shards merged in a fixed order: the same rows always give the same summary.
    for (const rows of perShard) {
      for (const row of rows) {
        const window = String(row.sk);
        const cell = topicCellOfRow(row);
        const prev = byWindow.get(window) ?? { items: 0, negativeItems: 0, summary: emptySummary() };
        byWindow.set(window, {
          items: prev.items + cell.items,
          negativeItems: prev.negativeItems + cell.negativeItems,
          summary: mergeSummaries(prev.summary, cell.summary, capacity),
        });
      }
    }
    return [...byWindow.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([window, c]) => ({ window, items: c.items, negativeItems: c.negativeItems, entries: c.summary.entries, floor: c.summary.floor }));
  }

  /** Sets one cell outright (recompute): shard 0 holds it, the other shards are removed; a cell of no items goes. */
  async replaceCell(cell: TopicCellTally): Promise<void> {
    const series = topicSeriesId(cell.scope, cell.granularity, this.options.zone);
    const remove = (shard: number) => ({ Delete: { TableName: this.options.table, Key: { pk: topicPk(series, shard), sk: cell.window } } });
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          // A version no processor read: one that read the old cell and writes now is refused and re-reads.
          cell.items > 0 ? { Put: { TableName: this.options.table, Item: topicRowOf({ pk: topicPk(series, 0), sk: cell.window }, cell, Date.now()) } } : remove(0),
          ...Array.from({ length: this.options.shards - 1 }, (_, i) => remove(i + 1)),
        ],
      }),
    );
  }

  /** Every stored cell of this zone, write shards merged (recompute compares them with the items). */
  async storedCells(): Promise<Map<string, TopicCellTally>> {
    const cells = new Map<string, TopicCellTally>();
    const capacity = this.options.capacity ?? TOPIC_CAPACITY;
    const topicRows = { FilterExpression: 'begins_with(pk, :topic)', ExpressionAttributeValues: { ':topic': TOPIC_PK_PREFIX } };
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.options.table, ...topicRows })) {
      for (const row of page.Items ?? []) {
        const parsed = parseTopicPk(String(row.pk));
        if (!parsed || parsed.zone !== this.options.zone) continue;
        const cell = { scope: parsed.scope, granularity: parsed.granularity, window: String(row.sk) };
        const state = topicCellOfRow(row);
        const key = topicCellKey(cell);
        const prev = cells.get(key) ?? { ...cell, items: 0, negativeItems: 0, summary: emptySummary() };
        cells.set(key, {
          ...cell,
          items: prev.items + state.items,
          negativeItems: prev.negativeItems + state.negativeItems,
          summary: mergeSummaries(prev.summary, state.summary, capacityOf(capacity, parsed.granularity)),
        });
      }
    }
    return cells;
  }

  private async rowsOf(pk: string, from: Date, to: Date): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.options.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': from.toISOString(), ':to': to.toISOString() },
          ExclusiveStartKey: startKey,
        }),
      );
      rows.push(...(page.Items ?? []).filter((row) => String(row.sk) < to.toISOString()));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return rows;
  }
}
