import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StaticWebhookSecrets } from '../../shared/adapters/secrets-manager-webhook-secrets';
import { receiveDelivery, type SocialDeps, type WebhookRequest } from '../../shared/app/ingest-social';
import { answerChallenge } from '../../shared/http/social-challenge';
import { FeedbackEnvelopeSchema, type FeedbackEnvelope } from '../../shared/domain/feedback';
import { Failure } from '../../shared/domain/failures';
import { httpStatusOf } from '../../shared/http/errors';

const SECRETS = { generic: 'gen-secret', x: 'x-secret', meta: 'meta-secret', 'meta-verify-token': 'verify-me', trustpilot: 'tp-secret' };
const NOW = new Date('2026-11-24T09:00:00Z');

const sent: FeedbackEnvelope[] = [];
const deps: SocialDeps = {
  queue: {
    async send(envelopes) {
      sent.push(...envelopes);
      return { failed: [] };
    },
  },
  customerSalt: async () => 'salt',
  secrets: new StaticWebhookSecrets(SECRETS),
  ownAccounts: { x: ['42'], meta: ['43'], generic: ['us'] },
  now: () => NOW,
};

/** Strings people (and attackers) actually send, as in fuzz-ingress. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '=HYPERLINK("http://evil.example","clic")',
    '\u202Etxt.exe\u202C colis',
    'zero\u200Bwidth\u200D joiner\uFEFF',
    '\uD800 lone surrogate',
    '__proto__',
    'constructor',
    'a'.repeat(25_000),
    '',
  ),
);
const digits = fc.stringMatching(/^\d{1,20}$/);
const idLike = fc.oneof({ weight: 8, arbitrary: digits }, hostile, fc.integer(), fc.constant(null));
const recent = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: NOW, noInvalidDate: true });
const when = fc.oneof(
  { weight: 8, arbitrary: recent.map((d) => d.toISOString()) },
  recent.map((d) => Math.floor(d.getTime() / 1000)),
  fc.integer(),
  fc.double(),
  hostile,
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);
const words = fc.oneof({ weight: 4, arbitrary: fc.lorem({ maxCount: 30 }) }, hostile);
const user = fc.record({ id_str: idLike, screen_name: fc.oneof(words, fc.constant(undefined)) }, { requiredKeys: ['id_str'] });

const xBody = fc.record(
  {
    for_user_id: fc.oneof(fc.constant('42'), idLike),
    tweet_create_events: fc.oneof(
      { weight: 4, arbitrary: fc.array(
        fc.record(
          {
            id_str: idLike,
            text: words,
            extended_tweet: fc.record({ full_text: words }),
            truncated: fc.boolean(),
            timestamp_ms: when,
            created_at: when,
            lang: fc.oneof(fc.constantFrom('fr', 'en', 'und', 'zh-cn'), hostile),
            user,
            retweeted_status: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, fc.anything()),
          },
          { requiredKeys: ['id_str', 'user'] },
        ),
        { maxLength: 20 },
      ) },
      fc.anything(),
    ),
    favorite_events: fc.array(fc.anything(), { maxLength: 5 }),
  },
  { requiredKeys: [] },
);

const metaValue = fc.record(
  {
    item: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('comment', 'post', 'status', 'reaction') }, hostile),
    verb: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('add', 'add', 'remove', 'edited') }, hostile),
    from: fc.record({ id: idLike, username: hostile }, { requiredKeys: [] }),
    message: words,
    text: words,
    id: idLike,
    post_id: idLike,
    comment_id: idLike,
    created_time: when,
  },
  { requiredKeys: ['item', 'verb'] },
);
const metaBody = fc.record(
  {
    object: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('page', 'instagram') }, hostile),
    entry: fc.oneof(
      { weight: 4, arbitrary: fc.array(
        fc.record(
          {
            id: idLike,
            time: when,
            changes: fc.array(
              fc.record({ field: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('feed', 'comments', 'mentions') }, hostile), value: fc.oneof({ weight: 4, arbitrary: metaValue }, fc.anything()) }),
              { maxLength: 10 },
            ),
            field: hostile,
            value: metaValue,
          },
          { requiredKeys: ['id', 'changes'] },
        ),
        { maxLength: 5 },
      ) },
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);

const trustpilotBody = fc.record(
  {
    events: fc.oneof(
      { weight: 4, arbitrary: fc.array(
        fc.record(
          {
            eventName: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('service-review-created', 'service-review-updated', 'service-review-deleted') }, hostile),
            eventData: fc.record(
              {
                id: idLike,
                stars: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) }, fc.integer({ min: -2, max: 8 }), fc.double(), hostile),
                text: words,
                title: words,
                language: hostile,
                createdAt: when,
                consumer: fc.record({ id: idLike }),
              },
              { requiredKeys: ['id', 'stars', 'createdAt'] },
            ),
          },
          { requiredKeys: ['eventName', 'eventData'] },
        ),
        { maxLength: 20 },
      ) },
      fc.anything(),
    ),
  },
  { requiredKeys: [] },
);

const genericMention = fc.record(
  {
    id: idLike,
    text: words,
    author: fc.oneof({ weight: 3, arbitrary: fc.record({ handle: words }) }, fc.anything()),
    createdAt: when,
    rating: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) }, fc.integer({ min: 0, max: 6 }), hostile),
    url: hostile,
    lang: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('fr', 'en') }, hostile),
  },
  { requiredKeys: ['id', 'text', 'author', 'createdAt'] },
);
const genericBody = fc.oneof(
  genericMention,
  fc.record({
    mentions: fc.oneof(
      { weight: 4, arbitrary: fc.array(fc.oneof({ weight: 4, arbitrary: genericMention }, fc.anything()), { maxLength: 20 }) },
      fc.array(fc.anything(), { minLength: 95, maxLength: 120 }),
      fc.anything(),
    ),
  }),
);

/** What a provider-shaped, arbitrary or byte-level body looks like on the wire. */
const rawOf = (shaped: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 4, arbitrary: shaped.map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
    { weight: 1, arbitrary: fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b)) },
  );

function signed(provider: string, body: Buffer): Record<string, string> {
  const hmac = (secret: string, data: Buffer) => createHmac('sha256', secret).update(data);
  switch (provider) {
    case 'x':
      return { 'x-twitter-webhooks-signature': `sha256=${hmac(SECRETS.x, body).digest('base64')}` };
    case 'meta':
      return { 'x-hub-signature-256': `sha256=${hmac(SECRETS.meta, body).digest('hex')}` };
    case 'trustpilot':
      return { authorization: `Basic ${Buffer.from(`u:${SECRETS.trustpilot}`).toString('base64')}` };
    default: {
      const ts = String(Math.floor(NOW.getTime() / 1000));
      return { 'x-cv-timestamp': ts, 'x-cv-signature': `v1=${hmac(SECRETS.generic, Buffer.concat([Buffer.from(`${ts}.`), body])).digest('hex')}` };
    }
  }
}

function request(provider: string, body: Buffer, headers: Record<string, string>, query: Record<string, string> = {}, method = 'POST'): WebhookRequest {
  return { provider, method, header: (name) => headers[name.toLowerCase()], query, rawBody: () => body };
}

/** Runs the use case as the handler does; anything but a Failure below 500 would be a 5xx. */
async function outcome(run: () => Promise<unknown>): Promise<'ok' | number> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    if (error instanceof Failure && httpStatusOf(error) < 500) return httpStatusOf(error);
    throw error;
  }
}

const PROVIDERS = { x: xBody, meta: metaBody, trustpilot: trustpilotBody, generic: genericBody } as const;

describe('social webhooks under hostile input', () => {
  it.each(Object.keys(PROVIDERS) as (keyof typeof PROVIDERS)[])(
    '%s: any correctly signed body gets 202 or a 4xx that says why, never a 5xx; every queued envelope is valid',
    async (provider) => {
      let deliveriesWithItems = 0;
      await fc.assert(
        fc.asyncProperty(rawOf(PROVIDERS[provider]), async (body) => {
          sent.length = 0;
          let result: Awaited<ReturnType<typeof receiveDelivery>> | undefined;
          const status = await outcome(async () => {
            result = await receiveDelivery(request(provider, body, signed(provider, body)), deps);
          });
          expect(status === 'ok' || status === 400).toBe(true);
          for (const e of sent) expect(FeedbackEnvelopeSchema.safeParse(e).success).toBe(true);
          for (const r of result?.rejected ?? []) expect(r.error.length).toBeGreaterThan(0);
          for (const s of result?.skipped ?? []) expect(s.reason.length).toBeGreaterThan(0);
          // Every queued item is keyed by the platform's id, so a redelivery counts once.
          for (const e of sent) expect(e.source.externalId).toBeTruthy();
          if (sent.length > 0) deliveriesWithItems++;
        }),
        { numRuns: 150 },
      );
      // The generators reach the item mapping, not only the rejections.
      expect(deliveriesWithItems).toBeGreaterThan(0);
    },
    60_000,
  );

  it.each(Object.keys(PROVIDERS) as (keyof typeof PROVIDERS)[])('%s: a body with forged or random signature headers is always 401 and never queued', async (provider) => {
    await fc.assert(
      fc.asyncProperty(
        rawOf(PROVIDERS[provider]),
        fc.dictionary(fc.constantFrom('x-twitter-webhooks-signature', 'x-hub-signature-256', 'authorization', 'x-cv-timestamp', 'x-cv-signature'), hostile),
        fc.record({ token: hostile }, { requiredKeys: [] }),
        async (body, headers, query) => {
          sent.length = 0;
          expect(await outcome(() => receiveDelivery(request(provider, body, headers, query), deps))).toBe(401);
          expect(sent).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('answers any handshake query with 200 or a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom('x', 'meta', 'generic', 'trustpilot'), hostile),
        fc.dictionary(fc.oneof(fc.constantFrom('crc_token', 'hub.mode', 'hub.verify_token', 'hub.challenge'), hostile), hostile),
        async (provider, query) => {
          const status = await outcome(() => answerChallenge(request(provider, Buffer.alloc(0), {}, query, 'GET'), deps));
          expect(status === 'ok' || (typeof status === 'number' && status >= 400 && status < 500)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('survives deep nesting and huge fields in a signed body', async () => {
    const deep = Buffer.from(`{"for_user_id":"1","tweet_create_events":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`);
    expect(await outcome(() => receiveDelivery(request('x', deep, signed('x', deep)), deps))).toBe('ok');
    const deepObject = Buffer.from(`{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}]}]}`);
    expect(await outcome(() => receiveDelivery(request('meta', deepObject, signed('meta', deepObject)), deps))).toBe('ok');
    sent.length = 0;
    const huge = Buffer.from(JSON.stringify({ id: 'h', text: `${'é'.repeat(300_000)}`, author: { handle: 'h'.repeat(100_000) }, createdAt: '2026-11-24T08:00:00Z' }));
    expect(await outcome(() => receiveDelivery(request('generic', huge, signed('generic', huge)), deps))).toBe(400);
    expect(sent).toEqual([]);
  });
});
