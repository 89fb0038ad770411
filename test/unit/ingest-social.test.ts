import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { SecretsManagerWebhookSecrets, StaticWebhookSecrets } from '../../shared/adapters/secrets-manager-webhook-secrets';
import { receiveDelivery, type SocialDeps, type WebhookRequest } from '../../shared/app/ingest-social';
import { answerChallenge } from '../../shared/http/social-challenge';
import type { FeedbackEnvelope } from '../../shared/domain/feedback';
import { Failure } from '../../shared/domain/failures';
import { httpStatusOf } from '../../shared/http/errors';

const SECRETS = { generic: 'gen-secret', x: 'x-secret', meta: 'meta-secret', 'meta-verify-token': 'verify-me', trustpilot: 'tp-secret' };
const NOW = new Date('2026-11-24T09:00:00Z');
const fixture = (name: string) => readFileSync(new URL(`../fixtures/social/${name}`, import.meta.url));

function deps(overrides: Partial<SocialDeps> = {}) {
  const sent: FeedbackEnvelope[] = [];
  const d: SocialDeps = {
    queue: {
      async send(envelopes) {
        sent.push(...envelopes);
        return { failed: [] };
      },
    },
    customerSalt: async () => 'salt',
    secrets: new StaticWebhookSecrets(SECRETS),
    ownAccounts: {},
    now: () => NOW,
    ...overrides,
  };
  return { deps: d, sent };
}

function request(provider: string, body: Buffer | string, headers: Record<string, string> = {}, query: Record<string, string> = {}, method = 'POST'): WebhookRequest {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(body);
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { provider, method, header: (name) => lower[name.toLowerCase()], query, rawBody: () => raw };
}

const hmac = (secret: string, data: Buffer | string) => createHmac('sha256', secret).update(data);
const signX = (body: Buffer) => ({ 'x-twitter-webhooks-signature': `sha256=${hmac(SECRETS.x, body).digest('base64')}` });
const signMeta = (body: Buffer) => ({ 'X-Hub-Signature-256': `sha256=${hmac(SECRETS.meta, body).digest('hex')}` });
function signGeneric(body: Buffer, at = NOW) {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { 'x-cv-timestamp': timestamp, 'x-cv-signature': `v1=${hmac(SECRETS.generic, Buffer.concat([Buffer.from(`${timestamp}.`), body])).digest('hex')}` };
}

/** The failure a promise rejects with, and the HTTP status the API answers it with. */
async function failure(promise: Promise<unknown>): Promise<Failure & { status: number }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Failure) return Object.assign(error, { status: httpStatusOf(error) });
    throw error;
  }
  throw new Error('expected a Failure');
}

describe('receiveDelivery', () => {
  it('enqueues a signed X delivery as social envelopes keyed by the post id, and reports skips', async () => {
    // Prepare
    const { deps: d, sent } = deps();
    const body = fixture('x-tweet-create-events.json');
    // Act
    const result = await receiveDelivery(request('x', body, signX(body)), d);
    // Assess
    expect(result.accepted).toHaveLength(2);
    expect(result.skipped.map((s) => s.reason)).toEqual(['own_account', 'retweet']);
    expect(sent.map((e) => e.source)).toEqual([
      { channel: 'social', provider: 'x', sender: 'x', externalId: '1993012345678901234' },
      { channel: 'social', provider: 'x', sender: 'x', externalId: '1993013999999999999' },
    ]);
    // The handle is hashed on arrival; the raw handle appears nowhere in the envelope.
    expect(sent[0]!.customer.idHash).toMatch(/^cus_[0-9a-f]{40}$/);
    expect(JSON.stringify(sent)).not.toContain('camille_d"');
  });

  it('gives a redelivered event the same id, so it counts once downstream', async () => {
    const { deps: d } = deps();
    const body = fixture('x-tweet-create-events.json');
    const first = await receiveDelivery(request('x', body, signX(body)), d);
    const again = await receiveDelivery(request('x', body, signX(body)), d);
    expect(again.accepted).toEqual(first.accepted);
  });

  it.each([
    ['x', 'x-tweet-create-events.json', signX],
    ['meta', 'meta-page-feed.json', signMeta],
    ['generic', 'generic-mentions.json', (b: Buffer) => signGeneric(b)],
  ] as const)('%s: a tampered body, a wrong secret or a missing signature is 401 and nothing is enqueued', async (provider, file, sign) => {
    const { deps: d, sent } = deps();
    const body = fixture(file);
    const tampered = Buffer.from(body.toString('utf8').replace('e', 'E'));
    expect((await failure(receiveDelivery(request(provider, tampered, sign(body)), d))).status).toBe(401);
    const { deps: wrong } = deps({ secrets: new StaticWebhookSecrets({ generic: 'nope', x: 'nope', meta: 'nope' }) });
    expect((await failure(receiveDelivery(request(provider, body, sign(body)), wrong))).status).toBe(401);
    expect((await failure(receiveDelivery(request(provider, body), d))).status).toBe(401);
    expect(sent).toEqual([]);
  });

  it('generic: a correctly signed request replayed 6 minutes later is 401', async () => {
    const { deps: d, sent } = deps({ now: () => new Date(NOW.getTime() + 6 * 60_000) });
    const body = fixture('generic-mentions.json');
    const error = await failure(receiveDelivery(request('generic', body, signGeneric(body, NOW)), d));
    expect(error).toMatchObject({ status: 401, message: expect.stringContaining('tolerance 300 s') });
    expect(sent).toEqual([]);
  });

  it('generic: verifies a body the gateway delivered base64-encoded, over its decoded bytes', async () => {
    const { deps: d, sent } = deps();
    const body = Buffer.from(JSON.stringify({ id: 'b64', text: 'Très bien reçu, merci ✨', author: { handle: 'z' }, createdAt: '2026-11-24T08:00:00Z' }));
    const event = { body: body.toString('base64'), isBase64Encoded: true };
    const raw = () => Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
    const result = await receiveDelivery({ ...request('generic', body, signGeneric(body)), rawBody: raw }, d);
    expect(result.accepted).toHaveLength(1);
    expect(sent[0]!.text).toBe('Très bien reçu, merci ✨');
  });

  it('trustpilot: basic auth in the subscription URL; stars become CSAT', async () => {
    const { deps: d, sent } = deps();
    const body = fixture('trustpilot-service-reviews.json');
    const auth = { authorization: `Basic ${Buffer.from(`trustpilot:${SECRETS.trustpilot}`).toString('base64')}` };
    const result = await receiveDelivery(request('trustpilot', body, auth), d);
    expect(result).toEqual({ accepted: [{ id: sent[0]!.id }], skipped: [{ id: '6741f2c9a3b1d20012340000', reason: 'not_a_review:service-review-deleted' }], rejected: [] });
    expect(sent[0]).toMatchObject({ ratings: { csat: 2 }, subject: 'Refund took a month', source: { provider: 'trustpilot' } });
    expect((await failure(receiveDelivery(request('trustpilot', body, {}, { token: 'guess' }), d))).status).toBe(401);
  });

  it('a valid delivery with nothing for us is a success with the reasons, not an error', async () => {
    const { deps: d, sent } = deps();
    const body = fixture('x-favorite-events.json');
    const result = await receiveDelivery(request('x', body, signX(body)), d);
    expect(result).toEqual({ accepted: [], skipped: [{ id: 'a7ba59eab0bfcba386f7acedac279542', reason: 'not_a_mention:favorite_events' }], rejected: [] });
    expect(sent).toEqual([]);
  });

  it('maps rejections back to the position in the delivery', async () => {
    const { deps: d } = deps();
    const body = Buffer.from(
      JSON.stringify({
        for_user_id: '1',
        tweet_create_events: [
          { id_str: '10', text: 'fine', user: { id_str: '2' } },
          { id_str: '11', text: '   ', user: { id_str: '3' } },
          { id_str: '12', user: { id_str: '4' } },
        ],
      }),
    );
    const result = await receiveDelivery(request('x', body, signX(body)), d);
    expect(result.accepted).toHaveLength(1);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(result.rejected[0]!.error).toMatch(/text is empty/);
  });

  it('signed but not JSON, or not the provider’s shape: 400 that says so', async () => {
    const { deps: d } = deps();
    const notJson = Buffer.from('for_user_id=1');
    expect(await failure(receiveDelivery(request('x', notJson, signX(notJson)), d))).toMatchObject({ status: 400, code: 'invalid_json' });
    const wrongShape = Buffer.from('{"hello":"world"}');
    expect(await failure(receiveDelivery(request('x', wrongShape, signX(wrongShape)), d))).toMatchObject({ status: 400, code: 'invalid_payload' });
  });

  it('generic: 400 listing what to fix when no mention is usable', async () => {
    const { deps: d } = deps();
    const body = Buffer.from(JSON.stringify({ mentions: [{ id: 'a', text: '', author: { handle: 'h' }, createdAt: '2026-11-24T08:00:00Z' }] }));
    const error = await failure(receiveDelivery(request('generic', body, signGeneric(body)), d));
    expect(error).toMatchObject({ status: 400, code: 'invalid_mention', details: { rejected: [{ index: 0, error: expect.stringContaining('text') }] } });
  });

  it('unknown provider: 404 listing the providers', async () => {
    const { deps: d } = deps();
    expect(await failure(receiveDelivery(request('tiktok', '{}'), d))).toMatchObject({ status: 404, details: { providers: ['generic', 'x', 'meta', 'trustpilot'] } });
  });

  it('a secret store outage is our fault: 503, nothing enqueued', async () => {
    const { deps: d, sent } = deps({ secrets: { secretFor: async () => Promise.reject(new Error('throttled')) } });
    const body = fixture('x-tweet-create-events.json');
    expect((await failure(receiveDelivery(request('x', body, signX(body)), d))).status).toBe(503);
    expect(sent).toEqual([]);
  });
});

describe('answerChallenge', () => {
  it('x: answers the CRC with the HMAC of crc_token', async () => {
    const { deps: d } = deps();
    const response = await answerChallenge(request('x', '', {}, { crc_token: 'abc' }, 'GET'), d);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ response_token: `sha256=${hmac(SECRETS.x, 'abc').digest('base64')}` });
    expect((await failure(answerChallenge(request('x', '', {}, {}, 'GET'), d))).status).toBe(400);
  });

  it('meta: echoes hub.challenge as text when the verify token matches, 403 otherwise', async () => {
    const { deps: d } = deps();
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'verify-me', 'hub.challenge': '1158201444' };
    const response = await answerChallenge(request('meta', '', {}, query, 'GET'), d);
    expect(response).toMatchObject({ statusCode: 200, body: '1158201444', headers: { 'content-type': 'text/plain; charset=utf-8' } });
    expect((await failure(answerChallenge(request('meta', '', {}, { ...query, 'hub.verify_token': 'nope' }, 'GET'), d))).status).toBe(403);
    expect((await failure(answerChallenge(request('meta', '', {}, { ...query, 'hub.challenge': '<script>' }, 'GET'), d))).status).toBe(400);
    expect((await failure(answerChallenge(request('meta', '', {}, { 'hub.mode': 'subscribe' }, 'GET'), d))).status).toBe(400);
  });

  it('providers without a handshake: 405; unknown provider: 404', async () => {
    const { deps: d } = deps();
    expect((await failure(answerChallenge(request('generic', '', {}, {}, 'GET'), d))).status).toBe(405);
    expect((await failure(answerChallenge(request('nope', '', {}, {}, 'GET'), d))).status).toBe(404);
  });
});

describe('SecretsManagerWebhookSecrets', () => {
  const ids = { generic: 'arn:g', x: 'arn:x', meta: 'arn:m', 'meta-verify-token': 'arn:v', trustpilot: 'arn:t' };

  it('reads each secret once per TTL, and again after it', async () => {
    // Prepare: Secrets Manager has no local emulator in our stack, hence the SDK mock.
    const sm = mockClient(SecretsManagerClient);
    sm.on(GetSecretValueCommand, { SecretId: 'arn:x' }).resolvesOnce({ SecretString: 'v1' }).resolves({ SecretString: 'v2' });
    let now = 0;
    const secrets = new SecretsManagerWebhookSecrets(new SecretsManagerClient({ region: 'us-east-1' }), ids, { cacheTtlMs: 1000, now: () => now });
    // Act / Assess
    expect(await secrets.secretFor('x')).toBe('v1');
    expect(await secrets.secretFor('x')).toBe('v1');
    now = 1001;
    expect(await secrets.secretFor('x')).toBe('v2');
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    sm.restore();
  });

  it('does not cache a failure', async () => {
    const sm = mockClient(SecretsManagerClient);
    sm.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: 'ok' });
    const secrets = new SecretsManagerWebhookSecrets(new SecretsManagerClient({ region: 'us-east-1' }), ids);
    await expect(secrets.secretFor('meta')).rejects.toThrow('throttled');
    expect(await secrets.secretFor('meta')).toBe('ok');
    sm.restore();
  });
});
