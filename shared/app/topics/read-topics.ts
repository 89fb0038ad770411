/**
 * GET /v1/topics (API keys with the read role) and GET /v1/dashboard/topics (a signed-in viewer):
 * what a department's customers talk about over a range. The topic summaries of the range's local
 * days or weeks are merged, topics said only inside a longer one left to it, ranked by count, each with its negative share, its change
 * against the previous range of the same length, its emerging flag (the latest one inside the
 * range) and up to three redacted examples: the department's verbatims of the range whose stored
 * topics carry the key, from one bounded read of its index.
 *
 * Reads: one summary read (the range, the range before it and the emerging baseline, together)
 * and one verbatim read of at most MAX_EXAMINED_FOR_EXAMPLES index entries; none grows with the
 * data held outside the range.
 */
import { periodsBefore, periodsBetween, periodsEndingAt, type PeriodWindow } from '../../domain/dashboard/periods';
import { assertCanSee } from '../../domain/dashboard/viewer';
import type { Viewer } from '../../domain/dashboard/contract';
import { InvalidRequestError } from '../../domain/failures';
import { TopicsQuerySchema, type EmergingTopic, type TopicGranularity, type TopicScope, type TopicsResponse, type TopicView, type TopicWindow } from '../../domain/topics/contract';
import { scopeOfDepartment } from '../../domain/topics/cells';
import { detectEmerging, EMERGING_DEFAULTS } from '../../domain/topics/emerging';
import { mergeTopicWindows, rankTopics, withoutNested } from '../../domain/topics/merge-windows';
import type { TopicSummaryReader } from '../../ports/topics';
import type { FeedbackStore, Verbatim } from '../../ports/stores';
import { departmentNames, nowOf, parseQuery, type DashboardDeps } from '../dashboard/dashboard-reads';

/**
 * The topics emerging in the LAST window of a scope's series: one window per period, oldest first,
 * empty periods present with `items: 0`, the baseline being the windows before the last.
 */
export type EmergingDetector = (scope: TopicScope, granularity: TopicGranularity, series: readonly TopicWindow[]) => EmergingTopic[];

export interface ReadTopicsDeps extends Pick<DashboardDeps, 'departments' | 'timeZone' | 'now'> {
  topics: TopicSummaryReader;
  store: Pick<FeedbackStore, 'verbatims'>;
  /** Default: the emerging test of shared/domain/topics/emerging.ts with its defaults for the granularity. */
  emerging?: EmergingDetector;
}

/** The emerging test (shared/domain/topics/emerging.ts) with its defaults for days or weeks. */
export const detectEmergingTopics: EmergingDetector = (scope, granularity, series) => detectEmerging(series, scope, EMERGING_DEFAULTS[granularity]);

/** Who asks: a signed-in viewer (scoped to what they may see) or an API key with the read role (everything). */
export type TopicsAudience = { viewer: Viewer } | { apiKey: true };

/** Windows read when `from` is left out: a week of days, four weeks. */
const DEFAULT_WINDOWS: Record<TopicGranularity, number> = { day: 7, week: 4 };
/** Most windows one answer may span (a quarter of days and some, a year of weeks). */
export const MAX_TOPIC_WINDOWS: Record<TopicGranularity, number> = { day: 100, week: 53 };
/**
 * Windows read before the range so that its first window has the emerging test's whole baseline
 * and longest span (shared/domain/topics/emerging.ts: 28 days and spans up to 14; 8 weeks); the
 * previous range is read anyway when longer.
 */
export const EMERGING_LOOKBACK: Record<TopicGranularity, number> = {
  day: EMERGING_DEFAULTS.day.baselineWindows + EMERGING_DEFAULTS.day.maxSpan - 1,
  week: EMERGING_DEFAULTS.week.baselineWindows + EMERGING_DEFAULTS.week.maxSpan - 1,
};
export const EXAMPLES_PER_TOPIC = 3;
/** Index entries read at most to find examples: a rare topic over a long range may get none rather than cost a full read. */
export const MAX_EXAMINED_FOR_EXAMPLES = 1_000;
/** Verbatims carrying one of the topics kept at most while looking for examples. */
const MAX_EXAMPLE_CANDIDATES = 300;

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The range's windows, or a 400 saying how to narrow it. */
function rangeWindows(from: Date, to: Date, granularity: TopicGranularity, zone: string): PeriodWindow[] {
  if (from > to) throw new InvalidRequestError('invalid_query', '"from" is after "to".');
  const periods = periodsBetween(from, to, granularity, zone, MAX_TOPIC_WINDOWS[granularity]);
  if (!periods) {
    const coarser = granularity === 'day' ? ' or use granularity=week' : '';
    throw new InvalidRequestError('invalid_query', `That range spans more than ${MAX_TOPIC_WINDOWS[granularity]} ${granularity} windows; narrow it${coarser}.`);
  }
  return periods;
}

/** Up to EXAMPLES_PER_TOPIC verbatims per topic key, newest first (each verbatim may illustrate several topics). */
function examplesByTopic(verbatims: readonly Verbatim[], keys: ReadonlySet<string>): Map<string, Verbatim[]> {
  const out = new Map<string, Verbatim[]>();
  for (const v of [...verbatims].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || a.id.localeCompare(b.id))) {
    for (const key of new Set((v.topics ?? []).map((t) => t.key))) {
      if (!keys.has(key)) continue;
      const list = out.get(key) ?? [];
      if (list.length < EXAMPLES_PER_TOPIC) out.set(key, [...list, v]);
    }
  }
  return out;
}

/**
 * The latest emerging flag of each topic among the range's windows: the detector asked about each
 * of them in turn, with the series up to it (every period present, empty ones with no items).
 */
function latestEmerging(detect: EmergingDetector, scope: TopicScope, granularity: TopicGranularity, windows: readonly TopicWindow[], periods: readonly PeriodWindow[], rangeFirst: number): Map<string, EmergingTopic> {
  const stored = new Map(windows.map((w) => [w.window, w]));
  const series = periods.map((p) => stored.get(p.start.toISOString()) ?? { window: p.start.toISOString(), items: 0, negativeItems: 0, entries: [] });
  const out = new Map<string, EmergingTopic>();
  for (let i = rangeFirst; i < series.length; i++) {
    if (series[i]!.items === 0) continue;
    for (const flag of detect(scope, granularity, series.slice(0, i + 1))) out.set(flag.key, flag);
  }
  return out;
}

export async function readTopics(audience: TopicsAudience, query: Record<string, string | undefined>, deps: ReadTopicsDeps): Promise<TopicsResponse> {
  const q = parseQuery(TopicsQuerySchema, query);
  departmentNames(q.department, deps.departments);
  if ('viewer' in audience) assertCanSee(audience.viewer, q.department);
  const zone = deps.timeZone;
  const to = q.to ? new Date(q.to) : nowOf(deps);
  const from = q.from ? new Date(q.from) : periodsEndingAt(to, q.granularity, zone, DEFAULT_WINDOWS[q.granularity])[0]!.start;
  const periods = rangeWindows(from, to, q.granularity, zone);
  const before = periodsBefore(periods[0]!, Math.max(periods.length, EMERGING_LOOKBACK[q.granularity]));
  const previousStart = before[before.length - periods.length]!.start.toISOString();
  const rangeStart = periods[0]!.start.toISOString();

  const scope = scopeOfDepartment(q.department);
  const read = await deps.topics.windows(scope, q.granularity, before[0]!.start, periods.at(-1)!.end);
  const windows = read.map((w) => ({ ...w, window: new Date(w.window).toISOString() }));
  const inRange = windows.filter((w) => w.window >= rangeStart);
  const current = mergeTopicWindows(inRange);
  const previous = mergeTopicWindows(windows.filter((w) => w.window >= previousStart && w.window < rangeStart));
  const emerging = latestEmerging(deps.emerging ?? detectEmergingTopics, scope, q.granularity, windows, [...before, ...periods], before.length);
  const ranked = rankTopics(withoutNested(current, new Set(emerging.keys()))).slice(0, q.limit);

  const keys = new Set(ranked.map((t) => t.key));
  const candidates =
    keys.size === 0 ? [] : await deps.store.verbatims(q.department, periods[0]!.start, to, MAX_EXAMPLE_CANDIDATES, { topics: [...keys], maxExamined: MAX_EXAMINED_FOR_EXAMPLES });
  const examples = examplesByTopic(candidates, keys);

  const topics: TopicView[] = ranked.map((t) => {
    const before = previous.get(t.key)?.count ?? 0;
    const flag = emerging.get(t.key);
    return {
      topic: t.key,
      phrases: t.phrases,
      count: t.count,
      negative: t.negative,
      negativeShare: t.count > 0 ? round(t.negative / t.count, 4) : 0,
      change: before > 0 ? round(t.count / before - 1, 4) : null,
      emerging: flag ? { reason: flag.reason, test: flag.test, statistic: flag.statistic, threshold: flag.threshold, support: flag.support, window: flag.window } : null,
      examples: (examples.get(t.key) ?? []).map((v) => ({ id: v.id, text: v.text, occurredAt: v.occurredAt })),
    };
  });
  return {
    department: q.department,
    from: periods[0]!.start.toISOString(),
    to: to.toISOString(),
    granularity: q.granularity,
    maxError: ranked.reduce((max, t) => Math.max(max, t.error), 0),
    topics,
  };
}
