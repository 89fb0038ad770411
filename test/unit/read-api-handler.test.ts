import { describe, expect, it } from 'vitest';
import { makeReadApiHandler, type ReadApiDeps } from '../../functions/handlers/read-api-handler';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import type { Incident } from '../../shared/domain/alerts/incident';
import { httpEvent, invokeHttp, MemoryControlStore, silentLogger } from '../support/handler-deps';
import { MemoryTopicSummaries } from '../support/memory-topic-summaries';
import { incidentRule, InMemoryIncidentStore, storedIncident } from '../support/stored-incidents';

function setup(stored: Incident[] = []) {
  const incidents = new InMemoryIncidentStore();
  for (const i of stored) incidents.rows.set(i.id, i);
  const control = new MemoryControlStore();
  const handler = makeReadApiHandler({
    control,
    aggregates: { query: async () => [] } as unknown as ReadApiDeps['aggregates'],
    store: { verbatims: async () => [], sharedPairs: async () => [] },
    topics: new MemoryTopicSummaries(),
    incidents,
    departments: DEFAULT_DEPARTMENTS,
    timeZone: 'Europe/Paris',
    logger: silentLogger(),
  });
  return { handler, control };
}

describe('makeReadApiHandler', () => {
  it('answers health without a key and lists the departments, Unassigned last, to a read key', async () => {
    // Prepare
    const { handler, control } = setup();
    // Act
    const health = await invokeHttp(handler, httpEvent('GET /v1/health'));
    const departments = await invokeHttp(handler, httpEvent('GET /v1/departments', { key: control.keys.read }));
    // Assess
    expect(health).toEqual({ status: 200, body: { status: 'ok' } });
    expect(departments.status).toBe(200);
    expect(departments.body.departments.map((d: { id: string }) => d.id)).toEqual([...DEFAULT_DEPARTMENTS.departments.map((d) => d.id), 'unassigned']);
    expect(departments.body.timeZone).toBe('Europe/Paris');
  });

  it('as the $default route: 404 for an unknown path, 405 for a known path with another method', async () => {
    // Prepare
    const { handler, control } = setup();
    // Act
    const unknown = await invokeHttp(handler, httpEvent('$default', { path: '/v1/nothing-here', key: control.keys.read }));
    const post = httpEvent('$default', { path: '/v1/scores', key: control.keys.read });
    post.requestContext.http.method = 'POST';
    const wrongMethod = await invokeHttp(handler, post);
    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No route GET /v1/nothing-here.');
    expect(wrongMethod.status).toBe(405);
  });

  it('lists incidents as the public contract, filters them by status, refuses an unknown status (400) and a key without the read role (403)', async () => {
    // Prepare
    const open = storedIncident({ acknowledged: { by: 'officer-dashboard', at: '2026-12-02T10:00:00.000Z' }, deferred: [{ recipient: 'cco@example.com', kind: 'incident', at: '2026-12-02T09:00:00.000Z', summarizedAt: null, lang: 'en' as const }] });
    const recovered = storedIncident({ id: 'delivery-2026-11-30', scope: { department: 'delivery' }, status: 'recovered', openedAt: '2026-11-30T09:00:00.000Z', recoveredAt: '2026-12-01T09:00:00.000Z' });
    const resolved = storedIncident({ id: 'billing+delivery-2026-11-28', scope: { pair: ['billing', 'delivery'] }, status: 'resolved', openedAt: '2026-11-28T09:00:00.000Z', resolved: { by: 'ops', at: '2026-11-29T09:00:00.000Z', note: 'Fixed.' } });
    const { handler, control } = setup([recovered, open, resolved]);
    // Act
    const all = await invokeHttp(handler, httpEvent('GET /v1/alerts', { key: control.keys.read }));
    const onlyOpen = await invokeHttp(handler, httpEvent('GET /v1/alerts', { key: control.keys.read, query: { status: 'open' } }));
    const onlyResolved = await invokeHttp(handler, httpEvent('GET /v1/alerts', { key: control.keys.read, query: { status: 'resolved' } }));
    const bogus = await invokeHttp(handler, httpEvent('GET /v1/alerts', { key: control.keys.read, query: { status: 'closed' } }));
    const ingestKey = await invokeHttp(handler, httpEvent('GET /v1/alerts', { key: control.keys.ingest }));
    // Assess
    expect(all.status).toBe(200);
    expect(all.body.incidents.map((i: { id: string }) => i.id)).toEqual(['billing-2026-12-02', 'delivery-2026-11-30', 'billing+delivery-2026-11-28']);
    expect(onlyOpen.body).toEqual({
      incidents: [
        {
          id: 'billing-2026-12-02',
          scope: { department: 'billing' },
          window: '2026-12-01T23:00:00.000Z',
          severity: 'major',
          status: 'open',
          openedAt: '2026-12-02T09:00:00.000Z',
          updatedAt: '2026-12-02T09:00:00.000Z',
          rules: [{ rule: 'negative-share', value: 0.62, threshold: 0.4, baseline: 0.18, volume: 60 }],
          verbatims: open.verbatims,
          acknowledged: { by: 'officer-dashboard', at: '2026-12-02T10:00:00.000Z' },
          deferred: [{ recipient: 'cco@example.com', kind: 'incident', at: '2026-12-02T09:00:00.000Z' }],
        },
      ],
    });
    expect(onlyResolved.body.incidents.map((i: { scope: unknown; resolved: unknown }) => [i.scope, i.resolved])).toEqual([[{ pair: ['billing', 'delivery'] }, resolved.resolved]]);
    expect(bogus.status).toBe(400);
    expect(bogus.body.error).toMatchObject({ code: 'invalid_query', message: 'status is one of open, recovered, resolved (or leave it out for all); got "closed".' });
    expect(ingestKey.status).toBe(403);
  });

  it('names an emerging negative topic rule\'s topics in GET /v1/alerts: phrase, test, support, baseline share and redacted examples', async () => {
    // Prepare: a delivery incident its emerging negative topic opened, as the evaluator stores it.
    const topic = {
      key: 'appli plant paiement',
      phrase: 'appli plante au paiement',
      window: '2026-12-01T23:00:00.000Z',
      since: '2026-12-01T23:00:00.000Z',
      reason: 'new' as const,
      test: 'conditional-binomial',
      statistic: 8.2,
      threshold: 7,
      support: 10,
      items: 16,
      share: 0.625,
      baselineShare: 0,
      negativeShare: 1,
      examples: [{ id: 'fb-7', text: 'L’appli plante au paiement, écrivez à [EMAIL]', occurredAt: '2026-12-02T08:40:00.000Z' }],
    };
    const emerging = incidentRule({ rule: 'emerging-negative-topic', kind: 'emerging-negative-topic', source: { kind: 'dept', id: 'delivery' }, value: 8.2, threshold: 7, baseline: null, volume: 10, topics: [topic] });
    const { handler, control } = setup([storedIncident({ scope: { department: 'delivery' }, rules: [emerging, incidentRule({ source: { kind: 'dept', id: 'delivery' } })] })]);
    // Act
    const r = await invokeHttp(handler, httpEvent('GET /v1/alerts', { key: control.keys.read }));
    // Assess: the topic rule carries its topics; the other rules keep their shape, with no topics field.
    expect(r.status).toBe(200);
    expect(r.body.incidents[0].rules).toEqual([
      { rule: 'emerging-negative-topic', value: 8.2, threshold: 7, baseline: null, volume: 10, topics: [topic] },
      { rule: 'negative-share', value: 0.62, threshold: 0.4, baseline: 0.18, volume: 60 },
    ]);
  });
});
