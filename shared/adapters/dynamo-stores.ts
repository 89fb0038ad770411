import { randomBytes } from 'node:crypto';
import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DeleteCommand,
  UpdateCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  paginateScan,
  type BatchWriteCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AlertStateStore } from '../app/evaluate-alerts';
import type { AlertState } from '../domain/alerts';
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
const verbatimKey = (departmentId: string, day: string) => `VERB#${departmentId}#${day}`;
const shardedPk = (series: string, shard: number) => `${series}#s${shard}`;
const seriesOfPk = (pk: string) => pk.replace(/#s\d+$/, '');

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

export class DynamoFeedbackStore implements FeedbackStore, CustomerDataStore {
  private readonly zones: readonly string[];
  private readonly shards: number;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tables: FeedbackStoreOptions,
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
    // Verbatim index rows are idempotent puts written after the commit; writing them for
    // duplicates too repairs what a crash between the two steps left out.
    const committed = [...unique.values()].filter((i) => !i.textWithheld && !result.failed.some((f) => f.id === i.id));
    result.writeUnits += await this.putVerbatims(committed);
    return result;
  }

  /** Groups items so that each transaction stays within DynamoDB's 100 actions. */
  private chunks(items: ProcessedFeedback[]): ProcessedFeedback[][] {
    const chunks: ProcessedFeedback[][] = [];
    let current: ProcessedFeedback[] = [];
    let cells = new Set<string>();
    for (const item of items) {
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
          Item: { pk: itemKey(item.id), sk: ITEM_SK, ...item, ...(item.customer.idHash ? { customerHash: item.customer.idHash } : {}) },
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

  /** One index row per (department, item): what GET /v1/feedback reads, newest first. */
  verbatimRowsFor(items: readonly ProcessedFeedback[]): Record<string, unknown>[] {
    return items.flatMap((item) =>
      [...new Set(item.departments.map((d) => d.id))].map((departmentId) => ({
        pk: verbatimKey(departmentId, item.occurredAt.slice(0, 10)),
        sk: `${item.occurredAt}#${item.id}`,
        id: item.id,
        occurredAt: item.occurredAt,
        text: item.text.slice(0, VERBATIM_CHARS),
        lang: item.lang,
        sentiment: item.sentiment.label,
        departments: item.departments,
        journeys: item.journeys,
        ratings: item.ratings,
        channel: item.source.channel,
        expiresAt: item.expiresAt,
      })),
    );
  }

  private async putVerbatims(items: readonly ProcessedFeedback[]): Promise<number> {
    const rows = this.verbatimRowsFor(items);
    let units = 0;
    for (let i = 0; i < rows.length; i += 25) {
      let requests: NonNullable<BatchWriteCommandInput['RequestItems']>[string] = rows.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 5) throw new Error(`${requests.length} verbatim row(s) could not be written`);
        if (attempt > 0) await this.sleep(Math.round(this.random() * 50 * 2 ** attempt));
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.tables.feedback]: requests }, ReturnConsumedCapacity: 'TOTAL' }));
        units += (out.ConsumedCapacity ?? []).reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
        requests = out.UnprocessedItems?.[this.tables.feedback] ?? [];
      }
    }
    return units;
  }

  /** Rewrites an item's attribution (after a configuration change) and its verbatim index rows. */
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
    const stale = [...new Set(previous.departments.map((d) => d.id))].filter((id) => !keep.has(id));
    for (const id of stale) {
      await this.doc.send(new DeleteCommand({ TableName: this.tables.feedback, Key: { pk: verbatimKey(id, item.occurredAt.slice(0, 10)), sk: `${item.occurredAt}#${item.id}` } }));
    }
    await this.putVerbatims([item]);
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
        for (const departmentId of new Set((item.departments ?? []).map((d) => d.id))) {
          const deleted = await this.doc.send(
            new DeleteCommand({
              TableName: this.tables.feedback,
              Key: { pk: verbatimKey(departmentId, item.occurredAt.slice(0, 10)), sk: `${item.occurredAt}#${item.id}` },
              ReturnValues: 'ALL_OLD',
            }),
          );
          if (deleted.Attributes) outcome.verbatimRowsDeleted++;
        }
        const rawObject = (item.metadata as Record<string, unknown> | undefined)?.rawObject;
        if (typeof rawObject === 'string') outcome.rawObjects.push(rawObject);
        // What the aggregates count (sentiment, ratings, attribution, time) stays; who and what goes.
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tables.feedback,
            Key: { pk: key.pk, sk: key.sk },
            UpdateExpression: 'SET #text = :empty, #customer = :anonymous, textWithheld = :true, erasedAt = :at, #metadata = :none REMOVE customerHash, subject',
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

  async verbatims(departmentId: string, from: Date, to: Date, limit: number): Promise<Verbatim[]> {
    const out: Verbatim[] = [];
    const firstDay = from.toISOString().slice(0, 10);
    for (let day = new Date(`${to.toISOString().slice(0, 10)}T00:00:00Z`); out.length < limit; day = new Date(day.getTime() - 86_400_000)) {
      const dayKey = day.toISOString().slice(0, 10);
      if (dayKey < firstDay) break;
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tables.feedback,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': verbatimKey(departmentId, dayKey), ':from': from.toISOString(), ':to': `${to.toISOString()}~` },
          ScanIndexForward: false,
          Limit: limit - out.length,
        }),
      );
      for (const row of page.Items ?? []) {
        const { pk: _pk, sk: _sk, expiresAt: _e, ...verbatim } = row;
        out.push(verbatim as Verbatim);
      }
    }
    return out;
  }

  async *scanItems(): AsyncIterable<ProcessedFeedback> {
    const pages = paginateScan(
      { client: this.doc },
      { TableName: this.tables.feedback, FilterExpression: 'begins_with(pk, :item)', ExpressionAttributeValues: { ':item': 'FB#' } },
    );
    for await (const page of pages) {
      for (const row of page.Items ?? []) {
        const { pk: _pk, sk: _sk, customerHash: _c, ...item } = row;
        yield item as ProcessedFeedback;
      }
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
