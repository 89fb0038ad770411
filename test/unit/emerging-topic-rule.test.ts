import { describe, expect, it } from 'vitest';
import { evaluateTouchedCells, type EvaluateDeps } from '../../shared/app/evaluate-alerts';
import { renderIncidentEmail } from '../../shared/app/incident-email';
import { DEFAULT_INCIDENT_POLICY, type Incident } from '../../shared/domain/alerts/incident';
import { DEFAULT_DEPARTMENTS, type DepartmentsConfig } from '../../shared/domain/departments/schema';
import type { SentimentLabel } from '../../shared/domain/sentiment';
import type { TopicEntry, TopicWindow } from '../../shared/domain/topics/contract';
import type { OutgoingEmail } from '../../shared/ports/mailer';
import type { Verbatim } from '../../shared/ports/stores';
import { assertOnlyOwnMarkup } from '../support/email-markup';
import { CountingAggregates, MemoryBudget, MemoryIncidents, type CountedItem } from '../support/memory-incidents';
import { MemoryTopicSummaries } from '../support/memory-topic-summaries';
import { MemoryTopicSummaries as ProcessorTopicSummaries } from '../support/memory-topic-summaries';
import { extractTopics } from '../../shared/domain/topics/phrases';

const ZONE = 'Europe/Paris';
const CONFIG: DepartmentsConfig = {
  ...DEFAULT_DEPARTMENTS,
  departments: DEFAULT_DEPARTMENTS.departments.map((d) => ({ ...d, owners: [{ email: `${d.id}-lead@example.com` }] })),
};
/** A phrase as a customer could make it: markup and a bidi override must come out inert. */
const HOSTILE_PHRASE = 'appli <b>plante</b> \u202Eau paiement';
const THEME = { key: 'appli plant paiement', phrase: HOSTILE_PHRASE };

interface Item extends CountedItem {
  id: string;
  text: string;
  topics: { key: string; phrase: string }[];
}

/** Local midnight of Paris day `offset` from 2026-12-02 (UTC+1 in winter). */
const parisDayStart = (offset: number) => new Date(Date.UTC(2026, 11, 2 + offset) - 3_600_000).toISOString();
const at = (offset: number, hour: number) => new Date(Date.parse(parisDayStart(offset)) + hour * 3_600_000).toISOString();

/** 100 delivery items: half positive, 45 neutral, 5 negative, about parcels and delays. */
function quietDay(offset: number): Item[] {
  return Array.from({ length: 100 }, (_, i) => {
    const sentiment: SentimentLabel = i < 50 ? 'positive' : i < 95 ? 'neutral' : 'negative';
    const topics = [{ key: 'colis', phrase: 'colis' }, ...(i % 3 === 0 ? [{ key: 'retard', phrase: 'retard' }] : [])];
    return { id: `q${offset}-${i}`, text: `Colis numéro ${i}`, occurredAt: at(offset, 8 + (i % 10)), sentiment, departments: ['delivery'], topics };
  });
}

const THEME_TEXTS = [
  'Impossible de payer : l’appli plante au paiement depuis la mise à jour',
  'The app crashes at checkout every single time, I gave up',
  'Application bloquée à l’étape du paiement, commande perdue',
  'Crash when paying in the app, my card was not charged but no order either',
];

/** `n` items of the new theme: two thirds negative, each with its own words. */
function themeItems(offset: number, n: number): Item[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `t${offset}-${i}`,
    text: i === 0 ? '"><img src=x onerror=alert(1)> L’appli plante au paiement, écrivez à jean.dupont@gmail.com' : THEME_TEXTS[i % THEME_TEXTS.length]!,
    occurredAt: at(offset, 9 + (i % 8)),
    sentiment: i % 3 === 2 ? 'neutral' : 'negative',
    departments: ['delivery'],
    topics: [THEME],
  }));
}

class World {
  readonly aggregates = new CountingAggregates([ZONE]);
  readonly incidents = new MemoryIncidents();
  readonly topics = new MemoryTopicSummaries();
  readonly items: Item[] = [];
  readonly sent: OutgoingEmail[] = [];
  now = new Date(at(0, 18));

  deps(): EvaluateDeps {
    return {
      aggregates: this.aggregates,
      departments: CONFIG,
      incidents: this.incidents,
      budget: new MemoryBudget(),
      mailer: { send: async (e) => (this.sent.push(e), { messageId: String(this.sent.length) }) },
      verbatims: async () => [],
      selectVerbatims: (c) => c.slice(0, 3).map((v) => ({ id: v.id, text: v.text, occurredAt: v.occurredAt })),
      recipients: () => [{ address: 'cco@example.com', lang: 'en', role: 'officer' }, { address: 'delivery-lead@example.com', lang: 'fr', role: 'owner' }],
      render: (kind, incident, recipient) => ({ ...renderIncidentEmail({ incident, recipient, trend: [], settings: { from: 'cv@example.com', departments: CONFIG, zone: ZONE } }), headers: { 'X-Customer-Voice-Kind': kind } }),
      policy: DEFAULT_INCIDENT_POLICY,
      zone: ZONE,
      now: () => this.now,
      topics: this.topics,
      topicExamples: async (dept, from, to) => this.verbatims(dept, from, to),
    };
  }

  private verbatims(dept: string, from: Date, to: Date): Verbatim[] {
    return this.items
      .filter((i) => i.departments.includes(dept) && i.occurredAt >= from.toISOString() && i.occurredAt < to.toISOString())
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
      .map((i) => ({ id: i.id, occurredAt: i.occurredAt, text: i.text, lang: 'fr', sentiment: i.sentiment, departments: [{ id: dept, reason: 'keyword' }], journeys: [], channel: 'api', topics: i.topics }) as unknown as Verbatim);
  }

  /** Stores a day's items (aggregates and the day's exact topic summary) and evaluates as the processor's batch would. */
  async post(offset: number, items: Item[]) {
    this.items.push(...items);
    this.aggregates.add(items);
    const all = this.items.filter((i) => i.occurredAt >= parisDayStart(offset) && i.occurredAt < parisDayStart(offset + 1));
    const entries = new Map<string, TopicEntry>();
    for (const i of all) {
      for (const t of i.topics) {
        const e = entries.get(t.key) ?? { key: t.key, phrase: t.phrase, count: 0, negative: 0, error: 0 };
        e.count++;
        if (i.sentiment === 'negative') e.negative++;
        entries.set(t.key, e);
      }
    }
    const window: TopicWindow = { window: parisDayStart(offset), items: all.length, negativeItems: all.filter((i) => i.sentiment === 'negative').length, entries: [...entries.values()].sort((a, b) => b.count - a.count) };
    this.topics.put({ kind: 'dept', id: 'delivery' }, 'day', [window]);
    this.now = new Date(at(offset, 18));
    return evaluateTouchedCells(this.aggregates.touched(items), this.deps());
  }
}

async function quietMonth(w: World) {
  for (let d = -30; d < 0; d++) await w.post(d, quietDay(d));
}

describe('the emerging negative topic rule', () => {
  it('stays quiet on a stable month, then opens ONE incident naming the topic, its test, support and redacted examples', async () => {
    const w = new World();
    await quietMonth(w);
    expect(w.incidents.rows.size).toBe(0);
    await w.post(0, [...quietDay(0), ...themeItems(0, 9)]);
    const incidents = [...w.incidents.rows.values()];
    expect(incidents.map((i) => i.id)).toEqual(['delivery-2026-12-02']);
    const rule = incidents[0]!.rules.find((r) => r.kind === 'emerging-negative-topic')!;
    // Only this rule broke: 9 items among 109 move neither the negative share nor the sentiment index past theirs.
    expect(incidents[0]!.rules.map((r) => r.kind)).toEqual(['emerging-negative-topic']);
    expect(rule.topics).toHaveLength(1);
    expect(rule.topics![0]).toMatchObject({ key: THEME.key, reason: 'new', test: 'conditional-binomial', support: 9, items: 109, threshold: 7 });
    expect(rule.value).toBeGreaterThan(7);
    expect(rule.topics![0]!.examples).toHaveLength(3);
    expect(rule.message.en).toContain('a negative topic is emerging');
    expect(rule.message.fr).toContain('un sujet négatif émerge');
    expect(rule.message.fr).toContain('9 avis sur 109');
    // One email per recipient, each in its language.
    expect(w.sent.map((e) => e.to[0])).toEqual(['cco@example.com', 'delivery-lead@example.com']);
    const [en, fr] = w.sent as [OutgoingEmail, OutgoingEmail];
    expect(en.subject).toContain('emerging negative topic “appli <b>plante</b> au paiement” (9 items)');
    expect(fr.subject).toContain('sujet négatif émergent « appli <b>plante</b> au paiement » (9 avis)');
    for (const e of w.sent) {
      assertOnlyOwnMarkup(e.html);
      expect(e.html).not.toContain('<img');
      expect(e.html).toContain('appli &lt;b&gt;plante&lt;/b&gt;');
      expect(e.text + e.html).not.toContain('jean.dupont@gmail.com');
      expect(e.subject + e.text + e.html).not.toMatch(/\u202E/);
    }
    // A second batch of the same day updates nothing worth an email.
    await w.post(0, themeItems(0, 2).map((i) => ({ ...i, id: `${i.id}-late` })));
    expect(w.sent).toHaveLength(2);
  });

  it('recovers once the topic has calmed down for three days, with one recovery email per recipient', async () => {
    const w = new World();
    await quietMonth(w);
    await w.post(0, [...quietDay(0), ...themeItems(0, 9)]);
    await w.post(1, [...quietDay(1), ...themeItems(1, 4)]);
    expect(w.incidents.rows.get('delivery-2026-12-02')!.status).toBe('open');
    for (let d = 2; d <= 5; d++) await w.post(d, quietDay(d));
    const incident = w.incidents.rows.get('delivery-2026-12-02') as Incident;
    expect(incident.status).toBe('recovered');
    expect(w.sent.map((e) => e.headers?.['X-Customer-Voice-Kind'])).toEqual(['incident', 'incident', 'recovery', 'recovery']);
    expect([...w.incidents.rows.keys()]).toEqual(['delivery-2026-12-02']);
  });

  it('does not fire on a new topic that is mostly positive', async () => {
    const w = new World();
    await quietMonth(w);
    await w.post(0, [...quietDay(0), ...themeItems(0, 12).map((i) => ({ ...i, sentiment: 'positive' as const }))]);
    expect(w.incidents.rows.size).toBe(0);
  });
});

/** Delivery's everyday messages, FR and EN: what a stable month says. */
const STABLE: { text: string; lang: string; sentiment: SentimentLabel }[] = [
  { text: 'Colis livré en avance, livreur très aimable', lang: 'fr', sentiment: 'positive' },
  { text: 'Delivery was quick and the driver polite', lang: 'en', sentiment: 'positive' },
  { text: 'Livraison rapide, emballage soigné, merci', lang: 'fr', sentiment: 'positive' },
  { text: 'Parcel arrived on time, great service', lang: 'en', sentiment: 'positive' },
  { text: 'Le suivi du colis indique une livraison demain', lang: 'fr', sentiment: 'neutral' },
  { text: 'Can I change the delivery address for my parcel?', lang: 'en', sentiment: 'neutral' },
  { text: 'Le point relais ferme à quelle heure le samedi ?', lang: 'fr', sentiment: 'neutral' },
  { text: 'Mon colis est arrivé abîmé, carton écrasé', lang: 'fr', sentiment: 'negative' },
];
const CRASHES = [
  'L’appli plante au paiement, impossible de commander',
  'Encore l’appli qui plante au moment du paiement',
  'The app crashes at payment every time',
  'L’appli plante au paiement depuis la mise à jour',
];

describe('the emerging negative topic rule on topics extracted and summarised as the processor does (24-entry cells)', () => {
  it('opens an incident for a checkout crash on 12 of 72 items, after a quiet month that opens none', async () => {
    const aggregates = new CountingAggregates([ZONE]);
    const incidents = new MemoryIncidents();
    const summaries = new ProcessorTopicSummaries(ZONE);
    const items: (CountedItem & { id: string; text: string; lang: string })[] = [];
    let now = new Date(at(0, 18));
    const deps: EvaluateDeps = {
      aggregates,
      departments: CONFIG,
      incidents,
      budget: new MemoryBudget(),
      mailer: { send: async () => ({ messageId: '1' }) },
      verbatims: async () => [],
      selectVerbatims: (c) => c.slice(0, 3).map((v) => ({ id: v.id, text: v.text, occurredAt: v.occurredAt })),
      recipients: () => [{ address: 'cco@example.com', lang: 'en', role: 'officer' }],
      render: (kind, incident, recipient) => renderIncidentEmail({ incident, recipient, trend: [], settings: { from: 'cv@example.com', departments: CONFIG, zone: ZONE } }),
      policy: DEFAULT_INCIDENT_POLICY,
      zone: ZONE,
      now: () => now,
      topics: summaries,
      topicExamples: async (dept, from, to) =>
        items
          .filter((i) => i.occurredAt >= from.toISOString() && i.occurredAt < to.toISOString())
          .map((i) => ({ id: i.id, occurredAt: i.occurredAt, text: i.text, lang: i.lang, sentiment: i.sentiment, departments: [], journeys: [], channel: 'api', topics: extractTopics(i.text, i.lang) })),
    };
    const post = async (offset: number, day: typeof items) => {
      for (let b = 0; b < day.length; b += 10) {
        const batch = day.slice(b, b + 10);
        items.push(...batch);
        aggregates.add(batch);
        summaries.add(batch);
        now = new Date(at(offset, 18));
        await evaluateTouchedCells(aggregates.touched(batch), deps);
      }
    };
    const stableDay = (offset: number) =>
      Array.from({ length: 60 }, (_, i) => ({ id: `s${offset}-${i}`, ...STABLE[i % STABLE.length]!, occurredAt: at(offset, 8 + (i % 10)), departments: ['delivery'] }));
    for (let d = -30; d < 0; d++) await post(d, stableDay(d));
    expect(incidents.rows.size).toBe(0);
    const crashes = Array.from({ length: 12 }, (_, i) => ({ id: `c${i}`, text: CRASHES[i % CRASHES.length]!, lang: i % 4 === 2 ? 'en' : 'fr', sentiment: 'negative' as const, occurredAt: at(0, 9 + (i % 8)), departments: ['delivery'] }));
    const today = stableDay(0);
    await post(0, [...today.slice(0, 30), ...crashes, ...today.slice(30)]);
    const incident = incidents.rows.get('delivery-2026-12-02');
    const rule = incident?.rules.find((r) => r.kind === 'emerging-negative-topic');
    expect(rule?.topics?.[0]?.phrase.toLowerCase()).toMatch(/appli|plant/);
    expect(rule!.topics![0]!.support).toBeGreaterThanOrEqual(8);
    expect(rule!.topics![0]!.examples.length).toBeGreaterThan(0);
  });
});
