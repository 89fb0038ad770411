import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeAdminApiHandler } from '../../functions/handlers/admin-api-handler';
import { shippedFirstNames } from '../../shared/adapters/first-names-file';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import type { RedactionOptions } from '../../shared/domain/redaction/types';
import type { CustomerDataStore } from '../../shared/ports/stores';
import { httpEvent, invokeHttp, MemoryControlStore, silentLogger } from '../support/handler-deps';
import { InMemoryIncidentStore, storedIncident } from '../support/stored-incidents';

const s3 = mockClient(S3Client);

function setup(redaction?: RedactionOptions) {
  const control = new MemoryControlStore();
  const erased: string[] = [];
  const store: CustomerDataStore = {
    eraseCustomer: async (customerHash) => {
      erased.push(customerHash);
      return { itemsAnonymised: 2, verbatimRowsDeleted: 3, rawObjects: ['inbound/a.eml', 'inbound/b.eml'] };
    },
  };
  const incidents = new InMemoryIncidentStore();
  incidents.rows.set('billing-2026-12-02', storedIncident());
  const handler = makeAdminApiHandler({ control, store, incidents, s3: new S3Client({ region: 'eu-west-3' }), rawBucket: 'raw-bucket', departments: DEFAULT_DEPARTMENTS, redaction, logger: silentLogger() });
  return { handler, control, erased, incidents };
}

beforeEach(() => {
  s3.reset();
  s3.on(DeleteObjectCommand).resolves({});
});

describe('makeAdminApiHandler', () => {
  it('erases a customer for an admin key: the raw emails deleted from the raw bucket, the receipt recorded and answered', async () => {
    // Prepare
    const { handler, control, erased } = setup();
    // Act
    const r = await invokeHttp(handler, httpEvent('POST /v1/erasure', { key: control.keys.admin, body: JSON.stringify({ customer: 'camille@example.com' }) }));
    // Assess
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ itemsAnonymised: 2, verbatimRowsDeleted: 3, rawObjectsDeleted: 2 });
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'raw-bucket', Key: 'inbound/a.eml' },
      { Bucket: 'raw-bucket', Key: 'inbound/b.eml' },
    ]);
    expect(control.erasures).toEqual([expect.objectContaining({ erasureId: r.body.erasureId, customerHash: erased[0] })]);
    expect(JSON.stringify(r.body)).not.toContain('camille@example.com');
  });

  it('refuses a non-admin key (403) and a body without a customer (400), erasing nothing; 404 for a route it does not serve', async () => {
    // Prepare
    const { handler, control, erased } = setup();
    // Act
    const ingestKey = await invokeHttp(handler, httpEvent('POST /v1/erasure', { key: control.keys.ingest, body: JSON.stringify({ customer: 'x@example.com' }) }));
    const noCustomer = await invokeHttp(handler, httpEvent('POST /v1/erasure', { key: control.keys.admin, body: '{}' }));
    const unknown = await invokeHttp(handler, httpEvent('GET /v1/erasure', { key: control.keys.admin }));
    // Assess
    expect(ingestKey.status).toBe(403);
    expect(noCustomer.status).toBe(400);
    expect(noCustomer.body.error.code).toBe('invalid_erasure');
    expect(unknown.status).toBe(404);
    expect(erased).toEqual([]);
    expect(s3.commandCalls(DeleteObjectCommand)).toEqual([]);
  });

  it('answers a generic 500 (no stack) when the raw bucket cannot be reached', async () => {
    // Prepare
    const { handler, control } = setup();
    s3.on(DeleteObjectCommand).rejects(new Error('AccessDenied at arn:aws:s3:::raw-bucket'));
    // Act
    const r = await invokeHttp(handler, httpEvent('POST /v1/erasure', { key: control.keys.admin, body: JSON.stringify({ customer: 'x@example.com' }) }));
    // Assess
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('internal_error');
    expect(JSON.stringify(r.body)).not.toContain('AccessDenied');
    expect(control.erasures).toEqual([]);
  });

  it('acts on an incident for an admin key: ack without a body, assign, resolve, each recorded with the key’s source and answered as the public view', async () => {
    // Prepare
    const { handler, control, incidents } = setup();
    const on = (action: string, body?: unknown) =>
      invokeHttp(handler, httpEvent(`POST /v1/alerts/{id}/${action}`, { path: `/v1/alerts/billing-2026-12-02/${action}`, key: control.keys.admin, pathParameters: { id: 'billing-2026-12-02' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
    // Act
    const ack = await on('ack');
    const assign = await on('assign', { owner: 'billing-lead@example.com' });
    const resolve = await on('resolve', { note: 'Double charges refunded; the billing batch is fixed.' });
    const again = await on('resolve', { note: 'again' });
    // Assess
    expect(ack.status).toBe(200);
    expect(ack.body.incident.acknowledged).toEqual({ by: 'test-admin', at: expect.any(String) });
    expect(assign.body.incident.assignee).toBe('billing-lead@example.com');
    expect(resolve.body.incident).toMatchObject({ id: 'billing-2026-12-02', status: 'resolved', resolved: { by: 'test-admin', note: 'Double charges refunded; the billing batch is fixed.' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
    expect(incidents.rows.get('billing-2026-12-02')).toMatchObject({ version: 4, status: 'resolved', assignee: { owner: 'billing-lead@example.com', by: 'test-admin' } });
  });

  it('stores and answers a resolve note redacted with the first-name gazetteer the Lambda gives it: names titled or not, and phones', async () => {
    // Prepare: what functions/admin-api.ts passes, the shipped gazetteer.
    const { handler, control, incidents } = setup({ firstNames: shippedFirstNames() });
    const note = 'Rappelé Mme Sophie Martin au 06 12 34 56 78. Avoir envoyé à CHEVALIER Thomas, Julien Morel prévenu.';
    // Act
    const r = await invokeHttp(
      handler,
      httpEvent('POST /v1/alerts/{id}/resolve', { path: '/v1/alerts/billing-2026-12-02/resolve', key: control.keys.admin, pathParameters: { id: 'billing-2026-12-02' }, body: JSON.stringify({ note }) }),
    );
    // Assess: the title and the phone say what they are; only the gazetteer knows the names without a title.
    const redacted = 'Rappelé Mme [NAME] au [PHONE]. Avoir envoyé à [NAME], [NAME] prévenu.';
    expect(r.status).toBe(200);
    expect(r.body.incident.resolved.note).toBe(redacted);
    expect(incidents.rows.get('billing-2026-12-02')?.resolved?.note).toBe(redacted);
  });

  it('refuses incident actions without the admin role (403), for an unknown id (404) and with a bad body (400), changing nothing', async () => {
    // Prepare
    const { handler, control, incidents } = setup();
    const on = (action: string, id: string, key: string, body?: string) =>
      invokeHttp(handler, httpEvent(`POST /v1/alerts/{id}/${action}`, { path: `/v1/alerts/${id}/${action}`, key, pathParameters: { id }, body }));
    // Act
    const readKey = await on('ack', 'billing-2026-12-02', control.keys.read);
    const unknown = await on('ack', 'billing-1999-01-01', control.keys.admin);
    const badOwner = await on('assign', 'billing-2026-12-02', control.keys.admin, JSON.stringify({ owner: 'Camille' }));
    const noNote = await on('resolve', 'billing-2026-12-02', control.keys.admin);
    const notJson = await on('resolve', 'billing-2026-12-02', control.keys.admin, 'resolved!');
    // Assess
    expect(readKey.status).toBe(403);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('billing-1999-01-01');
    expect(badOwner.status).toBe(400);
    expect(badOwner.body.error).toMatchObject({ code: 'invalid_assign', message: expect.stringContaining('owner must be an email address') });
    expect(noNote.status).toBe(400);
    expect(notJson.status).toBe(400);
    expect(incidents.rows.get('billing-2026-12-02')?.version).toBe(1);
  });
});
