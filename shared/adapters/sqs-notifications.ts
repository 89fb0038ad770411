import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { NotificationEvent } from '../domain/notifications/contract';
import type { DeliveryMessage } from '../domain/notifications/delivery';
import { targetsFor, type TargetRoute } from '../domain/notifications/targets';
import type { Notifier } from '../ports/notifier';
import type { DeliveryRetries } from '../ports/notification-delivery';

/**
 * The attempt number of a retried delivery. A message attribute, not part of the body: a
 * dead letter keeps none of the queue's attributes, so a replay starts again at attempt 1.
 */
export const NOTIFY_ATTEMPT_ATTRIBUTE = 'cv-notify-attempt';

/** The attempt a received message is (1 when the attribute is absent or unreadable). */
export function attemptOf(attributes: Record<string, { stringValue?: string; StringValue?: string } | undefined> | undefined): number {
  const value = attributes?.[NOTIFY_ATTEMPT_ATTRIBUTE];
  const n = Number(value?.stringValue ?? value?.StringValue);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/**
 * The Notifier on AWS and locally: one message per target that wants the event (its `events`
 * and `departments` filters), on the notifications queue, where the delivery function takes
 * each. With no target configured, publishing does nothing.
 */
export class SqsNotifier implements Notifier {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly routes: readonly TargetRoute[],
  ) {}

  async publish(event: NotificationEvent): Promise<void> {
    const messages: DeliveryMessage[] = targetsFor(this.routes, event).map((t) => ({ target: t.name, event }));
    for (let i = 0; i < messages.length; i += 10) {
      const chunk = messages.slice(i, i + 10);
      const out = await this.sqs.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: chunk.map((m, j) => ({ Id: String(j), MessageBody: JSON.stringify(m) })) }));
      if ((out.Failed ?? []).length > 0) {
        throw new Error(`notifications queue refused ${out.Failed!.length} of ${chunk.length} deliveries: ${out.Failed!.map((f) => f.Code).join(', ')}`);
      }
    }
  }
}

/** Publishing where nothing is configured (or a test that wants nothing sent). */
export const NO_NOTIFIER: Notifier = { publish: async () => undefined };

/** A retry is the same body sent again with a delay (SQS's DelaySeconds, at most 900) and the next attempt number. */
export class SqsDeliveryRetries implements DeliveryRetries {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async retry(body: string, attempt: number, delaySeconds: number): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        DelaySeconds: Math.max(0, Math.min(900, Math.ceil(delaySeconds))),
        MessageAttributes: { [NOTIFY_ATTEMPT_ATTRIBUTE]: { DataType: 'Number', StringValue: String(attempt) } },
      }),
    );
  }
}

/** The producers' Notifier: the queue when targets are configured, else one that does nothing. */
export function notifierFor(sqs: SQSClient, queueUrl: string | undefined, routes: readonly TargetRoute[]): Notifier {
  if (routes.length === 0) return NO_NOTIFIER;
  if (!queueUrl) throw new Error('notification targets are configured but NOTIFICATIONS_QUEUE_URL is not set');
  return new SqsNotifier(sqs, queueUrl, routes);
}
