/**
 * Export profiles: how one record of a contact-centre export (a CSV row, a ticket, a Contact
 * Lens analysis file) becomes a FeedbackInput, or says what is wrong with it.
 *
 * Pure functions, no I/O: `shared/app/parse-export.ts` streams the file and calls these.
 * Every successful result has been validated against FeedbackInputSchema, so the caller can
 * hand it to `toEnvelope` as it is.
 */
import { describeIssues, FeedbackInputSchema, MAX_METADATA_ENTRIES, type FeedbackInput, type Ratings } from './feedback';

export const EXPORT_PROFILE_NAMES = ['generic', 'zendesk', 'freshdesk', 'contact-lens'] as const;
export type ExportProfileName = (typeof EXPORT_PROFILE_NAMES)[number];

/**
 * One record's outcome. `skipped` marks a record that is fine but is not customer feedback
 * (a deleted ticket, an agent's outbound email): count it apart from the rejected ones.
 */
export type RecordResult = { ok: true; input: FeedbackInput } | { ok: false; error: string; skipped?: true };

export interface ProfileContext {
  /** IANA zone for dates written without an offset ("14/03/2026 09:30"). Default UTC. */
  timeZone?: string;
  /** The file's name or S3 key: Contact Lens voice files carry their timestamp only there. */
  sourceName?: string;
  /** Contact Lens category name (case-insensitive) → journey id, for the journey hint. */
  categoryJourneys?: Readonly<Record<string, string>>;
}

export interface CsvRowMapper {
  map(values: readonly string[]): RecordResult;
}
export type CsvHeaderResult = { ok: true; mapper: CsvRowMapper } | { ok: false; error: string };
export type JsonRecordsResult = { ok: true; records: readonly unknown[] } | { ok: false; error: string };

export interface ExportProfile {
  readonly name: ExportProfileName;
  readonly description: string;
  /** Reads the header row once per file; absent when the source never exports CSV. */
  csv?(header: readonly string[], ctx: ProfileContext): CsvHeaderResult;
  /** The records one JSON document (a page, an array, one object) holds. */
  jsonRecords(doc: unknown): JsonRecordsResult;
  fromJson(record: unknown, ctx: ProfileContext): RecordResult;
}

// ───────────────────────────── shared helpers ─────────────────────────────

const MAX_META_KEY = 64;
const MAX_META_VALUE = 1024;

/** Bounded metadata: keys ≤ 64 chars, strings ≤ 1024 chars, at most 50 entries (the last one says how many were dropped). */
export class MetadataBuilder {
  private readonly entries: Record<string, string | number | boolean> = {};
  private count = 0;
  private dropped = 0;

  set(key: string, value: string | number | boolean | null | undefined): this {
    if (value === null || value === undefined) return this;
    let v = value;
    if (typeof v === 'string') {
      v = v.trim();
      if (!v) return this;
      if (v.length > MAX_META_VALUE) v = `${v.slice(0, MAX_META_VALUE - 1)}…`;
    } else if (typeof v === 'number' && !Number.isFinite(v)) return this;
    const k = key.trim().slice(0, MAX_META_KEY);
    if (!k) return this;
    if (!(k in this.entries)) {
      if (this.count >= MAX_METADATA_ENTRIES - 1) {
        this.dropped++;
        return this;
      }
      this.count++;
    }
    this.entries[k] = v;
    return this;
  }

  build(): Record<string, string | number | boolean> | undefined {
    if (this.dropped > 0) return { ...this.entries, metadataDropped: this.dropped };
    return this.count > 0 ? { ...this.entries } : undefined;
  }
}

/** Lower case, no accents, `_`/`-`/spaces collapsed: "Créé le", "created_at" and "Created At" compare equal. */
export function normalizeHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

/** "Service Client" → "service-client": department and journey hints are ids. */
export function slugId(v: string): string {
  return v
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 64);
}

type FieldResult<T> = { value?: T; error?: string };

const EMPTY_VALUES = new Set(['', '-', '—', 'n/a', 'na', 'null', 'none', 'nan', 'aucun', 'aucune']);
const isBlank = (v: string | undefined): boolean => v === undefined || EMPTY_VALUES.has(v.trim().toLowerCase());

export const RATING_SCALES = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
const RATING_NAMES = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const;

/** "9", "9/10", "4 ★", "★★★★☆", "4 étoiles", "4,0" → an integer, validated against the scale. */
export function parseRating(raw: string | number | undefined | null, kind: keyof typeof RATING_SCALES, label: string = kind): FieldResult<number> {
  if (raw === undefined || raw === null) return {};
  const text = String(raw).trim();
  if (isBlank(text)) return {};
  const [min, max] = RATING_SCALES[kind];
  const scale = `${RATING_NAMES[kind]} is ${min}–${max}`;
  let value: number;
  const stars = /^[★☆✩✭⭐\s]+$/u.test(text) ? [...text].filter((c) => c === '★' || c === '⭐' || c === '✭').length : undefined;
  if (stars !== undefined) {
    value = stars;
  } else {
    const m = /^([+-]?\d+(?:[.,]\d+)?)\s*(?:\/\s*(\d+))?\s*(?:★|⭐|\*|stars?|étoiles?|etoiles?|pts?|points?)?$/iu.exec(text);
    if (!m) return { error: `${label}: "${text.slice(0, 40)}" is not a score; write a number such as ${max === 10 ? '"9" or "9/10"' : `"4" or "4/${max}"`} (${scale})` };
    value = Number(m[1]!.replace(',', '.'));
    if (m[2] !== undefined && Number(m[2]) !== max) {
      return { error: `${label}: "${text}" is on a ${m[2]}-point scale; ${scale}` };
    }
  }
  if (!Number.isInteger(value)) return { error: `${label}: ${value} is not a whole number; ${scale}` };
  if (value < min || value > max) return { error: `${label}: ${value} is out of range; ${scale}` };
  return { value };
}

const LANG_NAMES: Record<string, string> = {
  french: 'fr', francais: 'fr', fra: 'fr', fre: 'fr', english: 'en', anglais: 'en', eng: 'en',
  german: 'de', allemand: 'de', deutsch: 'de', spanish: 'es', espagnol: 'es', italian: 'it', italien: 'it',
};

/** "fr", "FR", "fr-FR", "fr_CA", "French", "Français" → ISO 639-1 "fr". */
export function parseLang(raw: string | undefined | null, label = 'lang'): FieldResult<string> {
  if (raw === undefined || raw === null || isBlank(raw)) return {};
  const norm = raw.trim().normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/_/g, '-');
  const named = LANG_NAMES[norm];
  if (named) return { value: named };
  const primary = norm.split('-')[0] ?? '';
  const value = LANG_NAMES[primary] ?? primary;
  if (/^[a-z]{2,3}$/.test(value)) return { value };
  return { error: `${label}: "${raw.trim().slice(0, 40)}" is not a language code; use an ISO 639-1 code such as "fr" or "en"` };
}

// ─── dates ───

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
function zonedToUtc(wall: number, timeZone: string): number {
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

function offsetMinutes(z: string): number {
  if (/^(z|utc|gmt)$/i.test(z)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(z)!;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

const DATE_HELP = 'use ISO 8601 (2026-03-14T09:30:00Z), dd/mm/yyyy [hh:mm] or yyyy-mm-dd hh:mm:ss';

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
function isoFromJson(v: unknown, ctx: ProfileContext, label: string): FieldResult<string> {
  if (typeof v === 'number' && Number.isFinite(v)) return { value: new Date(v < 1e11 ? v * 1000 : v).toISOString() };
  if (typeof v === 'string') return parseDate(v, ctx, label);
  if (v === undefined || v === null) return {};
  return { error: `${label}: expected a date-time string` };
}

/** Enough HTML → text for ticket bodies: block tags become line breaks, common entities decoded. */
export function htmlToText(html: string): string {
  if (!/<[a-z!/][^>]*>/i.test(html)) return html;
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const cleanText = (t: string): string => t.replace(/\r\n?/g, '\n').trim();

/** Validates the assembled input; on failure, every problem of the record in one message. */
function finish(input: Record<string, unknown>, errors: string[]): RecordResult {
  if (errors.length > 0) return { ok: false, error: errors.join('; ') };
  const parsed = FeedbackInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
  return { ok: true, input: parsed.data };
}

function take<T>(r: FieldResult<T>, errors: string[]): T | undefined {
  if (r.error) errors.push(r.error);
  return r.value;
}

function slugField(raw: string | undefined, label: string, errors: string[]): string | undefined {
  if (raw === undefined || isBlank(raw)) return undefined;
  const slug = slugId(raw);
  if (!slug) {
    errors.push(`${label}: "${raw.trim().slice(0, 40)}" has no letters or digits to make an id from`);
    return undefined;
  }
  return slug;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Columns that hold personal data: never copied into metadata (the customer id is hashed, the rest dropped). */
const PERSONAL_COLUMN =
  /(^| )(e ?mail|courriel|phone|telephone|mobile|portable|gsm|address|adresse|twitter id|ip address)( |$)|^(name|nom|prenom|full name|first name|last name|(customer|client|contact) name|requester|submitter|assignee|agent)$/;
const EMAIL_VALUE = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;

// ─── CSV header plumbing ───

interface ColumnSpec<K extends string> {
  /** field → accepted header names (normalised); the first column matching wins. */
  fields: Record<K, readonly string[]>;
  /** normalised headers that are read by the mapper or must never reach metadata. */
  ignore?: readonly string[];
}

interface BoundColumns<K extends string> {
  idx: Partial<Record<K, number>>;
  /** [column index, metadata key] for every other column. */
  rest: [number, string][];
  header: readonly string[];
}

function bindColumns<K extends string>(header: readonly string[], spec: ColumnSpec<K>): BoundColumns<K> {
  const idx: Partial<Record<K, number>> = {};
  const used = new Set<number>();
  const norm = header.map(normalizeHeader);
  for (const field of Object.keys(spec.fields) as K[]) {
    for (const alias of spec.fields[field]) {
      const i = norm.findIndex((h, j) => h === alias && !used.has(j));
      if (i >= 0) {
        idx[field] = i;
        used.add(i);
        break;
      }
    }
  }
  const ignore = new Set(spec.ignore ?? []);
  const rest: [number, string][] = [];
  const seen = new Set<string>();
  norm.forEach((h, i) => {
    if (used.has(i) || !h || ignore.has(h) || PERSONAL_COLUMN.test(h)) return;
    let key = header[i]!.replace(/^\uFEFF/, '').trim();
    if (seen.has(key)) key = `${key} (${i + 1})`;
    seen.add(key);
    rest.push([i, key]);
  });
  return { idx, rest, header };
}

function fieldGetter<K extends string>(cols: BoundColumns<K>, values: readonly string[]): (k: K) => string | undefined {
  return (k) => {
    const i = cols.idx[k];
    return i === undefined ? undefined : values[i];
  };
}

function restToMetadata(cols: BoundColumns<string>, values: readonly string[], meta: MetadataBuilder): void {
  for (const [i, key] of cols.rest) {
    const v = values[i];
    if (v === undefined || isBlank(v) || EMAIL_VALUE.test(v)) continue;
    meta.set(key, v);
  }
}

function fieldCountError(values: readonly string[], header: readonly string[]): string | undefined {
  if (values.length <= header.length) return undefined;
  const extra = values.slice(header.length);
  if (extra.every((v) => v.trim() === '')) return undefined;
  return `row has ${values.length} fields but the header has ${header.length}: quote fields that contain the delimiter, or check the delimiter`;
}

const allBlank = (values: readonly string[]): boolean => values.every((v) => v.trim() === '');

/** Rows whose every field is empty (Excel leaves ";;;;" lines behind) are not feedback: skipped, not rejected. */
export const EMPTY_ROW: RecordResult = Object.freeze({ ok: false, error: 'empty row', skipped: true });

// ───────────────────────────── generic ─────────────────────────────

const GENERIC_FIELDS = {
  id: ['id', 'external id', 'externalid', 'reference', 'ref'],
  date: ['date', 'occurred at', 'occurredat', 'created at', 'createdat', 'timestamp', 'datetime', 'date time'],
  text: ['text', 'message', 'texte', 'verbatim', 'commentaire', 'comment', 'feedback'],
  lang: ['lang', 'language', 'langue', 'locale'],
  nps: ['nps'],
  csat: ['csat'],
  ces: ['ces'],
  department: ['department', 'departement', 'dept', 'service', 'queue'],
  journey: ['journey', 'parcours'],
  customer: ['customer', 'customer id', 'customerid', 'client', 'client id'],
  subject: ['subject', 'sujet', 'objet', 'title', 'titre'],
} as const;
type GenericField = keyof typeof GENERIC_FIELDS;

function genericHeader(header: readonly string[], ctx: ProfileContext): CsvHeaderResult {
  const cols = bindColumns<GenericField>(header, { fields: GENERIC_FIELDS });
  if (cols.idx.text === undefined) {
    const seen = header.map((h) => `"${h.trim()}"`).slice(0, 12).join(', ');
    return {
      ok: false,
      error: `no text column: the header has ${seen || 'no columns'}; name the column holding what the customer wrote "text" (or "message")`,
    };
  }
  return {
    ok: true,
    mapper: {
      map(values) {
        if (allBlank(values)) return EMPTY_ROW;
        const errors: string[] = [];
        const countError = fieldCountError(values, header);
        if (countError) return { ok: false, error: countError };
        const get = fieldGetter(cols, values);
        const label = (k: GenericField): string => header[cols.idx[k]!]!.replace(/^\uFEFF/, '').trim();
        const text = get('text');
        if (text === undefined || text.trim() === '') errors.push(`${label('text')}: is empty; every row needs what the customer wrote`);
        const ratings: Ratings = {};
        for (const k of ['nps', 'csat', 'ces'] as const) {
          if (cols.idx[k] === undefined) continue;
          const v = take(parseRating(get(k), k, label(k)), errors);
          if (v !== undefined) ratings[k] = v;
        }
        const customerId = get('customer')?.trim();
        const meta = new MetadataBuilder();
        restToMetadata(cols, values, meta);
        return finish(
          {
            text: cleanText(text ?? ''),
            externalId: isBlank(get('id')) ? undefined : get('id')!.trim(),
            occurredAt: cols.idx.date === undefined ? undefined : take(parseDate(get('date'), ctx, label('date')), errors),
            lang: cols.idx.lang === undefined ? undefined : take(parseLang(get('lang'), label('lang')), errors),
            subject: isBlank(get('subject')) ? undefined : get('subject')!.trim(),
            department: cols.idx.department === undefined ? undefined : slugField(get('department'), label('department'), errors),
            journey: cols.idx.journey === undefined ? undefined : slugField(get('journey'), label('journey'), errors),
            ratings: Object.keys(ratings).length ? ratings : undefined,
            customer: customerId ? { id: customerId } : undefined,
            metadata: meta.build(),
          },
          errors,
        );
      },
    },
  };
}

/** JSON records for the generic profile: objects keyed like the CSV header. */
const genericMappers = new Map<string, CsvHeaderResult>();
function genericFromJson(record: unknown, ctx: ProfileContext): RecordResult {
  if (!isRecord(record)) return { ok: false, error: 'expected an object with at least "text"' };
  const keys = Object.keys(record);
  const sig = `${ctx.timeZone ?? ''}\u0000${keys.join('\u0000')}`;
  let header = genericMappers.get(sig);
  if (!header) {
    header = genericHeader(keys, ctx);
    if (genericMappers.size > 200) genericMappers.clear();
    genericMappers.set(sig, header);
  }
  if (!header.ok) return header;
  const values = keys.map((k) => {
    const v = record[k];
    return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
  return header.mapper.map(values);
}

function arrayOrItems(doc: unknown, keys: readonly string[], what: string, looksLikeRecord: (o: Record<string, unknown>) => boolean): JsonRecordsResult {
  if (Array.isArray(doc)) return { ok: true, records: doc };
  if (isRecord(doc)) {
    for (const k of keys) {
      const v = doc[k];
      if (Array.isArray(v)) return { ok: true, records: v };
      if (isRecord(v) && looksLikeRecord(v)) return { ok: true, records: [v] };
    }
    if (looksLikeRecord(doc)) return { ok: true, records: [doc] };
  }
  return { ok: false, error: `not ${what}` };
}

export const genericProfile: ExportProfile = {
  name: 'generic',
  description: 'CSV with a header row (id, date, text|message, lang, nps, csat, ces, department, journey, customer; others → metadata), or JSON objects with the same keys',
  csv: genericHeader,
  jsonRecords: (doc) =>
    arrayOrItems(doc, ['items', 'records', 'data'], 'generic JSON: send an array of objects (or { "items": [...] }) with at least "text"', (o) => 'text' in o || 'message' in o),
  fromJson: genericFromJson,
};

// ───────────────────────────── Zendesk ─────────────────────────────

/** Zendesk CSAT is binary: good → 5, bad → 1 on the 1–5 scale; offered/unoffered carry no rating. */
function zendeskCsat(score: string | undefined): number | undefined {
  const s = score?.trim().toLowerCase() ?? '';
  if (s.startsWith('good')) return 5;
  if (s.startsWith('bad')) return 1;
  return undefined;
}

function joinTexts(parts: (string | undefined)[]): string {
  return parts
    .map((p) => (p ? cleanText(p) : ''))
    .filter((p) => p)
    .join('\n\n');
}

function zendeskFromJson(record: unknown, ctx: ProfileContext): RecordResult {
  if (!isRecord(record)) return { ok: false, error: 'ticket: expected an object' };
  const id = str(record.id);
  const where = id ? `ticket ${id}` : 'ticket';
  if (record.status === 'deleted') return { ok: false, error: `${where}: deleted in Zendesk`, skipped: true };
  const errors: string[] = [];
  const description = typeof record.description === 'string' ? record.description : undefined;
  const sat = isRecord(record.satisfaction_rating) ? record.satisfaction_rating : undefined;
  const comment = typeof sat?.comment === 'string' ? sat.comment : undefined;
  const text = joinTexts([description, comment]);
  if (!text) errors.push(`${where}: has no description and no satisfaction comment: nothing the customer wrote`);
  const csat = zendeskCsat(str(sat?.score));
  const via = isRecord(record.via) ? str(record.via.channel) : undefined;
  const meta = new MetadataBuilder()
    .set('channel', via)
    .set('status', str(record.status))
    .set('priority', str(record.priority))
    .set('type', str(record.type))
    .set('groupId', str(record.group_id))
    .set('brandId', str(record.brand_id))
    .set('satisfaction', str(sat?.score))
    .set('satisfactionReason', str(sat?.reason))
    .set('hasSatisfactionComment', comment ? true : undefined)
    .set('tags', Array.isArray(record.tags) ? record.tags.filter((t) => typeof t === 'string').join(', ') : undefined);
  if (Array.isArray(record.custom_fields)) {
    for (const f of record.custom_fields) {
      if (!isRecord(f) || f.value === null || f.value === undefined || f.value === '' || f.value === false) continue;
      const v = Array.isArray(f.value) ? f.value.join(', ') : str(f.value);
      meta.set(`field_${str(f.id) ?? '?'}`, v);
    }
  }
  const requester = str(record.requester_id);
  return finish(
    {
      text,
      externalId: id,
      occurredAt: take(isoFromJson(record.created_at, ctx, `${where}: created_at`), errors),
      subject: typeof record.subject === 'string' && record.subject.trim() ? record.subject.trim() : undefined,
      ratings: csat !== undefined ? { csat } : undefined,
      customer: requester ? { id: `zendesk:${requester}` } : undefined,
      provider: 'zendesk',
      metadata: meta.build(),
    },
    errors,
  );
}

const ZENDESK_FIELDS = {
  id: ['id'],
  subject: ['subject'],
  description: ['description'],
  createdAt: ['created at'],
  score: ['satisfaction score'],
  comment: ['satisfaction comment'],
  group: ['group'],
  requesterEmail: ['requester email'],
  requesterId: ['requester id'],
  via: ['via'],
  tags: ['tags'],
} as const;

function zendeskHeader(header: readonly string[], ctx: ProfileContext): CsvHeaderResult {
  const cols = bindColumns<keyof typeof ZENDESK_FIELDS>(header, {
    fields: ZENDESK_FIELDS,
    ignore: ['summation column', 'requester external id', 'requester domain', 'organization'],
  });
  if (cols.idx.id === undefined || (cols.idx.description === undefined && cols.idx.subject === undefined && cols.idx.comment === undefined)) {
    return {
      ok: false,
      error: 'not a Zendesk ticket CSV: expected the columns "Id" and "Description" (or "Subject") as Zendesk exports them',
    };
  }
  return {
    ok: true,
    mapper: {
      map(values) {
        if (allBlank(values)) return EMPTY_ROW;
        const countError = fieldCountError(values, header);
        if (countError) return { ok: false, error: countError };
        const get = fieldGetter(cols, values);
        const errors: string[] = [];
        const description = get('description');
        const comment = get('comment');
        // Zendesk's own CSV export has no description column: the subject is then all the customer wrote we have.
        const textSource = description?.trim() ? 'description' : comment?.trim() ? 'satisfaction comment' : 'subject';
        const text = textSource === 'subject' ? cleanText(get('subject') ?? '') : joinTexts([description, comment]);
        if (!text) errors.push(`Description: is empty (and so are Subject and Satisfaction Comment); nothing the customer wrote`);
        const score = get('score');
        const csat = zendeskCsat(score);
        const meta = new MetadataBuilder().set('textSource', textSource).set('satisfaction', score).set('channel', get('via')).set('tags', get('tags'));
        restToMetadata(cols, values, meta);
        const email = get('requesterEmail')?.trim();
        const requesterId = get('requesterId')?.trim();
        return finish(
          {
            text,
            externalId: isBlank(get('id')) ? undefined : get('id')!.trim(),
            occurredAt: take(parseDate(get('createdAt'), ctx, 'Created at'), errors),
            subject: textSource === 'subject' || isBlank(get('subject')) ? undefined : get('subject')!.trim(),
            department: slugField(get('group'), 'Group', errors),
            ratings: csat !== undefined ? { csat } : undefined,
            customer: email ? { id: email } : requesterId ? { id: `zendesk:${requesterId}` } : undefined,
            provider: 'zendesk',
            metadata: meta.build(),
          },
          errors,
        );
      },
    },
  };
}

export const zendeskProfile: ExportProfile = {
  name: 'zendesk',
  description: 'Zendesk Incremental Export API pages ({ tickets: [...] }), ticket arrays or JSONL, and the Zendesk ticket CSV export',
  csv: zendeskHeader,
  jsonRecords: (doc) =>
    arrayOrItems(doc, ['tickets', 'results', 'ticket'], 'a Zendesk export: expected an Incremental Export page with "tickets": [...], a ticket array or one ticket', (o) => 'id' in o && ('description' in o || 'subject' in o)),
  fromJson: zendeskFromJson,
};

// ───────────────────────────── Freshdesk ─────────────────────────────

/** Freshdesk API v2 `source` codes. */
export const FRESHDESK_SOURCES: Readonly<Record<number, string>> = {
  1: 'email', 2: 'portal', 3: 'phone', 4: 'forum', 5: 'twitter', 6: 'facebook', 7: 'chat', 8: 'mobihelp', 9: 'feedback-widget', 10: 'outbound-email', 11: 'ecommerce', 12: 'bot',
};
const FRESHDESK_STATUS: Readonly<Record<number, string>> = { 2: 'open', 3: 'pending', 4: 'resolved', 5: 'closed' };
const FRESHDESK_PRIORITY: Readonly<Record<number, string>> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'urgent' };
const OUTBOUND = 'a ticket the agent opened by outbound email: not written by the customer';

/** Freshdesk survey answers → CSAT 1–5 (classic 3-point and the 7-point scale's labels). */
function freshdeskCsat(raw: string | undefined): number | undefined {
  const s = raw?.trim().toLowerCase() ?? '';
  if (!s) return undefined;
  if (/extremely (happy|satisfied)|very (happy|satisfied)|awesome/.test(s)) return 5;
  if (/extremely (unhappy|dissatisfied)|very (unhappy|dissatisfied)|not good/.test(s)) return 1;
  if (/unhappy|dissatisfied/.test(s)) return 2;
  if (/neutral|just okay|okay/.test(s)) return 3;
  if (/happy|satisfied/.test(s)) return 4;
  return undefined;
}

function freshdeskFromJson(record: unknown, ctx: ProfileContext): RecordResult {
  if (!isRecord(record)) return { ok: false, error: 'ticket: expected an object' };
  const id = str(record.id);
  const where = id ? `ticket ${id}` : 'ticket';
  if (record.deleted === true) return { ok: false, error: `${where}: deleted in Freshdesk`, skipped: true };
  if (record.spam === true) return { ok: false, error: `${where}: marked as spam`, skipped: true };
  const source = typeof record.source === 'number' ? record.source : undefined;
  if (source === 10) return { ok: false, error: `${where}: ${OUTBOUND}`, skipped: true };
  const errors: string[] = [];
  const text =
    typeof record.description_text === 'string' && record.description_text.trim()
      ? cleanText(record.description_text)
      : typeof record.description === 'string'
        ? cleanText(htmlToText(record.description))
        : '';
  if (!text) {
    errors.push(
      'description' in record || 'description_text' in record
        ? `${where}: description is empty; nothing the customer wrote`
        : `${where}: no description_text: list tickets with ?include=description, or export each ticket with GET /api/v2/tickets/{id}`,
    );
  }
  const meta = new MetadataBuilder()
    .set('channel', source !== undefined ? (FRESHDESK_SOURCES[source] ?? `source-${source}`) : undefined)
    .set('status', typeof record.status === 'number' ? (FRESHDESK_STATUS[record.status] ?? String(record.status)) : str(record.status))
    .set('priority', typeof record.priority === 'number' ? (FRESHDESK_PRIORITY[record.priority] ?? String(record.priority)) : str(record.priority))
    .set('type', str(record.type))
    .set('groupId', str(record.group_id))
    .set('productId', str(record.product_id))
    .set('tags', Array.isArray(record.tags) ? record.tags.filter((t) => typeof t === 'string').join(', ') : undefined);
  if (isRecord(record.custom_fields)) {
    for (const [k, v] of Object.entries(record.custom_fields)) {
      if (v === null || v === undefined || v === '' || v === false) continue;
      meta.set(k, Array.isArray(v) ? v.join(', ') : (str(v) ?? JSON.stringify(v)));
    }
  }
  const requester = str(record.requester_id);
  return finish(
    {
      text,
      externalId: id,
      occurredAt: take(isoFromJson(record.created_at, ctx, `${where}: created_at`), errors),
      subject: typeof record.subject === 'string' && record.subject.trim() ? record.subject.trim() : undefined,
      customer: requester ? { id: `freshdesk:${requester}` } : undefined,
      provider: 'freshdesk',
      metadata: meta.build(),
    },
    errors,
  );
}

const FRESHDESK_FIELDS = {
  id: ['ticket id'],
  subject: ['subject'],
  description: ['description'],
  createdAt: ['created time'],
  source: ['source'],
  group: ['group'],
  survey: ['survey results', 'satisfaction survey', 'customer satisfaction'],
  language: ['language'],
  email: ['email'],
  contactId: ['contact id'],
  tags: ['tags'],
} as const;

function freshdeskHeader(header: readonly string[], ctx: ProfileContext): CsvHeaderResult {
  const cols = bindColumns<keyof typeof FRESHDESK_FIELDS>(header, {
    fields: FRESHDESK_FIELDS,
    ignore: ['work phone', 'mobile phone', 'twitter id', 'unique external id', 'title', 'company domain'],
  });
  if (cols.idx.id === undefined || cols.idx.description === undefined) {
    return {
      ok: false,
      error: 'not a Freshdesk ticket CSV: expected the columns "Ticket ID" and "Description" (tick Description in Freshdesk\'s export dialog)',
    };
  }
  return {
    ok: true,
    mapper: {
      map(values) {
        if (allBlank(values)) return EMPTY_ROW;
        const countError = fieldCountError(values, header);
        if (countError) return { ok: false, error: countError };
        const get = fieldGetter(cols, values);
        const source = get('source')?.trim();
        if (source && normalizeHeader(source) === 'outbound email') {
          const id = get('id')?.trim();
          return { ok: false, error: id ? `ticket ${id}: ${OUTBOUND}` : OUTBOUND, skipped: true };
        }
        const errors: string[] = [];
        const text = cleanText(htmlToText(get('description') ?? ''));
        if (!text) errors.push('Description: is empty; nothing the customer wrote');
        const survey = get('survey');
        const csat = freshdeskCsat(survey);
        const meta = new MetadataBuilder().set('channel', source ? slugId(source) : undefined).set('survey', survey).set('tags', get('tags'));
        restToMetadata(cols, values, meta);
        const email = get('email')?.trim();
        const contactId = get('contactId')?.trim();
        return finish(
          {
            text,
            externalId: isBlank(get('id')) ? undefined : get('id')!.trim(),
            occurredAt: take(parseDate(get('createdAt'), ctx, 'Created time'), errors),
            lang: take(parseLang(get('language'), 'Language'), errors),
            subject: isBlank(get('subject')) ? undefined : get('subject')!.trim(),
            department: slugField(get('group'), 'Group', errors),
            ratings: csat !== undefined ? { csat } : undefined,
            customer: email ? { id: email } : contactId ? { id: `freshdesk:${contactId}` } : undefined,
            provider: 'freshdesk',
            metadata: meta.build(),
          },
          errors,
        );
      },
    },
  };
}

export const freshdeskProfile: ExportProfile = {
  name: 'freshdesk',
  description: 'Freshdesk API v2 ticket JSON (an array, { results: [...] } or one ticket) and the Freshdesk ticket CSV export',
  csv: freshdeskHeader,
  jsonRecords: (doc) =>
    arrayOrItems(doc, ['results', 'tickets'], 'a Freshdesk export: expected a ticket array (GET /api/v2/tickets?include=description) or one ticket', (o) => 'id' in o && ('description_text' in o || 'description' in o || 'subject' in o)),
  fromJson: freshdeskFromJson,
};

// ───────────────────────────── Amazon Connect Contact Lens ─────────────────────────────

const SENTIMENTS = ['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED'] as const;
const TEXT_CONTENT = /^text\/(plain|markdown)$/i;

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Overall customer score, -5…5: voice files key it by role directly, chat files under DetailsByParticipantRole. */
function overallCustomerScore(sentiment: Record<string, unknown> | undefined): number | undefined {
  const overall = isRecord(sentiment?.OverallSentiment) ? sentiment.OverallSentiment : undefined;
  if (!overall) return undefined;
  const byRole = isRecord(overall.DetailsByParticipantRole) ? overall.DetailsByParticipantRole : overall;
  const direct = num(byRole.CUSTOMER);
  if (direct !== undefined) return direct;
  const byInteraction = isRecord(overall.DetailsByInteraction) ? overall.DetailsByInteraction : undefined;
  const inter = isRecord(byInteraction?.DetailsByParticipantRole) ? byInteraction.DetailsByParticipantRole.CUSTOMER : undefined;
  return isRecord(inter) ? (num(inter.WithAgent) ?? num(inter.WithoutAgent)) : undefined;
}

function voiceTimestampFromName(name: string | undefined): string | undefined {
  const m = name ? /_analysis_(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)/.exec(name) : null;
  return m ? new Date(m[1]!).toISOString() : undefined;
}

function contactLensFromJson(record: unknown, ctx: ProfileContext): RecordResult {
  if (!isRecord(record)) return { ok: false, error: 'contact: expected a Contact Lens analysis object' };
  const cm = isRecord(record.CustomerMetadata) ? record.CustomerMetadata : {};
  const contactId = str(cm.ContactId);
  const where = contactId ? `contact ${contactId}` : 'contact';
  const status = str(record.JobStatus);
  if (status && status !== 'COMPLETED') return { ok: false, error: `${where}: analysis job is ${status}, not COMPLETED; export it again once analysis has finished` };
  if (!Array.isArray(record.Transcript)) return { ok: false, error: `${where}: no Transcript array; is this a Contact Lens analysis output file?` };
  const channel = str(record.Channel)?.toUpperCase();

  // Roles: chat turns carry ParticipantRole; voice turns' ParticipantId is the role or an id listed in Participants.
  const roles = new Map<string, string>();
  if (Array.isArray(record.Participants)) {
    for (const p of record.Participants) if (isRecord(p) && str(p.ParticipantId)) roles.set(str(p.ParticipantId)!, str(p.ParticipantRole) ?? '');
  }
  const customerTurns: { content: string; sentiment?: string }[] = [];
  let agentTurns = 0;
  for (const t of record.Transcript) {
    if (!isRecord(t)) continue;
    if (t.Type !== undefined && t.Type !== 'MESSAGE') continue; // chat events: joined, left, typing…
    if (t.ContentType !== undefined && !TEXT_CONTENT.test(String(t.ContentType))) continue; // attachments, rich content
    const pid = str(t.ParticipantId) ?? '';
    const role = (str(t.ParticipantRole) ?? roles.get(pid) ?? pid).toUpperCase();
    const content = typeof t.Content === 'string' ? t.Content.trim() : '';
    if (!content) continue;
    if (role === 'CUSTOMER') customerTurns.push({ content, sentiment: str(t.Sentiment)?.toUpperCase() });
    else if (role === 'AGENT') agentTurns++;
  }
  const errors: string[] = [];
  if (customerTurns.length === 0) errors.push(`${where}: the transcript has no customer turns`);

  const cc = isRecord(record.ConversationCharacteristics) ? record.ConversationCharacteristics : {};
  const sentiment = isRecord(cc.Sentiment) ? cc.Sentiment : undefined;
  // Per-turn sentiment: voice puts it on each turn; chat groups turns in Sentiment.DetailsByTranscriptItemGroup.
  const perTurn: string[] = customerTurns.map((t) => t.sentiment).filter((s): s is string => !!s);
  if (perTurn.length === 0 && Array.isArray(sentiment?.DetailsByTranscriptItemGroup)) {
    for (const g of sentiment.DetailsByTranscriptItemGroup) {
      if (!isRecord(g) || str(g.ParticipantRole)?.toUpperCase() !== 'CUSTOMER' || !str(g.Sentiment)) continue;
      // A group covers consecutive customer messages: count each of them.
      const items = Array.isArray(g.TranscriptItems) && g.TranscriptItems.length > 0 ? g.TranscriptItems.length : 1;
      for (let i = 0; i < items; i++) perTurn.push(str(g.Sentiment)!.toUpperCase());
    }
  }
  const meta = new MetadataBuilder()
    .set('channel', channel?.toLowerCase())
    .set('instanceId', str(cm.InstanceId))
    .set('customerTurns', customerTurns.length)
    .set('agentTurns', agentTurns);
  for (const s of SENTIMENTS) {
    const n = perTurn.filter((p) => p === s).length;
    if (perTurn.length > 0) meta.set(`customerTurns${s[0]}${s.slice(1).toLowerCase()}`, n);
  }
  if (perTurn.length > 0) {
    meta.set('customerSentimentFirst', perTurn[0]!.toLowerCase()).set('customerSentimentLast', perTurn[perTurn.length - 1]!.toLowerCase());
  }
  meta.set('customerSentimentScore', overallCustomerScore(sentiment));
  const shift = isRecord(sentiment?.SentimentShift) ? sentiment.SentimentShift : undefined;
  const shiftByRole = isRecord(shift?.DetailsByParticipantRole) ? shift.DetailsByParticipantRole : shift;
  if (isRecord(shiftByRole?.CUSTOMER)) {
    meta.set('customerSentimentBegin', num(shiftByRole.CUSTOMER.BeginScore)).set('customerSentimentEnd', num(shiftByRole.CUSTOMER.EndScore));
  }
  const categories = isRecord(record.Categories) && Array.isArray(record.Categories.MatchedCategories)
    ? record.Categories.MatchedCategories.filter((c): c is string => typeof c === 'string')
    : [];
  meta.set('categories', categories.join(', '));
  meta.set('durationMillis', num(cc.TotalConversationDurationMillis));
  if (isRecord(cc.Interruptions)) meta.set('interruptions', num(cc.Interruptions.TotalCount));
  const summary = isRecord(cc.ContactSummary) && isRecord(cc.ContactSummary.PostContactSummary) ? str(cc.ContactSummary.PostContactSummary.Content) : undefined;
  meta.set('contactSummary', summary);

  let journey: string | undefined;
  if (ctx.categoryJourneys) {
    const map = new Map(Object.entries(ctx.categoryJourneys).map(([k, v]) => [k.toLowerCase(), v]));
    for (const c of categories) {
      const j = map.get(c.toLowerCase());
      if (j) {
        journey = j;
        break;
      }
    }
  }
  // Chat items carry AbsoluteTime: the first one is when the contact started. Voice turns only have offsets.
  const firstAt = (record.Transcript.find((t) => isRecord(t) && typeof t.AbsoluteTime === 'string') as Record<string, unknown> | undefined)?.AbsoluteTime;
  const occurredAt = typeof firstAt === 'string' ? take(parseDate(firstAt, ctx, `${where}: AbsoluteTime`), errors) : voiceTimestampFromName(ctx.sourceName);
  const langCode = str(record.LanguageCode) ?? (isRecord(record.Configuration) ? str(record.Configuration.LanguageLocale) : undefined);
  return finish(
    {
      text: customerTurns.map((t) => t.content).join('\n'),
      externalId: contactId,
      occurredAt,
      lang: take(parseLang(langCode, `${where}: LanguageCode`), errors),
      journey,
      provider: 'contact-lens',
      metadata: meta.build(),
    },
    errors,
  );
}

export const contactLensProfile: ExportProfile = {
  name: 'contact-lens',
  description: 'Amazon Connect Contact Lens analysis output (voice or chat): one contact per file, an array of them, or JSONL',
  jsonRecords: (doc) =>
    arrayOrItems(doc, ['contacts'], 'a Contact Lens analysis file: expected an object with "Transcript" and "CustomerMetadata"', (o) => 'Transcript' in o),
  fromJson: contactLensFromJson,
};

// ───────────────────────────── registry ─────────────────────────────

export const EXPORT_PROFILES: Readonly<Record<ExportProfileName, ExportProfile>> = {
  generic: genericProfile,
  zendesk: zendeskProfile,
  freshdesk: freshdeskProfile,
  'contact-lens': contactLensProfile,
};

export function isExportProfileName(name: string): name is ExportProfileName {
  return (EXPORT_PROFILE_NAMES as readonly string[]).includes(name);
}

export function getExportProfile(name: string): ExportProfile | undefined {
  return isExportProfileName(name) ? EXPORT_PROFILES[name] : undefined;
}
