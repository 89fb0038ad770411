import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack, type StackInfo } from '../../cli/local/stack';
import { WEBHOOK_SECRET_NAMES } from '../../shared/domain/webhook-signatures';
import { eventually, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';

let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let state: ReturnType<typeof stackState>;
/** What a provider or integrator would configure: the secrets as the dev stack published them. */
let published: StackInfo;

const PRESET_X_SECRET = 'x-consumer-secret-kept-from-an-earlier-run';
const fixture = (name: string) => readFileSync(new URL(`../fixtures/social/${name}`, import.meta.url));
const hmac = (secret: string, data: Buffer | string) => createHmac('sha256', secret).update(data);

async function post(provider: string, body: Buffer, headers: Record<string, string>, query = '') {
  const res = await fetch(`${stack.info.apiUrl}/v1/social/${provider}${query}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, body: (await res.json()) as any };
}
const signX = (body: Buffer) => ({ 'x-twitter-webhooks-signature': `sha256=${hmac(published.secrets.x, body).digest('base64')}` });
function signGeneric(body: Buffer) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { 'x-cv-timestamp': timestamp, 'x-cv-signature': `v1=${hmac(published.secrets.generic, Buffer.concat([Buffer.from(`${timestamp}.`), body])).digest('hex')}` };
}
const socialItems = async () => (await state.storedItems()).filter((i) => i.source.channel === 'social');

beforeAll(async () => {
  dir = await tempDir('social');
  // A secret from an earlier run, already configured at the provider: it must be kept, not regenerated.
  await writeFile(join(dir.path, 'stack.json'), JSON.stringify({ secrets: { x: PRESET_X_SECRET } }));
  stack = await startLocalStack({ dataDir: dir.path, port: 0 });
  state = stackState(stack.info);
  published = JSON.parse(await readFile(join(dir.path, 'stack.json'), 'utf8')) as StackInfo;
});

afterAll(async () => {
  state?.close();
  await stack?.stop();
  await dir?.remove();
});

describe('social webhooks through the local stack', () => {
  it('publishes one secret per name in stack.json, keeping the ones it already had', () => {
    expect(Object.keys(published.secrets).sort()).toEqual([...WEBHOOK_SECRET_NAMES].sort());
    expect(published.secrets.x).toBe(PRESET_X_SECRET);
    for (const value of Object.values(published.secrets)) expect(value.length).toBeGreaterThanOrEqual(32);
    expect(new Set(Object.values(published.secrets)).size).toBe(WEBHOOK_SECRET_NAMES.length);
  });

  it('answers the X CRC and the Meta verification handshakes', async () => {
    const crc = await fetch(`${stack.info.apiUrl}/v1/social/x?crc_token=abc123`);
    expect(crc.status).toBe(200);
    expect(await crc.json()).toEqual({ response_token: `sha256=${hmac(published.secrets.x, 'abc123').digest('base64')}` });
    const token = encodeURIComponent(published.secrets['meta-verify-token']);
    const meta = await fetch(`${stack.info.apiUrl}/v1/social/meta?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`);
    expect(meta.status).toBe(200);
    expect(meta.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await meta.text()).toBe('1158201444');
    const forbidden = await fetch(`${stack.info.apiUrl}/v1/social/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(forbidden.status).toBe(403);
  });

  it('stores and processes a signed X event and a signed generic mention once, even when redelivered; a bad signature is 401 and enqueues nothing', async () => {
    // Prepare
    const tweets = fixture('x-tweet-create-events.json');
    const mentions = fixture('generic-mentions.json');
    const forged = Buffer.from(
      JSON.stringify({ for_user_id: '2244994945', tweet_create_events: [{ id_str: '1993019999999999999', text: '@AcmeTelecom forged complaint', user: { id_str: '1', screen_name: 'mallory' } }] }),
    );
    // Act
    const x = await post('x', tweets, signX(tweets));
    const generic = await post('generic', mentions, signGeneric(mentions));
    const bad = await post('x', forged, { 'x-twitter-webhooks-signature': `sha256=${hmac('guessed', forged).digest('base64')}` });
    const unknown = await post('tiktok', mentions, {});
    const redelivered = await post('x', tweets, signX(tweets));
    // Assess: the answers
    expect(x.status).toBe(202);
    expect(x.body.accepted).toHaveLength(2);
    expect(x.body.skipped).toEqual([
      { id: '1993015000000000001', reason: 'own_account' },
      { id: '1993015300000000002', reason: 'retweet' },
    ]);
    expect(generic.status).toBe(202);
    expect(generic.body.accepted).toHaveLength(2);
    expect(bad).toEqual({ status: 401, body: { error: { code: 'unauthenticated', message: expect.stringContaining('does not match') } } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details.providers).toEqual(['generic', 'x', 'meta', 'trustpilot']);
    expect(redelivered.body.accepted).toEqual(x.body.accepted);

    // Assess: what was stored, once each, classified, and nothing of the forged delivery
    const expected = ['1993012345678901234', '1993013999999999999', 'forum-88412', 'forum-88413'];
    const items = await eventually('the four social items', async () => {
      const found = await socialItems();
      return found.length >= expected.length ? found : undefined;
    });
    await state.drained();
    const stored = await socialItems();
    expect(stored.map((i) => i.source.externalId).sort()).toEqual(expected.sort());
    expect(stored.every((i) => i.sentiment && i.departments.length > 0 && i.customer.idHash?.startsWith('cus_'))).toBe(true);
    expect(items.find((i) => i.source.externalId === 'forum-88412')).toMatchObject({ source: { provider: 'generic' }, ratings: { csat: 5 }, lang: 'fr' });
    expect(stored.find((i) => i.source.externalId === '1993012345678901234')).toMatchObject({ source: { provider: 'x' }, occurredAt: '2026-11-23T21:14:07.000Z' });
    expect(await state.drift()).toEqual([]);
  });
});
