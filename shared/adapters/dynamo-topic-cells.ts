/**
 * The processor's half of the topic summaries: the writes that add a chunk of NEW items to the
 * topic cells of their scopes, for the same transaction as the items' conditional puts (so a
 * redelivered or duplicate item, refused by its put, is never counted).
 *
 * A summary cannot be incremented in place (ADD): each cell is read, merged with the chunk's
 * tally (one merge per cell, whatever the item count) and put back on the condition that its
 * version did not move. Concurrent processors spread over write shards (one picked at random
 * per transaction, as the counters do) and the loser of a race re-reads and retries.
 */
import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { topicCellsFor } from '../domain/topics/cells';
import { capacityOf, emptySummary, mergeSummaries, tally, TOPIC_CAPACITY, type TopicCapacity } from '../domain/topics/summary';
import type { TopicGranularity } from '../domain/topics/contract';
import type { ProcessedFeedback } from '../ports/stores';
import type { TransactItem } from './dynamo-client';
import { topicCellOfRow, topicPk, topicRowOf, topicSeriesId } from './dynamo-topic-rows';

export interface TopicCellsOptions {
  table: string;
  /** The deployment's zone: cells are its local days and weeks. */
  zone: string;
  shards: number;
  capacity?: TopicCapacity;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Increment {
  series: string;
  granularity: TopicGranularity;
  window: string;
  items: ProcessedFeedback[];
}

const BATCH_GET_KEYS = 100;

export class DynamoTopicCells {
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly options: TopicCellsOptions,
  ) {
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The cells an item counts in, as `series|window` (for sizing transactions). */
  cellKeysOf(item: ProcessedFeedback): string[] {
    return topicCellsFor(item, this.options.zone).map((c) => `${topicSeriesId(c.scope, c.granularity, this.options.zone)}|${c.window}`);
  }

  /** The chunk's items grouped by cell. */
  increments(items: readonly ProcessedFeedback[]): Map<string, Increment> {
    const cells = new Map<string, Increment>();
    for (const item of items) {
      for (const c of topicCellsFor(item, this.options.zone)) {
        const series = topicSeriesId(c.scope, c.granularity, this.options.zone);
        const key = `${series}|${c.window}`;
        const cell = cells.get(key) ?? { series, granularity: c.granularity, window: c.window, items: [] };
        cell.items.push(item);
        cells.set(key, cell);
      }
    }
    return cells;
  }

  /**
   * One conditional put per cell of the chunk, on one write shard: the cell as read, plus the
   * chunk's items. Read again for every attempt: a refused condition means another writer won.
   */
  async writesFor(items: readonly ProcessedFeedback[]): Promise<TransactItem[]> {
    const shard = Math.floor(this.random() * this.options.shards);
    const increments = [...this.increments(items).values()];
    const keys = increments.map((c) => ({ pk: topicPk(c.series, shard), sk: c.window }));
    const stored = await this.read(keys);
    return increments.map((inc, i) => {
      const key = keys[i]!;
      const before = stored.get(`${key.pk}|${key.sk}`);
      const current = before ? topicCellOfRow(before) : { items: 0, negativeItems: 0, version: 0, summary: emptySummary() };
      const negative = inc.items.filter((item) => item.sentiment.label === 'negative').length;
      const summary = mergeSummaries(
        current.summary,
        tally(inc.items.map((item) => ({ topics: item.topics, negative: item.sentiment.label === 'negative' }))),
        capacityOf(this.options.capacity ?? TOPIC_CAPACITY, inc.granularity),
      );
      const row = topicRowOf(key, { items: current.items + inc.items.length, negativeItems: current.negativeItems + negative, summary }, current.version + 1);
      return {
        Put: {
          TableName: this.options.table,
          Item: row,
          ...(before
            ? { ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#v': 'v' }, ExpressionAttributeValues: { ':v': current.version } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        },
      };
    });
  }

  private async read(keys: readonly { pk: string; sk: string }[]): Promise<Map<string, Record<string, unknown>>> {
    const rows = new Map<string, Record<string, unknown>>();
    for (let i = 0; i < keys.length; i += BATCH_GET_KEYS) {
      let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + BATCH_GET_KEYS);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`${pending.length} topic cell(s) could not be read`);
        if (attempt > 0) await this.sleep(Math.round(this.random() * 25 * 2 ** attempt));
        const out: BatchGetCommandOutput = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.options.table]: { Keys: pending, ConsistentRead: true } } }));
        for (const row of out.Responses?.[this.options.table] ?? []) rows.set(`${row.pk}|${row.sk}`, row);
        pending = out.UnprocessedKeys?.[this.options.table]?.Keys;
      }
    }
    return rows;
  }
}
