import { createHash } from 'node:crypto';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SendMarkers } from '../ports/incidents';
import { CONTROL_KEYS } from './dynamo-control-keys';
import { isConditionalCheckFailure } from './dynamo-client';

/** A marker is kept this long after its claim (longer than any retry of the email it guards). */
export const SEND_MARKER_RETENTION_DAYS = 30;

/**
 * Exactly-once markers in the control table: a put on condition that the row is absent, so only
 * the first caller of a marker gets true. The key is the marker's SHA-256 (markers name a
 * recipient: `daily-summary#<address>#<day>`); the row expires after the retention.
 */
export class DynamoSendMarkers implements SendMarkers {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    /** The wall clock the expiry counts from. */
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async claim(marker: string, at: Date): Promise<boolean> {
    if (!marker) throw new RangeError('send marker: the marker is empty');
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...CONTROL_KEYS.sendMarker(createHash('sha256').update(marker, 'utf8').digest('hex')),
            claimedAt: at.toISOString(),
            // From the later of the claim and the wall clock: a run for a past week (`digest --week`,
            // a replayed schedule) must not write a marker TTL deletes at once, freeing it for a second send.
            expiresAt: Math.floor(Math.max(at.getTime(), this.clock().getTime()) / 1000) + SEND_MARKER_RETENTION_DAYS * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }
}
