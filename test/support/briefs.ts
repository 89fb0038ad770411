/**
 * A week of feedback for the interface brief and recognition suites: four departments (owners who
 * read French or English, one opted out of recognition), items counted by the real aggregate
 * functions and readable as verbatims.
 */
import { parseDepartmentsConfig, type DepartmentsConfig } from '../../shared/domain/departments/schema';
import type { SentimentLabel } from '../../shared/domain/sentiment';
import type { OutgoingEmail } from '../../shared/ports/mailer';
import { HOSTILE_VERBATIM } from './incidents';
import { CountingAggregates, MemoryIncidents, MemoryMarkers } from './memory-incidents';
import { MemoryVerbatims, type StoredItem } from './memory-verbatims';

export const ZONE = 'Europe/Paris';
/** Monday 30 November 2026, 00:00 in Paris: the brief's week. */
export const WEEK = '2026-11-29T23:00:00.000Z';
/** The Monday after, when the weekly schedule runs. */
export const RUN_AT = new Date('2026-12-07T06:00:00.000Z');
export const OFFICER = 'cco@example.com';

/** An instant in the week `weeksBefore` weeks before WEEK, on day `day` (0 = Monday) at `hour` UTC. */
export function at(weeksBefore: number, day: number, hour = 9, minute = 0): string {
  return new Date(Date.parse(WEEK) + (day - weeksBefore * 7) * 86_400_000 + (hour + 1) * 3_600_000 + minute * 60_000).toISOString();
}

export function briefsConfig(billingName = { en: 'Billing', fr: 'Facturation' }): DepartmentsConfig {
  return parseDepartmentsConfig(
    JSON.stringify({
      thresholds: { minVolume: 20 },
      departments: [
        { id: 'billing', names: billingName, owners: ['billing-owner@example.com', { email: 'billing-uk@example.com', lang: 'en' }] },
        { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, owners: [{ email: 'delivery@example.com', lang: 'fr' }] },
        { id: 'sales', names: { en: 'Sales', fr: 'Ventes' }, owners: ['sales@example.com'], recognition: false, thresholds: { hotspotBriefMin: 4 } },
        { id: 'support', names: { en: 'Support', fr: 'Support' }, owners: ['support@example.com'] },
      ],
    }),
  );
}

/** Shared negative complaints, distinct enough to quote: texts vary, a few are near-copies. */
export const SHARED_COMPLAINTS = [
  'Facture reçue deux fois après la livraison, personne ne sait qui doit rembourser.',
  'The parcel arrived but the invoice says it was never shipped.',
  'Facture reçue deux fois après la livraison, personne ne sait qui doit rembourser !!',
  HOSTILE_VERBATIM,
  'Le livreur dit de voir la facturation, la facturation dit de voir le livreur.',
  'Refund promised by delivery, billing has no record of it.',
  'Frais de port facturés alors que la livraison était offerte.',
  'Delivery was late and I was charged express shipping anyway.',
];

export function items(
  prefix: string,
  n: number,
  o: { departments: string[]; sentiment: SentimentLabel; weeksBefore?: number; journeys?: string[]; texts?: readonly string[] },
): StoredItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    occurredAt: at(o.weeksBefore ?? 0, i % 7, 8 + (i % 9), i % 60),
    sentiment: o.sentiment,
    departments: o.departments,
    journeys: o.journeys ?? [],
    text: o.texts ? o.texts[i % o.texts.length]! : `${prefix} item number ${i} about ${o.departments.join(' and ')}`,
    customerKey: `customer-${prefix}-${i}`,
  }));
}

/** The stores a weekly run reads, filled with the same items. */
export function weeklyWorld() {
  const aggregates = new CountingAggregates([ZONE]);
  const feedback = new MemoryVerbatims();
  return {
    aggregates,
    feedback,
    incidents: new MemoryIncidents(),
    markers: new MemoryMarkers(),
    add(list: readonly StoredItem[]) {
      aggregates.add(list);
      feedback.add(list);
    },
  };
}

/** A mailer that keeps what it sends, and fails for the addresses in `failFor`. */
export function recordingMailer(failFor: readonly string[] = []) {
  const sent: OutgoingEmail[] = [];
  return {
    sent,
    async send(email: OutgoingEmail) {
      const to = ([] as unknown[]).concat(email.to).map(String);
      if (to.some((a) => failFor.includes(a))) throw new Error(`mailbox unavailable: ${to.join(', ')}`);
      sent.push(email);
      return { messageId: `m-${sent.length}` };
    },
  };
}
