/** A realistic incident, its trend and the email settings, for the incident email suites. */
import type { TrendPoint } from '../../shared/app/email-chart';
import type { IncidentEmailSettings } from '../../shared/app/incident-email';
import type { Incident, IncidentRule } from '../../shared/domain/alerts/incident';
import { parseDepartmentsConfig, type DepartmentsConfig } from '../../shared/domain/departments/schema';
import { emptyCounters, scoreOf } from '../../shared/domain/scores';

export const HOSTILE_NAME = 'Billing<script>alert(1)</script>\r\nBcc: evil@attacker.example\u202Egnp.exe\u200B';
export const HOSTILE_VERBATIM = '"><img src=x onerror=alert(1)> <b>Facture</b> fausse, écrivez à jean.dupont@gmail.com \u202Egnp.exe';

/** Local midnight in Paris (UTC+1 in December) of 2026-12-dd. */
export const parisDay = (dd: number) => new Date(Date.UTC(2026, 11, dd) - 3_600_000).toISOString();

export function incidentConfig(names = { en: 'Billing', fr: 'Facturation' }): DepartmentsConfig {
  return parseDepartmentsConfig(
    JSON.stringify({
      departments: [
        { id: 'billing', names, owners: ['billing-owner@example.com', { email: 'billing-uk@example.com', lang: 'en' }] },
        { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, owners: [{ email: 'delivery@example.com', lang: 'fr' }] },
        { id: 'contact-centre', names: { en: 'Contact centre', fr: 'Centre de contact' } },
      ],
    }),
  );
}

export function incidentSettings(config = incidentConfig()): IncidentEmailSettings {
  return { from: { name: 'customer-voice', address: 'alerts@voice.example.com' }, departments: config };
}

function rule(r: Partial<IncidentRule> & Pick<IncidentRule, 'rule' | 'kind' | 'value' | 'threshold' | 'excess'>): IncidentRule {
  return {
    source: { kind: 'dept', id: 'billing' },
    baseline: null,
    volume: 120,
    window: parisDay(2),
    firing: true,
    message: { en: 'Past its threshold on this day.', fr: 'Au-delà de son seuil ce jour-là.' },
    firstSeenAt: '2026-12-02T09:14:00.000Z',
    lastSeenAt: '2026-12-02T09:14:00.000Z',
    ...r,
  };
}

/** Billing, critical: four rules (a journey's and a pair's folded in), Delivery and the contact centre related. */
export function billingIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'billing-2026-12-02',
    scope: { department: 'billing' },
    zone: 'Europe/Paris',
    window: parisDay(2),
    severity: 'critical',
    status: 'open',
    openedAt: '2026-12-02T09:14:00.000Z',
    updatedAt: '2026-12-02T09:14:00.000Z',
    recoveredAt: null,
    rules: [
      rule({ rule: 'volume-spike', kind: 'volume-spike', value: 80, threshold: 60, baseline: 20, volume: 80, excess: 0.33 }),
      rule({
        rule: 'negative-share',
        kind: 'negative-share',
        value: 0.64,
        threshold: 0.35,
        baseline: 0.12,
        volume: 100,
        excess: 0.83,
        message: {
          en: 'Billing: 64% of 100 items were negative (day 2026-12-02), at or above the 35% threshold (minimum volume 20); baseline over the previous 14 days: 12%.',
          fr: 'Facturation : 64 % des 100 avis sont négatifs (jour 2026-12-02), au niveau ou au-dessus du seuil de 35 % (volume minimum 20) ; référence sur les 14 jours précédents : 12 %.',
        },
      }),
      rule({ rule: 'nps-below@journey:billing', kind: 'nps-below', source: { kind: 'journey', id: 'billing' }, value: -20, threshold: 0, baseline: 15, volume: 45, excess: 0.4 }),
      rule({ rule: 'interface-hotspot@pair:billing+delivery', kind: 'interface-hotspot', source: { kind: 'pair', id: 'billing+delivery' }, value: 12, threshold: 10, baseline: 2, volume: 12, excess: 0.2 }),
    ],
    related: ['delivery', 'contact-centre'],
    verbatims: [
      { id: 'fb_1', text: 'Facturé deux fois ce mois-ci, remboursez-moi !', occurredAt: '2026-12-02T08:50:00.000Z' },
      { id: 'fb_2', text: 'facturé deux fois ce mois ci, remboursez moi', occurredAt: '2026-12-02T08:40:00.000Z' },
      { id: 'fb_3', text: HOSTILE_VERBATIM, occurredAt: '2026-12-02T08:30:00.000Z' },
      { id: 'fb_4', text: 'Personne ne répond au centre de contact depuis une semaine, et la livraison est en retard.', occurredAt: '2026-12-02T08:20:00.000Z' },
      { id: 'fb_5', text: 'A fifth, distinct complaint that must not be quoted', occurredAt: '2026-12-02T08:10:00.000Z' },
    ],
    lateDataAt: null,
    recoveryWindows: 0,
    recoveryLastWindow: null,
    notifiedSeverity: 'critical',
    lastUpdateEmailAt: null,
    pending: [],
    sent: [],
    deferred: [],
    acknowledged: null,
    assignee: null,
    resolved: null,
    migratedFrom: null,
    version: 1,
    ...overrides,
  };
}

/** 14 Paris days up to 2 Dec: a quiet 9–15 % negative share, then 64 % of 100 items on the last day. */
export function billingTrend(): TrendPoint[] {
  return Array.from({ length: 14 }, (_, i) => {
    const last = i === 13;
    const count = last ? 100 : 20 + (i % 3);
    const negative = last ? 64 : 2 + (i % 2);
    return { window: parisDay(2 - 13 + i), score: scoreOf({ ...emptyCounters(), count, negative, neutral: count - negative }) };
  });
}
