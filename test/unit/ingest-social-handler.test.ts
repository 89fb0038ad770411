import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeIngestSocialHandler } from '../../functions/handlers/ingest-social-handler';
import { StaticWebhookSecrets } from '../../shared/adapters/secrets-manager-webhook-secrets';
import { httpEvent, invokeHttp, MemoryFeedbackQueue, silentLogger } from '../support/handler-deps';

const X_SECRET = 'x-secret';
const body = readFileSync(new URL('../fixtures/social/x-tweet-create-events.json', import.meta.url), 'utf8');
const signature = (raw: string) => `sha256=${createHmac('sha256', X_SECRET).update(raw).digest('base64')}`;

function setup() {
  const queue = new MemoryFeedbackQueue();
  const handler = makeIngestSocialHandler({
    queue,
    secrets: new StaticWebhookSecrets({ x: X_SECRET }),
    ownAccounts: {},
    customerSalt: async () => 'salt',
    logger: silentLogger(),
  });
  return { handler, queue };
}

describe('makeIngestSocialHandler', () => {
  it('routes GET to the subscription handshake: X CRC answered with its response token', async () => {
    // Prepare
    const { handler, queue } = setup();
    // Act
    const r = await invokeHttp(handler, httpEvent('GET /v1/social/{provider}', { path: '/v1/social/x', pathParameters: { provider: 'x' }, query: { crc_token: 'challenge' } }));
    // Assess
    expect(r.status).toBe(200);
    expect(r.body.response_token).toBe(`sha256=${createHmac('sha256', X_SECRET).update('challenge').digest('base64')}`);
    expect(queue.sent).toEqual([]);
  });

  it('routes POST to delivery: a signed X delivery is 202 with its posts queued', async () => {
    // Prepare
    const { handler, queue } = setup();
    const event = httpEvent('POST /v1/social/{provider}', { path: '/v1/social/x', pathParameters: { provider: 'x' }, body, headers: { 'x-twitter-webhooks-signature': signature(body) } });
    // Act
    const r = await invokeHttp(handler, event);
    // Assess
    expect(r.status).toBe(202);
    expect(r.body.accepted.length).toBeGreaterThan(0);
    expect(queue.sent.map((e) => e.id)).toEqual(r.body.accepted.map((a: { id: string }) => a.id));
  });

  it('maps failures to the contract: 401 for a bad signature (nothing queued), 404 for an unknown provider and off its routes', async () => {
    // Prepare
    const { handler, queue } = setup();
    // Act
    const forged = await invokeHttp(
      handler,
      httpEvent('POST /v1/social/{provider}', { path: '/v1/social/x', pathParameters: { provider: 'x' }, body, headers: { 'x-twitter-webhooks-signature': signature('{}') } }),
    );
    const unknownProvider = await invokeHttp(handler, httpEvent('GET /v1/social/{provider}', { path: '/v1/social/myspace', pathParameters: { provider: 'myspace' } }));
    const offRoute = await invokeHttp(handler, httpEvent('PUT /v1/social/{provider}', { path: '/v1/social/x', pathParameters: { provider: 'x' } }));
    // Assess
    expect(forged.status).toBe(401);
    expect(queue.sent).toEqual([]);
    expect(unknownProvider.status).toBe(404);
    expect(unknownProvider.body.error.message).toContain('myspace');
    expect(offRoute.status).toBe(404);
    expect(offRoute.body.error.message).toBe('No route PUT /v1/social/{provider}.');
  });
});
