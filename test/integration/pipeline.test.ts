import { ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { DLQ_ATTRIBUTES } from '../../shared/adapters/sqs-dead-letter';
import { replayDeadLetters } from '../../shared/adapters/sqs-replay';
import type { FeedbackEnvelope } from '../../shared/domain/feedback';
import { call, eventually, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';

let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let state: ReturnType<typeof stackState>;
let sqs: SQSClient;

const storedItems = () => state.storedItems();
const drift = () => state.drift();

beforeAll(async () => {
  dir = await tempDir('pipeline');
  stack = await startLocalStack({ dataDir: dir.path, port: 0 });
  state = stackState(stack.info);
  sqs = state.sqs;
});

afterAll(async () => {
  state?.close();
  await stack?.stop();
  await dir?.remove();
});

describe('the local pipeline, end to end', () => {
  it('answers health without a key and lists the departments with the read key', async () => {
    expect(await call(`${stack.info.apiUrl}/v1/health`)).toEqual({ status: 200, body: { status: 'ok' } });
    const departments = await call(`${stack.info.apiUrl}/v1/departments`, { key: stack.info.keys.read });
    expect(departments.status).toBe(200);
    expect(departments.body.departments.map((d: { id: string }) => d.id)).toEqual(
      expect.arrayContaining(['billing', 'delivery', 'after-sales', 'contact-centre', 'unassigned']),
    );
  });

  it('turns posted feedback into scores per department and window', async () => {
    // Prepare: three billing complaints and one billing compliment, French and English, with ratings.
    const at = '2026-03-02T09:';
    const items = [
      { text: 'Facture incompréhensible, prélevé deux fois, inadmissible !', occurredAt: `${at}05:00Z`, ratings: { nps: 2 }, externalId: 'b1' },
      { text: 'I was overcharged on my invoice again, terrible and annoying.', occurredAt: `${at}10:00Z`, ratings: { nps: 4, csat: 1 }, externalId: 'b2' },
      { text: 'Wrong bill, awful service, I am very angry.', occurredAt: `${at}20:00Z`, ratings: { nps: 0 }, externalId: 'b3' },
      { text: 'Merci, la facture est claire et le paiement très simple, parfait.', occurredAt: `${at}30:00Z`, ratings: { nps: 10, csat: 5 }, externalId: 'b4' },
    ];
    // Act
    const posted = await call(`${stack.info.apiUrl}/v1/feedback`, { key: stack.info.keys.ingest, body: { items } });
    expect(posted.status).toBe(202);
    expect(posted.body.accepted).toHaveLength(4);
    expect(posted.body.rejected).toEqual([]);
    const scores = await eventually('billing scores', async () => {
      const r = await call(`${stack.info.apiUrl}/v1/scores?department=billing&granularity=hour&from=2026-03-02T09:00:00Z&to=2026-03-02T09:59:00Z`, {
        key: stack.info.keys.read,
      });
      return r.body.series?.[0]?.count === 4 ? r : undefined;
    });
    // Assess
    expect(scores.status).toBe(200);
    const [window] = scores.body.series;
    expect(window.window).toBe('2026-03-02T09:00:00.000Z');
    expect(window.negative).toBeGreaterThanOrEqual(2);
    expect(window.positive).toBeGreaterThanOrEqual(1);
    expect(window.nps).toBe(-50); // 1 promoter, 3 detractors of 4 answers
    expect(window.csat).toBe(50);
    expect(window.ces).toBeNull();
    expect(scores.body.series).toHaveLength(1);
  });

  it('counts the same 200 items once despite a duplicate send and forced SQS redeliveries', async () => {
    // Prepare: 200 distinct items across departments, half with a source id, half content-hashed.
    const items = Array.from({ length: 200 }, (_, i) => ({
      text: [`Colis ${i} livré en retard, livreur désagréable`, `Invoice ${i} is wrong`, `Great app ${i}, login is easy`, `Attente ${i} interminable au service client`][i % 4]!,
      occurredAt: new Date(Date.UTC(2026, 3, 1 + (i % 9), i % 24)).toISOString(),
      ...(i % 2 ? { externalId: `dup-${i}` } : {}),
      ratings: i % 3 ? { nps: i % 11 } : undefined,
    }));
    const before = (await storedItems()).length;
    const send = (chunk: unknown[]) => call(`${stack.info.apiUrl}/v1/feedback`, { key: stack.info.keys.ingest, body: { items: chunk } });
    const batches = [0, 100].map((s) => items.slice(s, s + 100));
    // Act: send everything twice, concurrently...
    const replies = await Promise.all([...batches, ...batches].map(send));
    expect(replies.every((r) => r.status === 202 && r.body.accepted.length === 100)).toBe(true);
    // ...and redeliver 50 envelopes straight onto the queue, three times each, as SQS at-least-once may.
    await state.drained();
    const stored = await storedItems();
    expect(stored.length).toBe(before + 200);
    const envelopes: FeedbackEnvelope[] = stored.slice(0, 50).map((s) => ({
      v: 1, id: s.id, source: s.source, receivedAt: s.receivedAt, occurredAt: s.occurredAt, text: s.text,
      customer: s.customer, ratings: s.ratings, metadata: s.metadata,
    }));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < envelopes.length; i += 10) {
        await sqs.send(new SendMessageBatchCommand({
          QueueUrl: stack.info.resources.queues.ingest.url,
          Entries: envelopes.slice(i, i + 10).map((e, j) => ({ Id: String(j), MessageBody: JSON.stringify(e) })),
        }));
      }
    }
    await state.drained();
    // Assess
    const after = await storedItems();
    expect(after.length).toBe(before + 200);
    expect(await drift()).toEqual([]);
    // The topic summaries too: every item counted once in its cells, every count within its bound.
    const topics = await state.topicDrift();
    expect(topics).toMatchObject({ cellsWithCountDrift: 0, itemsRetopiced: 0, outsideBound: 0 });
    expect(topics.cells).toBeGreaterThan(0);
  });

  it('moves a poison message to the DLQ with its reason and keeps processing the rest', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.info.resources.queues.ingest.url, MessageBody: '{"not":"an envelope"}' }));
    const dead = await eventually('a dead letter', async () => {
      const out = await sqs.send(new ReceiveMessageCommand({
        QueueUrl: stack.info.resources.queues.ingest.dlqUrl, MessageAttributeNames: ['All'], WaitTimeSeconds: 1, MaxNumberOfMessages: 10,
        VisibilityTimeout: 0, // only look: the replay test takes it from here
      }));
      return out.Messages?.find((m) => m.Body === '{"not":"an envelope"}');
    });
    expect(dead.MessageAttributes?.[DLQ_ATTRIBUTES.code]?.StringValue).toBe('invalid_envelope');
    expect(dead.MessageAttributes?.[DLQ_ATTRIBUTES.reason]?.StringValue).toMatch(/text|id|source/);
  });
});

describe('the ingestion API refuses bad requests with the right 4xx and a helpful message', () => {
  const post = (init: Parameters<typeof call>[1]) => call(`${stack.info.apiUrl}/v1/feedback`, init);

  it('bad JSON → 400 invalid_json', async () => {
    const r = await post({ key: stack.info.keys.ingest, raw: '{"text": "unterminated' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_json');
    expect(r.body.error.message).toMatch(/not valid JSON/);
  });

  it('no key → 401; unknown key → 401; a read key → 403', async () => {
    expect((await post({ body: { text: 'hi' } })).body.error).toMatchObject({ code: 'unauthenticated', message: expect.stringContaining('x-api-key') });
    expect((await post({ key: 'cv_ingest_' + 'A'.repeat(43), body: { text: 'hi' } })).status).toBe(401);
    const forbidden = await post({ key: stack.info.keys.read, body: { text: 'hi' } });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toContain('"ingest"');
  });

  it('a body over 1 MB → 413 that says how to send it instead', async () => {
    const r = await post({ key: stack.info.keys.ingest, raw: JSON.stringify({ text: 'x'.repeat(1_100_000) }) });
    expect(r.status).toBe(413);
    expect(r.body.error.message).toMatch(/100 items|uploads/);
  });

  it('a schema violation → 400 naming the field and the rule', async () => {
    const r = await post({ key: stack.info.keys.ingest, body: { text: 'ok', ratings: { csat: 9 } } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_feedback');
    expect(r.body.error.message).toContain('ratings.csat');
    const batch = await post({ key: stack.info.keys.ingest, body: { items: [{ text: 'fine' }, { txt: 'typo' }] } });
    expect(batch.status).toBe(202);
    expect(batch.body.rejected).toEqual([{ index: 1, error: expect.stringContaining('txt') }]);
  });

  it('a wrong content type → 415, an unknown route → 404, scores without a department → 400', async () => {
    expect((await post({ key: stack.info.keys.ingest, raw: 'text=hi', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await call(`${stack.info.apiUrl}/v1/nope`)).status).toBe(404);
    const scores = await call(`${stack.info.apiUrl}/v1/scores`, { key: stack.info.keys.read });
    expect(scores.status).toBe(400);
    expect(scores.body.error.message).toContain('department');
    expect((await call(`${stack.info.apiUrl}/v1/scores?department=legal`, { key: stack.info.keys.read })).status).toBe(404);
  });
});

describe('replayDeadLetters', () => {
  it('moves dead letters back to the ingest queue: a valid one is processed, a poison one returns with its reason', async () => {
    // Prepare: a valid envelope that exhausted its retries (say, a dependency was down) joins the poison message in the DLQ.
    const queues = { dlqUrl: stack.info.resources.queues.ingest.dlqUrl, targetUrl: stack.info.resources.queues.ingest.url };
    const envelope: FeedbackEnvelope = {
      v: 1, id: 'fb_0123456789abcdef0123456789abcdef', source: { channel: 'api', provider: 'replay-test', externalId: 'r-1' },
      receivedAt: '2026-07-01T10:00:00.000Z', occurredAt: '2026-07-01T10:00:00.000Z', text: 'Le SAV ne répond jamais', customer: {}, metadata: {},
    };
    await sqs.send(new SendMessageCommand({ QueueUrl: queues.dlqUrl, MessageBody: JSON.stringify(envelope) }));
    // Act
    const report = await replayDeadLetters(sqs, queues);
    // Assess
    expect(report.replayed).toBe(2);
    expect(report.byCode).toEqual({ redriven: 1, invalid_envelope: 1 });
    const stored = await eventually('the replayed item', async () => (await storedItems()).find((i) => i.id === envelope.id));
    expect(stored.departments.map((d) => d.id)).toContain('after-sales');
    const back = await eventually('the poison message back in the DLQ', async () => {
      const dry = await replayDeadLetters(sqs, queues, { dryRun: true });
      return dry.byCode.invalid_envelope === 1 ? dry : undefined;
    });
    expect(back.replayed).toBe(0);
    expect(await drift()).toEqual([]);
  });
});
