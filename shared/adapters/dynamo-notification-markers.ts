import { DeleteCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DeliveryMarkers, MarkerClaim } from '../ports/notification-delivery';
import { CONTROL_KEYS } from './dynamo-control-keys';
import { isConditionalCheckFailure } from './dynamo-client';

/** A delivered marker outlives every retry and replay of its event (the DLQ keeps messages 14 days). */
export const NOTIFICATION_MARKER_RETENTION_DAYS = 30;

/**
 * Delivery markers in the control table (`NOTIFY#<key>` / `MARKER`). `acquire` is one
 * conditional put: it succeeds when no marker exists or when the last worker's lease has run out
 * without delivering; a failed condition returns the row (ReturnValuesOnConditionCheckFailure),
 * so the answer needs no extra read.
 */
export class DynamoNotificationMarkers implements DeliveryMarkers {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async acquire(key: string, now: Date, leaseSeconds: number): Promise<MarkerClaim> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...CONTROL_KEYS.notificationMarker(key), state: 'sending', leaseUntil: nowSeconds + leaseSeconds, expiresAt: nowSeconds + NOTIFICATION_MARKER_RETENTION_DAYS * 86_400 },
          ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending', ':now': nowSeconds },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { state: 'acquired' };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      const held = (error as { Item?: Record<string, { S?: string; N?: string }> }).Item;
      if (held?.state?.S === 'delivered') return { state: 'delivered' };
      const until = Number(held?.leaseUntil?.N ?? nowSeconds + leaseSeconds);
      return { state: 'busy', retryInSeconds: Math.max(1, until - nowSeconds + 1) };
    }
  }

  async complete(key: string, now: Date): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: CONTROL_KEYS.notificationMarker(key),
        UpdateExpression: 'SET #state = :delivered, deliveredAt = :at REMOVE leaseUntil',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':delivered': 'delivered', ':at': now.toISOString() },
      }),
    );
  }

  async release(key: string): Promise<void> {
    // Only a lease is given up: a delivered marker stays whatever happens.
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.table,
          Key: CONTROL_KEYS.notificationMarker(key),
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }
}
