/** Dates in a format a user mapping declares ("dd/MM/yyyy HH:mm", "M/d/yy h:mm a"). */
import type { FieldResult, ProfileContext } from './common';
import { offsetMinutes, parseDate, zonedToUtc } from './dates';

type DatePart = 'y' | 'yy' | 'M' | 'd' | 'H' | 'h' | 'm' | 's' | 'S' | 'a' | 'X';
const TOKENS: readonly [string, DatePart, string][] = [
  ['yyyy', 'y', '(\\d{4})'],
  ['yy', 'yy', '(\\d{2})'],
  ['MM', 'M', '(\\d{2})'],
  ['M', 'M', '(\\d{1,2})'],
  ['dd', 'd', '(\\d{2})'],
  ['d', 'd', '(\\d{1,2})'],
  ['HH', 'H', '(\\d{2})'],
  ['H', 'H', '(\\d{1,2})'],
  ['hh', 'h', '(\\d{2})'],
  ['h', 'h', '(\\d{1,2})'],
  ['mm', 'm', '(\\d{2})'],
  ['ss', 's', '(\\d{2})'],
  ['SSS', 'S', '(\\d{1,9})'],
  ['a', 'a', '([AaPp]\\.?[Mm]\\.?)'],
  ['XXX', 'X', '(Z|[+-]\\d{2}:?\\d{2})'],
];

export interface CompiledDateFormat {
  re: RegExp;
  parts: DatePart[];
}

export function compileDateFormat(format: string): { ok: true; compiled: CompiledDateFormat } | { ok: false } {
  let re = '';
  const parts: DatePart[] = [];
  for (let i = 0; i < format.length; ) {
    const tok = TOKENS.find(([t]) => format.startsWith(t, i));
    if (tok) {
      re += tok[2];
      parts.push(tok[1]);
      i += tok[0].length;
    } else {
      const c = format[i]!;
      if (/[A-Za-z]/.test(c) && c !== 'T') return { ok: false };
      re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(' ', '\\s+');
      i++;
    }
  }
  const has = (p: DatePart) => parts.includes(p);
  if (!(has('y') || has('yy')) || !has('M') || !has('d') || (has('h') && !has('a'))) return { ok: false };
  return { ok: true, compiled: { re: new RegExp(`^${re}$`), parts } };
}

export function parseFormattedDate(raw: string, format: string, compiled: CompiledDateFormat | undefined, ctx: ProfileContext, label: string): FieldResult<string> {
  const text = raw.trim();
  if (format === 'iso') return parseDate(text, ctx, label);
  if (format === 'epoch' || format === 'epoch-ms') {
    if (!/^\d{1,16}(\.\d+)?$/.test(text)) return { error: `${label}: "${text.slice(0, 40)}" is not a ${format === 'epoch' ? 'Unix time in seconds' : 'Unix time in milliseconds'}` };
    return { value: new Date(Number(text) * (format === 'epoch' ? 1000 : 1)).toISOString() };
  }
  const m = compiled!.re.exec(text);
  if (!m) return { error: `${label}: "${text.slice(0, 40)}" does not match the format "${format}"` };
  const v: Partial<Record<DatePart, string>> = {};
  compiled!.parts.forEach((p, i) => (v[p] = m[i + 1]));
  const y = v.y !== undefined ? Number(v.y) : 2000 + Number(v.yy);
  const mo = Number(v.M);
  const d = Number(v.d);
  let h = Number(v.H ?? v.h ?? 0);
  if (v.h !== undefined) {
    if (h < 1 || h > 12) return { error: `${label}: "${text}" has hour ${h} on a 12-hour clock` };
    const pm = /^p/i.test(v.a ?? '');
    h = (h % 12) + (pm ? 12 : 0);
  }
  const mi = Number(v.m ?? 0);
  const s = Number(v.s ?? 0);
  const ms = v.S ? Math.round(Number(`0.${v.S}`) * 1000) : 0;
  if (mo < 1 || mo > 12) return { error: `${label}: "${text}" has month ${mo} (format "${format}")` };
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > dim) return { error: `${label}: "${text}" is not a real date (day ${d} of month ${mo})` };
  if (h > 23 || mi > 59 || s > 59) return { error: `${label}: "${text}" has an impossible time of day` };
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const utc = v.X !== undefined ? wall - offsetMinutes(v.X) * 60_000 : zonedToUtc(wall, ctx.timeZone ?? 'UTC');
  return { value: new Date(utc).toISOString() };
}
