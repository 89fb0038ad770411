import { describe, expect, it } from 'vitest';
import { makeReadApiHandler, type ReadApiDeps } from '../../functions/handlers/read-api-handler';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { httpEvent, invokeHttp, MemoryControlStore, silentLogger } from '../support/handler-deps';

type AlertStates = Awaited<ReturnType<ReadApiDeps['alertStates']['list']>>;

function setup(alerts: AlertStates = []) {
  const control = new MemoryControlStore();
  const handler = makeReadApiHandler({
    control,
    aggregates: { query: async () => [] } as unknown as ReadApiDeps['aggregates'],
    store: { verbatims: async () => [] },
    alertStates: { list: async () => alerts },
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

  it('filters alerts by status, refuses an unknown status (400) and a key without the read role (403)', async () => {
    // Prepare
    const alerts = [
      { key: 'a', status: 'open' },
      { key: 'b', status: 'recovered' },
    ] as unknown as AlertStates;
    const { handler, control } = setup(alerts);
    // Act
    const open = await invokeHttp(handler, httpEvent('GET /v1/alerts', { key: control.keys.read, query: { status: 'open' } }));
    const bogus = await invokeHttp(handler, httpEvent('GET /v1/alerts', { key: control.keys.read, query: { status: 'closed' } }));
    const ingestKey = await invokeHttp(handler, httpEvent('GET /v1/alerts', { key: control.keys.ingest }));
    // Assess
    expect(open.body.alerts.map((a: { key: string }) => a.key)).toEqual(['a']);
    expect(bogus.status).toBe(400);
    expect(bogus.body.error.code).toBe('invalid_query');
    expect(ingestKey.status).toBe(403);
  });
});
