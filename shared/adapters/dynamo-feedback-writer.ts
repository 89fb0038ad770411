import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, TransactWriteCommand, type BatchWriteCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { addCounters, aggregateCellsFor, countersOf, type Counters } from '../domain/scores';
import type { TopicCapacity } from '../domain/topics/summary';
import type { BatchSaveResult, FeedbackStore, ProcessedFeedback } from '../ports/stores';
import { incrementOf, mergedModels, shardedPk } from './dynamo-aggregate-rows';
import type { TransactItem } from './dynamo-client';
import { recordPartners } from './dynamo-interface-partners';
import { dynamoItemBytes, feedbackIndexKey, storedItemOf } from './dynamo-feedback-codec';
import { DynamoTopicCells } from './dynamo-topic-cells';

/** DynamoDB's cap on actions in one TransactWriteItems. */
const MAX_TRANSACTION_ACTIONS = 100;
const RETRYABLE_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);
/** Index rows stay within one write unit: a row of ~14 entries costs what one per-item row did. */
const INDEX_ROW_BYTES = 1024;

export interface FeedbackStoreOptions {
  feedback: string;
  aggregates: string;
  /** Zones whose days and weeks are aggregated besides UTC (e.g. Europe/Paris). */
  zones?: readonly string[];
  /**
   * Write shards per aggregate series: each transaction adds to one shard chosen at random,
   * spreading concurrent batches over partitions; readers sum the shards.
   */
  shards?: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Topic summaries (issue #20) per local day and week of this zone, in the aggregates table; none without. */
  topics?: { zone: string; capacity?: TopicCapacity };
}

/**
 * The processor's half of the store: batches in, items, aggregates and index rows out. Kept
 * apart from the readers (DynamoFeedbackStore) so the processor's bundle carries no read code.
 */
export class DynamoFeedbackWriter implements Pick<FeedbackStore, 'saveBatch'> {
  private readonly zones: readonly string[];
  private readonly shards: number;
  protected readonly random: () => number;
  protected readonly sleep: (ms: number) => Promise<void>;
  private readonly topicCells?: DynamoTopicCells;

  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly tables: FeedbackStoreOptions,
  ) {
    this.zones = tables.zones ?? [];
    this.shards = Math.max(1, tables.shards ?? 1);
    this.random = tables.random ?? Math.random;
    this.sleep = tables.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    if (tables.topics) {
      this.topicCells = new DynamoTopicCells(doc, { table: tables.aggregates, shards: this.shards, random: this.random, sleep: this.sleep, ...tables.topics });
    }
  }

  /**
   * The aggregate increments of a set of items, merged by cell: one update per cell, whatever
   * the item count, with the sentiment models that scored the cell's items.
   */
  mergedIncrements(items: readonly ProcessedFeedback[]): Map<string, { series: string; window: string; counters: Counters; models: string[] }> {
    const cells = new Map<string, { series: string; window: string; counters: Counters; models: string[] }>();
    for (const item of items) {
      const c = countersOf({ sentiment: item.sentiment.label, ratings: item.ratings });
      const models = item.sentimentModel ? [item.sentimentModel] : [];
      for (const cell of aggregateCellsFor(item, this.zones)) {
        const key = `${cell.series}|${cell.window}`;
        const prev = cells.get(key);
        cells.set(key, prev ? { ...prev, counters: addCounters(prev.counters, c), models: mergedModels(prev.models, models) ?? [] } : { ...cell, counters: c, models });
      }
    }
    return cells;
  }

  /**
   * One transaction per chunk of items: each item's conditional put and the MERGED increments
   * of the chunk. Either all happen or none do, and the condition makes a redelivered item a
   * no-op, so aggregates always equal a recount of the stored items. Items already stored are
   * taken out and the rest retried; conflicts and throttling are retried with backoff.
   */
  async saveBatch(items: readonly ProcessedFeedback[]): Promise<BatchSaveResult> {
    const result: BatchSaveResult = { stored: [], duplicates: [], failed: [], writeUnits: 0, transactions: 0 };
    const unique = new Map<string, ProcessedFeedback>();
    for (const item of items) {
      if (unique.has(item.id)) result.duplicates.push(item.id);
      else unique.set(item.id, item);
    }
    for (const chunk of this.chunks([...unique.values()])) await this.saveChunk(chunk, result);
    // Index rows are written after the commit; writing them for duplicates too repairs what a
    // crash between the two steps left out (a repeated entry is dropped when read).
    const saved = [...unique.values()].filter((i) => !result.failed.some((f) => f.id === i.id));
    result.writeUnits += await this.putIndexRows(saved.filter((i) => !i.textWithheld));
    // Items without text are still counted in their pairs: every saved item names its partners.
    result.writeUnits += await recordPartners(this.doc, this.tables.feedback, saved);
    return result;
  }

  /**
   * Groups items so that each transaction stays within DynamoDB's 100 actions. Items touching
   * the same series are put side by side first: a cell split over two transactions is written
   * (and paid) twice, so a batch of mixed departments costs far less when each department's
   * items share a transaction.
   */
  private chunks(items: ProcessedFeedback[]): ProcessedFeedback[][] {
    const scopesOf = (item: ProcessedFeedback) =>
      [...new Set([...item.departments.map((d) => `d:${d.id}`), ...(item.journeys ?? []).map((j) => `j:${j.id}`)])].sort().join(',');
    const sorted = items
      .map((item, i) => ({ item, i, scopes: scopesOf(item) }))
      .sort((a, b) => a.scopes.localeCompare(b.scopes) || a.i - b.i)
      .map(({ item }) => item);
    const chunks: ProcessedFeedback[][] = [];
    let current: ProcessedFeedback[] = [];
    let cells = new Set<string>();
    for (const item of sorted) {
      const itemCells = [...aggregateCellsFor(item, this.zones).map((c) => `${c.series}|${c.window}`), ...(this.topicCells?.cellKeysOf(item) ?? [])];
      const added = itemCells.filter((c) => !cells.has(c)).length;
      if (current.length > 0 && current.length + 1 + cells.size + added > MAX_TRANSACTION_ACTIONS) {
        chunks.push(current);
        current = [];
        cells = new Set();
      }
      current.push(item);
      for (const c of itemCells) cells.add(c);
    }
    if (current.length > 0) chunks.push(current);
    return chunks;
  }

  private transactionFor(chunk: readonly ProcessedFeedback[]): TransactItem[] {
    const shard = Math.floor(this.random() * this.shards);
    const now = new Date().toISOString();
    return [
      ...chunk.map((item) => ({
        Put: {
          TableName: this.tables.feedback,
          // customerHash at the top level feeds the (sparse) byCustomer index used for erasure.
          Item: storedItemOf(item),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
      ...[...this.mergedIncrements(chunk).values()].map((cell) =>
        incrementOf(this.tables.aggregates, { pk: shardedPk(cell.series, shard), sk: cell.window }, cell.counters, now, cell.models),
      ),
    ];
  }

  private async saveChunk(chunk: ProcessedFeedback[], result: BatchSaveResult): Promise<void> {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; ) {
      try {
        const topicWrites = this.topicCells ? await this.topicCells.writesFor(pending) : [];
        const out = await this.doc.send(new TransactWriteCommand({ TransactItems: [...this.transactionFor(pending), ...topicWrites], ReturnConsumedCapacity: 'TOTAL' }));
        result.transactions++;
        result.writeUnits += (out.ConsumedCapacity ?? []).reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
        result.stored.push(...pending.map((i) => i.id));
        return;
      } catch (error) {
        const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
        const duplicate = new Set(pending.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed').map((i) => i.id));
        if (duplicate.size > 0) {
          result.duplicates.push(...duplicate);
          pending = pending.filter((i) => !duplicate.has(i.id));
          continue;
        }
        // Items come first: a refused condition further on is a topic cell another writer moved.
        const cellMoved = reasons.slice(pending.length).some((r) => r?.Code === 'ConditionalCheckFailed');
        const retryable =
          cellMoved ||
          reasons.some((r) => RETRYABLE_REASONS.has(r.Code ?? '')) ||
          ['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TransactionInProgressException'].includes(
            (error as { name?: string }).name ?? '',
          );
        if (!retryable && pending.length > 1) {
          // One bad item (say, over DynamoDB's 400 KB) must not sink its neighbours: try each alone.
          for (const item of pending) await this.saveChunk([item], result);
          return;
        }
        if (!retryable || ++attempt > (cellMoved ? 8 : 4)) {
          const permanent = (error as { name?: string }).name === 'ValidationException';
          result.failed.push(...pending.map((i) => ({ id: i.id, error, permanent })));
          return;
        }
        await this.sleep(Math.round(this.random() * 50 * 2 ** attempt));
      }
    }
  }

  /** The transactions saveBatch would send for these (new) items; for cost measurement. */
  transactionsFor(items: readonly ProcessedFeedback[]): TransactItem[][] {
    return this.chunks([...items]).map((chunk) => this.transactionFor(chunk));
  }

  /** The same, with the topic cell writes each transaction would carry (read from the table as it is now). */
  async transactionsWithTopicsFor(items: readonly ProcessedFeedback[]): Promise<TransactItem[][]> {
    const out: TransactItem[][] = [];
    for (const chunk of this.chunks([...items])) out.push([...this.transactionFor(chunk), ...((await this.topicCells?.writesFor(chunk)) ?? [])]);
    return out;
  }

  /**
   * The index behind GET /v1/feedback: per department and day of occurrence, rows that list a
   * batch's item ids with their time (`e: { <id>: <occurredAt> }`), packed to one write unit
   * each. The text stays only in the item, read back by id: one row per batch and department
   * instead of one per item and department, and a single copy of the words to erase.
   * A row's sort key is its newest time (readers go newest first) and a hash of its ids, so
   * rewriting the same rows after a crash is idempotent and a different grouping adds rows.
   */
  feedbackIndexRowsFor(items: readonly ProcessedFeedback[]): Record<string, unknown>[] {
    const groups = new Map<string, { departmentId: string; day: string; entries: { id: string; at: string; expiresAt: number }[] }>();
    for (const item of items) {
      const day = item.occurredAt.slice(0, 10);
      for (const departmentId of new Set(item.departments.map((d) => d.id))) {
        const key = `${departmentId}|${day}`;
        const group = groups.get(key) ?? { departmentId, day, entries: [] };
        group.entries.push({ id: item.id, at: item.occurredAt, expiresAt: item.expiresAt });
        groups.set(key, group);
      }
    }
    const rows: Record<string, unknown>[] = [];
    for (const { departmentId, day, entries } of groups.values()) {
      entries.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
      let row: typeof entries = [];
      const flush = () => {
        if (row.length === 0) return;
        const ids = row.map((e) => e.id).sort();
        rows.push({
          pk: feedbackIndexKey(departmentId, day),
          sk: `${row[0]!.at}#${createHash('sha256').update(ids.join(',')).digest('hex').slice(0, 16)}`,
          e: Object.fromEntries(row.map((e) => [e.id, e.at])),
          expiresAt: Math.max(...row.map((e) => e.expiresAt)),
        });
        row = [];
      };
      // Header: pk, sk (time#hash), the map and the TTL; then each entry as name + value.
      const header = dynamoItemBytes({ pk: feedbackIndexKey(departmentId, day), sk: `${'x'.repeat(24)}#${'x'.repeat(16)}`, e: {}, expiresAt: 1_900_000_000 });
      let bytes = header;
      for (const entry of entries) {
        const entryBytes = 1 + Buffer.byteLength(entry.id) + Buffer.byteLength(entry.at);
        if (row.length > 0 && bytes + entryBytes > INDEX_ROW_BYTES) {
          flush();
          bytes = header;
        }
        row.push(entry);
        bytes += entryBytes;
      }
      flush();
    }
    return rows;
  }

  protected async putIndexRows(items: readonly ProcessedFeedback[]): Promise<number> {
    const rows = this.feedbackIndexRowsFor(items);
    let units = 0;
    for (let i = 0; i < rows.length; i += 25) {
      let requests: NonNullable<BatchWriteCommandInput['RequestItems']>[string] = rows.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 5) throw new Error(`${requests.length} feedback index row(s) could not be written`);
        if (attempt > 0) await this.sleep(Math.round(this.random() * 50 * 2 ** attempt));
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tables.feedback]: requests }, ReturnConsumedCapacity: 'TOTAL' }));
        units += (out.ConsumedCapacity ?? []).reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
        requests = out.UnprocessedItems?.[this.tables.feedback] ?? [];
      }
    }
    return units;
  }

}
