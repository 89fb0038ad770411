import type { SentimentLabel } from '../ports/sentiment';
import type { Ratings } from './feedback';

export const GRANULARITIES = ['hour', 'day', 'week'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Start of the UTC window holding `at`; weeks start on Monday (ISO 8601). */
export function windowStart(at: Date, granularity: Granularity): Date {
  const t = at.getTime();
  if (granularity === 'hour') return new Date(t - (((t % HOUR_MS) + HOUR_MS) % HOUR_MS));
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  if (granularity === 'day') return day;
  const daysSinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - daysSinceMonday * DAY_MS);
}

export function nextWindow(start: Date, granularity: Granularity): Date {
  const step = granularity === 'hour' ? HOUR_MS : granularity === 'day' ? DAY_MS : 7 * DAY_MS;
  return new Date(start.getTime() + step);
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

/** Aggregate row key: one partition per scope and granularity, windows sorted inside it. */
export function aggregateKey(scope: { kind: 'dept'; id: string }, granularity: Granularity, at: Date): { pk: string; sk: string } {
  return { pk: `${scope.kind.toUpperCase()}#${scope.id}#${granularity}`, sk: windowStart(at, granularity).toISOString() };
}

/** Every aggregate row an item contributes to: each of its departments × each granularity. */
export function aggregateKeysFor(item: { occurredAt: string; departments: readonly { id: string }[] }): { pk: string; sk: string }[] {
  const at = new Date(item.occurredAt);
  const ids = [...new Set(item.departments.map((d) => d.id))];
  return ids.flatMap((id) => GRANULARITIES.map((g) => aggregateKey({ kind: 'dept', id }, g, at)));
}
