import { createHash, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  UpdateCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  paginateScan,
  type BatchGetCommandOutput,
  type BatchWriteCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AlertStateStore } from '../app/evaluate-alerts';
import type { AlertState } from '../domain/alerts/state';
import { CUSTOMER_INDEX } from '../resources';
import { addCounters, aggregateCellsFor, COUNTER_NAMES, countersOf, emptyCounters, type Counters } from '../domain/scores';
import type {
  AggregateReader,
  AggregateRow,
  ApiKeyRecord,
  ControlStore,
  FeedbackStore,
  BatchSaveResult,
  CustomerDataStore,
  ErasureOutcome,
  ProcessedFeedback,
  Verbatim,
} from '../ports/stores';

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB's cap on actions in one TransactWriteItems. */
const MAX_TRANSACTION_ACTIONS = 100;
const VERBATIM_CHARS = 1_000;
const RETRYABLE_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded', 'RequestLimitExceeded']);

function incrementOf(table: string, key: { pk: string; sk: string }, c: Counters, now: string): TransactItem {
  const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
  const values: Record<string, number | string> = { ':updatedAt': now };
  const adds = COUNTER_NAMES.map((n, i) => {
    names[`#c${i}`] = n;
    values[`:c${i}`] = c[n];
    return `#c${i} :c${i}`;
  });
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: `ADD ${adds.join(', ')} SET #updatedAt = :updatedAt`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

const itemKey = (id: string) => `FB#${id}`;
const ITEM_SK = 'ITEM';
const feedbackIndexKey = (departmentId: string, day: string) => `VIDX#${departmentId}#${day}`;
/** Index rows stay within one write unit: a row of ~14 entries costs what one per-item row did. */
const INDEX_ROW_BYTES = 1024;

/**
 * What one item or row weighs for DynamoDB's capacity (its documented size rules: names and
 * values in UTF-8 bytes, numbers by significant digits, 3 bytes per map or list plus 1 per
 * element). Write units are charged per started KB of this.
 */
export function dynamoItemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((sum, [name, value]) => (value === undefined ? sum : sum + Buffer.byteLength(name) + valueBytes(value)), 0);
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
    return Math.ceil(Math.max(1, digits.length) / 2) + 1;
  }
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return 3 + value.reduce((s: number, v) => s + 1 + valueBytes(v), 0);
  if (typeof value === 'object') {
    return 3 + Object.entries(value as Record<string, unknown>).reduce((s, [k, v]) => (v === undefined ? s : s + 1 + Buffer.byteLength(k) + valueBytes(v)), 0);
  }
  return 0;
}
const shardedPk = (series: string, shard: number) => `${series}#s${shard}`;
const seriesOfPk = (pk: string) => pk.replace(/#s\d+$/, '');

/** Texts shorter than this stay plain: they fit the 1 KB write unit anyway and stay readable in the console. */
const COMPRESS_TEXT_FROM_BYTES = 256;
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The item as stored, trimmed so that a typical one fits the 1 KB a transactional write
 * charges 2 units for (1–2 KB costs 4): a long text is deflated into `textZ` (binary), the
 * customer hash is kept once (top-level `customerHash`, which the byCustomer erasure index
 * needs), and the engine's probabilities keep 4 decimals. `itemOfStored` gives the item back.
 */
export function storedItemOf(item: ProcessedFeedback): Record<string, unknown> {
  const { customer, text, sentiment, langConfidence, ...rest } = item;
  const { idHash, ...customerRest } = customer;
  const deflated = Buffer.byteLength(text) >= COMPRESS_TEXT_FROM_BYTES ? deflateRawSync(text, { level: 9 }) : undefined;
  return {
    pk: itemKey(item.id),
    sk: ITEM_SK,
    ...rest,
    ...(deflated && deflated.byteLength < Buffer.byteLength(text) ? { textZ: new Uint8Array(deflated) } : { text }),
    customer: customerRest,
    ...(idHash ? { customerHash: idHash } : {}),
    langConfidence: round(langConfidence, 4),
    sentiment: {
      label: sentiment.label,
      confidence: round(sentiment.confidence, 4),
      scores: Object.fromEntries(Object.entries(sentiment.scores).map(([k, v]) => [k, round(v, 4)])),
    },
  };
}

export function itemOfStored(row: Record<string, unknown>): ProcessedFeedback {
  const { pk: _pk, sk: _sk, customerHash, textZ, text, customer, ...item } = row;
  return {
    ...item,
    text: textZ instanceof Uint8Array ? inflateRawSync(textZ).toString('utf8') : String(text ?? ''),
    customer: { ...(customer as ProcessedFeedback['customer'] | undefined), ...(typeof customerHash === 'string' ? { idHash: customerHash } : {}) },
  } as ProcessedFeedback;
}

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

  constructor(
    protected readonly doc: DynamoDBDocumentClient,
    protected readonly tables: FeedbackStoreOptions,
  ) {
    this.zones = tables.zones ?? [];
    this.shards = Math.max(1, tables.shards ?? 1);
    this.random = tables.random ?? Math.random;
    this.sleep = tables.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** The aggregate increments of a set of items, merged by cell: one update per cell, whatever the item count. */
  mergedIncrements(items: readonly ProcessedFeedback[]): Map<string, { series: string; window: string; counters: Counters }> {
    const cells = new Map<string, { series: string; window: string; counters: Counters }>();
    for (const item of items) {
      const c = countersOf({ sentiment: item.sentiment.label, ratings: item.ratings });
      for (const cell of aggregateCellsFor(item, this.zones)) {
        const key = `${cell.series}|${cell.window}`;
        const prev = cells.get(key);
        cells.set(key, { ...cell, counters: prev ? addCounters(prev.counters, c) : c });
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
    const committed = [...unique.values()].filter((i) => !i.textWithheld && !result.failed.some((f) => f.id === i.id));
    result.writeUnits += await this.putIndexRows(committed);
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
      const itemCells = aggregateCellsFor(item, this.zones).map((c) => `${c.series}|${c.window}`);
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
        incrementOf(this.tables.aggregates, { pk: shardedPk(cell.series, shard), sk: cell.window }, cell.counters, now),
      ),
    ];
  }

  private async saveChunk(chunk: ProcessedFeedback[], result: BatchSaveResult): Promise<void> {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; ) {
      try {
        const out = await this.doc.send(new TransactWriteCommand({ TransactItems: this.transactionFor(pending), ReturnConsumedCapacity: 'TOTAL' }));
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
        const retryable =
          reasons.some((r) => RETRYABLE_REASONS.has(r.Code ?? '')) ||
          ['ThrottlingException', 'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'TransactionInProgressException'].includes(
            (error as { name?: string }).name ?? '',
          );
        if (!retryable && pending.length > 1) {
          // One bad item (say, over DynamoDB's 400 KB) must not sink its neighbours: try each alone.
          for (const item of pending) await this.saveChunk([item], result);
          return;
        }
        if (!retryable || ++attempt > 4) {
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

/** The whole store: the writer plus what the read API, alerts, erasure, recount and recompute read. */
export class DynamoFeedbackStore extends DynamoFeedbackWriter implements FeedbackStore, CustomerDataStore {
  /** Takes an item out of one department's index rows; returns how many entries went. */
  private async removeIndexEntries(departmentId: string, item: Pick<ProcessedFeedback, 'id' | 'occurredAt'>): Promise<number> {
    let removed = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      // A row's sort key starts with its newest entry: rows that can hold this item sort at or after its time.
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tables.feedback,
          KeyConditionExpression: 'pk = :pk AND sk >= :at',
          FilterExpression: 'attribute_exists(#e.#id)',
          ExpressionAttributeNames: { '#e': 'e', '#id': item.id },
          ExpressionAttributeValues: { ':pk': feedbackIndexKey(departmentId, item.occurredAt.slice(0, 10)), ':at': item.occurredAt },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const row of page.Items ?? []) {
        try {
          await this.doc.send(
            new UpdateCommand({
              TableName: this.tables.feedback,
              Key: { pk: row.pk, sk: row.sk },
              UpdateExpression: 'REMOVE #e.#id',
              ConditionExpression: 'attribute_exists(#e.#id)',
              ExpressionAttributeNames: { '#e': 'e', '#id': item.id },
            }),
          );
          removed++;
        } catch (error) {
          if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return removed;
  }

  /** Rewrites an item's attribution (after a configuration change) and its index entries. */
  async updateAttribution(item: ProcessedFeedback, previous: Pick<ProcessedFeedback, 'departments' | 'journeys'>): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tables.feedback,
        Key: { pk: itemKey(item.id), sk: ITEM_SK },
        UpdateExpression: 'SET departments = :d, journeys = :j',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':d': item.departments, ':j': item.journeys },
      }),
    );
    const keep = new Set(item.departments.map((d) => d.id));
    // Readers also check the item's departments, so a stale entry left by a crash here is never shown.
    for (const id of new Set(previous.departments.map((d) => d.id))) if (!keep.has(id)) await this.removeIndexEntries(id, item);
    if (!item.textWithheld) await this.putIndexRows([item]);
  }

  async eraseCustomer(customerHash: string, at: Date): Promise<ErasureOutcome> {
    const outcome: ErasureOutcome = { itemsAnonymised: 0, verbatimRowsDeleted: 0, rawObjects: [] };
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tables.feedback,
          IndexName: CUSTOMER_INDEX,
          KeyConditionExpression: 'customerHash = :h',
          ExpressionAttributeValues: { ':h': customerHash },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const key of page.Items ?? []) {
        const found = await this.doc.send(new GetCommand({ TableName: this.tables.feedback, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }));
        const item = found.Item as (ProcessedFeedback & { pk: string }) | undefined;
        if (!item) continue;
        // The index holds ids and times, never words; entries go all the same, so nothing points at the erased item.
        for (const departmentId of new Set((item.departments ?? []).map((d) => d.id))) {
          outcome.verbatimRowsDeleted += await this.removeIndexEntries(departmentId, item);
        }
        const rawObject = (item.metadata as Record<string, unknown> | undefined)?.rawObject;
        if (typeof rawObject === 'string') outcome.rawObjects.push(rawObject);
        // What the aggregates count (sentiment, ratings, attribution, time) stays; who and what goes.
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tables.feedback,
            Key: { pk: key.pk, sk: key.sk },
            UpdateExpression: 'SET #text = :empty, #customer = :anonymous, textWithheld = :true, erasedAt = :at, #metadata = :none REMOVE customerHash, subject, textZ',
            ExpressionAttributeNames: { '#text': 'text', '#customer': 'customer', '#metadata': 'metadata' },
            ExpressionAttributeValues: { ':empty': '', ':anonymous': {}, ':true': true, ':at': at.toISOString(), ':none': {} },
          }),
        );
        outcome.itemsAnonymised++;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return outcome;
  }

  /**
   * Newest first: index entries in exact time order, then the items themselves (consistent
   * reads, so an item stored a moment ago is there). An entry is shown only while its item
   * still has text and still belongs to the department (erasure, consent, re-attribution).
   */
  async verbatims(departmentId: string, from: Date, to: Date, limit: number): Promise<Verbatim[]> {
    const out: Verbatim[] = [];
    const entries = this.indexEntries(departmentId, from, to);
    while (out.length < limit) {
      const wanted: { id: string; at: string }[] = [];
      while (wanted.length < limit - out.length) {
        const next = await entries.next();
        if (next.done) break;
        wanted.push(next.value);
      }
      if (wanted.length === 0) break;
      const items = await this.itemsById(wanted.map((w) => w.id));
      for (const { id } of wanted) {
        const item = items.get(id);
        if (!item || item.textWithheld || !item.text || !(item.departments ?? []).some((d) => d.id === departmentId)) continue;
        out.push({
          id: item.id,
          occurredAt: item.occurredAt,
          text: item.text.slice(0, VERBATIM_CHARS),
          lang: item.lang,
          sentiment: item.sentiment.label,
          departments: item.departments,
          journeys: item.journeys ?? [],
          ...(item.ratings ? { ratings: item.ratings } : {}),
          channel: item.source.channel,
        });
      }
    }
    return out;
  }

  /**
   * A department's index entries between two instants, newest first and each id once. Rows come
   * newest-first by their newest entry, so an entry can be given out as soon as no unread row
   * can hold a newer one: only the rows needed are read.
   */
  private async *indexEntries(departmentId: string, from: Date, to: Date): AsyncGenerator<{ id: string; at: string }> {
    const fromIso = from.toISOString();
    const toIso = to.toISOString();
    const seen = new Set<string>();
    const firstDay = fromIso.slice(0, 10);
    for (let day = new Date(`${toIso.slice(0, 10)}T00:00:00Z`); day.toISOString().slice(0, 10) >= firstDay; day = new Date(day.getTime() - 86_400_000)) {
      const pending: { id: string; at: string }[] = [];
      const newestFirst = () => pending.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.tables.feedback,
            KeyConditionExpression: 'pk = :pk AND sk >= :from',
            ExpressionAttributeValues: { ':pk': feedbackIndexKey(departmentId, day.toISOString().slice(0, 10)), ':from': fromIso },
            ScanIndexForward: false,
            Limit: 25,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const row of page.Items ?? []) {
          const rowNewest = String(row.sk).split('#')[0]!;
          newestFirst();
          while (pending.length > 0 && pending[0]!.at >= rowNewest) yield pending.shift()!;
          for (const [id, at] of Object.entries((row.e ?? {}) as Record<string, string>)) {
            if (at < fromIso || at > toIso || seen.has(id)) continue;
            seen.add(id);
            pending.push({ id, at });
          }
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      newestFirst();
      yield* pending;
    }
  }

  /** Items by id (BatchGetItem, 100 keys a call, unprocessed keys retried). */
  private async itemsById(ids: readonly string[]): Promise<Map<string, ProcessedFeedback>> {
    const found = new Map<string, ProcessedFeedback>();
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => ({ pk: itemKey(id), sk: ITEM_SK }));
      for (let attempt = 0; keys && keys.length > 0; attempt++) {
        if (attempt > 5) throw new Error(`${keys.length} feedback item(s) could not be read`);
        if (attempt > 0) await this.sleep(Math.round(this.random() * 50 * 2 ** attempt));
        const out: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tables.feedback]: {
                Keys: keys,
                ConsistentRead: true,
                ProjectionExpression: 'id, occurredAt, #text, textZ, lang, sentiment, departments, journeys, ratings, #source, textWithheld',
                ExpressionAttributeNames: { '#text': 'text', '#source': 'source' },
              },
            },
          }),
        );
        for (const row of out.Responses?.[this.tables.feedback] ?? []) found.set(String(row.id), itemOfStored(row));
        keys = out.UnprocessedKeys?.[this.tables.feedback]?.Keys;
      }
    }
    return found;
  }

  async *scanItems(): AsyncIterable<ProcessedFeedback> {
    const pages = paginateScan(
      { client: this.doc },
      { TableName: this.tables.feedback, FilterExpression: 'begins_with(pk, :item)', ExpressionAttributeValues: { ':item': 'FB#' } },
    );
    for await (const page of pages) {
      for (const row of page.Items ?? []) yield itemOfStored(row);
    }
  }
}

function countersFrom(row: Record<string, unknown>): Counters {
  const c = emptyCounters();
  for (const n of COUNTER_NAMES) c[n] = typeof row[n] === 'number' ? (row[n] as number) : 0;
  return c;
}

/** Sets aggregate cells outright (recompute): shard 0 gets the exact counters, the other shards are removed. */
export class DynamoAggregateRewriter {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly shards = 1,
  ) {}

  async replace(series: string, window: string, counters: Counters): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: this.table, Item: { pk: shardedPk(series, 0), sk: window, ...counters, updatedAt: new Date().toISOString() } } },
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
    const byWindow = new Map<string, Counters>();
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
            byWindow.set(window, prev ? addCounters(prev, countersFrom(row)) : countersFrom(row));
          }
          startKey = page.LastEvaluatedKey;
        } while (startKey);
      }),
    );
    return [...byWindow.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([window, counters]) => ({ series, window, counters }));
  }

  async *scanAll(): AsyncIterable<AggregateRow> {
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.table })) {
      for (const row of page.Items ?? []) yield { series: seriesOfPk(String(row.pk)), window: String(row.sk), counters: countersFrom(row) };
    }
  }
}

/**
 * The control table's keys, one builder per item family. Exported because each function's IAM
 * grant on this table is scoped to these partition keys (infra/constructs/control-access.ts);
 * test/unit/control-access.test.ts fails if the two disagree.
 */
export const CONTROL_KEYS = {
  apiKey: (hash: string) => ({ pk: `APIKEY#${hash}`, sk: 'APIKEY' }),
  /** What `keys list` scans for (the operator's credentials: no function may Scan). */
  apiKeyPrefix: 'APIKEY#',
  customerSalt: { pk: 'CONFIG', sk: 'CUSTOMER_SALT' },
  erasureReceipt: (at: string, erasureId: string) => ({ pk: `ERASURE#${at}#${erasureId}`, sk: 'RECEIPT' }),
  /** Every alert state shares one partition (they are few), so listing them is one Query. */
  alertStatesPk: 'ALERT',
  alertState: (key: string) => ({ pk: 'ALERT', sk: key }),
} as const;
const SALT_KEY = CONTROL_KEYS.customerSalt;
const apiKeyKey = CONTROL_KEYS.apiKey;

/** Neither the control table nor the deployment's secret holds a customer-id salt. */
export class CustomerSaltMissingError extends Error {
  override readonly name = 'CustomerSaltMissingError';
}

export class DynamoControlStore implements ControlStore {
  private salt?: Promise<string>;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    /** `saltSecret`: where the salt comes from when the table holds none (Secrets Manager on AWS). */
    private readonly options: { saltSecret?: () => Promise<string> } = {},
  ) {}

  async findApiKey(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: apiKeyKey(keyHash) }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...record } = out.Item;
    return record as ApiKeyRecord;
  }

  async putApiKey(record: ApiKeyRecord): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...apiKeyKey(record.keyHash), ...record } }));
  }

  /** Every key's record (hash, role, source, dates); keys themselves are never stored. */
  async listApiKeys(): Promise<ApiKeyRecord[]> {
    const out: ApiKeyRecord[] = [];
    const pages = paginateScan(
      { client: this.doc },
      { TableName: this.table, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': CONTROL_KEYS.apiKeyPrefix } },
    );
    for await (const page of pages) {
      for (const row of page.Items ?? []) {
        const { pk: _pk, sk: _sk, ...record } = row;
        out.push(record as ApiKeyRecord);
      }
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Disables a key (rotation: create the new key, roll it out, then disable the old one). */
  async disableApiKey(keyHash: string, at: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: apiKeyKey(keyHash),
          UpdateExpression: 'SET disabled = :true, disabledAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':true': true, ':at': at.toISOString() },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** Keeps the proof of an erasure (counts and the hash, never the identifier). */
  async recordErasure(receipt: { erasureId: string; at: string; customerHash: string; itemsAnonymised: number; verbatimRowsDeleted: number; rawObjectsDeleted: number }): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...CONTROL_KEYS.erasureReceipt(receipt.at, receipt.erasureId), ...receipt } }));
  }

  customerSalt(): Promise<string> {
    // Cached per container; cleared on failure so a transient error is retried next call.
    this.salt ??= this.loadSalt().catch((error: unknown) => {
      this.salt = undefined;
      throw error;
    });
    return this.salt;
  }

  /**
   * The salt the control table holds (every deployment before the salt moved to Secrets
   * Manager, and the local stack), else the deployment's secret. Functions only read it: a
   * function that could write it could replace it, and hashes made before would stop matching.
   */
  private async loadSalt(): Promise<string> {
    const stored = await this.doc.send(new GetCommand({ TableName: this.table, Key: SALT_KEY, ConsistentRead: true }));
    if (typeof stored.Item?.value === 'string') return stored.Item.value;
    if (this.options.saltSecret) return this.options.saltSecret();
    throw new CustomerSaltMissingError('No customer-id salt: the control table holds none and no salt secret is configured (CUSTOMER_SALT_SECRET_ARN).');
  }

  /** Creates the salt unless it exists (the local stack at start-up); returns the one stored. */
  async ensureCustomerSalt(): Promise<string> {
    const existing = await this.doc.send(new GetCommand({ TableName: this.table, Key: SALT_KEY, ConsistentRead: true }));
    if (typeof existing.Item?.value === 'string') return existing.Item.value;
    try {
      const value = randomBytes(32).toString('base64');
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...SALT_KEY, value, createdAt: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return value;
    } catch (error) {
      // Created concurrently: use that one, so every hash of a customer agrees.
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      const created = await this.doc.send(new GetCommand({ TableName: this.table, Key: SALT_KEY, ConsistentRead: true }));
      if (typeof created.Item?.value !== 'string') throw new Error('customer salt vanished after a concurrent create', { cause: error });
      return created.Item.value;
    }
  }
}

/** Alert states in the control table (pk `ALERT`, sk the alert key), written under an optimistic lock on `version`. */
export class DynamoAlertStateStore implements AlertStateStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(key: string): Promise<AlertState | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: CONTROL_KEYS.alertState(key), ConsistentRead: true }));
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, ...state } = out.Item;
    return state as AlertState;
  }

  async put(state: AlertState): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...CONTROL_KEYS.alertState(state.key), ...state },
          ...(state.version === 1
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: '#v = :prev', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':prev': state.version - 1 } }),
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async list(): Promise<AlertState[]> {
    const out: AlertState[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({ TableName: this.table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': CONTROL_KEYS.alertStatesPk }, ExclusiveStartKey: startKey }),
      );
      for (const row of page.Items ?? []) {
        const { pk: _pk, sk: _sk, ...state } = row;
        out.push(state as AlertState);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return out.sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  }
}
