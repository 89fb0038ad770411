/** Dates and time zones as exports write them: parsing, and wall-clock times in a zone to UTC. */
import { isBlank, type FieldResult, type ProfileContext } from './common';

const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;
const DMY_RE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T,]+(\d{1,2})[:h](\d{2})(?::(\d{2}))?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();
function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws RangeError for a zone Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  zoneFormatter(timeZone);
}

function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of zoneFormatter(timeZone).formatToParts(new Date(utcMs))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Offsets only change on DST transitions, which fall on quarter hours: one Intl lookup per zone and quarter hour. */
const QUARTER_HOUR = 15 * 60_000;
const offsetCache = new Map<string, number>();

/** Wall-clock time in a zone → UTC epoch ms (DST-aware; a time skipped by DST moves forward). */
export function zonedToUtc(wall: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return wall;
  const bucket = Math.floor(wall / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${timeZone}|${bucket}`;
  let offset = offsetCache.get(key);
  if (offset === undefined) {
    const first = zoneOffsetMs(bucket, timeZone);
    const second = zoneOffsetMs(bucket - first, timeZone);
    offset = second === first ? first : second;
    if (offsetCache.size >= 50_000) offsetCache.clear();
    offsetCache.set(key, offset);
  }
  return wall - offset;
}

export function offsetMinutes(z: string): number {
  if (/^(z|utc|gmt)$/i.test(z)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z)!;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

export const DATE_HELP = 'use ISO 8601 (2026-03-14T09:30:00Z), dd/mm/yyyy [hh:mm] or yyyy-mm-dd hh:mm:ss';

/** ISO 8601, "dd/mm/yyyy[ hh:mm[:ss]]" (day first, as French exports write it), "yyyy-mm-dd hh:mm:ss"; no offset → ctx zone. */
export function parseDate(raw: string | undefined | null, ctx: ProfileContext, label = 'date'): FieldResult<string> {
  if (raw === undefined || raw === null || isBlank(raw)) return {};
  const text = raw.trim();
  let y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone: string | undefined;
  let m = ISO_RE.exec(text);
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
    ms = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
    zone = m[8];
  } else if ((m = DMY_RE.exec(text))) {
    [d, mo] = [Number(m[1]), Number(m[2])];
    y = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    [h, mi, s, ms] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), 0];
    zone = m[7];
  } else {
    return { error: `${label}: "${text.slice(0, 40)}" is not a date we can read; ${DATE_HELP}` };
  }
  if (mo < 1 || mo > 12) return { error: `${label}: "${text}" has month ${mo}; dates are read day first (dd/mm/yyyy) or ${DATE_HELP}` };
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > dim) return { error: `${label}: "${text}" is not a real date (day ${d} of month ${mo})` };
  if (h > 23 || mi > 59 || s > 59) return { error: `${label}: "${text}" has an impossible time of day` };
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, Math.round(ms));
  const utc = zone !== undefined ? wall - offsetMinutes(zone) * 60_000 : zonedToUtc(wall, ctx.timeZone ?? 'UTC');
  return { value: new Date(utc).toISOString() };
}

/** Accepts what the source sends as a date-time: ISO strings, epoch seconds. */
export function isoFromJson(v: unknown, ctx: ProfileContext, label: string): FieldResult<string> {
  if (typeof v === 'number' && Number.isFinite(v)) return { value: new Date(v < 1e11 ? v * 1000 : v).toISOString() };
  if (typeof v === 'string') return parseDate(v, ctx, label);
  if (v === undefined || v === null) return {};
  return { error: `${label}: expected a date-time string` };
}
