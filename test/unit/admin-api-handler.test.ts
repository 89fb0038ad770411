import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeAdminApiHandler } from '../../functions/handlers/admin-api-handler';
import type { CustomerDataStore } from '../../shared/ports/stores';
import { httpEvent, invokeHttp, MemoryControlStore, silentLogger } from '../support/handler-deps';

const s3 = mockClient(S3Client);

function setup() {
  const control = new MemoryControlStore();
  const erased: string[] = [];
  const store: CustomerDataStore = {
    eraseCustomer: async (customerHash) => {
      erased.push(customerHash);
      return { itemsAnonymised: 2, verbatimRowsDeleted: 3, rawObjects: ['inbound/a.eml', 'inbound/b.eml'] };
    },
  };
  const handler = makeAdminApiHandler({ control, store, s3: new S3Client({ region: 'eu-west-3' }), rawBucket: 'raw-bucket', logger: silentLogger() });
  return { handler, control, erased };
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
});
