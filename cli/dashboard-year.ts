/**
 * A year (or any number of days) of daily aggregate rows for a set of departments, written
 * straight into the aggregates table with the adapter's own keys (series × write shard, window)
 * and counters, as the processor's increments would leave them: department, journey, pair and
 * attributed-items series, day and week windows, in UTC and in the configured zone, and the
 * interface-partners rows the writer keeps beside the items. Far faster than processing the
 * items, so the dashboard bench and its integration test can hold a year of data.
 *
 * Items are dated at noon UTC, which is the same calendar day in UTC and in every zone within
 * ±11 h (Europe/Paris included), so the day and week cells of both zones hold the same counters.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { shardedPk } from '../shared/adapters/dynamo-aggregate-rows';
import { recordPartners } from '../shared/adapters/dynamo-interface-partners';
import type { DepartmentsConfig } from '../shared/domain/departments/schema';
import { addCounters, ATTRIBUTED, emptyCounters, seriesId, UTC, windowStart, type Counters, type SeriesScope } from '../shared/domain/scores';
import { seededRandom } from '../shared/domain/sentiment-training';

export interface DashboardYearOptions {
  /** Days of data, ending with the day holding `end`. */
  days: number;
  end: Date;
  /** The configured zone besides UTC. */
  zone: string;
  /** Write shards the rows are spread over (the reader sums them), as deployed. */
  shards: number;
  /** Items per department per day (± half, at random). */
  perDay?: number;
  seed?: number;
}

function dayCounters(n: number, negativeShare: number, next: () => number): Counters {
  const c = emptyCounters();
  for (let i = 0; i < n; i++) {
    const r = next();
    const label = r < negativeShare ? 'negative' : r < negativeShare + 0.1 ? 'neutral' : r < negativeShare + 0.15 ? 'mixed' : 'positive';
    c.count++;
    c[label]++;
    if (next() < 0.4) {
      const nps = label === 'negative' ? Math.floor(next() * 7) : 6 + Math.floor(next() * 5);
      c.npsCount++;
      if (nps >= 9) c.promoters++;
      if (nps <= 6) c.detractors++;
    }
    if (next() < 0.3) {
      c.csatCount++;
      if (label !== 'negative') c.csatSatisfied++;
    }
    if (next() < 0.2) {
      c.cesCount++;
      c.cesSum += label === 'negative' ? 5 : 2;
    }
  }
  return c;
}

/**
 * The cells of the year, summed: per scope, each day's counters into its day cell and its week
 * cell, in UTC and in `zone`. Each department shares a tenth of its items with the next one
 * (an interface pair) and counts its items in its first journey.
 */
export function dashboardYearCells(config: DepartmentsConfig, options: DashboardYearOptions): Map<string, Map<string, Counters>> {
  const next = seededRandom(options.seed ?? 7);
  const perDay = options.perDay ?? 40;
  const cells = new Map<string, Map<string, Counters>>();
  const add = (scope: SeriesScope, noon: Date, c: Counters) => {
    for (const zone of new Set([UTC, options.zone])) {
      // The attributed items keep days only, as the processor writes them.
      for (const granularity of scope.kind === ATTRIBUTED.kind ? (['day'] as const) : (['day', 'week'] as const)) {
        const series = seriesId(scope, granularity, zone);
        const window = windowStart(noon, granularity, zone).toISOString();
        const rows = cells.get(series) ?? new Map<string, Counters>();
        rows.set(window, addCounters(rows.get(window) ?? emptyCounters(), c));
        cells.set(series, rows);
      }
    }
  };
  const ids = config.departments.map((d) => d.id);
  const lastNoon = Date.UTC(options.end.getUTCFullYear(), options.end.getUTCMonth(), options.end.getUTCDate(), 12);
  for (let d = options.days - 1; d >= 0; d--) {
    const noon = new Date(lastNoon - d * 86_400_000);
    ids.forEach((id, i) => {
      // Each department its own level, drifting over the year.
      const negativeShare = 0.1 + 0.3 * ((i * 0.37 + d / options.days) % 1);
      const own = dayCounters(Math.max(1, Math.round(perDay * (0.5 + next()))), negativeShare, next);
      const shared = dayCounters(Math.max(1, Math.round(perDay * 0.1 * (0.5 + next()))), negativeShare + 0.2, next);
      const all = addCounters(own, shared);
      add({ kind: 'dept', id }, noon, all);
      // Its own and its shared items, once: the shared ones are counted in the partner's row too, not here again.
      add(ATTRIBUTED, noon, all);
      const journey = config.departments[i]!.journeys[0];
      if (journey) add({ kind: 'journey', id: journey }, noon, all);
      const partner = ids[(i + 1) % ids.length]!;
      if (partner !== id) {
        add({ kind: 'dept', id: partner }, noon, shared);
        add({ kind: 'pair', id: [id, partner].sort().join('+') }, noon, shared);
      }
    });
  }
  return cells;
}

/** One shared item per department pair and UTC month of the year: what the partners index must list. */
export function dashboardYearSharedItems(config: DepartmentsConfig, options: Pick<DashboardYearOptions, 'days' | 'end'>): { occurredAt: string; departments: { id: string }[] }[] {
  const ids = config.departments.map((d) => d.id);
  const lastNoon = Date.UTC(options.end.getUTCFullYear(), options.end.getUTCMonth(), options.end.getUTCDate(), 12);
  const months = new Set(Array.from({ length: options.days }, (_, d) => new Date(lastNoon - d * 86_400_000).toISOString().slice(0, 7)));
  return [...months].flatMap((month) =>
    ids.flatMap((id, i) => {
      const partner = ids[(i + 1) % ids.length]!;
      return partner === id ? [] : [{ occurredAt: `${month}-15T12:00:00.000Z`, departments: [{ id }, { id: partner }] }];
    }),
  );
}

/**
 * Writes the cells as aggregate rows, each cell's counters on one write shard chosen by the
 * generator, and the partners index rows of the shared items in the feedback table, as the
 * processor's writer does; answers the aggregate rows written.
 */
export async function writeDashboardYear(
  doc: DynamoDBDocumentClient,
  tables: { aggregates: string; feedback: string },
  config: DepartmentsConfig,
  options: DashboardYearOptions,
): Promise<number> {
  const table = tables.aggregates;
  await recordPartners(doc, tables.feedback, dashboardYearSharedItems(config, options));
  const next = seededRandom((options.seed ?? 7) + 1);
  const items: Record<string, unknown>[] = [];
  const updatedAt = new Date().toISOString();
  for (const [series, rows] of dashboardYearCells(config, options)) {
    for (const [window, counters] of rows) items.push({ pk: shardedPk(series, Math.floor(next() * options.shards)), sk: window, ...counters, updatedAt });
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let cursor = 0;
  const worker = async () => {
    while (cursor < batches.length) {
      let pending: { PutRequest: { Item: Record<string, unknown> } }[] = batches[cursor++]!.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw new Error(`${pending.length} aggregate rows could not be written`);
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (out.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return items.length;
}
