import { describe, expect, it } from 'vitest';
import { actOnIncident } from '../../shared/app/act-on-incident';
import { applyIncidentAction } from '../../shared/domain/alerts/incident-actions';
import { ConflictError, InvalidRequestError, NotFoundError, ServiceUnavailableError } from '../../shared/domain/failures';
import { InMemoryIncidentStore, storedIncident } from '../support/stored-incidents';

const NOW = new Date('2026-12-02T14:30:00.000Z');
const actor = { by: 'officer-dashboard', at: NOW.toISOString() };

function storeWith(...incidents: ReturnType<typeof storedIncident>[]) {
  const store = new InMemoryIncidentStore();
  for (const i of incidents) store.rows.set(i.id, i);
  return store;
}

describe('applyIncidentAction', () => {
  it('acknowledges once: who and when, a new version; a second acknowledgement keeps the first', () => {
    const acked = applyIncidentAction(storedIncident(), { kind: 'ack' }, actor);
    expect(acked.outcome).toBe('changed');
    expect(acked.incident).toMatchObject({ acknowledged: actor, updatedAt: actor.at, version: 2, status: 'open' });
    const again = applyIncidentAction(acked.incident, { kind: 'ack' }, { by: 'someone-else', at: '2026-12-02T15:00:00.000Z' });
    expect(again).toEqual({ outcome: 'unchanged', incident: acked.incident });
  });

  it('assigns (the latest assignment wins); the same owner again, whatever its case, changes nothing', () => {
    const first = applyIncidentAction(storedIncident(), { kind: 'assign', owner: 'billing-lead@example.com' }, actor);
    expect(first.incident.assignee).toEqual({ owner: 'billing-lead@example.com', by: actor.by, at: actor.at });
    expect(applyIncidentAction(first.incident, { kind: 'assign', owner: 'Billing-Lead@example.com' }, actor).outcome).toBe('unchanged');
    const second = applyIncidentAction(first.incident, { kind: 'assign', owner: 'ops@example.com' }, actor);
    expect(second.incident.assignee?.owner).toBe('ops@example.com');
    expect(second.incident.version).toBe(3);
  });

  it('resolves an open or a recovered incident with a redacted note; a resolved incident refuses everything', () => {
    const resolved = applyIncidentAction(storedIncident(), { kind: 'resolve', note: 'Refunded; client reached at jean.dupont@gmail.com' }, actor);
    expect(resolved.incident.status).toBe('resolved');
    expect(resolved.incident.resolved).toEqual({ by: actor.by, at: actor.at, note: 'Refunded; client reached at [EMAIL]' });
    const recovered = storedIncident({ status: 'recovered', recoveredAt: '2026-12-02T12:00:00.000Z' });
    expect(applyIncidentAction(recovered, { kind: 'resolve', note: 'done' }, actor).incident).toMatchObject({ status: 'resolved', recoveredAt: '2026-12-02T12:00:00.000Z' });
    for (const action of [{ kind: 'ack' }, { kind: 'assign', owner: 'a@example.com' }, { kind: 'resolve', note: 'again' }] as const) {
      expect(applyIncidentAction(resolved.incident, action, actor)).toEqual({ outcome: 'already-resolved', incident: resolved.incident });
    }
  });
});

describe('actOnIncident', () => {
  it('stores the action and answers the public view', async () => {
    const store = storeWith(storedIncident());
    const view = await actOnIncident({ id: 'billing-2026-12-02', action: 'assign', body: { owner: ' billing-lead@example.com ' }, by: 'officer-dashboard' }, { incidents: store, now: () => NOW });
    expect(view.assignee).toBe('billing-lead@example.com');
    expect(store.rows.get('billing-2026-12-02')?.assignee).toEqual({ owner: 'billing-lead@example.com', by: 'officer-dashboard', at: NOW.toISOString() });
    expect(store.rows.get('billing-2026-12-02')?.version).toBe(2);
  });

  it('404 for an unknown id, 400 saying what to fix for a bad body, 409 for a resolved incident', async () => {
    const deps = { incidents: storeWith(storedIncident(), storedIncident({ id: 'billing-2026-11-20', status: 'resolved', resolved: { by: 'ops-key', at: '2026-11-21T10:00:00.000Z', note: 'ok' } })), now: () => NOW };
    await expect(actOnIncident({ id: 'nope-2026-12-02', action: 'ack', body: undefined, by: 'k' }, deps)).rejects.toThrow(NotFoundError);
    const bad = (action: 'assign' | 'resolve' | 'ack', body: unknown) => actOnIncident({ id: 'billing-2026-12-02', action, body, by: 'k' }, deps);
    await expect(bad('assign', { owner: 'not an address' })).rejects.toThrow(/owner: owner must be an email address/);
    await expect(bad('assign', {})).rejects.toThrow(/owner is required/);
    await expect(bad('resolve', { note: '   ' })).rejects.toThrow(/note is empty/);
    await expect(bad('resolve', { note: 'x'.repeat(2001) })).rejects.toThrow(/at most 2000/);
    await expect(bad('resolve', {})).rejects.toThrow(InvalidRequestError);
    await expect(bad('resolve', { note: 'ok', extra: 1 })).rejects.toThrow(/extra/);
    await expect(bad('ack', { owner: 'a@example.com' })).rejects.toThrow(InvalidRequestError);
    const conflict = actOnIncident({ id: 'billing-2026-11-20', action: 'resolve', body: { note: 'again' }, by: 'k' }, deps);
    await expect(conflict).rejects.toThrow(ConflictError);
    await expect(conflict).rejects.toThrow(/resolved by ops-key at 2026-11-21T10:00:00.000Z/);
    // Nothing was written by the refused requests.
    expect(deps.incidents.rows.get('billing-2026-12-02')?.version).toBe(1);
  });

  it('a write lost to a concurrent change re-reads and applies again, keeping both changes', async () => {
    const store = storeWith(storedIncident());
    // The evaluator raises the severity between this action's read and its write.
    store.beforePut = () => {
      const current = store.rows.get('billing-2026-12-02')!;
      store.rows.set(current.id, { ...current, severity: 'critical', version: current.version + 1 });
    };
    const view = await actOnIncident({ id: 'billing-2026-12-02', action: 'ack', body: {}, by: 'officer-dashboard' }, { incidents: store, now: () => NOW });
    expect(store.lost).toBe(1);
    expect(view).toMatchObject({ severity: 'critical', acknowledged: { by: 'officer-dashboard', at: NOW.toISOString() } });
    expect(store.rows.get('billing-2026-12-02')?.version).toBe(3);
  });

  it('gives up with a 503 when the incident keeps changing', async () => {
    const store = storeWith(storedIncident());
    const alwaysLost = { get: store.get.bind(store), put: async () => false };
    await expect(actOnIncident({ id: 'billing-2026-12-02', action: 'ack', body: undefined, by: 'k' }, { incidents: alwaysLost })).rejects.toThrow(ServiceUnavailableError);
  });
});
