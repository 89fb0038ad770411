/**
 * The dashboard's periods and windows: the day, week or month holding an instant in a zone (the
 * configured one or UTC), the periods before it, and which stored aggregate windows make each up.
 * Days and weeks are stored windows (day and week series, in UTC and in the configured zone);
 * a month is not stored, so it is the sum of its local days (the day series of the same zone).
 * Every boundary is a wall-clock midnight of the zone, so a Paris day is 23 or 25 hours long on
 * DST changes and a Paris month starts at 23:00 or 22:00 UTC the day before.
 */
import { nextWindow, windowStart, UTC, type Granularity } from '../scores';
import type { DashboardGranularity, Period } from './contract';

/** A period: [start, end) in `zone`. */
export interface PeriodWindow {
  kind: Period;
  zone: string;
  start: Date;
  /** Exclusive: the start of the next period. */
  end: Date;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
/** Local calendar date of an instant in a zone. */
function localDate(at: Date, zone: string): { year: number; month: number; day: number } {
  if (zone === UTC) return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
  let f = dateFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric' });
    dateFormatters.set(zone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day! };
}

/** The local midnight starting the first day of a month (month may overflow: 13 is next January). */
function monthStartOf(year: number, month: number, zone: string): Date {
  const first = new Date(Date.UTC(year, month - 1, 1, 12));
  // Noon UTC falls on the 1st in every zone within ±12 h; step a day either way for the rest.
  let day = windowStart(first, 'day', zone);
  const local = localDate(day, zone);
  if (local.day !== 1) day = local.day > 15 ? nextWindow(day, 'day', zone) : windowStart(new Date(day.getTime() - 1), 'day', zone);
  return day;
}

/** Start of the period of `kind` holding `at` in `zone`. */
export function periodStart(at: Date, kind: Period, zone: string): Date {
  if (kind !== 'month') return windowStart(at, kind, zone);
  const local = localDate(at, zone);
  return monthStartOf(local.year, local.month, zone);
}

/** Start of the period after the one starting at `start`. */
export function nextPeriodStart(start: Date, kind: Period, zone: string): Date {
  if (kind !== 'month') return nextWindow(start, kind, zone);
  const local = localDate(start, zone);
  return monthStartOf(local.year, local.month + 1, zone);
}

/** Start of the period before the one starting at `start`. */
export function previousPeriodStart(start: Date, kind: Period, zone: string): Date {
  return periodStart(new Date(start.getTime() - 1), kind, zone);
}

/** The period of `kind` holding `at`. */
export function periodHolding(at: Date, kind: Period, zone: string): PeriodWindow {
  const start = periodStart(at, kind, zone);
  return { kind, zone, start, end: nextPeriodStart(start, kind, zone) };
}

/** The `count` periods ending with the one holding `at`, oldest first. */
export function periodsEndingAt(at: Date, kind: Period, zone: string, count: number): PeriodWindow[] {
  const out: PeriodWindow[] = [periodHolding(at, kind, zone)];
  while (out.length < count) {
    const start = previousPeriodStart(out[0]!.start, kind, zone);
    out.unshift({ kind, zone, start, end: out[0]!.start });
  }
  return out;
}

/** The stored granularity a period (or chart granularity) is read from: months are sums of days. */
export function storedGranularityOf(kind: Period | DashboardGranularity): Extract<Granularity, 'day' | 'week'> {
  return kind === 'week' ? 'week' : 'day';
}

/** The stored windows (starts, ISO) whose counters make up the period: itself, or each local day of a month. */
export function storedWindowsOf(period: PeriodWindow): string[] {
  if (period.kind !== 'month') return [period.start.toISOString()];
  const days: string[] = [];
  for (let d = period.start; d < period.end; d = nextWindow(d, 'day', period.zone)) days.push(d.toISOString());
  return days;
}

/**
 * The chart windows of a range: the periods of `granularity` from the one holding `from` to the
 * one holding `to`, oldest first; null when there would be more than `max` of them.
 */
export function periodsBetween(from: Date, to: Date, granularity: DashboardGranularity, zone: string, max: number): PeriodWindow[] | null {
  const out: PeriodWindow[] = [];
  for (let p = periodHolding(from, granularity, zone); p.start <= to; p = { kind: granularity, zone, start: p.end, end: nextPeriodStart(p.end, granularity, zone) }) {
    if (out.length === max) return null;
    out.push(p);
  }
  return out;
}

/** The `count` periods just before `first`, oldest first (the previous equal range). */
export function periodsBefore(first: PeriodWindow, count: number): PeriodWindow[] {
  const out: PeriodWindow[] = [];
  let end = first.start;
  for (let i = 0; i < count; i++) {
    const start = previousPeriodStart(end, first.kind, first.zone);
    out.unshift({ kind: first.kind, zone: first.zone, start, end });
    end = start;
  }
  return out;
}

/** The contract's period payload: first and last millisecond, and the previous period's start. */
export function periodPayload(period: PeriodWindow): { kind: Period; start: string; end: string; previousStart: string; zone: string } {
  return {
    kind: period.kind,
    start: period.start.toISOString(),
    end: new Date(period.end.getTime() - 1).toISOString(),
    previousStart: previousPeriodStart(period.start, period.kind, period.zone).toISOString(),
    zone: period.zone,
  };
}
