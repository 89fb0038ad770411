import { describe, expect, it } from 'vitest';
import { dashboardDepartment } from '../../../shared/app/dashboard/department';
import { dashboardIncidents } from '../../../shared/app/dashboard/incidents';
import { dashboardInterfaces } from '../../../shared/app/dashboard/interfaces';
import { dashboardJourneys } from '../../../shared/app/dashboard/journeys';
import { dashboardOverview } from '../../../shared/app/dashboard/overview';
import { dashboardSession } from '../../../shared/app/dashboard/session';
import { dashboardVerbatims } from '../../../shared/app/dashboard/verbatims';
import {
  DepartmentResponseSchema,
  IncidentsResponseSchema,
  InterfacesResponseSchema,
  JourneysResponseSchema,
  OverviewResponseSchema,
  SessionResponseSchema,
  VerbatimsResponseSchema,
  type Viewer,
} from '../../../shared/domain/dashboard/contract';
import { ForbiddenError, InvalidRequestError, NotFoundError } from '../../../shared/domain/failures';
import { dashboardWorld, officer, owner, PARIS } from '../../support/dashboard-world';
import { incidentRule } from '../../support/stored-incidents';

describe('dashboardSession', () => {
  it('lists what the viewer may see, with names and journeys', () => {
    const { deps } = dashboardWorld();
    const all = SessionResponseSchema.parse(dashboardSession(officer(), deps));
    expect(all.departments.map((d) => d.id)).toEqual(['billing', 'delivery', 'it', 'unassigned']);
    expect(all.viewer).toEqual({ role: 'officer', email: 'cco@example.com', departments: ['billing', 'delivery', 'it', 'unassigned'] });
    const mine = SessionResponseSchema.parse(dashboardSession(owner('delivery.lead@example.com'), deps));
    expect(mine.departments).toEqual([
      { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, journeys: [{ id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' } }, { id: 'order', names: { en: 'Order', fr: 'Commande' } }] },
    ]);
    expect(mine).toMatchObject({ timeZone: PARIS, minVolume: 20 });
  });
});

describe('dashboardOverview', () => {
  it('ranks the week live as the digest does, with trends, open incidents and totals', async () => {
    const { deps } = dashboardWorld();
    const r = OverviewResponseSchema.parse(await dashboardOverview(officer(), {}, deps));
    expect(r.period).toEqual({ kind: 'week', start: '2026-03-08T23:00:00.000Z', end: '2026-03-15T22:59:59.999Z', previousStart: '2026-03-01T23:00:00.000Z', zone: PARIS });
    // Delivery improved (0 → +46.7), billing worsened (+80 → +20): delivery first; IT too small to rank.
    expect(r.departments.map((d) => [d.id, d.rank, d.progress])).toEqual([
      ['delivery', 1, 46.7],
      ['billing', 2, -60],
      ['it', null, null],
    ]);
    const billing = r.departments.find((d) => d.id === 'billing')!;
    expect(billing.current).toMatchObject({ count: 30, negative: 12 });
    expect(billing.trend).toHaveLength(8);
    expect(billing.trend.slice(-2)).toEqual([80, 20]);
    expect(billing.trend[0]).toBeNull();
    expect(billing.openIncidents).toBe(1);
    expect(r.departments.find((d) => d.id === 'it')!.notEnough).toEqual({ thisWeek: true, previousWeek: true });
    // Open incidents only, most severe first: the journey's (critical), billing (major), delivery (minor).
    expect(r.incidents.map((i) => i.id)).toEqual(['journey.order-2026-03-10', 'billing-2026-03-10', 'delivery-2026-03-10']);
    // Each item once: billing 22 + delivery 22 + IT 5 + the 8 billing and delivery share (the rows add up to 65).
    expect(r.totals).toMatchObject({ count: 57, negative: 13 });
    expect(r.departments.reduce((n, d) => n + d.current.count, 0)).toBe(65);
    expect(r.empty).toBe(false);
  });

  it('counts an owner’s shared items once in their totals, from the pairs among their departments', async () => {
    const { deps } = dashboardWorld();
    const both: Viewer = { role: 'owner', email: 'ops@example.com', subject: 'u-ops', departments: ['billing', 'delivery'] };
    const r = OverviewResponseSchema.parse(await dashboardOverview(both, {}, deps));
    expect(r.departments.map((d) => d.current.count)).toEqual([30, 30]);
    expect(r.totals).toMatchObject({ count: 52, negative: 12 + 8 - 8 });
    const it = OverviewResponseSchema.parse(await dashboardOverview(owner('it.lead@example.com'), {}, deps));
    expect(it.totals).toMatchObject({ count: 5, negative: 1 });
  });

  it('shows an owner their own row and incidents only', async () => {
    const { deps } = dashboardWorld();
    const r = OverviewResponseSchema.parse(await dashboardOverview(owner('billing.lead@example.com'), { period: 'day', zone: 'UTC' }, deps));
    expect(r.departments.map((d) => d.id)).toEqual(['billing']);
    expect(r.incidents.map((i) => i.id)).toEqual(['billing-2026-03-10']);
    expect(r.period).toMatchObject({ kind: 'day', start: '2026-03-10T00:00:00.000Z', zone: 'UTC' });
    expect(r.departments[0]!.current.count).toBe(8);
  });

  it('sums a month of local days and says when there is nothing at all', async () => {
    const { deps } = dashboardWorld();
    const march = await dashboardOverview(officer(), { period: 'month', at: '2026-03-20T00:00:00Z' }, deps);
    expect(march.departments.find((d) => d.id === 'billing')!.current.count).toBe(60);
    expect(march.period.start).toBe('2026-02-28T23:00:00.000Z');
    const long = await dashboardOverview(officer(), { period: 'week', at: '2027-06-01T00:00:00Z' }, { ...deps, incidents: { list: async () => [] } });
    expect(long.empty).toBe(true);
  });

  it('refuses a bad period, saying what to ask', async () => {
    const { deps } = dashboardWorld();
    await expect(dashboardOverview(officer(), { period: 'year' }, deps)).rejects.toThrow(/period is day, week or month/);
    await expect(dashboardOverview(officer(), { at: 'yesterday' }, deps)).rejects.toThrow(InvalidRequestError);
    await expect(dashboardOverview(officer(), { zone: 'America/New_York' }, deps)).rejects.toThrow(/zone is local or UTC/);
  });
});

describe('dashboardDepartment', () => {
  it('charts a department by day, compares the range with the one before, and lists its journeys, pairs and incidents', async () => {
    const { deps } = dashboardWorld();
    const r = DepartmentResponseSchema.parse(
      await dashboardDepartment(officer(), 'billing', { from: '2026-03-09T00:00:00+01:00', to: '2026-03-15T23:59:59+01:00', granularity: 'day' }, deps),
    );
    expect(r.series).toHaveLength(7);
    expect(r.series.map((p) => p.count)).toEqual([22, 8, 0, 0, 0, 0, 0]);
    expect(r.summary.current).toMatchObject({ count: 30, negative: 12 });
    expect(r.summary.previous).toMatchObject({ count: 30, negative: 3 });
    expect(r.summary.change.count).toBe(0);
    expect(r.journeys.rows.map((j) => [j.id, j.negative, j.previousNegative])).toEqual([['billing', 12, 3]]);
    expect(r.pairs).toEqual([{ id: 'billing+delivery', departments: ['billing', 'delivery'], negative: 8, count: 8, previousNegative: null, trend: [0, 8, 0, 0, 0, 0, 0] }]);
    expect(r.incidents.map((i) => i.id)).toEqual(['billing-2026-03-10', 'billing+delivery-2026-03-04']);
  });

  it('sums months from local days and weeks from the week series', async () => {
    const { deps } = dashboardWorld();
    const months = await dashboardDepartment(officer(), 'delivery', { granularity: 'month', from: '2026-02-10T00:00:00Z', to: '2026-03-31T00:00:00Z' }, deps);
    expect(months.series.map((p) => [p.window, p.count])).toEqual([
      ['2026-01-31T23:00:00.000Z', 0],
      ['2026-02-28T23:00:00.000Z', 60],
    ]);
    const weeks = await dashboardDepartment(officer(), 'delivery', { granularity: 'week', from: '2026-03-02T00:00:00Z', to: '2026-03-10T00:00:00Z', zone: 'UTC' }, deps);
    expect(weeks.series.map((p) => [p.window, p.count, p.negative])).toEqual([
      ['2026-03-02T00:00:00.000Z', 30, 15],
      ['2026-03-09T00:00:00.000Z', 30, 8],
    ]);
  });

  it('refuses another department to an owner (403), an unknown one (404) and a range too long (400)', async () => {
    const { deps } = dashboardWorld();
    await expect(dashboardDepartment(owner('billing.lead@example.com'), 'delivery', {}, deps)).rejects.toThrow(ForbiddenError);
    await expect(dashboardDepartment(owner('billing.lead@example.com'), 'unassigned', {}, deps)).rejects.toThrow(ForbiddenError);
    await expect(dashboardDepartment(officer(), 'nope', {}, deps)).rejects.toThrow(NotFoundError);
    await expect(dashboardDepartment(officer(), 'billing', { from: '2020-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, deps)).rejects.toThrow(/more than 731 day windows/);
    await expect(dashboardDepartment(officer(), 'billing', { from: '2026-03-10T00:00:00Z', to: '2026-03-01T00:00:00Z' }, deps)).rejects.toThrow(/after/);
  });
});

describe('dashboardInterfaces and dashboardJourneys', () => {
  it('fills the matrix with the pairs that share items, each with its trend', async () => {
    const { deps } = dashboardWorld();
    const r = InterfacesResponseSchema.parse(await dashboardInterfaces(officer(), {}, deps));
    expect(r.departments.map((d) => d.id)).toEqual(['billing', 'delivery', 'it']);
    expect(r.cells).toEqual([{ id: 'billing+delivery', departments: ['billing', 'delivery'], negative: 8, count: 8, previousNegative: null, trend: [0, 0, 0, 0, 0, 0, 0, 8] }]);
    const it = InterfacesResponseSchema.parse(await dashboardInterfaces(owner('it.lead@example.com'), {}, deps));
    expect(it).toMatchObject({ departments: [{ id: 'it' }], cells: [] });
  });

  it('cuts the journeys Pareto, an owner seeing their own journeys only', async () => {
    const { deps } = dashboardWorld();
    const all = JourneysResponseSchema.parse(await dashboardJourneys(officer(), {}, deps));
    expect(all.pareto.rows.map((j) => [j.id, j.negative, j.previousNegative])).toEqual([
      ['billing', 12, 3],
      ['delivery', 8, 15],
    ]);
    expect(all.pareto).toMatchObject({ totalNegative: 20, vitalFewCount: 2 });
    const delivery = await dashboardJourneys(owner('delivery.lead@example.com'), {}, deps);
    expect(delivery.pareto.rows.map((j) => j.id)).toEqual(['delivery']);
  });
});

describe('dashboardIncidents', () => {
  it('words each rule in both languages and tells the history, to those who may see the incident', async () => {
    const { deps, incidents } = dashboardWorld();
    const billing = incidents.rows.get('billing-2026-03-10')!;
    incidents.rows.set(billing.id, {
      ...billing,
      acknowledged: { by: 'cco@example.com', at: '2026-03-10T09:30:00.000Z' }, assignee: { owner: 'ana@example.com', by: 'cco@example.com', at: '2026-03-10T09:40:00.000Z' } });
    const r = IncidentsResponseSchema.parse(await dashboardIncidents(owner('billing.lead@example.com'), {}, deps));
    expect(r.incidents.map((i) => i.id)).toEqual(['billing-2026-03-10', 'billing+delivery-2026-03-04']);
    const shown = r.incidents[0]!;
    expect(shown.messages![0]).toEqual({
      rule: 'negative-share',
      message: { en: 'Negative share 62%. Negative share 62% (threshold 40%, 60 items)', fr: 'Part négative 62 %. Part négative 62 % (seuil 40 %, 60 avis)' },
    });
    expect(shown.history!.map((h) => [h.event, h.by ?? null, h.detail ?? null])).toEqual([
      ['opened', null, 'major'],
      ['incident-sent', null, 'cco@example.com'],
      ['acknowledged', 'cco@example.com', null],
      ['assigned', 'cco@example.com', 'ana@example.com'],
    ]);
    const recovered = await dashboardIncidents(officer(), { status: 'recovered' }, deps);
    expect(recovered.incidents.map((i) => i.id)).toEqual(['billing+delivery-2026-03-04']);
    await expect(dashboardIncidents(officer(), { status: 'closed' }, deps)).rejects.toThrow(InvalidRequestError);
  });

  it('shows an emerging negative topic rule\'s topics as GET /v1/alerts does, through the response contract', async () => {
    // Prepare: delivery's incident is its emerging negative topic.
    const { deps, incidents } = dashboardWorld();
    const delivery = incidents.rows.get('delivery-2026-03-10')!;
    const topic = {
      key: 'appli plant paiement', phrase: 'appli plante au paiement', window: '2026-03-09T23:00:00.000Z', reason: 'new' as const, test: 'conditional-binomial',
      statistic: 8.2, threshold: 7, support: 10, items: 16, share: 0.625, baselineShare: 0, negativeShare: 1,
      examples: [{ id: 'fb-7', text: 'L’appli plante au paiement', occurredAt: '2026-03-10T08:40:00.000Z' }],
    };
    const emerging = incidentRule({ rule: 'emerging-negative-topic', kind: 'emerging-negative-topic', source: { kind: 'dept', id: 'delivery' }, value: 8.2, threshold: 7, baseline: null, volume: 10, topics: [topic] });
    incidents.rows.set(delivery.id, { ...delivery, rules: [emerging] });
    // Act
    const r = IncidentsResponseSchema.parse(await dashboardIncidents(owner('delivery.lead@example.com'), {}, deps));
    // Assess
    expect(r.incidents.find((i) => i.id === 'delivery-2026-03-10')!.rules).toEqual([{ rule: 'emerging-negative-topic', value: 8.2, threshold: 7, baseline: null, volume: 10, topics: [topic] }]);
  });
});

describe('dashboardVerbatims', () => {
  it('reads a pair from the index of the department the owner owns, keeping the items of both', async () => {
    const { deps, verbatimCalls } = dashboardWorld();
    const r = VerbatimsResponseSchema.parse(await dashboardVerbatims(owner('delivery.lead@example.com'), { pair: 'billing+delivery', sentiment: 'negative', limit: '20' }, deps));
    expect(verbatimCalls).toEqual([{ department: 'delivery', limit: 20, filter: { alsoDepartment: 'billing', sentiment: 'negative', maxExamined: 2000 } }]);
    expect(r.items[0]).not.toHaveProperty('customerKey');
    await dashboardVerbatims(officer(), { department: 'billing' }, deps);
    expect(verbatimCalls[1]).toEqual({ department: 'billing', limit: 50 });
  });

  it('refuses what the viewer may not see and questions that are not one scope', async () => {
    const { deps } = dashboardWorld();
    await expect(dashboardVerbatims(owner('it.lead@example.com'), { pair: 'billing+delivery' }, deps)).rejects.toThrow(ForbiddenError);
    await expect(dashboardVerbatims(owner('it.lead@example.com'), { department: 'billing' }, deps)).rejects.toThrow(ForbiddenError);
    await expect(dashboardVerbatims(officer(), { department: 'billing', pair: 'billing+it' }, deps)).rejects.toThrow(/exactly one/);
    await expect(dashboardVerbatims(officer(), {}, deps)).rejects.toThrow(/exactly one/);
    await expect(dashboardVerbatims(officer(), { pair: 'billing+unassigned' }, deps)).rejects.toThrow(NotFoundError);
    await expect(dashboardVerbatims(officer(), { department: 'billing', journey: 'nope' }, deps)).rejects.toThrow(NotFoundError);
    await expect(dashboardVerbatims(officer(), { department: 'billing', from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, deps)).rejects.toThrow(/92 days/);
  });
});
