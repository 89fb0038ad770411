import { describe, expect, it } from 'vitest';
import { upgradeAlertStates, type UpgradeAlertStatesDeps } from '../../shared/app/upgrade-alert-states';
import { incidentsFromAlertStates, type SeverityJudge } from '../../shared/domain/alerts/alert-state-upgrade';
import type { AlertState } from '../../shared/domain/alerts/state';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import { InMemoryIncidentStore, storedIncident } from '../support/stored-incidents';

const ZONE = 'Europe/Paris';
const departments = parseDepartmentsConfig(
  JSON.stringify({
    departments: [
      { id: 'billing', names: { en: 'Billing', fr: 'Facturation' }, journeys: ['billing'] },
      { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, journeys: ['delivery'] },
    ],
    journeys: [
      { id: 'billing', names: { en: 'Billing', fr: 'Facturation' } },
      { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' } },
      { id: 'onboarding', names: { en: 'Onboarding', fr: 'Accueil' } },
    ],
  }),
);

/** Excess as a share of the threshold; severity from the number of rules (enough to tell them apart here). */
const judge: SeverityJudge = {
  excessOf: (r) => Math.abs(r.value - r.threshold) / Math.abs(r.threshold || 1),
  severityOf: (rules) => (rules.length >= 3 ? 'critical' : rules.length === 2 ? 'major' : 'minor'),
};

function alertState(key: string, scope: AlertState['scope'], status: AlertState['status'], window: string, overrides: Partial<AlertState> = {}): AlertState {
  const ruleId = key.split('|')[1] ?? 'negative-share';
  return {
    key,
    ruleId,
    kind: ruleId as AlertState['kind'],
    scope,
    granularity: 'day',
    zone: ZONE,
    status,
    occurrence: 1,
    openedAt: window.replace('T23:00', 'T23:30'),
    recoveredAt: status === 'recovered' ? '2026-11-28T12:00:00.000Z' : null,
    trigger: { window, value: 0.6, threshold: 0.4, volume: 50, baselineMean: 0.1, message: { en: `${ruleId} broke`, fr: `${ruleId} dépassé` } },
    lastValue: 0.6,
    lastWindow: window,
    lastEvaluatedAt: '2026-12-01T10:00:00.000Z',
    recoveryWindows: 0,
    recoveryLastWindow: null,
    pendingNotification: null,
    notifiedAt: window,
    version: 3,
    ...overrides,
  };
}

// 2026-11-30 and 2026-12-01 in Paris start at 23:00 UTC the day before.
const STATES = [
  alertState('dept:billing|negative-share|day', { kind: 'dept', id: 'billing' }, 'open', '2026-11-30T23:00:00.000Z'),
  alertState('journey:billing|negative-share|day', { kind: 'journey', id: 'billing' }, 'open', '2026-11-30T23:00:00.000Z'),
  alertState('dept:billing|nps-below|day', { kind: 'dept', id: 'billing' }, 'open', '2026-11-29T23:00:00.000Z', { trigger: { window: '2026-11-29T23:00:00.000Z', value: -40, threshold: 0, volume: 20, baselineMean: 10, message: { en: 'NPS -40', fr: 'NPS -40' } } }),
  alertState('dept:billing|volume-spike|day', { kind: 'dept', id: 'billing' }, 'recovered', '2026-11-19T23:00:00.000Z'),
  alertState('pair:billing+delivery|interface-hotspot|day', { kind: 'pair', id: 'billing+delivery' }, 'recovered', '2026-11-26T23:00:00.000Z'),
  alertState('journey:onboarding|negative-share|day', { kind: 'journey', id: 'onboarding' }, 'open', '2026-11-30T23:00:00.000Z'),
];

describe('incidentsFromAlertStates', () => {
  it('folds every open state of a scope into one open incident on its earliest day, journeys into their department', () => {
    const { incidents, skipped } = incidentsFromAlertStates(STATES, departments, ZONE, judge);
    expect(incidents.map((i) => [i.id, i.status])).toEqual([
      ['billing-2026-11-20', 'recovered'],
      ['billing+delivery-2026-11-27', 'recovered'],
      ['billing-2026-11-30', 'open'],
    ]);
    const open = incidents.find((i) => i.status === 'open')!;
    expect(open).toMatchObject({ scope: { department: 'billing' }, window: '2026-11-29T23:00:00.000Z', zone: ZONE, severity: 'critical', openedAt: '2026-11-29T23:30:00.000Z' });
    expect(open.rules.map((r) => [r.rule, r.source, r.firing])).toEqual([
      ['nps-below', { kind: 'dept', id: 'billing' }, true],
      ['negative-share', { kind: 'dept', id: 'billing' }, true],
      ['negative-share@journey:billing', { kind: 'journey', id: 'billing' }, true],
    ]);
    expect(open.rules[0]).toMatchObject({ value: -40, threshold: 0, baseline: 10, volume: 20, window: '2026-11-29T23:00:00.000Z', excess: 40, message: { en: 'NPS -40', fr: 'NPS -40' } });
    expect(skipped).toEqual([{ key: 'journey:onboarding|negative-share|day', reason: 'journey "onboarding" belongs to no department' }]);
  });

  it('sends nothing: the announced severity is the severity, nothing pending or sent; the states are named', () => {
    const { incidents } = incidentsFromAlertStates(STATES, departments, ZONE, judge);
    for (const i of incidents) {
      expect(i.notifiedSeverity).toBe(i.severity);
      expect(i.pending).toEqual([]);
      expect(i.sent).toEqual([]);
      expect(i.deferred).toEqual([]);
      expect(i.version).toBe(1);
      expect(i.migratedFrom).toBeTruthy();
    }
    const pair = incidents.find((i) => i.id === 'billing+delivery-2026-11-27')!;
    expect(pair).toMatchObject({ scope: { pair: ['billing', 'delivery'] }, recoveredAt: '2026-11-28T12:00:00.000Z', migratedFrom: 'pair:billing+delivery|interface-hotspot|day' });
    expect(pair.rules.map((r) => [r.rule, r.firing])).toEqual([['interface-hotspot@pair:billing+delivery', false]]);
  });
});

describe('upgradeAlertStates', () => {
  const deps = (incidents: InMemoryIncidentStore): UpgradeAlertStatesDeps => ({ alertStates: { list: async () => STATES }, incidents, departments, zone: ZONE, judge });

  it('creates each incident once: a second run (another cold start) creates nothing and changes nothing', async () => {
    const store = new InMemoryIncidentStore();
    const first = await upgradeAlertStates(deps(store));
    const before = structuredClone([...store.rows.values()]);
    const second = await upgradeAlertStates(deps(store));
    expect(first.created.sort()).toEqual(['billing+delivery-2026-11-27', 'billing-2026-11-20', 'billing-2026-11-30']);
    expect(first.existing).toEqual([]);
    expect(second.created).toEqual([]);
    expect(second.existing.sort()).toEqual(first.created.sort());
    expect([...store.rows.values()]).toEqual(before);
    expect(await store.openFor('billing')).toMatchObject({ id: 'billing-2026-11-30', migratedFrom: expect.stringContaining('journey:billing') });
  });

  it('leaves the scope to an incident the evaluator opened first (the migrated one counts as existing)', async () => {
    const store = new InMemoryIncidentStore();
    const evaluators = storedIncident({ id: 'billing-2026-12-02' });
    store.rows.set(evaluators.id, evaluators);
    const result = await upgradeAlertStates(deps(store));
    expect(result.existing).toEqual(['billing-2026-11-30']);
    expect(result.created.sort()).toEqual(['billing+delivery-2026-11-27', 'billing-2026-11-20']);
    expect((await store.openFor('billing'))?.id).toBe('billing-2026-12-02');
  });
});
