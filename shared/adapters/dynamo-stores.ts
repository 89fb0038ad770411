import { randomBytes } from 'node:crypto';
import { TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  paginateScan,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { aggregateKeysFor, COUNTER_NAMES, countersOf, emptyCounters, type Counters, type Granularity } from '../domain/scores';
import type {
  AggregateReader,
  AggregateRow,
  ApiKeyRecord,
  ControlStore,
  FeedbackStore,
  ProcessedFeedback,
  SaveOutcome,
} from '../ports/stores';

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

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

export class DynamoFeedbackStore implements FeedbackStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tables: { feedback: string; aggregates: string },
  ) {}

  /**
   * One transaction: the item's conditional put and every aggregate increment it causes.
   * Either all happen or none do, and the condition makes a second delivery a no-op, so
   * aggregates always equal a recount of stored items whatever SQS redelivers.
   */
  async saveWithAggregates(item: ProcessedFeedback): Promise<SaveOutcome> {
    const items = this.writesFor(item);
    try {
      const out = await this.doc.send(new TransactWriteCommand({ TransactItems: items, ReturnConsumedCapacity: 'TOTAL' }));
      return { outcome: 'stored', writeUnits: (out.ConsumedCapacity ?? []).reduce((s, c) => s + (c.CapacityUnits ?? 0), 0) };
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
        return { outcome: 'duplicate', writeUnits: 0 };
      }
      throw error;
    }
  }

  /** The writes one item causes: its conditional put, then one counter increment per aggregate row. */
  writesFor(item: ProcessedFeedback): TransactItem[] {
    const counters = countersOf({ sentiment: item.sentiment.label, ratings: item.ratings });
    return [
      {
        Put: {
          TableName: this.tables.feedback,
          Item: { pk: `FB#${item.id}`, ...item },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...aggregateKeysFor(item).map((key) => incrementOf(this.tables.aggregates, key, counters, item.processedAt)),
    ];
  }

  async *scanItems(): AsyncIterable<ProcessedFeedback> {
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.tables.feedback })) {
      for (const row of page.Items ?? []) {
        const { pk: _pk, ...item } = row;
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

export class DynamoAggregateReader implements AggregateReader {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async series(departmentId: string, granularity: Granularity, from: Date, to: Date): Promise<AggregateRow[]> {
    const pk = `DEPT#${departmentId}#${granularity}`;
    const rows: AggregateRow[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': from.toISOString(), ':to': to.toISOString() },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const row of page.Items ?? []) rows.push({ pk, window: String(row.sk), counters: countersFrom(row) });
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return rows;
  }

  async *scanAll(): AsyncIterable<AggregateRow> {
    for await (const page of paginateScan({ client: this.doc }, { TableName: this.table })) {
      for (const row of page.Items ?? []) yield { pk: String(row.pk), window: String(row.sk), counters: countersFrom(row) };
    }
  }
}

const SALT_KEY = { pk: 'CONFIG', sk: 'CUSTOMER_SALT' };
const apiKeyKey = (hash: string) => ({ pk: `APIKEY#${hash}`, sk: 'APIKEY' });

export class DynamoControlStore implements ControlStore {
  private salt?: Promise<string>;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
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

  customerSalt(): Promise<string> {
    // Cached per container; cleared on failure so a transient error is retried next call.
    this.salt ??= this.loadOrCreateSalt().catch((error: unknown) => {
      this.salt = undefined;
      throw error;
    });
    return this.salt;
  }

  private async loadOrCreateSalt(): Promise<string> {
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
      // Another container created it first: use theirs, so every hash of a customer agrees.
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      const created = await this.doc.send(new GetCommand({ TableName: this.table, Key: SALT_KEY, ConsistentRead: true }));
      if (typeof created.Item?.value !== 'string') throw new Error('customer salt vanished after a concurrent create', { cause: error });
      return created.Item.value;
    }
  }
}
