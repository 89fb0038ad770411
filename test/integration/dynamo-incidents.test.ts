import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CONTROL_KEYS } from '../../shared/adapters/dynamo-control-keys';
import { DynamoDeliveryBudget, recipientHash } from '../../shared/adapters/dynamo-delivery-budget';
import { DynamoIncidentStore } from '../../shared/adapters/dynamo-incidents';
import { DynamoSendMarkers, SEND_MARKER_RETENTION_DAYS } from '../../shared/adapters/dynamo-send-markers';
import { storedIncident } from '../support/stored-incidents';
import { localControlTables } from '../support/local-control-table';

const control = localControlTables('incidents');
const doc = control.doc;

describe('DynamoIncidentStore', () => {
  it('stores an incident, finds it by id and as the open incident of its scope, and lists it', async () => {
    const store = new DynamoIncidentStore(doc(), control.table());
    const incident = storedIncident();
    expect(await store.put(incident)).toBe(true);
    expect(await store.get(incident.id)).toEqual(incident);
    expect(await store.openFor('billing')).toEqual(incident);
    expect(await store.openFor('delivery')).toBeUndefined();
    expect(await store.list()).toEqual([incident]);
  });

  it('writes under the optimistic lock: version n needs the stored n − 1, version 1 needs nothing stored', async () => {
    const store = new DynamoIncidentStore(doc(), control.table());
    const v1 = storedIncident();
    expect(await store.put(v1)).toBe(true);
    expect(await store.put(v1)).toBe(false);
    expect(await store.put({ ...v1, version: 3, severity: 'critical' })).toBe(false);
    expect(await store.put({ ...v1, version: 2, severity: 'critical' })).toBe(true);
    expect((await store.get(v1.id))?.severity).toBe('critical');
    // The open copy moved with it.
    expect((await store.openFor('billing'))?.version).toBe(2);
  });

  it('two concurrent writers of one incident: exactly one wins', async () => {
    const store = new DynamoIncidentStore(doc(), control.table());
    const v1 = storedIncident();
    await store.put(v1);
    const writers = await Promise.all(
      (['critical', 'minor'] as const).map((severity) => new DynamoIncidentStore(doc(), control.table()).put({ ...v1, version: 2, severity, updatedAt: '2026-12-02T10:00:00.000Z' })),
    );
    expect(writers.filter(Boolean)).toHaveLength(1);
    const stored = await store.get(v1.id);
    expect(stored?.version).toBe(2);
    expect(stored?.severity).toBe(writers[0] ? 'critical' : 'minor');
    expect((await store.openFor('billing'))?.severity).toBe(stored?.severity);
  });

  it('two concurrent evaluations opening an incident for one scope (different ids): exactly one is open', async () => {
    const store = new DynamoIncidentStore(doc(), control.table());
    const a = storedIncident({ id: 'billing-2026-12-02' });
    const b = storedIncident({ id: 'billing-2026-12-03', openedAt: '2026-12-03T09:00:00.000Z' });
    const results = await Promise.all([a, b].map((i) => new DynamoIncidentStore(doc(), control.table()).put(i)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.list({ status: 'open' })).toHaveLength(1);
    expect((await store.openFor('billing'))?.id).toBe(results[0] ? a.id : b.id);
  });

  it('a recovered incident leaves its scope free; a new incident of the scope opens after it', async () => {
    const store = new DynamoIncidentStore(doc(), control.table());
    const first = storedIncident();
    await store.put(first);
    expect(await store.put(storedIncident({ id: 'billing-2026-12-04' }))).toBe(false);
    expect(await store.put({ ...first, status: 'recovered', recoveredAt: '2026-12-03T09:00:00.000Z', version: 2 })).toBe(true);
    expect(await store.openFor('billing')).toBeUndefined();
    const second = storedIncident({ id: 'billing-2026-12-04', openedAt: '2026-12-04T09:00:00.000Z' });
    expect(await store.put(second)).toBe(true);
    expect((await store.openFor('billing'))?.id).toBe(second.id);
    // Acting on the old, recovered incident leaves the new one's pointer alone.
    expect(await store.put({ ...first, status: 'resolved', version: 3, resolved: { by: 'ops', at: '2026-12-04T10:00:00.000Z', note: 'Refunds done.' } })).toBe(true);
    expect((await store.openFor('billing'))?.id).toBe(second.id);
    expect((await store.list()).map((i) => i.id)).toEqual([second.id, first.id]);
    expect((await store.list({ status: 'resolved' })).map((i) => i.id)).toEqual([first.id]);
    expect((await store.list({ since: new Date('2026-12-03T00:00:00Z') })).map((i) => i.id)).toEqual([second.id]);
  });

  it('keeps pair incidents apart from their departments’ incidents', async () => {
    const store = new DynamoIncidentStore(doc(), control.table());
    const pair = storedIncident({ scope: { pair: ['billing', 'delivery'] } });
    expect(pair.id).toBe('billing+delivery-2026-12-02');
    expect(await store.put(storedIncident())).toBe(true);
    expect(await store.put(pair)).toBe(true);
    expect((await store.openFor('billing+delivery'))?.id).toBe(pair.id);
    expect((await store.openFor('billing'))?.id).toBe('billing-2026-12-02');
  });
});

describe('DynamoDeliveryBudget', () => {
  it('a budget of 5 taken by 8 concurrent callers: 5 get it', async () => {
    const budget = new DynamoDeliveryBudget(doc(), control.table());
    const taken = await Promise.all(Array.from({ length: 8 }, () => new DynamoDeliveryBudget(doc(), control.table()).take('cco@example.com', '2026-12-02', 5)));
    expect(taken.filter(Boolean)).toHaveLength(5);
    expect(await budget.used('cco@example.com', '2026-12-02')).toBe(5);
  });

  it('counts per recipient (whatever its case) and per day, and stores no address', async () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const budget = new DynamoDeliveryBudget(doc(), control.table(), () => now);
    expect(await budget.take('CCO@example.com', '2026-12-02', 2)).toBe(true);
    expect(await budget.take('cco@example.com', '2026-12-02', 2)).toBe(true);
    expect(await budget.take('cco@example.com', '2026-12-02', 2)).toBe(false);
    expect(await budget.take('cco@example.com', '2026-12-03', 2)).toBe(true);
    expect(await budget.take('billing-lead@example.com', '2026-12-02', 2)).toBe(true);
    expect(await budget.used('cco@example.com', '2026-12-02')).toBe(2);
    expect(await budget.used('nobody@example.com', '2026-12-02')).toBe(0);
    const row = (await doc().send(new GetCommand({ TableName: control.table(), Key: CONTROL_KEYS.deliveryBudget(recipientHash('cco@example.com'), '2026-12-02') }))).Item;
    expect(JSON.stringify(row)).not.toContain('example.com');
    // Expires a few days after the day ends (DynamoDB TTL, epoch seconds).
    expect(row?.expiresAt).toBe(Date.parse('2026-12-03T00:00:00Z') / 1000 + 3 * 86_400);
  });

  it('refuses a day that is not YYYY-MM-DD, and a limit of 0 takes nothing', async () => {
    const budget = new DynamoDeliveryBudget(doc(), control.table());
    await expect(budget.take('cco@example.com', '2026-12-02T00:00:00Z', 5)).rejects.toThrow(/YYYY-MM-DD/);
    expect(await budget.take('cco@example.com', '2026-12-02', 0)).toBe(false);
  });
});

describe('DynamoSendMarkers', () => {
  it('the first claim of a marker wins, concurrent or later ones lose; other markers are free', async () => {
    const markers = new DynamoSendMarkers(doc(), control.table());
    const at = new Date('2026-12-02T17:00:00Z');
    const claims = await Promise.all(Array.from({ length: 4 }, () => new DynamoSendMarkers(doc(), control.table()).claim('daily-summary#cco@example.com#2026-12-02', at)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await markers.claim('daily-summary#cco@example.com#2026-12-02', at)).toBe(false);
    expect(await markers.claim('daily-summary#cco@example.com#2026-12-03', at)).toBe(true);
  });

  it('keeps a marker claimed for a past time for the retention from now: TTL must not free it for a second send', async () => {
    // Prepare: a weekly run replayed for June, claimed in December.
    const now = new Date('2026-12-07T06:00:00Z');
    const markers = new DynamoSendMarkers(doc(), control.table(), () => now);
    // Act
    expect(await markers.claim('brief#2026-06-07T22:00:00.000Z#billing+delivery#fr', new Date('2026-06-15T06:00:00Z'))).toBe(true);
    // Assess
    const key = CONTROL_KEYS.sendMarker(createHash('sha256').update('brief#2026-06-07T22:00:00.000Z#billing+delivery#fr', 'utf8').digest('hex'));
    const row = (await doc().send(new GetCommand({ TableName: control.table(), Key: key }))).Item!;
    expect(row.expiresAt).toBe(now.getTime() / 1000 + SEND_MARKER_RETENTION_DAYS * 86_400);
    expect(row.claimedAt).toBe('2026-06-15T06:00:00.000Z');
  });
});
