/**
 * A digest world with objectives and closed incidents: eight weeks of Paris feedback (Billing's
 * NPS climbing 2 points a week and its negative share falling, Delivery's sentiment index falling
 * 6 points a week, Sales without targets), and incidents whose 14 days after closing end in the
 * week of 2026-11-23 (reported), the week before (already reported) or not at all (open). The
 * digest of that week runs on Monday 2026-11-30 at 07:00 Paris.
 */
import type { DigestDeps } from '../../shared/app/weekly-digest';
import type { Incident } from '../../shared/domain/alerts/incident';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import type { Mailer, OutgoingEmail } from '../../shared/ports/mailer';
import { CountingAggregates, MemoryIncidents, type CountedItem } from './memory-incidents';
import { incidentRule, storedIncident } from './stored-incidents';

export const ZONE = 'Europe/Paris';
/** Monday 2026-11-30, 07:00 in Paris. */
export const DIGEST_RUN = new Date('2026-11-30T06:00:00.000Z');
/** Wednesdays at noon (Paris) of the eight weeks before the digest's run, oldest first. */
const WEDNESDAYS = Array.from({ length: 8 }, (_, i) => new Date(Date.UTC(2026, 9, 7 + 7 * i, 11)).toISOString());

export function objectivesConfig(billingName = { en: 'Billing', fr: 'Facturation' }) {
  return parseDepartmentsConfig(
    JSON.stringify({
      departments: [
        {
          id: 'billing',
          names: billingName,
          owners: ['billing-owner@example.com'],
          targets: [
            { metric: 'nps', value: 30, by: '2026-12-10' },
            { metric: 'negativeShare', value: 0.2, by: '2026-12-31' },
          ],
        },
        { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, targets: [{ metric: 'sentimentIndex', value: 50, by: '2027-06-30' }] },
        { id: 'sales', names: { en: 'Sales', fr: 'Ventes' } },
      ],
    }),
  );
}

function weekItems(i: number): CountedItem[] {
  const at = WEDNESDAYS[i]!;
  const items: CountedItem[] = [];
  // Billing: 50 items, NPS 10 + 2i (promoters 15 + i, detractors 10), 20 − i negative.
  for (let k = 0; k < 50; k++) {
    const nps = k < 15 + i ? 10 : k < 25 + i ? 3 : 8;
    items.push({ occurredAt: at, sentiment: k < 20 - i ? 'negative' : 'positive', departments: ['billing'], nps });
  }
  // Delivery: 50 items, sentiment index 40 − 6i (30 − 2i positive, 10 + i negative).
  for (let k = 0; k < 50; k++) items.push({ occurredAt: at, sentiment: k < 30 - 2 * i ? 'positive' : k < 40 - i ? 'negative' : 'neutral', departments: ['delivery'] });
  return items;
}

/** The eight weeks of feedback, as the processor would count them. */
export function worldItems(): CountedItem[] {
  return Array.from({ length: 8 }, (_, i) => weekItems(i)).flat();
}

export function closedIncidents(): Incident[] {
  return [
    // Resolved on 10 November: its 14 days after end on 24 November, in the digest's week.
    storedIncident({
      id: 'billing-2026-11-03',
      window: '2026-11-02T23:00:00.000Z',
      openedAt: '2026-11-03T09:00:00.000Z',
      status: 'resolved',
      acknowledged: { by: 'billing-owner@example.com', at: '2026-11-03T10:00:00.000Z' },
      resolved: { by: 'billing-owner@example.com', at: '2026-11-10T16:00:00.000Z', note: 'Duplicate direct debits refunded' },
      rules: [incidentRule({ window: '2026-11-02T23:00:00.000Z' })],
    }),
    // Recovered by itself on 12 November, nobody acted: due on 27 November.
    storedIncident({
      id: 'delivery-2026-11-05',
      scope: { department: 'delivery' },
      window: '2026-11-04T23:00:00.000Z',
      openedAt: '2026-11-05T09:00:00.000Z',
      status: 'recovered',
      recoveredAt: '2026-11-12T18:00:00.000Z',
      rules: [incidentRule({ rule: 'sentiment-drop', kind: 'sentiment-drop', source: { kind: 'dept', id: 'delivery' }, value: -20, threshold: 0, baseline: 25 })],
    }),
    // Resolved on 2 November: due on 17 November, reported by the digest of the week before.
    storedIncident({ id: 'billing-2026-10-28', window: '2026-10-27T23:00:00.000Z', openedAt: '2026-10-28T09:00:00.000Z', status: 'resolved', resolved: { by: 'x@example.com', at: '2026-11-02T09:00:00.000Z', note: 'done' } }),
    // Still open: nothing to check.
    storedIncident({ id: 'billing-2026-11-20', window: '2026-11-19T23:00:00.000Z', openedAt: '2026-11-20T09:00:00.000Z' }),
  ];
}

export class CapturingMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  async send(email: OutgoingEmail) {
    this.sent.push(email);
    return { messageId: `m-${this.sent.length}` };
  }
}

/** The digest's dependencies over this world, in `lang`. */
export async function objectivesWorld(lang: 'en' | 'fr', config = objectivesConfig()): Promise<DigestDeps & { mailer: CapturingMailer }> {
  const aggregates = new CountingAggregates([ZONE]);
  aggregates.add(worldItems());
  const incidents = new MemoryIncidents();
  for (const i of closedIncidents()) await incidents.put(i);
  return {
    aggregates,
    departments: config,
    incidents,
    mailer: new CapturingMailer(),
    email: { lang, from: 'customer-voice@example.com', officer: 'cco@example.com' },
    zone: ZONE,
    now: () => DIGEST_RUN,
  };
}
