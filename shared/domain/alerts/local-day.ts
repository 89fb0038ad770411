/** The local calendar day incidents, budgets and summaries are counted in. */
import { windowStart } from '../scores';

/** `2026-12-02`: the day of `at` in `zone`. */
export function localDayOf(at: Date | string, zone: string): string {
  const parts: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(at))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** ISO start of the local day that holds `at`. */
export function localDayStart(at: Date, zone: string): string {
  return windowStart(at, 'day', zone).toISOString();
}
