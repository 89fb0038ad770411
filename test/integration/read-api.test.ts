import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { call, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';

let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let state: ReturnType<typeof stackState>;

const get = (path: string) => call(`${stack.info.apiUrl}${path}`, { key: stack.info.keys.read });

beforeAll(async () => {
  dir = await tempDir('read-api');
  stack = await startLocalStack({ dataDir: dir.path, port: 0 });
  state = stackState(stack.info);
  // Prepare: last week a calm billing department; this week complaints that also hit delivery,
  // one of them at 23:30 UTC on Sunday — already Monday in Paris.
  const items = [
    { text: 'Facture claire, merci', occurredAt: '2026-03-03T10:00:00Z', externalId: 'p1', ratings: { nps: 10 }, department: 'billing' },
    { text: 'Paiement simple et rapide', occurredAt: '2026-03-04T10:00:00Z', externalId: 'p2', ratings: { nps: 9 }, department: 'billing' },
    { text: 'Colis perdu et facture quand même prélevée, scandaleux', occurredAt: '2026-03-10T09:00:00Z', externalId: 'c1', ratings: { nps: 1 } },
    { text: 'Livraison en retard et facture fausse, inadmissible', occurredAt: '2026-03-11T09:00:00Z', externalId: 'c2', ratings: { nps: 2 } },
    { text: 'Colis abîmé, facture doublée, horrible', occurredAt: '2026-03-15T23:30:00Z', externalId: 'c3', ratings: { nps: 0 } },
  ];
  const posted = await call(`${stack.info.apiUrl}/v1/feedback`, { key: stack.info.keys.ingest, body: { items } });
  expect(posted.status).toBe(202);
  await state.drained();
});

afterAll(async () => {
  state?.close();
  await stack?.stop();
  await dir?.remove();
});

describe('GET /v1/scores', () => {
  it('compares a week with the week before it', async () => {
    const r = await get('/v1/scores?department=billing&granularity=week&from=2026-03-09T00:00:00Z&to=2026-03-15T23:59:59Z');
    expect(r.status).toBe(200);
    expect(r.body.summary.previous).toMatchObject({ count: 2, nps: 100, from: '2026-03-02T00:00:00.000Z' });
    expect(r.body.summary.current).toMatchObject({ count: 3, nps: -100 });
    expect(r.body.summary.change).toMatchObject({ count: 1, nps: -200 });
    expect(r.body.summary.change.negativeShare).toBeGreaterThan(0);
  });

  it('counts the billing and delivery interface as a pair', async () => {
    const r = await get('/v1/scores?pair=delivery%2Bbilling&granularity=week&from=2026-03-09T00:00:00Z&to=2026-03-15T23:59:59Z');
    expect(r.status).toBe(200);
    expect(r.body.scope).toEqual({ kind: 'pair', id: 'billing+delivery' });
    expect(r.body.series[0]).toMatchObject({ window: '2026-03-09T00:00:00.000Z', count: 3 });
  });

  it('puts Sunday 23:30 UTC into the next Paris week', async () => {
    const utc = await get('/v1/scores?department=delivery&granularity=week&from=2026-03-09T00:00:00Z&to=2026-03-22T00:00:00Z');
    const paris = await get('/v1/scores?department=delivery&granularity=week&tz=Europe/Paris&from=2026-03-08T23:00:00Z&to=2026-03-22T00:00:00Z');
    expect(utc.body.series.map((w: { count: number }) => w.count)).toEqual([3, 0]);
    expect(paris.body.zone).toBe('Europe/Paris');
    expect(paris.body.series.map((w: { window: string; count: number }) => [w.window, w.count])).toEqual([
      ['2026-03-08T23:00:00.000Z', 2],
      ['2026-03-15T23:00:00.000Z', 1],
    ]);
  });

  it('refuses a zone that is not aggregated, and two scopes at once, saying what to ask instead', async () => {
    const zone = await get('/v1/scores?department=billing&tz=America/New_York');
    expect(zone.status).toBe(400);
    expect(zone.body.error.message).toContain('Europe/Paris');
    const both = await get('/v1/scores?department=billing&journey=order');
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(/exactly one/);
  });
});

describe('GET /v1/feedback', () => {
  it('lists a department\'s verbatims newest first, with why each is attributed', async () => {
    const r = await get('/v1/feedback?department=billing&from=2026-03-01T00:00:00Z&to=2026-03-16T00:00:00Z');
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { occurredAt: string }) => i.occurredAt)).toEqual([
      '2026-03-15T23:30:00.000Z',
      '2026-03-11T09:00:00.000Z',
      '2026-03-10T09:00:00.000Z',
      '2026-03-04T10:00:00.000Z',
      '2026-03-03T10:00:00.000Z',
    ]);
    const [latest] = r.body.items;
    expect(latest.departments.find((d: { id: string }) => d.id === 'billing').reason).toMatch(/^keywords:/);
    expect(r.body.items.at(-1).departments).toEqual([{ id: 'billing', reason: 'hint:source' }]);
    expect(latest).not.toHaveProperty('customer');
  });

  it('honours limit and needs the read role', async () => {
    const r = await get('/v1/feedback?department=billing&from=2026-03-01T00:00:00Z&to=2026-03-16T00:00:00Z&limit=2');
    expect(r.body.items).toHaveLength(2);
    const ingestKey = await call(`${stack.info.apiUrl}/v1/feedback?department=billing`, { key: stack.info.keys.ingest });
    expect(ingestKey.status).toBe(403);
  });

  it('answers an unknown path or method with the JSON error, as the $default route does on AWS', async () => {
    const r = await call(`${stack.info.apiUrl}/v2/nothing`, { key: stack.info.keys.read });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
    const wrongMethod = await call(`${stack.info.apiUrl}/v1/scores`, { method: 'DELETE', key: stack.info.keys.read });
    expect(wrongMethod.status).toBe(405);
  });
});

describe('recompute', () => {
  it('reports drift in a damaged cell, rewrites it, and then finds none', async () => {
    const { recompute } = await import('../../shared/app/recompute');
    const { DynamoAggregateRewriter } = await import('../../shared/adapters/dynamo-aggregates');
    const { attributorFor } = await import('../../shared/app/attribute');
    const { DEFAULT_DEPARTMENTS } = await import('../../shared/domain/departments/schema');
    const { AGGREGATE_SHARDS } = await import('../../shared/resources');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documentClient } = await import('../../shared/adapters/dynamo-client');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const doc = documentClient(new DynamoDBClient({ endpoint: stack.info.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } }));
    const table = stack.info.resources.tables.aggregates;
    // Prepare: a lost increment in one shard of the billing day cell.
    const rows: { series: string; window: string }[] = [];
    for await (const row of state.aggregates.scanAll()) if (row.series === 'DEPT#billing#day#UTC' && row.counters.count > 0) rows.push(row);
    const target = rows[0]!;
    let damaged = false;
    for (let shard = 0; shard < AGGREGATE_SHARDS && !damaged; shard++) {
      try {
        await doc.send(new UpdateCommand({
          TableName: table, Key: { pk: `${target.series}#s${shard}`, sk: target.window },
          UpdateExpression: 'ADD #c :n', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':n': 5 },
        }));
        damaged = true;
      } catch { /* that shard holds nothing for this window */ }
    }
    expect(damaged).toBe(true);
    const deps = {
      items: () => state.store.scanItems(),
      attribute: attributorFor(DEFAULT_DEPARTMENTS),
      attributions: state.store,
      aggregates: state.aggregates,
      rewriter: new DynamoAggregateRewriter(doc, table, AGGREGATE_SHARDS),
      zones: ['Europe/Paris'],
    };
    // Act
    const dry = await recompute({ ...deps, dryRun: true });
    const fixed = await recompute({ ...deps, dryRun: false });
    const after = await recompute({ ...deps, dryRun: true });
    // Assess
    expect(dry).toMatchObject({ items: 5, cellsWithDrift: 1, driftByCounter: { count: 5 }, cellsFixed: 0 });
    expect(fixed.cellsFixed).toBe(1);
    expect(after.cellsWithDrift).toBe(0);
    expect(await state.drift()).toEqual([]);
  });
});

describe('POST /v1/exports', () => {
  it('streams a French contact-centre CSV into feedback, reporting each bad row with its number', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const csv = readFileSync(join(import.meta.dirname, '../fixtures/exports/generic-fr-semicolon.csv'));
    const r = await call(`${stack.info.apiUrl}/v1/exports?profile=generic`, { key: stack.info.keys.ingest, raw: csv, contentType: 'text/csv; charset=utf-8' });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({ profile: 'generic', rows: 6 });
    expect(r.body.accepted).toBeGreaterThanOrEqual(3);
    expect(r.body.rejected.map((x: { row: number }) => x.row)).toContain(3); // 31/02/2026 is not a date
    expect(r.body.rejected.find((x: { row: number }) => x.row === 3).error).toMatch(/date/i);
    await state.drained();
    const exported = (await state.storedItems()).filter((i) => i.source.channel === 'export');
    expect(exported).toHaveLength(r.body.accepted);
    const first = exported.find((i) => i.source.externalId === 'FR-1001')!;
    expect(first).toMatchObject({ occurredAt: '2026-03-14T08:30:00.000Z', ratings: { nps: 3, csat: 2, ces: 6 } });
    expect(JSON.stringify(first)).not.toContain('marie.dupont');

    // The same file again counts once; an unknown profile is refused with the list.
    await call(`${stack.info.apiUrl}/v1/exports?profile=generic`, { key: stack.info.keys.ingest, raw: csv, contentType: 'text/csv' });
    await state.drained();
    expect((await state.storedItems()).filter((i) => i.source.channel === 'export')).toHaveLength(r.body.accepted);
    const unknown = await call(`${stack.info.apiUrl}/v1/exports?profile=salesforce`, { key: stack.info.keys.ingest, raw: csv, contentType: 'text/csv' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/zendesk/);
  });
});
