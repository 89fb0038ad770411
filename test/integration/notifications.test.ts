import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../cli/local/local-aws';
import { startQueuePoller } from '../../cli/local/queue-poller';
import { makeDeliverNotificationHandler } from '../../functions/handlers/deliver-notification-handler';
import { DynamoNotificationMarkers } from '../../shared/adapters/dynamo-notification-markers';
import { FetchNotificationHttp } from '../../shared/adapters/http-notification-poster';
import { ConfiguredNotificationTargets } from '../../shared/adapters/notification-routes';
import { DLQ_ATTRIBUTES, SqsDeadLetterQueue } from '../../shared/adapters/sqs-dead-letter';
import { SqsDeliveryRetries, SqsNotifier } from '../../shared/adapters/sqs-notifications';
import { replayDeadLetters } from '../../shared/adapters/sqs-replay';
import type { NotificationEvent } from '../../shared/domain/notifications/contract';
import type { DeliveryPolicy } from '../../shared/domain/notifications/delivery';
import { verifyGenericSignature } from '../../shared/domain/webhook-signatures';
import { silentLogger } from '../support/handler-deps';
import { eventually } from '../support/http';
import { localControlTables } from '../support/local-control-table';
import { startReceiver } from '../support/notification-receiver';

const SECRET = 'receiver-shared-signing-secret';
/** Short delays so the retries happen within the test; the shape of the policy is the deployed one. */
const POLICY: DeliveryPolicy = { maxAttempts: 3, baseDelaySeconds: 1, maxDelaySeconds: 900, timeoutMs: 3000, leaseSeconds: 30 };

const event = (overrides: Partial<NotificationEvent> = {}): NotificationEvent => ({
  kind: 'incident',
  eventId: `incident:billing-2026-12-02:incident:${Math.random().toString(36).slice(2)}`,
  occurredAt: '2026-12-02T10:00:00.000Z',
  departments: ['billing'],
  incidentId: 'billing-2026-12-02',
  title: 'Facturation : incident majeur',
  summary: 'Part négative 64 % (seuil 35 %)',
  figures: [{ label: 'Gravité', value: 'majeure' }],
  verbatims: [{ text: 'Facture doublée, appelez-moi au [TÉLÉPHONE]', occurredAt: '2026-12-02T09:00:00.000Z' }],
  lang: 'fr',
  ...overrides,
});

describe('notification delivery (real receiver, fauxqs, DynamoDB Local)', () => {
  const control = localControlTables('notify');
  let fauxqs: Awaited<ReturnType<typeof startFauxqs>>;
  let sqs: SQSClient;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let queueUrl: string;
  let dlqUrl: string;
  let poller: ReturnType<typeof startQueuePoller> | undefined;
  let n = 0;

  beforeAll(async () => {
    fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
    sqs = new SQSClient(localClientConfig(`http://127.0.0.1:${fauxqs.port}`));
    receiver = await startReceiver();
  }, 60_000);

  afterAll(async () => {
    sqs?.destroy();
    await fauxqs?.stop();
    await receiver?.close();
  });

  /** Fresh queues per test, and the delivery handler polled from them as Lambda would. */
  const start = async (config: object[]) => {
    n += 1;
    dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `notify-dlq-${n}` }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `notify-${n}`, Attributes: { VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }) } }))).QueueUrl!;
    const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const targets = new ConfiguredNotificationTargets(JSON.stringify(config));
    const handler = makeDeliverNotificationHandler({
      targets,
      http: new FetchNotificationHttp(),
      markers: new DynamoNotificationMarkers(control.doc(), control.table()),
      retries: new SqsDeliveryRetries(sqs, queueUrl),
      deadLetters: new SqsDeadLetterQueue(sqs, dlqUrl),
      policy: POLICY,
      now: () => new Date(),
      logger: silentLogger(),
    });
    poller = startQueuePoller({ sqs, queueUrl, queueArn: arn, handler, functionName: 'deliverNotification', timeoutSeconds: 30, batchSize: 10, concurrency: 2, onError: () => undefined });
    return new SqsNotifier(sqs, queueUrl, targets.routes());
  };

  beforeEach(() => {
    receiver.requests.length = 0;
  });
  afterEach(async () => {
    await poller?.stop();
    poller = undefined;
  });

  const at = (path: string) => receiver.requests.filter((r) => r.path === path);
  const delivered = (path: string) => at(path).filter((r) => r.status < 300);

  it('signs a webhook delivery with the inbound scheme: the receiver verifies it, and the body carries the event', async () => {
    // Prepare
    const notifier = await start([{ kind: 'webhook', name: 'crm', url: receiver.url('/crm'), secret: SECRET }]);
    const sent = event();
    // Act
    await notifier.publish(sent);
    const [request] = await eventually('the webhook delivery', async () => (delivered('/crm').length > 0 ? delivered('/crm') : undefined));
    // Assess: verified over the raw bytes with the same function our inbound webhook uses.
    const verdict = verifyGenericSignature(request!.body, { timestamp: request!.headers['x-cv-timestamp'] as string, signature: request!.headers['x-cv-signature'] as string }, SECRET, new Date());
    expect(verdict).toEqual({ ok: true });
    expect(verifyGenericSignature(request!.body, { timestamp: request!.headers['x-cv-timestamp'] as string, signature: request!.headers['x-cv-signature'] as string }, 'another-secret-value', new Date()).ok).toBe(false);
    expect(request!.headers['x-cv-event-id']).toBe(sent.eventId);
    const body = JSON.parse(request!.body.toString('utf8'));
    expect(body).toMatchObject({ type: 'customer-voice.notification', version: 1, kind: 'incident', eventId: sent.eventId, incidentId: 'billing-2026-12-02', departments: ['billing'] });
    expect(body.verbatims).toEqual([{ text: 'Facture doublée, appelez-moi au [TÉLÉPHONE]', lang: null, occurredAt: '2026-12-02T09:00:00.000Z' }]);
  }, 60_000);

  it('honours 429 with Retry-After: the next attempt waits at least that long, and the event is delivered once', async () => {
    // Prepare
    receiver.script('/slow', (i) => (i === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 }));
    const notifier = await start([{ kind: 'slack', name: 'ops', url: receiver.url('/slow') }]);
    // Act
    await notifier.publish(event());
    await eventually('the delivery after the 429', async () => (delivered('/slow').length > 0 ? true : undefined), 30_000);
    // Assess
    const [first, second] = at('/slow');
    expect(first!.status).toBe(429);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1900);
    expect(second!.headers['x-cv-event-id']).toBe(first!.headers['x-cv-event-id']);
    await new Promise((r) => setTimeout(r, 1500));
    expect(at('/slow')).toHaveLength(2);
  }, 60_000);

  it('retries a 500 and delivers once when the receiver recovers', async () => {
    // Prepare
    receiver.script('/flaky', (i) => (i === 0 ? { status: 500 } : { status: 200 }));
    const notifier = await start([{ kind: 'teams', name: 'team', url: receiver.url('/flaky') }]);
    // Act
    await notifier.publish(event());
    await eventually('the delivery after the 500', async () => (delivered('/flaky').length > 0 ? true : undefined), 30_000);
    // Assess
    await new Promise((r) => setTimeout(r, 2000));
    expect(at('/flaky').map((r) => r.status)).toEqual([500, 200]);
    expect(JSON.parse(delivered('/flaky')[0]!.body.toString('utf8')).attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
  }, 60_000);

  it('parks a 400 in the DLQ with its reason, and replay-dlq delivers it once the receiver is fixed', async () => {
    // Prepare
    let fixed = false;
    receiver.script('/strict', () => (fixed ? { status: 200 } : { status: 400, body: 'invalid_payload' }));
    const notifier = await start([{ kind: 'webhook', name: 'strict', url: receiver.url('/strict'), secret: SECRET }]);
    // Act
    await notifier.publish(event());
    const dead = await eventually('the dead letter', async () => {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageAttributeNames: ['All'], VisibilityTimeout: 1, WaitTimeSeconds: 1 }));
      return out.Messages?.[0];
    });
    // Assess: refused for good on the first answer, not retried.
    expect(at('/strict').map((r) => r.status)).toEqual([400]);
    expect(dead.MessageAttributes?.[DLQ_ATTRIBUTES.code]?.StringValue).toBe('refused');
    expect(dead.MessageAttributes?.[DLQ_ATTRIBUTES.reason]?.StringValue).toContain('HTTP 400');
    expect(dead.MessageAttributes?.[DLQ_ATTRIBUTES.reason]?.StringValue).toContain('invalid_payload');
    // Act: the receiver is fixed, the operator replays.
    fixed = true;
    await new Promise((r) => setTimeout(r, 1200));
    const report = await replayDeadLetters(sqs, { dlqUrl, targetUrl: queueUrl });
    // Assess
    expect(report).toMatchObject({ replayed: 1, byCode: { refused: 1 } });
    await eventually('the replayed delivery', async () => (delivered('/strict').length > 0 ? true : undefined), 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(delivered('/strict')).toHaveLength(1);
  }, 60_000);

  it('delivers an event published twice (a producer retried after a crash) once per target', async () => {
    // Prepare
    const notifier = await start([
      { kind: 'slack', name: 'a', url: receiver.url('/a') },
      { kind: 'webhook', name: 'b', url: receiver.url('/b'), secret: SECRET },
      { kind: 'teams', name: 'c', url: receiver.url('/c'), departments: ['delivery'] },
    ]);
    const sent = event();
    // Act
    await Promise.all([notifier.publish(sent), notifier.publish(sent)]);
    await eventually('both targets', async () => (delivered('/a').length > 0 && delivered('/b').length > 0 ? true : undefined));
    await new Promise((r) => setTimeout(r, 3000));
    // Assess: once each; the Teams target only wants delivery's events.
    expect(delivered('/a')).toHaveLength(1);
    expect(delivered('/b')).toHaveLength(1);
    expect(at('/c')).toHaveLength(0);
  }, 60_000);
});
