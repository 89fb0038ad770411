/**
 * Export profiles: how one record of a contact-centre export (a CSV row, a ticket, a Contact
 * Lens analysis file) becomes a FeedbackInput, or says what is wrong with it.
 *
 * Pure functions, no I/O: `shared/app/parse-export.ts` streams the file and calls these.
 * Every successful result has been validated against FeedbackInputSchema, so the caller can
 * hand it to `toEnvelope` as it is.
 */
import { describeIssues, FeedbackInputSchema, MAX_METADATA_ENTRIES, type FeedbackInput } from '../feedback';

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

/** What a multi-row header (Qualtrics) says of the row after the header: more header, the first record, or a bad file. */
export type HeaderRowResult = { ok: true; header: boolean } | { ok: false; error: string };

export interface CsvRowMapper {
  map(values: readonly string[]): RecordResult;
  /**
   * For headers of several rows: called with each row after the first until it answers
   * `header: false` (that row is then the first record), or with `undefined` when the file
   * ends inside the header. Header rows are not records and are not numbered.
   */
  headerRow?(values: readonly string[] | undefined): HeaderRowResult;
}
export type CsvHeaderResult = { ok: true; mapper: CsvRowMapper } | { ok: false; error: string };
export type JsonRecordsResult = { ok: true; records: readonly unknown[] } | { ok: false; error: string };

export interface ExportProfile {
  readonly name: string;
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

export type FieldResult<T> = { value?: T; error?: string };

const EMPTY_VALUES = new Set(['', '-', '—', 'n/a', 'na', 'null', 'none', 'nan', 'aucun', 'aucune']);
export const isBlank = (v: string | undefined): boolean => v === undefined || EMPTY_VALUES.has(v.trim().toLowerCase());
/** A cell's value trimmed, or undefined when it is blank (empty, "-", "n/a"…). */
export const presentValue = (v: string | undefined): string | undefined => (isBlank(v) ? undefined : v!.trim());
/** A ticket's customer: the requester's email, else the helpdesk's own requester id (namespaced by provider). */
export const ticketCustomer = (email: string | undefined, requesterId: string | undefined, provider: string): { id: string } | undefined =>
  email ? { id: email } : requesterId ? { id: `${provider}:${requesterId}` } : undefined;

export const RATING_SCALES = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
export const RATING_NAMES = { nps: 'NPS', csat: 'CSAT', ces: 'CES' } as const;

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

export const LANG_NAMES: Record<string, string> = {
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

export const cleanText = (t: string): string => t.replace(/\r\n?/g, '\n').trim();

/** Validates the assembled input; on failure, every problem of the record in one message. */
export function finish(input: Record<string, unknown>, errors: string[]): RecordResult {
  if (errors.length > 0) return { ok: false, error: errors.join('; ') };
  const parsed = FeedbackInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
  return { ok: true, input: parsed.data };
}

export function take<T>(r: FieldResult<T>, errors: string[]): T | undefined {
  if (r.error) errors.push(r.error);
  return r.value;
}

export function slugField(raw: string | undefined, label: string, errors: string[]): string | undefined {
  if (raw === undefined || isBlank(raw)) return undefined;
  const slug = slugId(raw);
  if (!slug) {
    errors.push(`${label}: "${raw.trim().slice(0, 40)}" has no letters or digits to make an id from`);
    return undefined;
  }
  return slug;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Columns that hold personal data: never copied into metadata (the customer id is hashed, the rest dropped). */
export const PERSONAL_COLUMN =
  /(^| )(e ?mail|courriel|phone|telephone|mobile|portable|gsm|address|adresse|twitter id|ip address)( |$)|^(name|nom|prenom|full name|first name|last name|(customer|client|contact) name|requester|submitter|assignee|agent)$/;
export const EMAIL_VALUE = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;

// ─── CSV header plumbing ───

export interface ColumnSpec<K extends string> {
  /** field → accepted header names (normalised); the first column matching wins. */
  fields: Record<K, readonly string[]>;
  /** normalised headers that are read by the mapper or must never reach metadata. */
  ignore?: readonly string[];
}

export interface BoundColumns<K extends string> {
  idx: Partial<Record<K, number>>;
  /** [column index, metadata key] for every other column. */
  rest: [number, string][];
  header: readonly string[];
}

export function bindColumns<K extends string>(header: readonly string[], spec: ColumnSpec<K>): BoundColumns<K> {
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

export function fieldGetter<K extends string>(cols: BoundColumns<K>, values: readonly string[]): (k: K) => string | undefined {
  return (k) => {
    const i = cols.idx[k];
    return i === undefined ? undefined : values[i];
  };
}

export function restToMetadata(cols: BoundColumns<string>, values: readonly string[], meta: MetadataBuilder): void {
  for (const [i, key] of cols.rest) {
    const v = values[i];
    if (v === undefined || isBlank(v) || EMAIL_VALUE.test(v)) continue;
    meta.set(key, v);
  }
}

export function fieldCountError(values: readonly string[], header: readonly string[]): string | undefined {
  if (values.length <= header.length) return undefined;
  const extra = values.slice(header.length);
  if (extra.every((v) => v.trim() === '')) return undefined;
  return `row has ${values.length} fields but the header has ${header.length}: quote fields that contain the delimiter, or check the delimiter`;
}

export const allBlank = (values: readonly string[]): boolean => values.every((v) => v.trim() === '');

/**
 * What every profile checks first on a CSV row: a blank row is no row at all, and a row with
 * more fields than the header (a delimiter inside an unquoted field) is that row's error.
 */
export function checkRow(values: readonly string[], header: readonly string[]): RecordResult | undefined {
  if (allBlank(values)) return EMPTY_ROW;
  const countError = fieldCountError(values, header);
  return countError ? { ok: false, error: countError } : undefined;
}

/** A header's accepted answer: a mapper that checks every row first (see checkRow), then maps it. */
export function checkedRowMapper(header: readonly string[], mapRow: (values: readonly string[]) => RecordResult): CsvHeaderResult {
  return { ok: true, mapper: { map: (values) => checkRow(values, header) ?? mapRow(values) } };
}

/** Rows whose every field is empty (Excel leaves ";;;;" lines behind) are not feedback: skipped, not rejected. */
export const EMPTY_ROW: RecordResult = Object.freeze({ ok: false, error: 'empty row', skipped: true });

export function arrayOrItems(doc: unknown, keys: readonly string[], what: string, looksLikeRecord: (o: Record<string, unknown>) => boolean): JsonRecordsResult {
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


export function joinTexts(parts: (string | undefined)[]): string {
  return parts
    .map((p) => (p ? cleanText(p) : ''))
    .filter((p) => p)
    .join('\n\n');
}
