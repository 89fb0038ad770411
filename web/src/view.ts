/** What the user chose to look at (period, zone, range, granularity), kept across visits in localStorage. */
import * as z from 'zod';
import { DASHBOARD_GRANULARITIES, PERIODS, ZONES } from '../../shared/domain/dashboard/contract';
import type { TopicGranularity } from '../../shared/domain/topics/contract';

export const RANGES = [30, 90, 182, 365] as const;
export type RangeDays = (typeof RANGES)[number];

const ViewSchema = z.object({
  period: z.enum(PERIODS).catch('week'),
  zone: z.enum(ZONES).catch('local'),
  rangeDays: z.union(RANGES.map((n) => z.literal(n))).catch(90),
  granularity: z.enum(DASHBOARD_GRANULARITIES).catch('day'),
});
export type View = z.infer<typeof ViewSchema>;

export const VIEW_STORAGE_KEY = 'cv.view';
export const DEFAULT_VIEW: View = { period: 'week', zone: 'local', rangeDays: 90, granularity: 'day' };

export function storedView(text: string | null): View {
  if (!text) return DEFAULT_VIEW;
  try {
    const parsed = ViewSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : DEFAULT_VIEW;
  } catch {
    return DEFAULT_VIEW;
  }
}

/** The department page's range: the last `rangeDays` days up to now, as the API's from/to. */
export function rangeOf(view: View, now: number): { from: string; to: string } {
  return { from: new Date(now - view.rangeDays * 86_400_000).toISOString(), to: new Date(now).toISOString() };
}

/** The API answers at most 100 local days (a range under 96 days stays under that, DST included) or 53 weeks at a time. */
const MAX_DAY_RANGE_DAYS = 96;
const MAX_WEEK_RANGE_DAYS = 52 * 7;
const DAY_MS = 86_400_000;

/** The topics' range and granularity for the page's: days for a range of days that fits, weeks otherwise. */
export function topicsRange(from: string, to: string, granularity: 'day' | 'week' | 'month'): { from: string; to: string; granularity: TopicGranularity } {
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS;
  const topicGranularity: TopicGranularity = granularity === 'day' && span < MAX_DAY_RANGE_DAYS ? 'day' : 'week';
  const earliest = Date.parse(to) - MAX_WEEK_RANGE_DAYS * DAY_MS;
  return { from: topicGranularity === 'week' && Date.parse(from) < earliest ? new Date(earliest).toISOString() : from, to, granularity: topicGranularity };
}
