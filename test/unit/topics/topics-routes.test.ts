import { describe, expect, it } from 'vitest';
import { makeReadApiHandler } from '../../../functions/handlers/read-api-handler';
import { TopicsResponseSchema } from '../../../shared/domain/topics/contract';
import type { Verbatim } from '../../../shared/ports/stores';
import { dashboardWorld, NOW, OFFICER_CLAIMS, ownerClaims, signedIn } from '../../support/dashboard-world';
import { httpEvent, invokeHttp, MemoryControlStore, silentLogger } from '../../support/handler-deps';
import { MemoryTopicSummaries } from '../../support/memory-topic-summaries';

const THIS_WEEK = '2026-03-08T23:00:00.000Z';

/** Billing and delivery each with one topic this week, and one verbatim of billing's carrying it. */
function readApi() {
  const world = dashboardWorld();
  const topics = new MemoryTopicSummaries()
    .put({ kind: 'dept', id: 'billing' }, 'week', [{ window: THIS_WEEK, items: 30, negativeItems: 12, entries: [{ key: 'factur doubl', phrase: 'facture doublée', count: 8, negative: 8, error: 0 }] }])
    .put({ kind: 'dept', id: 'delivery' }, 'week', [{ window: THIS_WEEK, items: 30, negativeItems: 6, entries: [{ key: 'colis perdu', phrase: 'colis perdu', count: 5, negative: 5, error: 0 }] }]);
  const example: Verbatim = {
    id: 'v1',
    occurredAt: NOW.toISOString(),
    text: 'Facture doublée <b>encore</b>, écrire à [EMAIL]',
    lang: 'fr',
    sentiment: 'negative',
    departments: [{ id: 'billing', reason: 'keyword:facture' }],
    journeys: [],
    channel: 'email',
    topics: [{ key: 'factur doubl', phrase: 'facture doublée' }],
    customerKey: 'secret-hash',
  };
  const control = new MemoryControlStore();
  const handler = makeReadApiHandler({ ...world.deps, store: { verbatims: async () => [example], sharedPairs: async () => [] }, topics, control, logger: silentLogger() });
  return { handler, control };
}

describe('GET /v1/topics (read key) and GET /v1/dashboard/topics (signed-in viewer)', () => {
  it('answers a read key for any department, and refuses a missing or weaker key', async () => {
    const { handler, control } = readApi();
    const ok = await invokeHttp(handler, httpEvent('GET /v1/topics', { key: control.keys.read, query: { department: 'billing' } }));
    expect(ok.status).toBe(200);
    const body = TopicsResponseSchema.parse(ok.body);
    expect(body.topics.map((t) => [t.topic, t.count, t.negativeShare])).toEqual([['factur doubl', 8, 1]]);
    // The redacted text as stored, JSON-escaped by the response; the customer's key never leaves.
    expect(body.topics[0]!.examples).toEqual([{ id: 'v1', text: 'Facture doublée <b>encore</b>, écrire à [EMAIL]', occurredAt: NOW.toISOString() }]);
    expect(JSON.stringify(ok.body)).not.toContain('secret-hash');
    expect((await invokeHttp(handler, httpEvent('GET /v1/topics', { query: { department: 'billing' } }))).status).toBe(401);
    expect((await invokeHttp(handler, httpEvent('GET /v1/topics', { key: control.keys.ingest, query: { department: 'billing' } }))).status).toBe(403);
  });

  it('says what to fix in a bad query (400) and names an unknown department (404)', async () => {
    const { handler, control } = readApi();
    const bad = await invokeHttp(handler, httpEvent('GET /v1/topics', { key: control.keys.read, query: { department: 'billing', granularity: 'month', limit: '500' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_query');
    expect(bad.body.error.message).toMatch(/granularity/);
    expect(bad.body.error.message).toMatch(/limit/);
    const unknown = await invokeHttp(handler, httpEvent('GET /v1/topics', { key: control.keys.read, query: { department: 'nowhere' } }));
    expect(unknown.status).toBe(404);
  });

  it('scopes the dashboard route to the viewer: an owner reads their own department only, the officer everything', async () => {
    const { handler } = readApi();
    const asOwner = (department: string) => invokeHttp(handler, signedIn(httpEvent('GET /v1/dashboard/topics', { query: { department } }), ownerClaims('billing.lead@example.com')));
    expect((await asOwner('billing')).status).toBe(200);
    const refused = await asOwner('delivery');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/may not see department "delivery"/);
    expect((await asOwner('unassigned')).status).toBe(403);
    const officer = await invokeHttp(handler, signedIn(httpEvent('GET /v1/dashboard/topics', { query: { department: 'delivery' } }), OFFICER_CLAIMS));
    expect(TopicsResponseSchema.parse(officer.body).topics[0]!.topic).toBe('colis perdu');
    // No sign-in claims (the authorizer did not run): 401, never a default viewer.
    expect((await invokeHttp(handler, httpEvent('GET /v1/dashboard/topics', { query: { department: 'billing' } }))).status).toBe(401);
  });
});
