/**
 * A user-supplied mapping: a small declarative description of how an export's columns (CSV)
 * or fields (JSON, dot paths) become the envelope, for the tools no built-in profile knows.
 *
 *   { "kind": "mapping", "text": ["Title", "Review"], "externalId": "Review ID",
 *     "occurredAt": { "column": "Date", "format": "MM/dd/yyyy hh:mm a", "timeZone": "America/New_York" },
 *     "ratings": { "csat": { "column": "Stars", "scale": [0, 5] } },
 *     "department": { "column": "Queue", "values": { "SAV": "after-sales" } },
 *     "skip": [{ "column": "Status", "equals": ["test", "spam"], "reason": "not a customer" }] }
 *
 * Validated with zod where it is configured; a reference to a column the file lacks fails the
 * file with the mapping field that names it. Per-row problems reject the row with the reason.
 */
import * as z from 'zod';
import { isTimeZone } from '../scores';
import {
  arrayOrItems,
  checkedRowMapper,
  cleanText,
  type CsvHeaderResult,
  EMAIL_VALUE,
  type ExportProfile,
  type FieldResult,
  finish,
  isBlank,
  isRecord,
  MetadataBuilder,
  normalizeHeader,
  parseLang,
  parseRating,
  type ProfileContext,
  RATING_NAMES,
  RATING_SCALES,
  type RecordResult,
  slugField,
  take,
} from './common';
import { compileDateFormat, parseFormattedDate, type CompiledDateFormat } from './declared-date-format';
import { parseDate } from './dates';

const ColumnRef = z.string().trim().min(1, 'name a column (CSV header) or a field (JSON, dot path such as "author.email")').max(200);

const DATE_SPECIALS = ['iso', 'epoch', 'epoch-ms'] as const;

const DateFormat = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .refine((f) => (DATE_SPECIALS as readonly string[]).includes(f) || compileDateFormat(f).ok, {
    message: 'date format: use "iso", "epoch", "epoch-ms" or a pattern with yyyy (or yy), MM (or M), dd (or d) and optionally HH/hh, mm, ss, SSS, a, XXX — e.g. "dd/MM/yyyy HH:mm"',
  });

const DateSpec = z.union([
  ColumnRef,
  z
    .object({
      column: ColumnRef,
      format: DateFormat.optional(),
      /** Zone of dates written without an offset; the deployment's zone when absent. */
      timeZone: z.string().refine(isTimeZone, 'timeZone must be an IANA time zone such as Europe/Paris').optional(),
    })
    .strict(),
]);

const RatingSpec = z.union([
  ColumnRef,
  z
    .object({
      column: ColumnRef,
      /** The source's own scale [low, high]: values are mapped linearly onto the rating's scale and rounded (0–5 stars → CSAT 1–5). */
      scale: z
        .tuple([z.number().finite(), z.number().finite()])
        .refine(([lo, hi]) => hi > lo, 'scale: write [low, high] with high > low, e.g. [0, 5]')
        .optional(),
      /** Choice labels → score on the rating's scale, e.g. { "Very satisfied": 5 }; compared case-insensitively. */
      values: z.record(z.string().min(1), z.number().finite()).optional(),
    })
    .strict(),
]);

const HintSpec = z.union([
  ColumnRef,
  z
    .object({
      column: ColumnRef,
      /** Source value → department/journey id, e.g. { "SAV": "after-sales" }; unmapped values become ids as they are. */
      values: z.record(z.string().min(1), z.string().min(1).max(64)).optional(),
    })
    .strict(),
]);

const SkipRule = z
  .object({
    column: ColumnRef,
    equals: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
    matches: z
      .string()
      .min(1)
      .max(200)
      .refine((re) => {
        try {
          new RegExp(re, 'iu');
          return true;
        } catch {
          return false;
        }
      }, 'matches: not a valid regular expression')
      .optional(),
    empty: z.literal(true).optional(),
    /** Said in the job summary for each skipped row; a description of the rule when absent. */
    reason: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((r) => [r.equals, r.matches, r.empty].filter((v) => v !== undefined).length === 1, 'a skip rule needs exactly one of equals, matches or empty');

export const MappingSpecSchema = z
  .object({
    kind: z.literal('mapping'),
    description: z.string().trim().max(300).optional(),
    /** JSON: dot path of the array holding the records in each document (e.g. "data.reviews"). */
    records: ColumnRef.optional(),
    /** What the customer wrote: one column, or several joined by a blank line (empty ones left out). */
    text: z.union([ColumnRef, z.array(ColumnRef).min(1).max(10)]),
    subject: ColumnRef.optional(),
    externalId: ColumnRef.optional(),
    occurredAt: DateSpec.optional(),
    lang: z
      .union([
        ColumnRef,
        z
          .object({ column: ColumnRef.optional(), default: z.string().regex(/^[a-z]{2,3}$/, 'lang.default: an ISO 639-1 code such as "fr"').optional() })
          .strict()
          .refine((l) => l.column !== undefined || l.default !== undefined, 'lang: give a column, a default, or both'),
      ])
      .optional(),
    ratings: z.object({ nps: RatingSpec.optional(), csat: RatingSpec.optional(), ces: RatingSpec.optional() }).strict().optional(),
    department: HintSpec.optional(),
    journey: HintSpec.optional(),
    /** Email or handle of the customer: hashed on arrival, never stored. */
    customer: ColumnRef.optional(),
    /** Columns copied to metadata (only these: the rest of a file may hold personal data). */
    metadata: z.array(ColumnRef).max(40).optional(),
    skip: z.array(SkipRule).max(20).optional(),
  })
  .strict();
export type MappingSpec = z.infer<typeof MappingSpecSchema>;

// ─── the compiled mapping ───

type Get = (ref: string) => string | undefined;

const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase();

interface CompiledMapping {
  /** Every column/field reference with the mapping field that names it, for header checks. */
  refs: [ref: string, field: string][];
  map(get: Get, ctx: ProfileContext): RecordResult;
}

function ref(spec: string | { column: string }): string {
  return typeof spec === 'string' ? spec : spec.column;
}

function compile(name: string, spec: MappingSpec): CompiledMapping {
  const texts = Array.isArray(spec.text) ? spec.text : [spec.text];
  const refs: [string, string][] = texts.map((t, i) => [t, Array.isArray(spec.text) ? `text[${i}]` : 'text']);
  const add = (r: string | undefined, field: string) => r !== undefined && refs.push([r, field]);
  add(spec.subject, 'subject');
  add(spec.externalId, 'externalId');
  if (spec.occurredAt) add(ref(spec.occurredAt), typeof spec.occurredAt === 'string' ? 'occurredAt' : 'occurredAt.column');
  if (spec.lang) add(typeof spec.lang === 'string' ? spec.lang : spec.lang.column, typeof spec.lang === 'string' ? 'lang' : 'lang.column');
  for (const k of ['nps', 'csat', 'ces'] as const) {
    const r = spec.ratings?.[k];
    if (r) add(ref(r), typeof r === 'string' ? `ratings.${k}` : `ratings.${k}.column`);
  }
  for (const k of ['department', 'journey'] as const) {
    const h = spec[k];
    if (h) add(ref(h), typeof h === 'string' ? k : `${k}.column`);
  }
  add(spec.customer, 'customer');
  spec.metadata?.forEach((m, i) => add(m, `metadata[${i}]`));
  spec.skip?.forEach((s, i) => add(s.column, `skip[${i}].column`));

  const date = spec.occurredAt === undefined ? undefined : typeof spec.occurredAt === 'string' ? { column: spec.occurredAt } : spec.occurredAt;
  const dateFormat = date?.format;
  const compiledFormat = dateFormat && !(DATE_SPECIALS as readonly string[]).includes(dateFormat) ? (compileDateFormat(dateFormat) as { ok: true; compiled: CompiledDateFormat }).compiled : undefined;
  const skipRules = (spec.skip ?? []).map((r) => {
    const equals = r.equals === undefined ? undefined : new Set((Array.isArray(r.equals) ? r.equals : [r.equals]).map(fold));
    const matches = r.matches ? new RegExp(r.matches, 'iu') : undefined;
    const describe = (v: string) =>
      r.reason ?? (r.empty ? `${r.column} is empty` : equals ? `${r.column} is "${v.trim().slice(0, 60)}"` : `${r.column} "${v.trim().slice(0, 60)}" matches /${r.matches}/`);
    return { column: r.column, test: (v: string | undefined) => (r.empty ? v === undefined || isBlank(v) : v !== undefined && (equals ? equals.has(fold(v)) : matches!.test(v))), describe };
  });
  const ratingOf = (k: keyof typeof RATING_SCALES, raw: string | undefined): FieldResult<number> => {
    const r = spec.ratings?.[k];
    if (!r || raw === undefined || isBlank(raw)) return {};
    const label = ref(r);
    if (typeof r === 'string') return parseRating(raw, k, label);
    if (r.values) {
      const want = fold(raw);
      const hit = Object.entries(r.values).find(([lbl]) => fold(lbl) === want);
      if (hit) return parseRating(hit[1], k, label);
    }
    if (!r.scale) return parseRating(raw, k, label);
    const [lo, hi] = r.scale;
    const n = Number(raw.trim().replace(',', '.'));
    if (!Number.isFinite(n) || raw.trim() === '') return { error: `${label}: "${raw.trim().slice(0, 40)}" is not a number on the ${lo}–${hi} scale` };
    if (n < lo || n > hi) return { error: `${label}: ${n} is out of range; this column is on a ${lo}–${hi} scale` };
    const [min, max] = RATING_SCALES[k];
    const value = Math.round(min + ((n - lo) * (max - min)) / (hi - lo));
    return parseRating(value, k, `${label} (${RATING_NAMES[k]} ${value})`);
  };
  const hint = (k: 'department' | 'journey', raw: string | undefined, errors: string[]): string | undefined => {
    const h = spec[k];
    if (!h || raw === undefined || isBlank(raw)) return undefined;
    if (typeof h !== 'string' && h.values) {
      const want = fold(raw);
      const hit = Object.entries(h.values).find(([v]) => fold(v) === want);
      if (hit) return slugField(hit[1], `${k}.values`, errors);
    }
    return slugField(raw, ref(h), errors);
  };

  return {
    refs,
    map(get, ctx) {
      for (const rule of skipRules) {
        const v = get(rule.column);
        if (rule.test(v)) return { ok: false, error: rule.describe(v ?? ''), skipped: true };
      }
      const errors: string[] = [];
      const text = texts
        .map((t) => get(t))
        .filter((t): t is string => t !== undefined && !isBlank(t))
        .map(cleanText)
        .join('\n\n');
      if (!text) errors.push(`${texts.join(', ')}: ${texts.length > 1 ? 'are all empty' : 'is empty'}; every row needs what the customer wrote`);
      const ratings: Record<string, number> = {};
      for (const k of ['nps', 'csat', 'ces'] as const) {
        const r = spec.ratings?.[k];
        if (!r) continue;
        const v = take(ratingOf(k, get(ref(r))), errors);
        if (v !== undefined) ratings[k] = v;
      }
      let occurredAt: string | undefined;
      if (date) {
        const raw = get(date.column);
        if (raw !== undefined && !isBlank(raw)) {
          const dctx = date.timeZone ? { ...ctx, timeZone: date.timeZone } : ctx;
          occurredAt = take(dateFormat ? parseFormattedDate(raw, dateFormat, compiledFormat, dctx, date.column) : parseDate(raw, dctx, date.column), errors);
        }
      }
      let lang: string | undefined;
      if (spec.lang) {
        const col = typeof spec.lang === 'string' ? spec.lang : spec.lang.column;
        const raw = col ? get(col) : undefined;
        lang = raw !== undefined && !isBlank(raw) ? take(parseLang(raw, col), errors) : typeof spec.lang === 'string' ? undefined : spec.lang.default;
      }
      const meta = new MetadataBuilder();
      for (const m of spec.metadata ?? []) {
        const v = get(m);
        if (v !== undefined && !EMAIL_VALUE.test(v)) meta.set(m, v);
      }
      const customer = spec.customer ? get(spec.customer)?.trim() : undefined;
      const externalId = spec.externalId ? get(spec.externalId)?.trim() : undefined;
      const subject = spec.subject ? get(spec.subject)?.trim() : undefined;
      return finish(
        {
          text,
          externalId: externalId && !isBlank(externalId) ? externalId : undefined,
          occurredAt,
          lang,
          subject: subject && !isBlank(subject) ? subject : undefined,
          department: hint('department', spec.department ? get(ref(spec.department)) : undefined, errors),
          journey: hint('journey', spec.journey ? get(ref(spec.journey)) : undefined, errors),
          ratings: Object.keys(ratings).length ? ratings : undefined,
          customer: customer && !isBlank(customer) ? { id: customer } : undefined,
          provider: name,
          metadata: meta.build(),
        },
        errors,
      );
    },
  };
}

/** A JSON field by exact key, then dot path, each step also matched case-insensitively. */
function lookup(record: Record<string, unknown>, path: string): unknown {
  if (path in record) return record[path];
  let cur: unknown = record;
  for (const step of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    if (step in cur) cur = cur[step];
    else {
      const k = Object.keys(cur).find((key) => key.toLowerCase() === step.toLowerCase());
      if (k === undefined) return undefined;
      cur = cur[k];
    }
  }
  return cur;
}

function asText(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(', ');
  return JSON.stringify(v);
}

/** Builds the profile of a validated mapping; `name` is what `?profile=` calls it. */
export function createMappingProfile(name: string, spec: MappingSpec): ExportProfile {
  const mapping = compile(name, spec);
  const csv = (header: readonly string[], ctx: ProfileContext): CsvHeaderResult => {
    const norm = header.map(normalizeHeader);
    const index = new Map<string, number>();
    const unknown: string[] = [];
    for (const [r, field] of mapping.refs) {
      const i = norm.indexOf(normalizeHeader(r));
      if (i < 0) unknown.push(`${field}: no column "${r}"`);
      else index.set(r, i);
    }
    if (unknown.length) {
      const seen = header.map((h) => `"${h.replace(/^\uFEFF/, '').trim()}"`).slice(0, 30).join(', ');
      return { ok: false, error: `mapping "${name}" does not fit this file: ${unknown.join('; ')}; the header has ${seen}` };
    }
    return checkedRowMapper(header, (values) => mapping.map((r) => values[index.get(r)!], ctx));
  };
  return {
    name,
    description: spec.description ?? `user mapping "${name}"`,
    csv,
    jsonRecords: (doc) => {
      if (spec.records) {
        if (Array.isArray(doc)) return { ok: true, records: doc };
        const arr = isRecord(doc) ? lookup(doc, spec.records) : undefined;
        if (Array.isArray(arr)) return { ok: true, records: arr };
        // A JSONL line is one record, without the page around it.
        if (isRecord(doc) && arr === undefined) return { ok: true, records: [doc] };
        return { ok: false, error: `not what mapping "${name}" expects: "${spec.records}" is not an array in the JSON document` };
      }
      return arrayOrItems(doc, ['items', 'records', 'data', 'results'], `what mapping "${name}" expects: send an array of objects (or { "items": [...] })`, () => true);
    },
    fromJson(record, ctx) {
      if (!isRecord(record)) return { ok: false, error: 'expected an object' };
      return mapping.map((r) => asText(lookup(record, r)), ctx);
    },
  };
}
