/**
 * Numbers, shares, changes and dates as the chosen locale writes them, dates on the wall clock of
 * the chosen zone (the deployment's configured one, or UTC).
 */
import type { DashboardGranularity } from '../../../shared/domain/dashboard/contract';

export interface Format {
  readonly locale: string;
  readonly zone: string;
  /** `12.5`, `−3`; null → `—`. */
  number(value: number | null, digits?: number): string;
  /** A 0–1 share as a percentage. */
  share(value: number | null): string;
  /** A change with its sign (`+4.2`, `−1`, `0`). */
  signed(value: number | null, digits?: number): string;
  /** A relative change (0.5 = half as much again) as a signed percentage: `+50 %`, `−20 %`. */
  signedPercent(value: number | null): string;
  date(iso: string): string;
  dateTime(iso: string): string;
  /** A window's start as its granularity reads: `2 Dec 2026`, `week of 30 Nov 2026`, `December 2026`. */
  window(iso: string, granularity: DashboardGranularity, weekOf: string): string;
  /** A short axis label for a window. */
  windowShort(iso: string, granularity: DashboardGranularity): string;
}

export const NO_VALUE = '—';

export function createFormat(locale: string, zone: string): Format {
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number) => {
    let f = numbers.get(digits);
    if (!f) numbers.set(digits, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
    return f;
  };
  const signedFormat = (digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits, signDisplay: 'exceptZero' });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const signedPercent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  const day = new Intl.DateTimeFormat(locale, { timeZone: zone, day: 'numeric', month: 'short', year: 'numeric' });
  const dayShort = new Intl.DateTimeFormat(locale, { timeZone: zone, day: 'numeric', month: 'short' });
  const month = new Intl.DateTimeFormat(locale, { timeZone: zone, month: 'long', year: 'numeric' });
  const monthShort = new Intl.DateTimeFormat(locale, { timeZone: zone, month: 'short', year: '2-digit' });
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale,
    zone,
    number: (value, digits = 1) => (value === null ? NO_VALUE : numberFormat(digits).format(value)),
    share: (value) => (value === null ? NO_VALUE : percent.format(value)),
    signed: (value, digits = 1) => (value === null ? NO_VALUE : signedFormat(digits).format(value)),
    signedPercent: (value) => (value === null ? NO_VALUE : signedPercent.format(value)),
    date: (iso) => day.format(new Date(iso)),
    dateTime: (iso) => dateTime.format(new Date(iso)),
    window: (iso, granularity, weekOf) => {
      const at = new Date(iso);
      if (granularity === 'month') return month.format(at);
      if (granularity === 'week') return weekOf.replace('{date}', day.format(at));
      return day.format(at);
    },
    windowShort: (iso, granularity) => (granularity === 'month' ? monthShort : dayShort).format(new Date(iso)),
  };
}
