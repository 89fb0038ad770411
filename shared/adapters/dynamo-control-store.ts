import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand, paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyRecord } from '../domain/api-keys';
import type { ControlStore } from '../ports/stores';
import { CONTROL_KEYS } from './dynamo-control-keys';
import { isConditionalCheckFailure } from './dynamo-client';

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
      if (isConditionalCheckFailure(error)) return false;
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
      if (!isConditionalCheckFailure(error)) throw error;
      const created = await this.doc.send(new GetCommand({ TableName: this.table, Key: SALT_KEY, ConsistentRead: true }));
      if (typeof created.Item?.value !== 'string') throw new Error('customer salt vanished after a concurrent create', { cause: error });
      return created.Item.value;
    }
  }
}
