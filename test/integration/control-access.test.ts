import { createHmac } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEmailFiles } from '../../cli/ingest-email';
import { lambdaContext, scheduledEvent, sqsRecord } from '../../cli/local/lambda-events';
import { localClientConfig } from '../../cli/local/local-aws';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { controlStatements, CONTROL_ACCESS, CONTROL_FAMILIES, type ControlFamily } from '../../infra/constructs/control-access';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { CONTROL_KEYS } from '../../shared/adapters/dynamo-control-keys';
import { DynamoIncidentStore } from '../../shared/adapters/dynamo-incidents';
import { storedIncident } from '../support/stored-incidents';
import { ENV, FUNCTIONS, TABLES, type FunctionName } from '../../shared/resources';
import { startReceiver } from '../support/notification-receiver';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { iamRequestsOf, tableArn } from '../support/dynamo-iam';
import { call, tempDir } from '../support/http';
import { isAllowed, stringLike, type IamRequest } from '../support/iam-policy';

/**
 * DynamoDB Local enforces no IAM, so this runs every function's own handler on the local stack
 * (queues not consumed by the stack: this test invokes each function itself, one at a time),
 * records each DynamoDB request it sends, and evaluates those on the control table against the
 * policy statements the CDK stack generates for that function. A function that starts touching
 * another item family, or with another action, fails here before it fails on AWS.
 */
let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let sqs: SQSClient;
let s3: S3Client;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const seen = new Map<FunctionName, IamRequest[]>();

const controlTable = () => stack.info.resources.tables.control;

/** Runs `act` as `fn` alone and keeps the requests it made on the control table. */
async function as<T>(fn: FunctionName, act: () => Promise<T>): Promise<T> {
  const before = stack.dynamoMeter!.requests().length;
  const result = await act();
  const requests = stack
    .dynamoMeter!.requests()
    .slice(before)
    .flatMap((r) => iamRequestsOf(r, () => TABLES.control.partitionKey))
    .filter((r) => r.resource.startsWith(tableArn(controlTable())));
  seen.set(fn, [...(seen.get(fn) ?? []), ...requests]);
  return result;
}


/** What Lambda's SQS event source would hand `fn`: every message on the queue, in batches. */
async function drain(queueUrl: string, queueArn: string, invoke: (event: SQSEvent) => Promise<unknown>, batchSize: number): Promise<number> {
  let delivered = 0;
  for (;;) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: batchSize, WaitTimeSeconds: 1, AttributeNames: ['All'], MessageAttributeNames: ['All'] }));
    const messages = out.Messages ?? [];
    if (messages.length === 0) return delivered;
    await invoke({ Records: messages.map((m) => sqsRecord(m, queueArn)) });
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    delivered += messages.length;
  }
}

type QueueHandler = (event: SQSEvent, context: Context) => Promise<unknown>;
const handlerOf = async (fn: FunctionName) => (await import(/* @vite-ignore */ pathToFileURL(resolve(FUNCTIONS[fn].entry)).href)).handler as QueueHandler;

beforeAll(async () => {
  dir = await tempDir('control-access');
  // No queue is consumed by the stack: each function runs only when this test invokes it.
  // A Slack target on a real receiver that fails its first request: deliverNotification leases,
  // releases after the 500, and leases then completes the next deliveries.
  receiver = await startReceiver();
  receiver.script('/slack', (n) => ({ status: n === 0 ? 500 : 200 }));
  process.env[ENV.notifyConfig] = JSON.stringify([{ kind: 'slack', url: receiver.url('/slack') }]);
  stack = await startLocalStack({ dataDir: dir.path, port: 0, consumers: { ingest: false, alerts: false, exports: false, notifications: false }, recordDynamoRequests: true });
  // The burst below is dated 15 June: the stack's clock says it is that afternoon, so the evaluator
  // judges it (an older day would be late data).
  await stack.clock.set(new Date('2026-06-15T16:00:00Z'));
  sqs = new SQSClient(localClientConfig(stack.info.endpoints.sqs));
  s3 = new S3Client({ ...localClientConfig(stack.info.endpoints.s3), forcePathStyle: true });
  const { apiUrl, keys, resources } = stack.info;
  const { queues } = resources;

  // Prepare + Act: every function through the paths that touch the control table.
  await as('ingestApi', async () => {
    const negative = Array.from({ length: 60 }, (_, i) => ({
      text: `Service inadmissible, je suis furieux et très déçu (${i})`,
      externalId: `neg-${i}`,
      department: 'billing',
      occurredAt: `2026-06-15T09:${String(i).padStart(2, '0')}:00Z`,
      customer: { id: `client${i % 3}@example.org` },
    }));
    expect((await call(`${apiUrl}/v1/feedback`, { key: keys.ingest, body: { items: negative } })).status).toBe(202);
    // Billing and delivery share a dozen complaints the week before (late data for the evaluator):
    // that week's digest run sends them an interface brief, claiming its send markers.
    const shared = Array.from({ length: 12 }, (_, i) => ({
      text: `Facture fausse et livraison en retard, colis abîmé, je suis furieux (${i})`,
      externalId: `shared-${i}`,
      occurredAt: `2026-06-10T10:${String(i).padStart(2, '0')}:00Z`,
    }));
    expect((await call(`${apiUrl}/v1/feedback`, { key: keys.ingest, body: { items: shared } })).status).toBe(202);
    const csv = await readFile(join('test/fixtures/exports', 'generic-en-comma.csv'));
    const inline = await call(`${apiUrl}/v1/exports?profile=generic`, { key: keys.ingest, raw: csv, contentType: 'text/csv' });
    expect(inline.status).toBe(202);
    expect((await call(`${apiUrl}/v1/exports/${inline.body.jobId}`, { key: keys.ingest })).status).toBe(200);
    const ticket = await call(`${apiUrl}/v1/exports/uploads?profile=generic&format=csv`, { method: 'POST', key: keys.ingest });
    expect(ticket.status).toBe(201);
    // A single-PUT ticket has nothing to complete: the job is read, then the request refused.
    expect((await call(`${apiUrl}/v1/exports/${ticket.body.jobId}/complete`, { key: keys.ingest, body: { parts: [{ partNumber: 1, etag: 'x' }] } })).status).toBe(400);
  });

  const processFeedback = await handlerOf('processFeedback');
  const processed = await as('processFeedback', () =>
    drain(queues.ingest.url, queues.ingest.arn, (e) => processFeedback(e, lambdaContext('processFeedback', FUNCTIONS.processFeedback.timeoutSeconds)), 10),
  );
  expect(processed).toBeGreaterThanOrEqual(60);

  const evaluateAlerts = await handlerOf('evaluateAlerts');
  await as('evaluateAlerts', () => drain(queues.alerts.url, queues.alerts.arn, (e) => evaluateAlerts(e, lambdaContext('evaluateAlerts', FUNCTIONS.evaluateAlerts.timeoutSeconds)), 10));

  // The burst of complaints opened an incident: evaluateAlerts wrote it and its open pointer
  // (a transaction of PutItems) above, and took from the recipients' budgets (UpdateItem).
  // After-sales breaks, then heals the same day: the evaluator closes its incident (the open
  // pointer deleted, DeleteItem, in the transaction that writes the recovered incident).
  const afterSales = (label: string, count: number, text: string, hour: number) =>
    Array.from({ length: count }, (_, i) => ({ text: `${text} (${label}${i})`, externalId: `${label}-${i}`, department: 'after-sales', occurredAt: `2026-06-15T${hour}:${String(i % 60).padStart(2, '0')}:00Z` }));
  for (const [items, label] of [
    [afterSales('sav-neg', 60, 'Réparation ratée, inadmissible, je suis furieux', 10), 'break'],
    [afterSales('sav-pos', 100, 'Technicien parfait, merci beaucoup, très content', 12), 'heal'],
    [afterSales('sav-pos2', 100, 'Réparation rapide, excellent service, merci', 13), 'heal more'],
  ] as const) {
    expect((await call(`${apiUrl}/v1/feedback`, { key: keys.ingest, body: { items } })).status, label).toBe(202);
    await drain(queues.ingest.url, queues.ingest.arn, (e) => processFeedback(e, lambdaContext('processFeedback', FUNCTIONS.processFeedback.timeoutSeconds)), 10);
    await as('evaluateAlerts', () => drain(queues.alerts.url, queues.alerts.arn, (e) => evaluateAlerts(e, lambdaContext('evaluateAlerts', FUNCTIONS.evaluateAlerts.timeoutSeconds)), 10));
  }

  // The incidents and the recovery above were published: deliver them.
  const deliverNotification = await handlerOf('deliverNotification');
  const posted = await as('deliverNotification', () =>
    drain(queues.notifications.url, queues.notifications.arn, (e) => deliverNotification(e, lambdaContext('deliverNotification', FUNCTIONS.deliverNotification.timeoutSeconds)), 10),
  );
  expect(posted).toBeGreaterThanOrEqual(2);
  expect(receiver.requests.map((r) => r.status)).toEqual([500, ...Array(posted - 1).fill(200)]);

  let incidentId = '';
  await as('readApi', async () => {
    const alerts = await call(`${apiUrl}/v1/alerts?status=open`, { key: keys.read });
    expect(alerts.status).toBe(200);
    expect(alerts.body.incidents.length).toBeGreaterThan(0);
    incidentId = alerts.body.incidents[0].id;
    expect((await call(`${apiUrl}/v1/scores?department=billing&granularity=day&from=2026-06-15T00:00:00Z&to=2026-06-16T00:00:00Z`, { key: keys.read })).status).toBe(200);
  });

  const sendDigest = (await import('../../functions/send-digest')).handler;
  await as('sendDigest', () => sendDigest(scheduledEvent(new Date('2026-06-22T06:00:00Z')), lambdaContext('sendDigest', FUNCTIONS.sendDigest.timeoutSeconds)));
  const briefed = await as('sendDigest', () => sendDigest(scheduledEvent(new Date('2026-06-15T06:00:00Z')), lambdaContext('sendDigest', FUNCTIONS.sendDigest.timeoutSeconds)));
  expect(briefed).toMatchObject({ briefs: 1 });
  // A digest whose send fails (the outbox a file for a moment) gives its lease up; Lambda's retry
  // of that event sends it and marks it delivered; a second retry sends nothing.
  const retried = scheduledEvent(new Date('2026-06-22T06:00:00Z'));
  const digestOf = () => sendDigest(retried, lambdaContext('sendDigest', FUNCTIONS.sendDigest.timeoutSeconds));
  await rename(stack.info.outboxDir, `${stack.info.outboxDir}.away`);
  await writeFile(stack.info.outboxDir, '');
  const failed = await as('sendDigest', () => digestOf().catch((error: unknown) => error));
  await rm(stack.info.outboxDir);
  await rename(`${stack.info.outboxDir}.away`, stack.info.outboxDir);
  expect(failed).toBeInstanceOf(Error);
  expect(await as('sendDigest', digestOf)).toMatchObject({ messageId: expect.any(String) });
  expect(await as('sendDigest', digestOf)).toMatchObject({ alreadySent: true });

  // Two incidents whose emails the daily budget held back (one still open, one recovered): the
  // summary lists them, claims its marker, and records on each that it carried their notices.
  const incidents = new DynamoIncidentStore(documentClient(new DynamoDBClient(localClientConfig(stack.info.endpoints.dynamodb))), controlTable());
  const heldBack = (at: string) => [{ recipient: 'cco@example.com', lang: 'fr' as const, kind: 'incident' as const, at, summarizedAt: null }];
  // (after-sales: the billing scope already has the evaluator's open incident, one per scope.)
  expect(await incidents.put(storedIncident({ id: 'after-sales-2026-06-22', scope: { department: 'after-sales' }, deferred: heldBack('2026-06-22T10:00:00.000Z') }))).toBe(true);
  expect(await incidents.put(storedIncident({ id: 'delivery-2026-06-21', scope: { department: 'delivery' }, status: 'recovered', recoveredAt: '2026-06-22T09:00:00.000Z', deferred: heldBack('2026-06-21T12:00:00.000Z') }))).toBe(true);
  const sendDailySummary = (await import('../../functions/send-daily-summary')).handler;
  const summary = await as('sendDailySummary', () =>
    sendDailySummary({ time: '2026-06-22T16:00:00Z' }, lambdaContext('sendDailySummary', FUNCTIONS.sendDailySummary.timeoutSeconds)),
  );
  expect(summary.sent.map((s) => s.incidents.sort())).toEqual([['after-sales-2026-06-22', 'delivery-2026-06-21']]);
  expect((await incidents.get('delivery-2026-06-21'))!.deferred[0]!.summarizedAt).toBe('2026-06-22T16:00:00.000Z');
  const outbox = await Promise.all((await readdir(stack.info.outboxDir)).filter((f) => f.endsWith('.eml')).map((f) => readFile(join(stack.info.outboxDir, f), 'utf8')));
  const summaries = outbox.filter((eml) => /^X-Customer-Voice-Kind: daily-summary$/im.test(eml));
  expect(summaries).toHaveLength(1);
  expect(summaries[0]).toMatch(/^To: cco@example\.com$/im);
  expect(summaries[0]).toMatch(/^X-Customer-Voice-Incidents: after-sales-2026-06-22, delivery-2026-06-21$/im);

  await as('adminApi', async () => {
    // An open incident acknowledged (incident and its open copy written together), then resolved (the copy deleted).
    expect((await call(`${apiUrl}/v1/alerts/${incidentId}/ack`, { method: 'POST', key: keys.admin })).status).toBe(200);
    const resolved = await call(`${apiUrl}/v1/alerts/${incidentId}/resolve`, { key: keys.admin, body: { note: 'Refunds sent.' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body.incident.status).toBe('resolved');
    const erased = await call(`${apiUrl}/v1/erasure`, { key: keys.admin, body: { customer: 'client0@example.org' } });
    expect(erased.status).toBe(200);
  });

  await as('ingestEmail', async () => {
    const [result] = await ingestEmailFiles([join('test/fixtures/emails', 'outlook-fr-reply.eml')], stack.info);
    expect(result!.outcomes).toEqual({ queued: 1 });
  });

  await as('ingestSocial', async () => {
    const body = await readFile(join('test/fixtures/social', 'generic-mentions.json'));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', stack.info.secrets.generic).update(Buffer.concat([Buffer.from(`${timestamp}.`), body])).digest('hex');
    const res = await fetch(`${apiUrl}/v1/social/generic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cv-timestamp': timestamp, 'x-cv-signature': `v1=${signature}` },
      body,
    });
    expect(res.status).toBe(202);
  });

  // A dropped file (its job created by the function) and one whose profile is unknown (the job failed).
  const raw = resources.buckets.raw;
  await s3.send(new PutObjectCommand({ Bucket: raw, Key: 'exports/generic/drop.csv', Body: await readFile(join('test/fixtures/exports', 'generic-en-comma.csv')) }));
  await s3.send(new PutObjectCommand({ Bucket: raw, Key: 'exports/nosuchprofile/drop.csv', Body: 'a,b\n1,2\n' }));
  const ingestExportFile = await handlerOf('ingestExportFile');
  const context = lambdaContext('ingestExportFile', FUNCTIONS.ingestExportFile.timeoutSeconds);
  let read = 0;
  for (let attempt = 0; read < 2 && attempt < 50; attempt++) {
    // The local S3 notifier announces each object on the exports queue, as S3 does.
    read += await as('ingestExportFile', () => drain(queues.exports.url, queues.exports.arn, (e) => ingestExportFile(e, context), 1));
  }
  expect(read).toBeGreaterThanOrEqual(2);
}, 180_000);

afterAll(async () => {
  delete process.env[ENV.notifyConfig];
  await receiver?.close();
  sqs?.destroy();
  s3?.destroy();
  await stack?.stop();
  await dir?.remove();
});

describe('what each function does on the control table', () => {
  const functions = Object.keys(FUNCTIONS) as FunctionName[];

  it.each(functions)('%s: every request is allowed by the statements the stack grants it', (fn) => {
    const requests = seen.get(fn) ?? [];
    const statements = controlStatements(fn).map((s) => ({ ...s, Resource: tableArn(controlTable()) }));
    // Assess: a function with grants was exercised (the test cannot pass by recording nothing).
    if (Object.keys(CONTROL_ACCESS[fn]).length > 0) expect(requests.length).toBeGreaterThan(0);
    const denied = requests.filter((r) => !isAllowed(statements, r)).map((r) => `${r.action} ${JSON.stringify(r.keys['dynamodb:LeadingKeys'])}`);
    expect(denied).toEqual([]);
  });

  it.each(functions)('%s: uses every grant it has (nothing granted that its code does not do)', (fn) => {
    const familyOf = (pk: string) => (Object.entries(CONTROL_FAMILIES) as [ControlFamily, string][]).find(([, pattern]) => stringLike(pattern, pk))?.[0] ?? `unknown:${pk}`;
    const used = new Set((seen.get(fn) ?? []).flatMap((r) => (r.keys['dynamodb:LeadingKeys'] ?? []).map((pk) => `${familyOf(pk)} ${r.action.replace('dynamodb:', '')}`)));
    const granted = Object.entries(CONTROL_ACCESS[fn]).flatMap(([family, actions]) => (actions as readonly string[]).map((a) => `${family} ${a}`));
    expect([...used].sort()).toEqual(granted.sort());
  });

  it('processFeedback never touches the control table', () => {
    expect(seen.get('processFeedback')).toEqual([]);
  });

  it('each function that hashes customers read the salt and never wrote it', () => {
    for (const fn of ['ingestApi', 'adminApi', 'ingestEmail', 'ingestSocial', 'ingestExportFile'] as const) {
      const onSalt = (seen.get(fn) ?? []).filter((r) => r.keys['dynamodb:LeadingKeys']?.includes(CONTROL_KEYS.customerSalt.pk));
      expect(onSalt.length, fn).toBeGreaterThan(0);
      expect(onSalt.filter((r) => r.action !== 'dynamodb:GetItem'), fn).toEqual([]);
    }
  });

  it('records the requests of the functions, and only theirs (not the stack’s own key provisioning)', () => {
    const all = [...seen.values()].flat();
    expect(all.some((r) => r.action === 'dynamodb:GetItem' && r.keys['dynamodb:LeadingKeys']?.[0]?.startsWith('APIKEY#'))).toBe(true);
    // The stack writes its API keys with its own client, not through the recorder; no function writes one.
    expect(all.filter((r) => r.action !== 'dynamodb:GetItem' && r.keys['dynamodb:LeadingKeys']?.some((k) => k.startsWith('APIKEY#')))).toEqual([]);
  });
});
