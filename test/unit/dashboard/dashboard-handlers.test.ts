import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { makeAdminApiHandler } from '../../../functions/handlers/admin-api-handler';
import { makeReadApiHandler } from '../../../functions/handlers/read-api-handler';
import { shippedFirstNames } from '../../../shared/adapters/first-names-file';
import { DepartmentResponseSchema, IncidentViewSchema, OverviewResponseSchema } from '../../../shared/domain/dashboard/contract';
import type { CustomerDataStore } from '../../../shared/ports/stores';
import { dashboardWorld, DASHBOARD_CONFIG, OFFICER_CLAIMS, ownerClaims, signedIn } from '../../support/dashboard-world';
import { httpEvent, invokeHttp, MemoryControlStore, silentLogger } from '../../support/handler-deps';
import { MemoryTopicSummaries } from '../../support/memory-topic-summaries';

function readHandler() {
  const world = dashboardWorld();
  const control = new MemoryControlStore();
  return { ...world, control, handler: makeReadApiHandler({ ...world.deps, topics: new MemoryTopicSummaries(), control, logger: silentLogger() }) };
}

function adminHandler() {
  const world = dashboardWorld();
  const control = new MemoryControlStore();
  const store: CustomerDataStore = { eraseCustomer: async () => ({ itemsAnonymised: 0, verbatimRowsDeleted: 0, rawObjects: [] }) };
  const handler = makeAdminApiHandler({
    control,
    store,
    incidents: world.incidents,
    s3: new S3Client({ region: 'eu-west-3' }),
    rawBucket: 'raw',
    departments: DASHBOARD_CONFIG,
    // As functions/admin-api.ts: resolve notes redacted with the shipped first-name gazetteer.
    redaction: { firstNames: shippedFirstNames() },
    logger: silentLogger(),
    now: () => new Date('2026-03-10T12:00:00Z'),
  });
  return { ...world, control, handler };
}

describe('the read API\'s dashboard routes', () => {
  it('answers a signed-in officer, the department\'s id from a path API Gateway or the $default route hands over', async () => {
    const { handler } = readHandler();
    const overview = await invokeHttp(handler, signedIn(httpEvent('GET /v1/dashboard/overview'), OFFICER_CLAIMS));
    expect(overview.status).toBe(200);
    expect(OverviewResponseSchema.parse(overview.body).departments).toHaveLength(3);
    // As the $default route (no path parameters in the event): the id comes from the path.
    const department = await invokeHttp(handler, signedIn(httpEvent('$default', { path: '/v1/dashboard/departments/billing' }), OFFICER_CLAIMS));
    expect(department.status).toBe(200);
    expect(DepartmentResponseSchema.parse(department.body).department.id).toBe('billing');
  });

  it('asks for a sign-in without claims (401), an API key being no sign-in, and refuses another department (403)', async () => {
    const { handler, control } = readHandler();
    const anonymous = await invokeHttp(handler, httpEvent('GET /v1/dashboard/session', { key: control.keys.admin }));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('sign_in_required');
    // A header that looks like claims is not claims.
    const forged = await invokeHttp(handler, httpEvent('GET /v1/dashboard/session', { headers: { authorization: 'Bearer x', 'x-claims': JSON.stringify(OFFICER_CLAIMS) } }));
    expect(forged.status).toBe(401);
    const other = await invokeHttp(handler, signedIn(httpEvent('GET /v1/dashboard/departments/{id}', { path: '/v1/dashboard/departments/delivery', pathParameters: { id: 'delivery' } }), ownerClaims('billing.lead@example.com')));
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain('billing.lead@example.com may not see department "delivery"');
    const unverified = await invokeHttp(handler, signedIn(httpEvent('GET /v1/dashboard/session'), { ...ownerClaims('billing.lead@example.com'), email_verified: 'false' }));
    expect(unverified.status).toBe(403);
    const bad = await invokeHttp(handler, signedIn(httpEvent('GET /v1/dashboard/overview', { query: { period: 'fortnight' } }), OFFICER_CLAIMS));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('period is day, week or month');
  });

  it('still serves the API-key routes as before', async () => {
    const { handler, control } = readHandler();
    const alerts = await invokeHttp(handler, httpEvent('GET /v1/alerts', { key: control.keys.read }));
    expect(alerts.status).toBe(200);
    expect(alerts.body.incidents).toHaveLength(4);
  });
});

describe('the admin API\'s dashboard incident actions', () => {
  it('records an owner\'s acknowledgement under their email and answers the incident with its history', async () => {
    const { handler, incidents } = adminHandler();
    const r = await invokeHttp(
      handler,
      signedIn(httpEvent('POST /v1/dashboard/incidents/{id}/ack', { pathParameters: { id: 'billing-2026-03-10' } }), ownerClaims('billing.lead@example.com')),
    );
    expect(r.status).toBe(200);
    const incident = IncidentViewSchema.parse(r.body.incident);
    expect(incident.acknowledged).toEqual({ by: 'billing.lead@example.com', at: '2026-03-10T12:00:00.000Z' });
    expect(incident.history!.at(-1)).toMatchObject({ event: 'acknowledged', by: 'billing.lead@example.com' });
    expect(incidents.rows.get('billing-2026-03-10')!.acknowledged?.by).toBe('billing.lead@example.com');
  });

  it('lets the officer resolve anything, and refuses an owner another department\'s incident (403) or one that does not exist (404)', async () => {
    const { handler, incidents } = adminHandler();
    const refused = await invokeHttp(
      handler,
      signedIn(
        httpEvent('POST /v1/dashboard/incidents/{id}/assign', { pathParameters: { id: 'delivery-2026-03-10' }, body: JSON.stringify({ owner: 'x@example.com' }) }),
        ownerClaims('billing.lead@example.com'),
      ),
    );
    expect(refused.status).toBe(403);
    expect(incidents.rows.get('delivery-2026-03-10')!.assignee).toBeNull();
    const journey = await invokeHttp(handler, signedIn(httpEvent('POST /v1/dashboard/incidents/{id}/ack', { pathParameters: { id: 'journey.order-2026-03-10' } }), ownerClaims('delivery.lead@example.com')));
    expect(journey.status).toBe(403);
    const missing = await invokeHttp(handler, signedIn(httpEvent('POST /v1/dashboard/incidents/{id}/ack', { pathParameters: { id: 'nope' } }), OFFICER_CLAIMS));
    expect(missing.status).toBe(404);
    const resolved = await invokeHttp(
      handler,
      signedIn(httpEvent('POST /v1/dashboard/incidents/{id}/resolve', { pathParameters: { id: 'delivery-2026-03-10' }, body: JSON.stringify({ note: 'Carrier changed; Julien Morel called back on 06 12 34 56 78.' }) }), OFFICER_CLAIMS),
    );
    expect(resolved.status).toBe(200);
    // The note as stored and shown: the name (only the gazetteer knows it) and the phone redacted.
    expect(resolved.body.incident).toMatchObject({ status: 'resolved', resolved: { by: 'cco@example.com', note: 'Carrier changed; [NAME] called back on [PHONE].' } });
    const anonymous = await invokeHttp(handler, httpEvent('POST /v1/dashboard/incidents/{id}/ack', { pathParameters: { id: 'billing-2026-03-10' } }));
    expect(anonymous.status).toBe(401);
  });
});
