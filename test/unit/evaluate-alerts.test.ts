import { describe, expect, it } from 'vitest';
import { evaluateTouchedCells, PENDING_LEASE_MS, type EvaluateDeps } from '../../shared/app/evaluate-alerts';
import { DEFAULT_INCIDENT_POLICY, departmentsOf, type Incident, type Recipient } from '../../shared/domain/alerts/incident';
import { DEFAULT_DEPARTMENTS, type DepartmentsConfig } from '../../shared/domain/departments/schema';
import { EmailRejectedError, type Mailer, type OutgoingEmail } from '../../shared/ports/mailer';
import { CountingAggregates, MemoryBudget, MemoryIncidents, type CountedItem } from '../support/memory-incidents';
import { MemoryTopicSummaries, type TopicItem } from '../support/memory-topic-summaries';

const ZONE = 'Europe/Paris';
const OFFICER = 'cco@example.com';
const CONFIG: DepartmentsConfig = {
  ...DEFAULT_DEPARTMENTS,
  departments: DEFAULT_DEPARTMENTS.departments.map((d) => ({ ...d, owners: [{ email: `${d.id}-lead@example.com` }] })),
};

interface World {
  aggregates: CountingAggregates;
  incidents: MemoryIncidents;
  budget: MemoryBudget;
  sent: OutgoingEmail[];
  clock: { now: Date };
  mailer: Mailer;
}

function world(): World {
  const sent: OutgoingEmail[] = [];
  return {
    aggregates: new CountingAggregates([ZONE]),
    incidents: new MemoryIncidents(),
    budget: new MemoryBudget(),
    sent,
    clock: { now: new Date('2026-12-02T15:00:00Z') },
    mailer: { send: async (e) => (sent.push(e), { messageId: String(sent.length) }) },
  };
}

function deps(w: World, overrides: Partial<EvaluateDeps> = {}): EvaluateDeps {
  const recipients = (i: Incident): Recipient[] => [
    { address: OFFICER, lang: 'en', role: 'officer' },
    ...departmentsOf(i.scope).map((d) => ({ address: `${d}-lead@example.com`, lang: 'fr' as const, role: 'owner' as const })),
  ];
  return {
    aggregates: w.aggregates,
    departments: CONFIG,
    incidents: w.incidents,
    budget: w.budget,
    mailer: w.mailer,
    verbatims: async () => [],
    selectVerbatims: (candidates) => candidates.slice(0, 3).map((v) => ({ id: v.id, text: v.text, occurredAt: v.occurredAt })),
    recipients,
    render: (kind, incident, recipient) => ({
      from: 'cv@example.com',
      to: [recipient.address],
      subject: `${kind} ${incident.id} ${incident.severity}`,
      text: incident.rules.map((r) => r.rule).join(', '),
      html: '<p>x</p>',
      headers: { 'X-Customer-Voice-Kind': kind, 'X-Customer-Voice-Incident': incident.id },
    }),
    policy: DEFAULT_INCIDENT_POLICY,
    zone: ZONE,
    now: () => w.clock.now,
    ...overrides,
  };
}

const day = (d: string, hour = 10) => new Date(`${d}T${String(hour).padStart(2, '0')}:00:00Z`);
const isoDay = (offset: number) => new Date(Date.parse('2026-12-02T10:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);

/** A dozen items a day over the departments, a few for billing, mostly positive. */
function quietDay(date: string): CountedItem[] {
  const items: CountedItem[] = [];
  const depts = ['delivery', 'contact-centre', 'after-sales', 'billing'];
  for (let i = 0; i < 12; i++) {
    const d = depts[i % depts.length]!;
    items.push({ occurredAt: day(date, 8 + (i % 9)).toISOString(), sentiment: i % 6 === 0 ? 'negative' : i % 3 === 0 ? 'neutral' : 'positive', departments: [d], journeys: d === 'billing' ? ['billing'] : [], nps: 8 });
  }
  return items;
}

/** 60 negative billing items; one in four also names delivery, one in five the contact centre. */
function billingBurst(date: string): CountedItem[] {
  return Array.from({ length: 60 }, (_, i) => ({
    occurredAt: day(date, 9 + (i % 5)).toISOString(),
    sentiment: 'negative' as const,
    departments: ['billing', ...(i % 4 === 0 ? ['delivery'] : []), ...(i % 5 === 0 ? ['contact-centre'] : [])],
    journeys: ['billing'],
    nps: 2,
  }));
}

async function post(w: World, items: CountedItem[], d: EvaluateDeps = deps(w)) {
  w.aggregates.add(items);
  return evaluateTouchedCells(w.aggregates.touched(items), d);
}

const kinds = (sent: readonly OutgoingEmail[]) => sent.map((e) => e.headers?.['X-Customer-Voice-Kind']);

describe('evaluateTouchedCells: incidents', () => {
  it('a burst with quiet history is one billing incident: one email per recipient, pairs and the journey folded in', async () => {
    const w = world();
    for (let i = -20; i < 0; i++) await post(w, quietDay(isoDay(i)));
    expect(w.sent).toHaveLength(0);
    // The burst arrives in three batches, as SQS would carry it.
    const burst = billingBurst(isoDay(0));
    for (const batch of [burst.slice(0, 20), burst.slice(20, 40), burst.slice(40)]) await post(w, batch);
    const incidents = [...w.incidents.rows.values()];
    expect(incidents.map((i) => i.id)).toEqual(['billing-2026-12-02']);
    const [incident] = incidents;
    expect(incident!.related).toEqual(expect.arrayContaining(['delivery', 'contact-centre']));
    expect(incident!.rules.map((r) => r.rule)).toContain('negative-share');
    // The billing journey is the billing department's items: its rules are not repeated.
    expect(incident!.rules.filter((r) => r.kind === 'negative-share')).toHaveLength(1);
    const byRecipient = new Map<string, number>();
    for (const e of w.sent) byRecipient.set(String(e.to[0]), (byRecipient.get(String(e.to[0])) ?? 0) + 1);
    expect(byRecipient).toEqual(new Map([[OFFICER, 1], ['billing-lead@example.com', 1]]));
    expect(kinds(w.sent)).toEqual(['incident', 'incident']);
  });

  it('backfilled history after the incident neither recovers nor reopens it, and is noted as late data', async () => {
    const w = world();
    for (let i = -20; i < -14; i++) await post(w, quietDay(isoDay(i)));
    for (let i = -3; i < 0; i++) await post(w, quietDay(isoDay(i)));
    await post(w, billingBurst(isoDay(0)));
    const before = w.sent.length;
    // Two weeks of quiet history arrive late (an export): they touch old windows only.
    const backfill = Array.from({ length: 11 }, (_, k) => quietDay(isoDay(-14 + k))).flat();
    const report = await post(w, backfill);
    expect(report.recovered).toEqual([]);
    expect(report.lateWindows.length).toBeGreaterThan(5);
    expect(w.sent.length).toBe(before);
    const incident = w.incidents.rows.get('billing-2026-12-02')!;
    expect(incident.status).toBe('open');
    expect(incident.lateDataAt).toBe(w.clock.now.toISOString());
  });

  it('a department whose own negative topic emerges is its own incident, not carried into another\'s by the few items they share', async () => {
    // Arrange: four quiet weeks, with topic summaries as the processor writes them.
    const w = world();
    const summaries = new MemoryTopicSummaries(ZONE);
    const d = deps(w, { topics: summaries });
    const postWithTopics = (items: (CountedItem & TopicItem)[]) => (summaries.add(items), post(w, items, d));
    for (let i = -28; i < 0; i++) await postWithTopics(quietDay(isoDay(i)));
    // Today billing's burst, 3 of whose items also name delivery (so the two share items), and
    // delivery's own new complaint: 10 negative items about the app crashing at checkout. Delivery
    // has too few items today (16) for its counter rules: only its topic rule breaks.
    const burst = Array.from({ length: 60 }, (_, i) => ({
      occurredAt: day(isoDay(0), 9 + (i % 5)).toISOString(),
      sentiment: 'negative' as const,
      departments: i < 3 ? ['billing', 'delivery'] : ['billing'],
      journeys: ['billing'],
      nps: 2,
    }));
    const crashes = Array.from({ length: 10 }, (_, i) => ({
      occurredAt: day(isoDay(0), 10 + (i % 5)).toISOString(),
      sentiment: 'negative' as const,
      departments: ['delivery'],
      topics: [{ key: 'appli plant paiement', phrase: 'appli plante au paiement' }],
    }));

    // Act
    await postWithTopics([...burst, ...crashes]);

    // Assess: two incidents, delivery's naming its topic, and an email to delivery's lead about it.
    expect([...w.incidents.rows.keys()].sort()).toEqual(['billing-2026-12-02', 'delivery-2026-12-02']);
    const delivery = w.incidents.rows.get('delivery-2026-12-02')!;
    expect(delivery.rules.map((r) => r.kind)).toEqual(['emerging-negative-topic']);
    expect(delivery.rules[0]!.topics?.[0]).toMatchObject({ key: 'appli plant paiement', support: 10 });
    expect(w.incidents.rows.get('billing-2026-12-02')!.rules.map((r) => r.kind)).not.toContain('emerging-negative-topic');
    const toDelivery = w.sent.filter((e) => e.to[0] === 'delivery-lead@example.com');
    expect(toDelivery.map((e) => e.headers?.['X-Customer-Voice-Incident'])).toEqual(['delivery-2026-12-02']);
  });

  it('recovers once, from a later window back to normal, and a later day breaking again is a new incident', async () => {
    const w = world();
    for (let i = -20; i < 0; i++) await post(w, quietDay(isoDay(i)));
    await post(w, billingBurst(isoDay(0)));
    w.clock.now = new Date('2026-12-03T16:00:00Z');
    // The next day, ordinary feedback for billing: enough to judge, back to normal.
    const calm = Array.from({ length: 25 }, (_, i) => ({ occurredAt: day(isoDay(1), 9).toISOString(), sentiment: i < 22 ? ('positive' as const) : ('negative' as const), departments: ['billing'], journeys: ['billing'], nps: 9 }));
    const report = await post(w, calm);
    if (process.env.DBG) {
      const inc = w.incidents.rows.get('billing-2026-12-02')!;
      const { assessWindow } = await import('../../shared/app/assess-window');
      const sc = await assessWindow(report.windows.at(-1)!, ZONE, CONFIG, w.aggregates);
      for (const r of inc.rules) {
        const s = sc.find((x) => x.scope.kind === r.source.kind && x.scope.id === r.source.id);
        const a = s?.assessments.find((x) => x.rule.kind === r.kind);
        console.log(r.rule, r.firing, a?.status, a?.value, a?.threshold, a?.reason);
      }
      console.log(report);
    }
    expect(report.recovered).toEqual(['billing-2026-12-02']);
    await post(w, calm.slice(0, 2)); // more of the same day: nothing more to say
    expect(kinds(w.sent).filter((k) => k === 'recovery')).toHaveLength(2); // officer + billing owner, once
    w.clock.now = new Date('2026-12-04T16:00:00Z');
    await post(w, billingBurst(isoDay(2)));
    expect([...w.incidents.rows.keys()].sort()).toEqual(['billing-2026-12-02', 'billing-2026-12-04']);
  });

  it('judges a thin department back to normal on the days since its incident pooled, when one day is too few items', async () => {
    const w = world();
    for (let i = -20; i < 0; i++) await post(w, quietDay(isoDay(i)));
    await post(w, billingBurst(isoDay(0)));
    const calmDay = (offset: number) =>
      Array.from({ length: 12 }, (_, i) => ({ occurredAt: day(isoDay(offset), 9).toISOString(), sentiment: i < 11 ? ('positive' as const) : ('negative' as const), departments: ['billing'], journeys: ['billing'] }));
    w.clock.now = new Date('2026-12-03T16:00:00Z');
    expect((await post(w, calmDay(1))).recovered).toEqual([]); // 12 items: too few to judge
    w.clock.now = new Date('2026-12-04T16:00:00Z');
    expect((await post(w, calmDay(2))).recovered).toEqual(['billing-2026-12-02']); // 24 since the incident
  });

  it('sends one set of emails when two evaluations of the same burst race', async () => {
    const w = world();
    for (let i = -20; i < 0; i++) w.aggregates.add(quietDay(isoDay(i)));
    const burst = billingBurst(isoDay(0));
    w.aggregates.add(burst);
    const cells = w.aggregates.touched(burst);
    const [a, b] = await Promise.all([evaluateTouchedCells(cells, deps(w)), evaluateTouchedCells(cells, deps(w))]);
    expect(a.opened.length + b.opened.length).toBe(1);
    expect(w.sent).toHaveLength(2);
  });

  it('keeps within the daily budget per recipient and records what overflowed for the summary', async () => {
    const w = world();
    for (let i = -20; i < 0; i++) await post(w, quietDay(isoDay(i)));
    const tight = { ...DEFAULT_INCIDENT_POLICY, dailyBudget: 1 };
    await post(w, billingBurst(isoDay(0)), deps(w, { policy: tight }));
    // A second, unrelated incident the same day: after-sales.
    const repairs = Array.from({ length: 60 }, (_, i) => ({ occurredAt: day(isoDay(0), 11 + (i % 3)).toISOString(), sentiment: 'negative' as const, departments: ['after-sales'], journeys: ['repair'], nps: 1 }));
    await post(w, repairs, deps(w, { policy: tight }));
    const officerEmails = w.sent.filter((e) => e.to[0] === OFFICER);
    expect(officerEmails).toHaveLength(1);
    const second = w.incidents.rows.get('after-sales-2026-12-02')!;
    expect(second.deferred).toEqual([{ recipient: OFFICER, lang: 'en', kind: 'incident', at: w.clock.now.toISOString(), summarizedAt: null }]);
    expect(w.sent.filter((e) => e.to[0] === 'after-sales-lead@example.com')).toHaveLength(1);
  });

  it('sends a severity update only when the level rises, at most once per alertUpdateHours', async () => {
    const w = world();
    // Billing's ordinary days are mixed: 2 negative, 3 positive.
    for (let i = -20; i < 0; i++) {
      await post(w, Array.from({ length: 5 }, (_, k) => ({ occurredAt: day(isoDay(i), 9).toISOString(), sentiment: k < 2 ? ('negative' as const) : ('positive' as const), departments: ['billing'] })));
    }
    // A first, milder wave: 9 negative items in 24, just past the 35 % threshold (≥ 20 items).
    const mild = Array.from({ length: 24 }, (_, i) => ({ occurredAt: day(isoDay(0), 9).toISOString(), sentiment: i < 9 ? ('negative' as const) : ('positive' as const), departments: ['billing'], journeys: ['billing'] }));
    await post(w, mild);
    const opened = w.incidents.rows.get('billing-2026-12-02')!;
    expect(kinds(w.sent)).toEqual(['incident', 'incident']);
    expect(opened.severity).toBe('minor');
    w.clock.now = new Date('2026-12-02T16:00:00Z');
    await post(w, billingBurst(isoDay(0)));
    expect(w.incidents.rows.get('billing-2026-12-02')!.severity).toBe('critical');
    expect(kinds(w.sent)).toEqual(['incident', 'incident']); // within 6 h of the first email
    w.clock.now = new Date('2026-12-02T21:30:00Z');
    await post(w, billingBurst(isoDay(0)).slice(0, 5));
    expect(kinds(w.sent)).toEqual(['incident', 'incident', 'incident-update', 'incident-update']);
    await post(w, billingBurst(isoDay(0)).slice(0, 5));
    // The items naming delivery and the contact centre too make that pair a hotspot, but neither
    // department can judge yet today: the pair waits rather than open an incident of its own.
    expect(w.sent).toHaveLength(4);
    expect([...w.incidents.rows.keys()]).toEqual(['billing-2026-12-02']);
  });

  it('opens nothing because the sentiment model changed on deploy day, and judges again once the history is re-scored', async () => {
    const w = world();
    const billingDay = (date: string, negative: number, model: string) =>
      Array.from({ length: 25 }, (_, k) => ({ occurredAt: day(date, 9).toISOString(), sentiment: k < negative ? ('negative' as const) : ('positive' as const), departments: ['billing'], model }));
    for (let i = -20; i < 0; i++) await post(w, billingDay(isoDay(i), 3, 'sentiment-fr-en@old'));
    // The new model reads the same kind of day far more negatively.
    const report = await post(w, billingDay(isoDay(0), 15, 'sentiment-fr-en@new'));
    expect(report.opened).toEqual([]);
    expect(w.sent).toHaveLength(0);
    // After recompute --rescore the history carries the new model: the same day now compares.
    const rescored = world();
    for (let i = -20; i < 0; i++) rescored.aggregates.add(billingDay(isoDay(i), 3, 'sentiment-fr-en@new'));
    expect((await post(rescored, billingDay(isoDay(0), 15, 'sentiment-fr-en@new'))).opened).toEqual(['billing-2026-12-02']);
  });

  it('sends what a failed evaluation left pending once its lease is over, and only then', async () => {
    const w = world();
    for (let i = -20; i < 0; i++) w.aggregates.add(quietDay(isoDay(i)));
    const send = w.mailer.send;
    w.mailer.send = async () => {
      throw new Error('SES unavailable'); // a transient failure: the batch fails and is retried
    };
    await expect(post(w, billingBurst(isoDay(0)))).rejects.toThrow('SES unavailable');
    expect(w.incidents.rows.get('billing-2026-12-02')!.pending).toEqual(['incident']);
    w.mailer.send = send;
    const opened = w.clock.now.getTime();
    w.clock.now = new Date(opened + PENDING_LEASE_MS / 2);
    await post(w, billingBurst(isoDay(0)).slice(0, 2)); // the retry, within the lease: not its to send
    expect(w.sent).toHaveLength(0);
    w.clock.now = new Date(opened + PENDING_LEASE_MS); // the lease counts from when it became due
    await post(w, billingBurst(isoDay(0)).slice(0, 2));
    expect(kinds(w.sent)).toEqual(['incident', 'incident']);
    expect(w.incidents.rows.get('billing-2026-12-02')!.pending).toEqual([]);
    await post(w, billingBurst(isoDay(0)).slice(0, 2));
    expect(w.sent).toHaveLength(2);
  });

  it('records an email SES refuses for good instead of failing the batch forever', async () => {
    const w = world();
    for (let i = -20; i < 0; i++) w.aggregates.add(quietDay(isoDay(i)));
    w.mailer.send = async () => {
      throw new EmailRejectedError('Email address is not verified', 'MessageRejected');
    };
    const report = await post(w, billingBurst(isoDay(0)));
    expect(report.rejectedEmails).toEqual([
      { key: 'billing-2026-12-02', code: 'MessageRejected' },
      { key: 'billing-2026-12-02', code: 'MessageRejected' },
    ]);
    expect(w.incidents.rows.get('billing-2026-12-02')).toMatchObject({ status: 'open', pending: [] });
  });
});

describe('evaluateTouchedCells: chat and webhook notifications', () => {
  it('publishes the incident and its recovery once each, with the departments, stable ids and redacted quotes, in the configured language', async () => {
    // Prepare: the real event builder behind a Notifier that records what it is handed.
    const { incidentNotifier } = await import('../../shared/app/notification-events');
    const published: import('../../shared/domain/notifications/contract').NotificationEvent[] = [];
    const w = world();
    const d = deps(w, {
      notify: incidentNotifier({ publish: async (e) => void published.push(e) }, { departments: CONFIG, lang: 'fr', zone: ZONE, dashboardUrl: 'https://voice.example.com' }),
      verbatims: async () => [{ id: 'v1', text: 'Facture doublée, appelez le [TÉLÉPHONE]', occurredAt: day(isoDay(0), 9).toISOString(), lang: 'fr', sentiment: 'negative', departments: [], journeys: [], channel: 'email' }],
    });
    for (let i = -20; i < 0; i++) await post(w, quietDay(isoDay(i)), d);
    // Act: the burst in two batches (one incident), then a calm next day (its recovery).
    const burst = billingBurst(isoDay(0));
    await post(w, burst.slice(0, 30), d);
    await post(w, burst.slice(30), d);
    w.clock.now = new Date('2026-12-03T16:00:00Z');
    const calm = Array.from({ length: 25 }, (_, i) => ({ occurredAt: day(isoDay(1), 9).toISOString(), sentiment: i < 22 ? ('positive' as const) : ('negative' as const), departments: ['billing'], journeys: ['billing'], nps: 9 }));
    await post(w, calm, d);
    // Assess
    expect(published.map((e) => e.kind)).toEqual(['incident', 'recovery']);
    const [opened, recovered] = published;
    expect(opened).toMatchObject({ incidentId: 'billing-2026-12-02', lang: 'fr', link: 'https://voice.example.com/incidents/billing-2026-12-02' });
    expect(opened!.departments).toEqual(expect.arrayContaining(['billing', 'delivery']));
    expect(opened!.title).toMatch(/^Facturation : incident /);
    expect(opened!.verbatims.map((v) => v.text)).toEqual(['Facture doublée, appelez le [TÉLÉPHONE]']);
    expect(recovered!.verbatims).toEqual([]);
    expect(new Set(published.map((e) => e.eventId)).size).toBe(2);
  });
});
