import type { Context, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeDeliverNotificationHandler } from '../../functions/handlers/deliver-notification-handler';
import { NOTIFY_ATTEMPT_ATTRIBUTE } from '../../shared/adapters/sqs-notifications';
import { DELIVERY_POLICY } from '../../shared/domain/notifications/delivery';
import { silentLogger } from '../support/handler-deps';

const context = { awsRequestId: 'req', functionName: 'deliverNotification' } as unknown as Context;
const body = (eventId: string) =>
  JSON.stringify({ target: 'ops', event: { kind: 'incident', eventId, occurredAt: '2026-12-02T10:00:00Z', departments: ['billing'], title: 't', summary: 's', figures: [], verbatims: [], lang: 'en' } });
const record = (id: string, attempt?: number) => ({
  messageId: id,
  body: body(`e-${id}`),
  messageAttributes: attempt ? { [NOTIFY_ATTEMPT_ATTRIBUTE]: { stringValue: String(attempt), dataType: 'Number', stringListValues: [], binaryListValues: [] } } : {},
});

describe('makeDeliverNotificationHandler', () => {
  it('completes every record the use case decided, reads the attempt from the message attribute, and leaves only our own failures for SQS', async () => {
    // Prepare: record "a" is delivered, "b" (attempt 3) answered 503, "c" meets an unreachable table.
    const retried: { attempt: number; delay: number }[] = [];
    const handler = makeDeliverNotificationHandler({
      targets: { resolve: async (name) => ({ name, kind: 'slack', url: 'https://hooks.slack.example/x' }) },
      http: { post: async (_url, _body, headers) => ({ status: headers['x-cv-event-id'] === 'e-b' ? 503 : 200 }) },
      markers: {
        acquire: async (key) => {
          if (key === (await import('../../shared/app/deliver-notification')).deliveryKey('e-c', 'ops')) throw new Error('DynamoDB unreachable');
          return { state: 'acquired' };
        },
        complete: async () => undefined,
        release: async () => undefined,
      },
      retries: { retry: async (_b, attempt, delay) => void retried.push({ attempt, delay }) },
      deadLetters: { send: async () => undefined },
      policy: DELIVERY_POLICY,
      now: () => new Date('2026-12-02T10:00:00Z'),
      logger: silentLogger(),
    });
    // Act
    const result = await handler({ Records: [record('a'), record('b', 3), record('c')] } as unknown as SQSEvent, context);
    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'c' }] });
    expect(retried).toEqual([{ attempt: 4, delay: 60 }]);
  });
});
