import fc from 'fast-check';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { TinyldLanguageDetector } from '../../shared/adapters/language-detector';
import { createSentimentEngine } from '../../shared/adapters/sentiment-engines';
import { attributorFor } from '../../shared/app/attribute';
import { ingestFeedback, itemsOf } from '../../shared/app/ingest-feedback';
import { prepareBatch } from '../../shared/app/process-feedback';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { FeedbackEnvelopeSchema, type FeedbackEnvelope } from '../../shared/domain/feedback';
import { patternPiiRedactor } from '../../shared/domain/redaction/redact-pii';
import { Failure } from '../../shared/domain/failures';
import { httpStatusOf } from '../../shared/http/errors';
import { jsonBodyOf } from '../../shared/http/request';

/** Strings people (and attackers) actually send. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil.example","clic")',
    '+cmd|\' /C calc\'!A0',
    '\u202Etxt.exe\u202C colis',
    'zero\u200Bwidth\u200D joiner\uFEFF',
    '\uD800 lone surrogate',
    'Ｆａｃｔｕｒｅ fausse',
    "'; DROP TABLE feedback; --",
    '{{7*7}} ${7*7}',
    'a'.repeat(25_000),
  ),
);

const item = fc.record(
  {
    text: hostile,
    externalId: fc.option(hostile, { nil: undefined }),
    occurredAt: fc.option(fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), hostile), { nil: undefined }),
    lang: fc.option(hostile, { nil: undefined }),
    subject: fc.option(hostile, { nil: undefined }),
    department: fc.option(hostile, { nil: undefined }),
    ratings: fc.option(fc.record({ nps: fc.oneof(fc.integer(), fc.double(), hostile) }, { requiredKeys: [] }), { nil: undefined }),
    customer: fc.option(fc.record({ id: hostile, consent: fc.boolean() }, { requiredKeys: [] }), { nil: undefined }),
    metadata: fc.option(fc.dictionary(hostile, fc.oneof(hostile, fc.integer(), fc.constant(null))), { nil: undefined }),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(item, fc.record({ items: fc.array(fc.oneof(item, fc.anything()), { maxLength: 120 }) }), fc.anything(), fc.jsonValue());

function eventWith(raw: Buffer, base64: boolean): APIGatewayProxyEventV2 {
  return {
    headers: { 'content-type': 'application/json' },
    body: base64 ? raw.toString('base64') : raw.toString('utf8'),
    isBase64Encoded: base64,
  } as unknown as APIGatewayProxyEventV2;
}

const queue = {
  sent: [] as FeedbackEnvelope[],
  async send(envelopes: readonly FeedbackEnvelope[]) {
    this.sent.push(...envelopes);
    return { failed: [] };
  },
};

/** Runs the ingest path as the handler does; anything but a Failure (→ 4xx) would be a 5xx. */
async function ingest(event: APIGatewayProxyEventV2): Promise<'ok' | number> {
  try {
    const { items } = itemsOf(jsonBodyOf(event));
    const result = await ingestFeedback(items, { channel: 'api', provider: 'fuzz' }, { queue, customerSalt: async () => 'salt' });
    for (const r of result.rejected) expect(r.error.length).toBeGreaterThan(0);
    return 'ok';
  } catch (error) {
    if (error instanceof Failure && httpStatusOf(error) < 500) return httpStatusOf(error);
    throw error;
  }
}

describe('ingress under hostile input', () => {
  it('answers any JSON body with 202 or a 4xx that says why, never a 5xx; every queued envelope is valid', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        queue.sent.length = 0;
        const json = JSON.stringify(value) ?? 'null';
        await ingest(eventWith(Buffer.from(json), false));
        for (const e of queue.sent) expect(FeedbackEnvelopeSchema.safeParse(e).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('survives invalid UTF-8, truncated JSON, 1 MB lines and deep nesting', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), fc.boolean(), async (bytes, base64) => {
        await ingest(eventWith(Buffer.from(bytes), base64));
      }),
      { numRuns: 200 },
    );
    expect(await ingest(eventWith(Buffer.from(`{"text":"${'x'.repeat(1_000_100)}"}`), false))).toBe(413);
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(await ingest(eventWith(Buffer.from(deep), false))).toBe(400);
    expect(await ingest(eventWith(Buffer.from('{"text": "coupé'), false))).toBe(400);
  });
});

describe('the processor under hostile input', () => {
  const deps = {
    detector: new TinyldLanguageDetector(),
    redactor: patternPiiRedactor(),
    engine: createSentimentEngine('embedded', {}),
    attribute: attributorFor(DEFAULT_DEPARTMENTS),
    retentionDays: 30,
  };

  it('classifies or dead-letters every message, with a reason, and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(hostile, fc.jsonValue().map((v) => JSON.stringify(v) ?? '')), { minLength: 1, maxLength: 10 }), fc.array(hostile, { maxLength: 10 }), async (bodies, texts) => {
        const valid = texts
          .filter((t) => t.trim().length > 0)
          .map((text, i) =>
            JSON.stringify({
              v: 1, id: `fb_${String(i).padStart(32, '0')}`, source: { channel: 'api', provider: 'fuzz' },
              receivedAt: '2026-11-24T10:00:00.000Z', occurredAt: '2026-11-24T10:00:00.000Z', text: text.slice(0, 20_000), customer: {}, metadata: {},
            }),
          );
        const records = [...bodies, ...valid].map((b, i) => ({ id: `m${i}`, body: b }));
        const prepared = await prepareBatch(records, deps);
        expect(prepared.size).toBe(records.length);
        for (const entry of prepared.values()) {
          expect(entry.kind === 'ready' || entry.kind === 'poison').toBe(true);
          if (entry.kind === 'poison') expect(entry.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
