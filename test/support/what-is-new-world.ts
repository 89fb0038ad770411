/**
 * A weekly digest over in-memory ports with topic summaries: six quiet weeks of Billing and
 * Delivery, then a week where Delivery's app starts crashing at checkout (a new, mostly negative
 * topic, with a customer's markup in its phrase) and Billing's refunds double. For the "What is
 * new" tests, unit and Chromium.
 */
import { sendWeeklyDigest, type DigestDeps } from '../../shared/app/weekly-digest';
import { MemoryIncidents } from './memory-incidents';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import type { TopicWindow } from '../../shared/domain/topics/contract';
import type { OutgoingEmail } from '../../shared/ports/mailer';
import type { AggregateReader, Verbatim } from '../../shared/ports/stores';
import { MemoryTopicSummaries } from './memory-topic-summaries';

export const ZONE = 'Europe/Paris';
/** Monday 23 November 2026, local midnight in Paris. */
export const WEEK_START = new Date('2026-11-22T23:00:00.000Z');
export const CRASH_PHRASE = 'appli <b>plante</b> au paiement';
export const CRASH_EXAMPLE = '"><img src=x onerror=alert(1)> L’appli plante au paiement, rappelez-moi au 06 12 34 56 78';

export const WHAT_IS_NEW_CONFIG = parseDepartmentsConfig(
  JSON.stringify({
    departments: [
      { id: 'billing', names: { en: 'Billing', fr: 'Facturation' }, owners: ['billing-owner@example.com'] },
      { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, owners: ['delivery-owner@example.com'] },
    ],
  }),
);

const dayStart = (offset: number) => new Date(WEEK_START.getTime() + offset * 86_400_000).toISOString();

/** Six quiet weeks then the crash week, per department (billing, delivery). */
export function whatIsNewSummaries(): MemoryTopicSummaries {
  const topics = new MemoryTopicSummaries();
  const billing: TopicWindow[] = [];
  const delivery: TopicWindow[] = [];
  for (let d = -42; d < 7; d++) {
    const crash = d >= 2 ? 4 : 0;
    delivery.push({
      window: dayStart(d),
      items: 80 + crash,
      negativeItems: 8 + crash,
      entries: [
        { key: 'colis', phrase: 'colis', count: 20, negative: 3, error: 0 },
        ...(crash ? [{ key: 'appli plant paiement', phrase: CRASH_PHRASE, count: crash, negative: 3, error: 0 }] : []),
      ],
    });
    billing.push({ window: dayStart(d), items: 100, negativeItems: 10, entries: [{ key: 'rembours', phrase: 'remboursement', count: d >= 4 ? 24 : 8, negative: 2, error: 0 }] });
  }
  topics.put({ kind: 'dept', id: 'delivery' }, 'day', delivery).put({ kind: 'dept', id: 'billing' }, 'day', billing);
  return topics;
}

function verbatim(id: string, text: string, day: number, topic: string): Verbatim {
  return { id, occurredAt: dayStart(day), text, lang: 'fr', sentiment: 'negative', departments: [], journeys: [], channel: 'api', topics: [{ key: topic, phrase: topic }] };
}

/** The redacted examples of each department's new topics. */
export const WHAT_IS_NEW_VERBATIMS: Record<string, Verbatim[]> = {
  delivery: [verbatim('fb_1', CRASH_EXAMPLE, 2, 'appli plant paiement'), verbatim('fb_2', 'Colis arrivé', 3, 'colis')],
  billing: [verbatim('fb_3', 'Remboursement toujours pas reçu après trois semaines', 5, 'rembours')],
};

const noAggregates: AggregateReader = { series: async () => [], scanAll: async function* () {} };

/** Sends the week's digest in `lang` (with topics, or without when `topics` is false) and returns the email. */
export async function digestWithWhatIsNew(lang: 'en' | 'fr', withTopics = true): Promise<OutgoingEmail> {
  const sent: OutgoingEmail[] = [];
  const deps: DigestDeps = {
    aggregates: noAggregates,
    departments: WHAT_IS_NEW_CONFIG,
    incidents: new MemoryIncidents(),
    mailer: { send: async (e) => (sent.push(e), { messageId: '1' }) },
    email: { lang, from: 'cv@example.com', officer: 'cco@example.com' },
    zone: ZONE,
    ...(withTopics ? { topics: whatIsNewSummaries(), topicExamples: async (dept: string) => WHAT_IS_NEW_VERBATIMS[dept] ?? [] } : {}),
  };
  await sendWeeklyDigest(deps, WEEK_START);
  return sent[0]!;
}
