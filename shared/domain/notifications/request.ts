import { genericSignatureHeaders } from '../webhook-signatures';
import type { NotificationEvent, NotificationTarget } from './contract';
import { slackMessage } from './slack-payload';
import { teamsMessage } from './teams-payload';
import { webhookBody } from './webhook-payload';

/** The header receivers deduplicate on: the same value on every retry and redelivery of an event. */
export const EVENT_ID_HEADER = 'x-cv-event-id';

/**
 * The HTTP request one target gets for one event: the body in the target's format and the
 * headers. Every target gets `x-cv-event-id` and `x-cv-timestamp`; a target with a signing
 * secret also gets `x-cv-signature: v1=<hex HMAC-SHA256("<timestamp>.<body>")>`, the scheme of
 * our inbound generic webhook (shared/domain/webhook-signatures.ts), signed over these exact bytes.
 */
export function notificationRequest(target: Pick<NotificationTarget, 'kind' | 'secret'>, event: NotificationEvent, now: Date): { body: string; headers: Record<string, string> } {
  const payload = target.kind === 'slack' ? slackMessage(event) : target.kind === 'teams' ? teamsMessage(event) : webhookBody(event);
  const body = JSON.stringify(payload);
  const signature = genericSignatureHeaders(target.secret ?? '', body, now);
  return {
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'customer-voice-notifications/1',
      [EVENT_ID_HEADER]: event.eventId,
      'x-cv-timestamp': signature['x-cv-timestamp']!,
      ...(target.secret ? { 'x-cv-signature': signature['x-cv-signature']! } : {}),
    },
  };
}
