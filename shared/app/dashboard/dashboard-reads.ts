/**
 * What every dashboard use case shares: its ports, the query parsing that turns a bad parameter
 * into a 400 saying what to fix, the zone and instant a question is asked in, and the one read
 * of a scope's stored series that is summed into periods (one Query per series and range, so
 * reads grow with the range asked, not with the data held).
 */
// Namespace import: lets esbuild tree-shake zod.
import type * as z from 'zod';
import type { Names } from '../../domain/alerts/names';
import type { Period, DashboardGranularity } from '../../domain/dashboard/contract';
import { storedGranularityOf, type PeriodWindow } from '../../domain/dashboard/periods';
import { UNASSIGNED, type DepartmentsConfig } from '../../domain/departments/schema';
import { InvalidRequestError, NotFoundError } from '../../domain/failures';
import { describeIssues } from '../../domain/feedback';
import { addCounters, emptyCounters, UTC, seriesId, type Counters, type SeriesScope } from '../../domain/scores';
import type { IncidentStore } from '../../ports/incidents';
import type { AggregateReader, FeedbackStore, InterfacePartnersReader } from '../../ports/stores';

export interface DashboardDeps {
  aggregates: AggregateReader;
  incidents: Pick<IncidentStore, 'list'>;
  /** Verbatims, and the partners index that says which interface pairs have items when. */
  store: Pick<FeedbackStore, 'verbatims'> & InterfacePartnersReader;
  departments: DepartmentsConfig;
  /** The deployment's configured zone (`zone=local`). */
  timeZone: string;
  now?: () => Date;
}

/** Periods of the small trends (overview rows, interface cells): the current one and the seven before. */
export const TREND_PERIODS = 8;

export const UNASSIGNED_NAMES: Names = { en: 'Unassigned', fr: 'Non attribué' };

/** Parses a query string with a contract schema; every problem in one 400. */
export function parseQuery<S extends z.ZodType>(schema: S, query: Record<string, string | undefined>): z.output<S> {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)));
  if (!parsed.success) throw new InvalidRequestError('invalid_query', describeIssues(parsed.error));
  return parsed.data;
}

/** The IANA zone of a `zone` parameter: the configured one or UTC. */
export function zoneOf(zone: 'local' | 'UTC', timeZone: string): string {
  return zone === 'UTC' ? UTC : timeZone;
}

export const nowOf = (deps: Pick<DashboardDeps, 'now'>): Date => (deps.now ?? (() => new Date()))();

/** A department's display names: the configuration's, `unassigned`'s own; 404 for an id the configuration lacks. */
export function departmentNames(id: string, config: DepartmentsConfig): Names {
  if (id === UNASSIGNED) return UNASSIGNED_NAMES;
  const found = config.departments.find((d) => d.id === id);
  if (!found) throw new NotFoundError(`No department "${id}"; GET /v1/dashboard/session lists the ones you may see.`);
  return found.names;
}

export const journeyNames = (id: string, config: DepartmentsConfig): Names => config.journeys.find((j) => j.id === id)?.names ?? { en: id, fr: id };

/**
 * The counters of each period (consecutive, oldest first) of one scope: a single read of the
 * stored series the periods are made of (days for a month), from the first period's start to the
 * last one's end, each row added to the period holding its window.
 */
export async function periodCounters(
  aggregates: AggregateReader,
  scope: SeriesScope,
  periods: readonly PeriodWindow[],
  /** The stored series to sum, when not the periods' own (the attributed items keep days only). */
  stored?: 'day',
): Promise<Counters[]> {
  const out = periods.map(() => emptyCounters());
  if (periods.length === 0) return out;
  const first = periods[0]!;
  const last = periods.at(-1)!;
  const granularity = stored ?? storedGranularityOf(first.kind as Period | DashboardGranularity);
  const rows = await aggregates.series(seriesId(scope, granularity, first.zone), first.start, new Date(last.end.getTime() - 1));
  const starts = periods.map((p) => p.start.toISOString());
  const ends = periods.map((p) => p.end.toISOString());
  let i = 0;
  for (const row of [...rows].sort((a, b) => a.window.localeCompare(b.window))) {
    while (i < periods.length && row.window >= ends[i]!) i++;
    if (i === periods.length) break;
    if (row.window >= starts[i]!) out[i] = addCounters(out[i]!, row.counters);
  }
  return out;
}

export const sumCounters = (list: readonly Counters[]): Counters => list.reduce(addCounters, emptyCounters());
