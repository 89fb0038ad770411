import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardYearCells, writeDashboardYear } from '../../cli/dashboard-year';
import { startDynamo, type RunningDynamo } from '../../cli/local/dynamodb';
import { startDynamoMeter, type DynamoMeter } from '../../cli/local/dynamo-meter';
import { localClientConfig } from '../../cli/local/local-aws';
import { ensureTable } from '../../cli/local/provision';
import { DynamoAggregateReader } from '../../shared/adapters/dynamo-aggregates';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo-feedback-store';
import { DynamoIncidentStore } from '../../shared/adapters/dynamo-incidents';
import type { DashboardDeps } from '../../shared/app/dashboard/dashboard-reads';
import { dashboardDepartment } from '../../shared/app/dashboard/department';
import { dashboardOverview } from '../../shared/app/dashboard/overview';
import { dashboardVerbatims } from '../../shared/app/dashboard/verbatims';
import { DepartmentResponseSchema, OverviewResponseSchema } from '../../shared/domain/dashboard/contract';
import { viewerOf } from '../../shared/domain/dashboard/viewer';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import { addCounters, ATTRIBUTED, emptyCounters, seriesId } from '../../shared/domain/scores';
import { AGGREGATE_SHARDS, TABLES } from '../../shared/resources';
import { processedItem } from '../support/items';

/**
 * The dashboard's reads on DynamoDB Local with a year of daily data for four departments: the
 * figures add up to what was stored, and the read units grow with the range asked, not with
 * the data held (a second year of older data changes nothing for the same question).
 */
const PARIS = 'Europe/Paris';
const END = new Date('2026-06-30T12:00:00Z');
const CONFIG = parseDepartmentsConfig(
  JSON.stringify({
    departments: [
      { id: 'billing', names: { en: 'Billing', fr: 'Facturation' }, journeys: ['billing'], owners: ['billing.lead@example.com'] },
      { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, journeys: ['delivery'] },
      { id: 'it', names: { en: 'IT', fr: 'Informatique' }, journeys: ['account'] },
      { id: 'sales', names: { en: 'Sales', fr: 'Ventes' }, journeys: ['subscription'] },
    ],
  }),
);
const YEAR = { days: 365, end: END, zone: PARIS, shards: AGGREGATE_SHARDS, perDay: 30 };
const officer = viewerOf({ sub: 'o', email: 'cco@example.com', 'cognito:groups': '[officer]' }, CONFIG);

let dynamo: RunningDynamo;
let meter: DynamoMeter;
let ddb: DynamoDBClient;
let deps: DashboardDeps;
let store: DynamoFeedbackStore;

beforeAll(async () => {
  dynamo = await startDynamo();
  meter = await startDynamoMeter(dynamo.endpoint);
  ddb = new DynamoDBClient(localClientConfig(meter.url));
  for (const table of [TABLES.feedback, TABLES.aggregates, TABLES.control]) await ensureTable(ddb, table);
  const doc = documentClient(ddb);
  store = new DynamoFeedbackStore(doc, { feedback: TABLES.feedback.localName, aggregates: TABLES.aggregates.localName, zones: [PARIS], shards: AGGREGATE_SHARDS });
  deps = {
    aggregates: new DynamoAggregateReader(doc, TABLES.aggregates.localName, AGGREGATE_SHARDS),
    incidents: new DynamoIncidentStore(doc, TABLES.control.localName),
    store,
    departments: CONFIG,
    timeZone: PARIS,
    now: () => END,
  };
  await writeDashboardYear(doc, { aggregates: TABLES.aggregates.localName, feedback: TABLES.feedback.localName }, CONFIG, YEAR);
});

afterAll(async () => {
  ddb?.destroy();
  await meter?.close();
  await dynamo?.stop();
});

/** Read units and requests by action of one call. */
async function metered<T>(run: () => Promise<T>): Promise<{ result: T; units: number; requests: Record<string, number> }> {
  const units = meter.readUnits();
  const before = meter.requestCounts();
  const result = await run();
  const after = meter.requestCounts();
  const requests = Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
  return { result, units: meter.readUnits() - units, requests };
}

describe('the dashboard on a year of daily data', () => {
  it('totals the week with each shared item once, from the attributed items’ days', async () => {
    const r = OverviewResponseSchema.parse(await dashboardOverview(officer, {}, deps));
    const days = dashboardYearCells(CONFIG, YEAR).get(seriesId(ATTRIBUTED, 'day', PARIS))!;
    const week = [...days].filter(([w]) => w >= r.period.start && w <= r.period.end).reduce((c, [, x]) => addCounters(c, x), emptyCounters());
    expect(r.totals).toMatchObject({ count: week.count, negative: week.negative });
    // The rows count each shared item in both its departments.
    expect(r.departments.reduce((n, d) => n + d.current.count, 0)).toBeGreaterThan(week.count);
  });

  it('sums a month of Paris days into what was stored for them', async () => {
    const r = DepartmentResponseSchema.parse(await dashboardDepartment(officer, 'billing', { granularity: 'month', from: '2026-04-01T00:00:00+02:00', to: '2026-05-31T23:00:00+02:00' }, deps));
    const days = dashboardYearCells(CONFIG, YEAR).get(seriesId({ kind: 'dept', id: 'billing' }, 'day', PARIS))!;
    const monthSum = (from: string, to: string) => [...days].filter(([w]) => w >= from && w < to).reduce((c, [, x]) => addCounters(c, x), emptyCounters());
    expect(r.series.map((p) => p.window)).toEqual(['2026-03-31T22:00:00.000Z', '2026-04-30T22:00:00.000Z']);
    expect(r.series[0]!.count).toBe(monthSum('2026-03-31T22:00:00.000Z', '2026-04-30T22:00:00.000Z').count);
    expect(r.series[1]!.negative).toBe(monthSum('2026-04-30T22:00:00.000Z', '2026-05-31T22:00:00.000Z').negative);
    expect(r.summary.previous.count).toBe(monthSum('2026-01-31T23:00:00.000Z', '2026-03-31T22:00:00.000Z').count);
    expect(r.pairs.map((p) => p.id).sort()).toEqual(['billing+delivery', 'billing+sales']);
  });

  it('reads with Queries whose units grow with the range asked, and not with older data held', async () => {
    const week = await metered(() => dashboardDepartment(officer, 'billing', { granularity: 'day', from: '2026-06-22T00:00:00+02:00', to: '2026-06-28T23:00:00+02:00' }, deps));
    const month = await metered(() => dashboardDepartment(officer, 'billing', { granularity: 'day', from: '2026-06-01T00:00:00+02:00', to: '2026-06-30T23:00:00+02:00' }, deps));
    const year = await metered(() => dashboardDepartment(officer, 'billing', { granularity: 'month', from: '2025-07-01T00:00:00+02:00', to: '2026-06-30T23:00:00+02:00' }, deps));
    const overview = await metered(() => dashboardOverview(officer, {}, deps));
    for (const call of [week, month, year, overview]) expect(Object.keys(call.requests).sort()).toEqual(['Query']);
    expect(week.units).toBeLessThan(month.units);
    expect(month.units).toBeLessThan(year.units);

    // A second, older year in the table: the same questions cost the same.
    await writeDashboardYear(documentClient(ddb), { aggregates: TABLES.aggregates.localName, feedback: TABLES.feedback.localName }, CONFIG, { ...YEAR, end: new Date('2025-06-30T12:00:00Z'), seed: 11 });
    const weekAgain = await metered(() => dashboardDepartment(officer, 'billing', { granularity: 'day', from: '2026-06-22T00:00:00+02:00', to: '2026-06-28T23:00:00+02:00' }, deps));
    const overviewAgain = await metered(() => dashboardOverview(officer, {}, deps));
    expect(weekAgain.units).toBe(week.units);
    expect(overviewAgain.units).toBe(overview.units);
    expect(OverviewResponseSchema.parse(overviewAgain.result).departments).toHaveLength(4);
  });

  it('lists a pair\'s verbatims from one department\'s index, narrowed by sentiment', async () => {
    const at = (h: number) => `2026-06-29T${String(h).padStart(2, '0')}:00:00.000Z`;
    const billing = { id: 'billing', reason: 'keywords:facture' };
    const delivery = { id: 'delivery', reason: 'keywords:colis' };
    await store.saveBatch([
      processedItem({ id: 'only-billing', occurredAt: at(8), text: 'Facture fausse', departments: [billing] }),
      processedItem({ id: 'shared-negative', occurredAt: at(9), text: 'Colis perdu et facture doublée', departments: [billing, delivery] }),
      processedItem({
        id: 'shared-positive',
        occurredAt: at(10),
        text: 'Colis et facture parfaits',
        departments: [billing, delivery],
        sentiment: { label: 'positive', confidence: 0.9, scores: { positive: 0.9, neutral: 0.05, negative: 0.05, mixed: 0 } },
      }),
      processedItem({ id: 'only-delivery', occurredAt: at(11), text: 'Colis en retard', departments: [delivery] }),
    ]);
    const owner = viewerOf({ sub: 'b', email: 'billing.lead@example.com', email_verified: 'true' }, CONFIG);
    const pair = await dashboardVerbatims(owner, { pair: 'delivery+billing', from: at(0), to: at(23) }, deps);
    expect(pair.items.map((i) => i.id)).toEqual(['shared-positive', 'shared-negative']);
    const negative = await dashboardVerbatims(owner, { pair: 'billing+delivery', sentiment: 'negative', from: at(0), to: at(23) }, deps);
    expect(negative.items.map((i) => i.id)).toEqual(['shared-negative']);
    expect(negative.items[0]!.departments.map((d) => d.id)).toEqual(['billing', 'delivery']);
  });
});
