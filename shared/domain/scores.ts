import type { SentimentLabel } from './sentiment';
import type { Ratings } from './feedback';

export const GRANULARITIES = ['hour', 'day', 'week'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const UTC = 'UTC';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA time zone this runtime knows (e.g. Europe/Paris). */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
}

function localParts(at: Date, zone: string): LocalParts {
  if (zone === UTC) return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day! };
}

/** Offset of `zone` from UTC at `at`, in ms (positive east of Greenwich). */
function offsetAt(at: Date, zone: string): number {
  if (zone === UTC) return 0;
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant at which the local wall clock of `zone` shows this date at midnight (DST-aware). */
function zonedMidnight(year: number, month: number, day: number, zone: string): Date {
  const wall = Date.UTC(year, month - 1, day);
  // Two passes settle the offset even when the guess falls on the other side of a DST change.
  let t = wall - offsetAt(new Date(wall), zone);
  t = wall - offsetAt(new Date(t), zone);
  return new Date(t);
}

/**
 * Start of the window holding `at`, in `zone` (IANA name, default UTC); weeks start on Monday
 * (ISO 8601). Days and weeks follow the zone's wall clock, so a Paris day is 23 or 25 hours
 * long on DST changes; hours are wall-clock hours of the zone too.
 */
export function windowStart(at: Date, granularity: Granularity, zone: string = UTC): Date {
  if (granularity === 'hour') {
    // From the offset in force at that instant: unambiguous even in the repeated hour of autumn.
    const offset = offsetAt(at, zone);
    const t = at.getTime();
    return new Date(Math.floor((t + offset) / HOUR_MS) * HOUR_MS - offset);
  }
  const local = localParts(at, zone);
  if (granularity === 'day') return zonedMidnight(local.year, local.month, local.day, zone);
  const weekday = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
  const monday = new Date(Date.UTC(local.year, local.month - 1, local.day - ((weekday + 6) % 7)));
  return zonedMidnight(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate(), zone);
}

/** Start of the window after the one starting at `start`. */
export function nextWindow(start: Date, granularity: Granularity, zone: string = UTC): Date {
  if (granularity === 'hour') return new Date(start.getTime() + HOUR_MS);
  const local = localParts(start, zone);
  const days = granularity === 'day' ? 1 : 7;
  const next = new Date(Date.UTC(local.year, local.month - 1, local.day + days));
  return zonedMidnight(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), zone);
}

/** Start of the window before the one starting at `start`. */
export function previousWindow(start: Date, granularity: Granularity, zone: string = UTC): Date {
  return windowStart(new Date(start.getTime() - 1), granularity, zone);
}


/**
 * Additive counters: every score is derived from sums, so aggregates can be built by
 * atomic increments and checked against a recount of the stored items.
 */
export interface Counters {
  count: number;
  positive: number;
  neutral: number;
  negative: number;
  mixed: number;
  npsCount: number;
  promoters: number;
  detractors: number;
  csatCount: number;
  csatSatisfied: number;
  cesCount: number;
  cesSum: number;
}

export const COUNTER_NAMES = [
  'count',
  'positive',
  'neutral',
  'negative',
  'mixed',
  'npsCount',
  'promoters',
  'detractors',
  'csatCount',
  'csatSatisfied',
  'cesCount',
  'cesSum',
] as const satisfies readonly (keyof Counters)[];

export function emptyCounters(): Counters {
  return Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as unknown as Counters;
}

export function countersOf(item: { sentiment: SentimentLabel; ratings?: Ratings }): Counters {
  const c = emptyCounters();
  c.count = 1;
  c[item.sentiment] = 1;
  const { nps, csat, ces } = item.ratings ?? {};
  if (nps !== undefined) {
    c.npsCount = 1;
    c.promoters = nps >= 9 ? 1 : 0;
    c.detractors = nps <= 6 ? 1 : 0;
  }
  if (csat !== undefined) {
    c.csatCount = 1;
    c.csatSatisfied = csat >= 4 ? 1 : 0;
  }
  if (ces !== undefined) {
    c.cesCount = 1;
    c.cesSum = ces;
  }
  return c;
}

export function addCounters(a: Counters, b: Counters): Counters {
  const out = emptyCounters();
  for (const n of COUNTER_NAMES) out[n] = a[n] + b[n];
  return out;
}

export interface Score {
  count: number;
  positive: number;
  neutral: number;
  negative: number;
  mixed: number;
  /** (positive − negative) / count × 100, in [−100, 100]. */
  sentimentIndex: number | null;
  /** negative / count, in [0, 1]. */
  negativeShare: number | null;
  /** % promoters (9–10) − % detractors (0–6) over items with an NPS answer. */
  nps: number | null;
  /** % of CSAT answers at 4 or 5. */
  csat: number | null;
  /** Mean customer effort (1–7, lower is better). */
  ces: number | null;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function scoreOf(c: Counters): Score {
  return {
    count: c.count,
    positive: c.positive,
    neutral: c.neutral,
    negative: c.negative,
    mixed: c.mixed,
    sentimentIndex: c.count ? round(((c.positive - c.negative) / c.count) * 100) : null,
    negativeShare: c.count ? round(c.negative / c.count, 4) : null,
    nps: c.npsCount ? round(((c.promoters - c.detractors) / c.npsCount) * 100) : null,
    csat: c.csatCount ? round((c.csatSatisfied / c.csatCount) * 100) : null,
    ces: c.cesCount ? round(c.cesSum / c.cesCount) : null,
  };
}

export const SCOPE_KINDS = ['dept', 'journey', 'pair'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export interface Scope {
  kind: ScopeKind;
  id: string;
}

/**
 * Every item attributed to at least one department (not only `unassigned`), counted once
 * however many departments share it: the distinct totals the departments' series cannot give
 * (an item in two departments counts in each). Stored by day only (UTC and each zone): a week or
 * a month of totals is the sum of its days, read at once, and each cell more in the processor's
 * transactions costs 2 write units.
 */
export const ATTRIBUTED = { kind: 'all', id: 'attributed' } as const;
/** What a series is kept for: a scope the alerts and pages read, or the attributed items. */
export type SeriesScope = Scope | typeof ATTRIBUTED;

/** A series: one scope, one granularity, one zone; its rows are the windows. */
export function seriesId(scope: SeriesScope, granularity: Granularity, zone: string): string {
  return `${scope.kind.toUpperCase()}#${scope.id}#${granularity}#${zone}`;
}

/**
 * The department pairs an item sits between, e.g. `['billing+delivery']`: each pair sorted, the
 * list sorted and unique, `unassigned` left out. A negative item with pairs marks interface hotspots.
 */
export function interfacePairsOf(departments: readonly (string | { id: string })[], exclude: readonly string[] = ['unassigned']): string[] {
  const ids = [...new Set(departments.map((d) => (typeof d === 'string' ? d : d.id)))].filter((id) => !exclude.includes(id)).sort();
  const pairs: string[] = [];
  for (let i = 0; i < ids.length; i++) for (let j = i + 1; j < ids.length; j++) pairs.push(`${ids[i]}+${ids[j]}`);
  return pairs.sort();
}

export interface AggregateCell {
  series: string;
  /** ISO instant of the window start. */
  window: string;
}

/**
 * Every aggregate cell an item counts in: each scope (departments, journeys, interface pairs)
 * × hour, day and week in UTC, and day and week in each extra zone (hours of whole-hour zones
 * coincide with UTC hours, so they are read from the UTC series); and, when a department has
 * it, the attributed items' day (ATTRIBUTED) in UTC and each zone.
 */
export function aggregateCellsFor(
  item: { occurredAt: string; departments: readonly { id: string }[]; journeys?: readonly { id: string }[] },
  zones: readonly string[] = [],
): AggregateCell[] {
  const at = new Date(item.occurredAt);
  const departments = [...new Set(item.departments.map((d) => d.id))];
  const scopes: Scope[] = [
    ...departments.map((id) => ({ kind: 'dept' as const, id })),
    ...[...new Set((item.journeys ?? []).map((j) => j.id))].map((id) => ({ kind: 'journey' as const, id })),
    ...interfacePairsOf(departments).map((id) => ({ kind: 'pair' as const, id })),
  ];
  const cells: AggregateCell[] = [];
  for (const scope of scopes) {
    for (const g of GRANULARITIES) cells.push({ series: seriesId(scope, g, UTC), window: windowStart(at, g, UTC).toISOString() });
    for (const zone of zones) {
      if (zone === UTC) continue;
      for (const g of ['day', 'week'] as const) cells.push({ series: seriesId(scope, g, zone), window: windowStart(at, g, zone).toISOString() });
    }
  }
  if (departments.some((id) => id !== 'unassigned')) {
    for (const zone of new Set([UTC, ...zones])) cells.push({ series: seriesId(ATTRIBUTED, 'day', zone), window: windowStart(at, 'day', zone).toISOString() });
  }
  return cells;
}

/** Which series answers a (granularity, zone) question: local hours are read from UTC hours. */
export function storedZoneFor(granularity: Granularity, zone: string): string {
  return granularity === 'hour' ? UTC : zone;
}
