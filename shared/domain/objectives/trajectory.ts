/**
 * Where a department stands against one of its targets, and where its current pace takes it: the
 * gap from the latest week with enough answers, and the least-squares slope of the weekly values
 * over the last complete weeks (weeks with too few answers are left out of the fit, not counted
 * as zero). Pure: the caller reads the weeks from the aggregates and passes the clock in.
 */
import { localDayOf } from '../alerts/incident';
import { scoreOf, type Counters } from '../scores';
import { METRIC_SCALES, metricValue, metricVolume, type ObjectiveMetric, type Target } from './target';

/** Complete weeks the trajectory is fitted on. */
export const TRAJECTORY_WEEKS = 8;
/** Fewest weeks with enough answers before a slope means anything (three points make a noisy line). */
export const MIN_FIT_WEEKS = 4;
const WEEK_MS = 7 * 86_400_000;

export const OBJECTIVE_STATUSES = ['reached', 'on-track', 'off-track', 'moving-away', 'flat', 'missed', 'not-enough-data'] as const;
/**
 * - `reached`: the latest week meets the target;
 * - `on-track`: the pace reaches it on or before its date;
 * - `off-track`: the pace reaches it, but after its date;
 * - `moving-away`: the weekly values move away from it;
 * - `flat`: they do not move (less than a ten-thousandth of the scale a week);
 * - `missed`: its date has passed and it is not reached;
 * - `not-enough-data`: no week with enough answers, or fewer than MIN_FIT_WEEKS of them.
 */
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];
const OFF_TRACK: readonly ObjectiveStatus[] = ['off-track', 'moving-away', 'flat', 'missed'];

/** One complete week of a department's counters. */
export interface WeekCounters {
  /** ISO start of the week. */
  week: string;
  counters: Counters;
}

export interface ObjectiveAssessment {
  metric: ObjectiveMetric;
  target: number;
  /** The target's last day (YYYY-MM-DD, local). */
  by: string;
  /** The latest week with enough answers, and its value (null: none). */
  current: number | null;
  currentWeek: string | null;
  /**
   * Distance still to cover, in the metric's better direction and unit: 8 = eight NPS points to
   * gain, 0.4 = a CES 0.4 lower still needed; 0 or less = reached. Null without a current value.
   */
  gap: number | null;
  /** Least-squares slope of the weekly values, per week, in the metric's unit (signed as the metric). */
  slopePerWeek: number | null;
  /** Weeks that entered the fit, and weeks left out for too few answers. */
  weeksUsed: number;
  weeksThin: number;
  status: ObjectiveStatus;
  /** At the current pace: whole weeks from `asOf` until reached, and that day (on-track and off-track only). */
  weeksToReach: number | null;
  reachedAround: string | null;
  offTrack: boolean;
}

export interface ObjectiveInput {
  target: Target;
  /** The last TRAJECTORY_WEEKS complete weeks, oldest first, one entry per week (thin ones included). */
  weeks: readonly WeekCounters[];
  /** Fewest answers (or items) for a week's value to count. */
  minVolume: number;
  /** When the assessment is made (the digest's week end, the page's now). */
  asOf: Date;
  zone: string;
}

/** Least-squares slope of y over x; null when fewer than two distinct x. */
export function leastSquaresSlope(points: readonly { x: number; y: number }[]): number | null {
  if (points.length < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  return sxx === 0 ? null : sxy / sxx;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Digits a metric is shown and compared with: shares to 4 places (0.1 %), the rest to 2. */
const digitsOf = (metric: ObjectiveMetric) => (metric === 'negativeShare' ? 4 : 2);

export function assessObjective(input: ObjectiveInput): ObjectiveAssessment {
  const { target, minVolume, asOf, zone } = input;
  const { metric } = target;
  const scale = METRIC_SCALES[metric];
  const sign = scale.better === 'up' ? 1 : -1;
  const digits = digitsOf(metric);

  const points: { x: number; y: number; week: string }[] = [];
  input.weeks.forEach((w, x) => {
    const value = metricValue(scoreOf(w.counters), metric);
    if (value !== null && Number.isFinite(value) && metricVolume(w.counters, metric) >= minVolume) points.push({ x, y: value, week: w.week });
  });
  const latest = points.at(-1);
  const current = latest ? latest.y : null;
  const gap = current === null ? null : round(sign * (target.value - current), digits);
  const rawSlope = points.length >= MIN_FIT_WEEKS ? leastSquaresSlope(points) : null;
  const slopePerWeek = rawSlope === null ? null : round(rawSlope, digits + 2);

  const base = {
    metric,
    target: target.value,
    by: target.by,
    current,
    currentWeek: latest?.week ?? null,
    gap,
    slopePerWeek,
    weeksUsed: points.length,
    weeksThin: input.weeks.length - points.length,
    weeksToReach: null,
    reachedAround: null,
  };
  const result = (status: ObjectiveStatus, projection?: { weeksToReach: number; reachedAround: string }): ObjectiveAssessment => ({
    ...base,
    ...projection,
    status,
    offTrack: OFF_TRACK.includes(status),
  });

  if (current === null || !latest) return result('not-enough-data');
  // Reached when nothing is left to cover at the precision the value is shown with.
  if (gap! <= 0) return result('reached');
  if (localDayOf(asOf, zone) > target.by) return result('missed');
  if (rawSlope === null) return result('not-enough-data');
  const toward = sign * rawSlope;
  if (Math.abs(toward) < (scale.max - scale.min) * 1e-4) return result('flat');
  if (toward < 0) return result('moving-away');

  // From the end of the latest counted week, at the fitted pace.
  const latestEnd = new Date(latest.week).getTime() + WEEK_MS;
  const reachAt = latestEnd + (gap! / toward) * WEEK_MS;
  const weeksToReach = Math.max(1, Math.ceil((reachAt - asOf.getTime()) / WEEK_MS));
  const reachedAround = localDayOf(new Date(Math.max(reachAt, asOf.getTime())), zone);
  return result(reachedAround <= target.by ? 'on-track' : 'off-track', { weeksToReach, reachedAround });
}
