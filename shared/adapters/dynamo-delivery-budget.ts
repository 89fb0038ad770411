import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeliveryBudget } from '../ports/incidents';
import { CONTROL_KEYS } from './dynamo-control-keys';
import { isConditionalCheckFailure } from './dynamo-client';

/** A day's budget row outlives the day by this much (then DynamoDB's TTL removes it). */
export const DELIVERY_BUDGET_RETENTION_DAYS = 3;

const LOCAL_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The key's form of an address: one budget per mailbox, whatever its case, and no address in the table. */
export function recipientHash(recipient: string): string {
  return createHash('sha256').update(recipient.trim().toLowerCase(), 'utf8').digest('hex');
}

/**
 * The daily email budget in the control table: one row per recipient (hashed) and local day
 * (pk `BUDGET#<day>#<sha256>`), `used` raised by a conditional ADD that holds only while
 * `used < limit`, so concurrent evaluations never take more than the limit between them.
 */
export class DynamoDeliveryBudget implements DeliveryBudget {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async take(recipient: string, localDay: string, limit: number): Promise<boolean> {
    if (limit <= 0) return false;
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.key(recipient, localDay),
          UpdateExpression: 'ADD used :one SET expiresAt = if_not_exists(expiresAt, :expires)',
          ConditionExpression: 'attribute_not_exists(used) OR used < :limit',
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': this.expiresAt(localDay) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async used(recipient: string, localDay: string): Promise<number> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: this.key(recipient, localDay), ConsistentRead: true }));
    return typeof out.Item?.used === 'number' ? out.Item.used : 0;
  }

  private key(recipient: string, localDay: string) {
    if (!LOCAL_DAY.test(localDay)) throw new RangeError(`delivery budget: the local day is YYYY-MM-DD, got "${localDay}"`);
    return CONTROL_KEYS.deliveryBudget(recipientHash(recipient), localDay);
  }

  /** Epoch seconds: the end of the day (UTC reading of it, a few hours off at most) plus the retention. */
  private expiresAt(localDay: string): number {
    const dayEnd = Date.parse(`${localDay}T00:00:00Z`) + 86_400_000;
    return Math.floor(Math.max(dayEnd, this.now().getTime()) / 1000) + DELIVERY_BUDGET_RETENTION_DAYS * 86_400;
  }
}
