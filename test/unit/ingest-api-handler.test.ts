import { describe, expect, it } from 'vitest';
import { makeIngestApiHandler, MAX_INLINE_EXPORT_BYTES } from '../../functions/handlers/ingest-api-handler';
import type { ExportFiles, ExportJobStore } from '../../shared/ports/export-jobs';
import { httpEvent, invokeHttp, MemoryControlStore, MemoryFeedbackQueue, silentLogger } from '../support/handler-deps';

/** Export jobs and files are not reached by these requests: any call is a test failure. */
const unreachable = new Proxy({}, { get: (_, name) => () => Promise.reject(new Error(`unexpected call ${String(name)}`)) });

function setup() {
  const control = new MemoryControlStore();
  const queue = new MemoryFeedbackQueue();
  const handler = makeIngestApiHandler({
    control,
    queue,
    jobs: unreachable as ExportJobStore,
    files: unreachable as ExportFiles,
    timeZone: 'Europe/Paris',
    configuredProfiles: {},
    logger: silentLogger(),
  });
  return { handler, control, queue };
}

const item = { text: 'Le colis est arrivé cassé, très déçu', externalId: 'order-1', occurredAt: '2026-06-10T08:30:00Z' };

describe('makeIngestApiHandler', () => {
  it('routes POST /v1/feedback to ingestion: 202 with the id, and the envelope on the queue', async () => {
    // Prepare
    const { handler, control, queue } = setup();
    // Act
    const r = await invokeHttp(handler, httpEvent('POST /v1/feedback', { key: control.keys.ingest, body: JSON.stringify(item) }));
    // Assess
    expect(r.status).toBe(202);
    expect(r.body.accepted).toHaveLength(1);
    expect(queue.sent.map((e) => e.id)).toEqual([r.body.accepted[0].id]);
    expect(queue.sent[0]!.source).toMatchObject({ channel: 'api', provider: 'test-ingest' });
  });

  it('maps failures to the contract: 401 without a key, 403 for a read key, 400 for a body that is not JSON', async () => {
    // Prepare
    const { handler, control, queue } = setup();
    // Act
    const missing = await invokeHttp(handler, httpEvent('POST /v1/feedback', { body: JSON.stringify(item) }));
    const wrongRole = await invokeHttp(handler, httpEvent('POST /v1/feedback', { key: control.keys.read, body: JSON.stringify(item) }));
    const notJson = await invokeHttp(handler, httpEvent('POST /v1/feedback', { key: control.keys.ingest, body: '{"text":' }));
    // Assess
    expect([missing.status, wrongRole.status, notJson.status]).toEqual([401, 403, 400]);
    expect(notJson.body.error.code).toBe('invalid_json');
    expect(queue.sent).toEqual([]);
  });

  it('answers 400 for an export without ?profile= and 404 for a route it does not serve', async () => {
    // Prepare
    const { handler, control } = setup();
    // Act
    const noProfile = await invokeHttp(handler, httpEvent('POST /v1/exports', { key: control.keys.ingest, body: 'a,b\n1,2', contentType: 'text/csv' }));
    const unknown = await invokeHttp(handler, httpEvent('DELETE /v1/feedback', { key: control.keys.ingest }));
    // Assess
    expect(noProfile.status).toBe(400);
    expect(noProfile.body.error.code).toBe('invalid_query');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('No route DELETE /v1/feedback.');
  });

  it('answers 413 for an inline export over 1 MiB, pointing to the upload route with the same profile, and queues nothing', async () => {
    // Prepare
    const { handler, control, queue } = setup();
    const header = 'id;message\r\n';
    const row = 'r;Le colis est arrivé cassé, très déçu\r\n';
    const body = header + row.repeat(Math.ceil((MAX_INLINE_EXPORT_BYTES - header.length) / Buffer.byteLength(row)) + 1);
    // Act
    const r = await invokeHttp(handler, httpEvent('POST /v1/exports', { key: control.keys.ingest, body, contentType: 'text/csv', query: { profile: 'generic' } }));
    // Assess
    expect(MAX_INLINE_EXPORT_BYTES).toBe(1024 * 1024);
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_INLINE_EXPORT_BYTES);
    expect(r.status).toBe(413);
    expect(r.body.error.message).toContain('POST /v1/exports/uploads?profile=generic');
    expect(queue.sent).toEqual([]);
  });
});
