/**
 * Delivers one queued notification to its target, once: a lease on (event id, target) keeps a
 * duplicate message from sending twice; a receiver's 429/408/5xx or silence puts the delivery
 * back on the queue after its Retry-After or a doubling backoff; any other 4xx, an unknown or
 * unconfigured target, or the last failed attempt park it in the DLQ with the reason, from where
 * `customer-voice replay-dlq --queue notifications` sends it again once the cause is fixed.
 */
import { createHash } from 'node:crypto';
import type { NotificationTarget } from '../domain/notifications/contract';
import { DeliveryMessageSchema, outcomeOf, unreachableOutcome, type DeadLetterCode, type DeliveryOutcome, type DeliveryPolicy } from '../domain/notifications/delivery';
import { notificationRequest } from '../domain/notifications/request';
import type { DeadLetterQueue } from '../ports/feedback-queues';
import { TargetNotConfiguredError, type DeliveryMarkers, type DeliveryRetries, type NotificationHttp, type NotificationTargets } from '../ports/notification-delivery';

export interface NotificationDeliveryDeps {
  targets: Pick<NotificationTargets, 'resolve'>;
  http: NotificationHttp;
  markers: DeliveryMarkers;
  retries: DeliveryRetries;
  deadLetters: DeadLetterQueue;
  policy: DeliveryPolicy;
  now: () => Date;
}

export type DeliveryResult =
  | { status: 'delivered'; target: string; eventId: string; channel: NotificationTarget['kind'] }
  | { status: 'duplicate'; target: string; eventId: string }
  | { status: 'retrying'; target: string; eventId: string; afterSeconds: number; reason: string }
  | { status: 'dead-lettered'; target?: string; eventId?: string; code: DeadLetterCode; reason: string };

/** The dedup key of an event at a target (hashed: ids are the caller's, the key must stay short). */
export function deliveryKey(eventId: string, target: string): string {
  return createHash('sha256').update(`${eventId}\u0000${target}`, 'utf8').digest('hex');
}

/** `attempt` is 1 for a fresh message (or a replayed one), and grows with each retry. */
export async function deliverNotification(raw: string, meta: { attempt: number; messageId: string }, deps: NotificationDeliveryDeps): Promise<DeliveryResult> {
  const park = async (code: DeadLetterCode, reason: string, ids: { target?: string; eventId?: string } = {}): Promise<DeliveryResult> => {
    await deps.deadLetters.send(raw, { code, message: reason, originalMessageId: meta.messageId });
    return { status: 'dead-lettered', code, reason, ...ids };
  };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return park('invalid-message', 'The body is not JSON: it was not queued by customer-voice.');
  }
  const parsed = DeliveryMessageSchema.safeParse(json);
  if (!parsed.success) return park('invalid-message', `Not a notification delivery: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { target: name, event } = parsed.data;
  const ids = { target: name, eventId: event.eventId };

  let target;
  try {
    target = await deps.targets.resolve(name);
  } catch (error) {
    if (error instanceof TargetNotConfiguredError) return park('target-not-configured', error.message, ids);
    throw error;
  }
  if (!target) return park('unknown-target', `No notification target is named "${name}" any more: add it back to the configuration, or leave this message in the DLQ.`, ids);

  const key = deliveryKey(event.eventId, name);
  const claim = await deps.markers.acquire(key, deps.now(), deps.policy.leaseSeconds);
  if (claim.state === 'delivered') return { status: 'duplicate', ...ids };
  if (claim.state === 'busy') {
    // Another worker is delivering it now: look again when its lease ends (not an attempt of ours).
    await deps.retries.retry(raw, meta.attempt, claim.retryInSeconds);
    return { status: 'retrying', ...ids, afterSeconds: claim.retryInSeconds, reason: 'being delivered by another worker' };
  }

  const request = notificationRequest(target, event, deps.now());
  let outcome: DeliveryOutcome;
  try {
    outcome = outcomeOf(await deps.http.post(target.url, request.body, request.headers, deps.policy.timeoutMs), meta.attempt, deps.policy, deps.now());
  } catch (error) {
    outcome = unreachableOutcome(error, meta.attempt, deps.policy);
  }

  if (outcome.kind === 'delivered') {
    await deps.markers.complete(key, deps.now());
    return { status: 'delivered', ...ids, channel: target.kind };
  }
  if (outcome.kind === 'retry' && meta.attempt < deps.policy.maxAttempts) {
    await deps.retries.retry(raw, meta.attempt + 1, outcome.afterSeconds);
    await deps.markers.release(key);
    return { status: 'retrying', ...ids, afterSeconds: outcome.afterSeconds, reason: outcome.reason };
  }
  const result =
    outcome.kind === 'retry'
      ? await park('gave-up', `Target "${name}" still failing after ${meta.attempt} attempts; last: ${outcome.reason}`, ids)
      : await park('refused', `Target "${name}" refused the delivery: ${outcome.reason}`, ids);
  await deps.markers.release(key);
  return result;
}
