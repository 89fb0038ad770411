import type { NotificationEvent } from '../domain/notifications/contract';

/**
 * Hands an event to the notification targets configured for it (Slack, Teams, signed webhooks).
 * Implementations queue it (delivery is retried with backoff, a final failure lands in a DLQ);
 * publishing the same `eventId` twice must not deliver twice. With no target configured it does nothing.
 */
export interface Notifier {
  publish(event: NotificationEvent): Promise<void>;
}
