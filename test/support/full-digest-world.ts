/**
 * A realistic weekly digest with every section filled, for layout tests: ten departments with
 * long French names (one too quiet to rank), objectives, journeys, interface hotspots, "what is
 * new" topics, incidents and fix checks, and a department whose progress is recognised with its
 * customers' words. Eight weeks of Paris feedback; the digest of the week of 2026-11-23 runs on
 * Monday 2026-11-30 at 07:00 Paris (objectives-world.ts's clock and incidents).
 */
import type { DigestDeps } from '../../shared/app/weekly-digest';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import type { SentimentLabel } from '../../shared/domain/sentiment';
import { CountingAggregates, MemoryIncidents } from './memory-incidents';
import { MemoryVerbatims, type StoredItem } from './memory-verbatims';
import { CapturingMailer, closedIncidents, DIGEST_RUN, ZONE } from './objectives-world';
import { WHAT_IS_NEW_VERBATIMS, whatIsNewSummaries } from './what-is-new-world';

export { DIGEST_RUN, ZONE };

/** Names as a large company writes them: long, French ones longer, one with an ampersand. */
const DEPARTMENTS = [
  ['billing', 'Facturation, recouvrement et contentieux des particuliers', 'Billing, collections and consumer disputes'],
  ['delivery', 'Livraison, installation et mise en service à domicile', 'Delivery, installation and home activation'],
  ['customer-service', 'Service clientèle et traitement des réclamations de second niveau', 'Customer service and second-level complaints'],
  ['sales', 'Ventes en agence et conseil aux clients professionnels', 'Branch sales and business customer advice'],
  ['network', 'Exploitation du réseau et supervision des incidents techniques', 'Network operations and technical incident monitoring'],
  ['digital', 'Applications mobiles, espace client et parcours numériques', 'Mobile apps, customer area and digital journeys'],
  ['retention', 'Fidélisation, résiliations et reconquête des anciens clients', 'Retention, cancellations and win-back'],
  ['partners', 'Partenariats & distributeurs agréés', 'Partnerships & authorised resellers'],
  ['claims', 'Indemnisations, gestes commerciaux et remboursements exceptionnels', 'Compensation, goodwill gestures and exceptional refunds'],
  ['accessibility', 'Accessibilité et accompagnement des clients vulnérables', 'Accessibility and support for vulnerable customers'],
] as const;

export const FULL_DIGEST_CONFIG = parseDepartmentsConfig(
  JSON.stringify({
    departments: DEPARTMENTS.map(([id, fr, en], k) => ({
      id,
      names: { en, fr },
      owners: [`${id}-owner@example.com`],
      ...(id === 'billing' ? { targets: [{ metric: 'nps', value: 30, by: '2026-12-10' }, { metric: 'negativeShare', value: 0.2, by: '2026-12-31' }] } : {}),
      ...(id === 'delivery' ? { targets: [{ metric: 'sentimentIndex', value: 50, by: '2027-06-30' }] } : {}),
      ...(k === 4 ? { targets: [{ metric: 'sentimentIndex', value: 10, by: '2027-03-31' }] } : {}),
    })),
  }),
);

/** The default journeys (departments/default-config.ts). */
const JOURNEYS = ['subscription', 'order', 'delivery', 'billing', 'cancellation', 'repair', 'return', 'account'];
/** Wednesdays at noon (Paris) of the eight weeks before the digest's run, oldest first. */
const WEDNESDAYS = Array.from({ length: 8 }, (_, i) => new Date(Date.UTC(2026, 9, 7 + 7 * i, 11)).toISOString());
/** Pairs whose shared negative items make them hotspots. */
const SHARED: [string, string][] = [
  ['billing', 'claims'],
  ['delivery', 'network'],
  ['digital', 'customer-service'],
];

function weekItems(i: number): StoredItem[] {
  const at = WEDNESDAYS[i]!;
  const items: StoredItem[] = [];
  DEPARTMENTS.forEach(([id], k) => {
    // The quiet one gets a handful; the others 60 to 150 items, each with its own trend.
    const count = id === 'accessibility' ? 6 : 60 + 10 * k;
    // Customer service's positive share jumps in the digest's week: recognised, with its words.
    const positive = id === 'customer-service' && i === 7 ? 0.75 : 0.35 + ((k * 7 + i * (k % 3 === 0 ? 3 : -2)) % 20) / 100;
    const negative = 0.15 + ((k * 5 + i * (k % 2 ? 2 : -1) + 40) % 25) / 100;
    for (let n = 0; n < count; n++) {
      const sentiment: SentimentLabel = n < count * positive ? 'positive' : n < count * (positive + negative) ? 'negative' : 'neutral';
      items.push({
        id: `fb_${i}_${id}_${n}`,
        occurredAt: at,
        sentiment,
        departments: [id],
        journeys: [JOURNEYS[(n + k) % JOURNEYS.length]!],
        nps: sentiment === 'positive' ? 9 + (n % 2) : sentiment === 'negative' ? n % 7 : 7 + (n % 2),
        text: sentiment === 'positive' ? `Conseillère très à l’écoute, problème réglé en une fois (${n})` : 'Toujours pas de réponse',
      });
    }
  });
  // Shared negative items: the pairs' hotspots, growing over the weeks.
  SHARED.forEach(([a, b], p) => {
    for (let n = 0; n < 8 + 2 * i + 3 * p; n++) {
      items.push({ id: `fb_${i}_${a}_${b}_${n}`, occurredAt: at, sentiment: 'negative', departments: [a, b], journeys: [JOURNEYS[n % 3]!], text: 'Renvoyé de service en service' });
    }
  });
  return items;
}

/** The full digest's dependencies in `lang`: every section of the email has content. */
export async function fullDigestWorld(lang: 'en' | 'fr'): Promise<DigestDeps & { mailer: CapturingMailer }> {
  const items = Array.from({ length: 8 }, (_, i) => weekItems(i)).flat();
  const aggregates = new CountingAggregates([ZONE]);
  aggregates.add(items);
  const feedback = new MemoryVerbatims();
  feedback.add(items);
  const incidents = new MemoryIncidents();
  for (const i of closedIncidents()) await incidents.put(i);
  return {
    aggregates,
    departments: FULL_DIGEST_CONFIG,
    incidents,
    feedback,
    topics: whatIsNewSummaries(),
    topicExamples: async (dept: string) => WHAT_IS_NEW_VERBATIMS[dept] ?? [],
    mailer: new CapturingMailer(),
    email: { lang, from: 'customer-voice@example.com', officer: 'cco@example.com', dashboardUrl: 'https://dashboard.example.com/' },
    zone: ZONE,
    now: () => DIGEST_RUN,
  };
}
