/**
 * Qualtrics survey responses, as "Download Data → CSV" (and the export API) write them.
 *
 * Current format: three header rows — export tags (StartDate … UserLanguage, Q1, Q5, Q5_NPS_GROUP,
 * Q7_TEXT, embedded data), question texts, then `{"ImportId":"QID5"}` JSON that names each
 * question by its stable id and gives the time zone of date columns (`"timeZone":"Europe/Paris"`).
 * Legacy format (before 2017): two rows — `V1…V10` then the real names (ResponseID, StartDate…)
 * for metadata columns; export tags then question texts for questions.
 * Answers come as numeric recodes or as choice text, depending on the download option.
 *
 * Which question is the NPS, the CSAT, the CES and the comment is the deployment's choice
 * (options); without it the profile guesses from the file (an `_NPS_GROUP` column's sibling,
 * question texts) and says so in metadata.
 */
import * as z from 'zod';
import {
  checkRow,
  cleanText,
  type CsvHeaderResult,
  type CsvRowMapper,
  EMAIL_VALUE,
  type ExportProfile,
  type FieldResult,
  finish,
  type HeaderRowResult,
  isBlank,
  MetadataBuilder,
  normalizeHeader,
  parseLang,
  parseRating,
  type ProfileContext,
  RATING_SCALES,
  type RecordResult,
  slugField,
  take,
} from './common';
import { parseDate } from './dates';

/** A question's export tag ("Q5", "Q7_TEXT", "NPS") or import id ("QID5"); case-insensitive. */
const ColumnRef = z.string().trim().min(1, 'name a column: the question export tag (first header row, e.g. "Q5") or its import id ("QID5")').max(200);
const ColumnList = z
  .union([ColumnRef, z.array(ColumnRef).min(1)])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((c) => c.trim()).filter((c) => c !== ''))
  .pipe(z.array(z.string()).min(1, 'name at least one column'));

export const QualtricsOptionsSchema = z
  .object({
    /** The free-text question(s) holding the customer's comment; several are joined, in this order. */
    text: ColumnList.optional(),
    nps: ColumnRef.optional(),
    csat: ColumnRef.optional(),
    ces: ColumnRef.optional(),
    /** An embedded data field or question whose answer names the department / journey. */
    department: ColumnRef.optional(),
    journey: ColumnRef.optional(),
    /** Responses the respondent never submitted (Finished = 0): kept when they hold a comment, or skipped. */
    unfinished: z.enum(['keep', 'skip']).default('keep'),
  })
  .strict();
export type QualtricsOptions = z.input<typeof QualtricsOptionsSchema>;
type ResolvedOptions = z.output<typeof QualtricsOptionsSchema>;

interface Column {
  index: number;
  /** Export tag (first row), or for legacy `V…` columns the name from the second row. */
  tag: string;
  label?: string;
  importId?: string;
  timeZone?: string;
}

const META_FIELDS = {
  responseId: ['responseid', '_recordid'],
  status: ['status'],
  finished: ['finished'],
  progress: ['progress'],
  duration: ['duration (in seconds)', 'duration'],
  recordedDate: ['recordeddate'],
  endDate: ['enddate'],
  startDate: ['startdate'],
  email: ['recipientemail', 'emailaddress'],
  externalReference: ['externalreference', 'externaldatareference'],
  language: ['userlanguage', 'q language', 'language'],
  channel: ['distributionchannel'],
} as const;
type MetaField = keyof typeof META_FIELDS;

/** Never copied into metadata: identifying data, or noise. */
const DROPPED = new Set(
  ['ipaddress', 'recipientlastname', 'recipientfirstname', 'name', 'locationlatitude', 'locationlongitude', 'locationaccuracy', 'responseset', 'q_ballotboxstuffing', 'q_recaptchascore', 'q_relevantidduplicate', 'q_relevantidduplicatescore', 'q_relevantidfraudscore', 'q_relevantidlaststartdate'],
);

/** Status codes are bit flags: 1 preview, 2 test, 8 spam; 0 normal, 4 imported, 16 offline app. */
const STATUS_SKIP: readonly [RegExp, string][] = [
  [/preview|aper[cç]u/i, 'a survey preview'],
  [/test/i, 'a test response'],
  [/spam|ind[ée]sirable/i, 'flagged as spam by Qualtrics'],
];
function statusSkipReason(raw: string | undefined): string | undefined {
  const s = raw?.trim() ?? '';
  if (!s) return undefined;
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (n & 8) return 'flagged as spam by Qualtrics';
    if (n & 1) return 'a survey preview';
    if (n & 2) return 'a test response';
    return undefined;
  }
  return STATUS_SKIP.find(([re]) => re.test(s))?.[1];
}

const STATUS_NAMES: Readonly<Record<string, string>> = { '0': 'IP Address', '4': 'Imported', '16': 'Offline' };

function isFinished(raw: string | undefined): boolean | undefined {
  const s = raw?.trim().toLowerCase() ?? '';
  if (s === '1' || s === 'true' || s === 'vrai') return true;
  if (s === '0' || s === 'false' || s === 'faux') return false;
  return undefined;
}

// ─── choice text → score ───

// Typographic apostrophes (d’accord) are what French surveys are written with.
const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’‘`´]/g, "'").toLowerCase().trim();

/** Satisfaction labels (EN/FR) on a 1–5 scale; checked most specific first. */
const CSAT_LABELS: readonly [RegExp, number][] = [
  [/\b(neither|ni satisfait)\b|\bneutr/, 3],
  [/\b(extremely|very|tres|completely|totalement|entierement) (dis|un|in|mecontent)|\b(extremement|tres) (insatisf|mecontent)/, 1],
  [/\b(extremely|very|tres|completely|totalement|entierement) (satisf|content|happy)/, 5],
  [/\b(somewhat|rather|plutot|moderately|peu) (dis|un|in|mecontent)|\b(dissatisf|unsatisf|insatisf|unhappy|mecontent)/, 2],
  [/\b(satisf|content|happy)/, 4],
];
/** Agreement labels (EN/FR) on the 1–7 CES scale ("The company made it easy to handle my issue"). */
const CES_LABELS: readonly [RegExp, number][] = [
  [/\b(neither|ni d'accord|neutr)/, 4],
  [/\bstrongly disagree|\btout a fait en desaccord|\bpas du tout d'accord/, 1],
  [/\bstrongly agree|\btout a fait d'accord/, 7],
  [/\bsomewhat disagree|\bplutot en desaccord|\bplutot pas d'accord/, 3],
  [/\bsomewhat agree|\bplutot d'accord/, 5],
  [/\bdisagree|\ben desaccord|\bpas d'accord/, 2],
  [/\bagree|\bd'accord/, 6],
];

/** A numeric recode, a leading number of choice text ("10 - Extremely likely"), or a known scale label. */
function qualtricsRating(raw: string | undefined, kind: keyof typeof RATING_SCALES, label: string): FieldResult<number> {
  if (raw === undefined || isBlank(raw)) return {};
  const text = raw.trim();
  const lead = /^(\d{1,2})\s*(?:[-–—:=]\s*\D.*|\(.*\))$/su.exec(text);
  if (lead) return parseRating(lead[1], kind, label);
  if (/^[\d\s.,/]+$/.test(text)) return parseRating(text, kind, label);
  const labels = kind === 'csat' ? CSAT_LABELS : kind === 'ces' ? CES_LABELS : [];
  const f = fold(text);
  const hit = labels.find(([re]) => re.test(f));
  if (hit) return { value: hit[1] };
  const [min, max] = RATING_SCALES[kind];
  return {
    error: `${label}: "${text.slice(0, 40)}" is neither a ${min}–${max} score nor a choice we can read; download the data with "Use numeric values", or map this question to another rating`,
  };
}

// ─── header ───

function parseImportId(cell: string | undefined): { importId?: string; timeZone?: string } | undefined {
  const s = cell?.trim() ?? '';
  if (!s.startsWith('{')) return undefined;
  try {
    const v = JSON.parse(s) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const o = v as Record<string, unknown>;
    return { importId: typeof o.ImportId === 'string' ? o.ImportId : undefined, timeZone: typeof o.timeZone === 'string' ? o.timeZone : undefined };
  } catch {
    return undefined;
  }
}

const isLegacyTag = (h: string): boolean => /^V\d+$/.test(h.trim());

/** A response id in the ResponseId column means this row is data: the extra header rows were removed (Excel users do). */
const RESPONSE_ID = /^R_[A-Za-z0-9]{10,20}$/;

interface Bound {
  meta: Partial<Record<MetaField, Column>>;
  text: Column[];
  nps?: Column;
  /** Qualtrics' own Promoter/Passive/Detractor column for the NPS question. */
  npsGroup?: Column;
  csat?: Column;
  ces?: Column;
  department?: Column;
  journey?: Column;
  /** How each rating and the text were chosen, for metadata: "config" or "detected". */
  chosenBy: Record<string, 'config' | 'detected'>;
  /** Other columns copied to metadata. */
  rest: Column[];
  /** Date columns' zones: the one the ImportId row states, else the deployment's. */
  zones: Map<Column, ProfileContext>;
}

function describeColumns(cols: readonly Column[]): string {
  const isMeta = (c: Column) => Object.values(META_FIELDS).some((names) => (names as readonly string[]).includes(normalizeHeader(c.tag)) || (names as readonly string[]).includes(c.tag.toLowerCase()));
  const qs = cols.filter((c) => !isMeta(c) && !DROPPED.has(c.tag.toLowerCase()) && !/^(StartDate|EndDate|Recipient|Location)/i.test(c.tag));
  return (qs.length ? qs : cols)
    .slice(0, 25)
    .map((c) => (c.label && c.label !== c.tag ? `${c.tag} ("${c.label.slice(0, 40)}")` : c.tag))
    .join(', ');
}

function findColumn(cols: readonly Column[], ref: string): Column | undefined {
  const r = ref.trim().toLowerCase();
  return cols.find((c) => c.tag.toLowerCase() === r) ?? cols.find((c) => c.importId?.toLowerCase() === r);
}

const TEXT_ENTRY_IMPORT = /^QID\d+_TEXT$/i;
const OTHER_SPECIFY = /_\d+_TEXT$/i;
const TEXTIQ = / - (topics|parent topics|sentiment|sentiment polarity|sentiment score|actionability|emotion|emotion intensity|effort)$/i;
const COMMENT_LABEL = /comment|why|pourquoi|remarque|suggest|tell us|dites-nous|precis|explain|expliqu|feedback|verbatim|improve|ameliorer/i;

function bind(cols: readonly Column[], options: ResolvedOptions): { ok: true; bound: Bound } | { ok: false; error: string } {
  const meta: Bound['meta'] = {};
  const used = new Set<number>();
  for (const field of Object.keys(META_FIELDS) as MetaField[]) {
    const names = META_FIELDS[field] as readonly string[];
    const c = cols.find((col) => !used.has(col.index) && (names.includes(normalizeHeader(col.tag).replace(/ (?!\()/g, '')) || names.includes(normalizeHeader(col.tag))));
    if (c) {
      meta[field] = c;
      used.add(c.index);
    }
  }
  if (!meta.responseId) {
    return {
      ok: false,
      error: `not a Qualtrics response export: no ResponseId column; the header starts ${cols.slice(0, 8).map((c) => `"${c.tag}"`).join(', ')}. Download it from Data & Analysis → Export data → CSV`,
    };
  }
  const chosenBy: Bound['chosenBy'] = {};
  const missing: string[] = [];
  const pick = (key: string, ref: string | undefined): Column | undefined => {
    if (ref === undefined) return undefined;
    const c = findColumn(cols, ref);
    if (!c) missing.push(`${key}: no column "${ref}"`);
    else chosenBy[key] = 'config';
    return c;
  };
  const bound: Bound = {
    meta,
    text: (options.text ?? []).map((ref) => pick('text', ref)).filter((c): c is Column => !!c),
    nps: pick('nps', options.nps),
    csat: pick('csat', options.csat),
    ces: pick('ces', options.ces),
    department: pick('department', options.department),
    journey: pick('journey', options.journey),
    chosenBy,
    rest: [],
    zones: new Map(),
  };
  if (missing.length) {
    return { ok: false, error: `${missing.join('; ')} in this Qualtrics export; its questions are ${describeColumns(cols)}` };
  }

  // Text iQ columns ("Q7 - Topics") are Qualtrics' own analysis: metadata, never a question to detect.
  const candidates = cols.filter((c) => !used.has(c.index) && !DROPPED.has(c.tag.toLowerCase()) && !/_NPS_GROUP$/i.test(c.tag));
  const askable = (c: Column) => !TEXTIQ.test(c.tag);
  const taken = new Set([bound.nps, bound.csat, bound.ces, ...bound.text].filter((c): c is Column => !!c).map((c) => c.index));
  const free = (c: Column) => askable(c) && !taken.has(c.index) && !/_TEXT$/i.test(c.tag) && !(c.importId && /_TEXT/i.test(c.importId));
  // Explicit options win; each rating left unset is detected, never two ratings from one column.
  if (!options.nps) {
    const group = cols.find((c) => /_NPS_GROUP$/i.test(c.tag));
    const sibling = group ? findColumn(candidates, group.tag.replace(/_NPS_GROUP$/i, '')) : undefined;
    bound.nps = sibling && !taken.has(sibling.index) ? sibling : candidates.find((c) => free(c) && /recommend|recommand|empfehlen/i.test(c.label ?? ''));
    if (bound.nps) {
      chosenBy.nps = 'detected';
      taken.add(bound.nps.index);
    }
  }
  // A matrix row ("Q3_2") rates one aspect: only a single question stands for overall satisfaction or effort.
  const single = (c: Column) => free(c) && !/_\d+$/.test(c.tag) && !/_\d+$/.test(c.importId ?? '');
  if (!options.csat) {
    bound.csat = candidates.find((c) => single(c) && /satisf/i.test(c.label ?? ''));
    if (bound.csat) {
      chosenBy.csat = 'detected';
      taken.add(bound.csat.index);
    }
  }
  if (!options.ces) {
    bound.ces = candidates.find((c) => single(c) && /effort|\beasy\b|\bfacile|simple de/i.test(c.label ?? ''));
    if (bound.ces) {
      chosenBy.ces = 'detected';
      taken.add(bound.ces.index);
    }
  }
  if (!options.text) {
    // Text entry questions: named by their import id (QID7_TEXT) in current exports, by a comment-like question in legacy ones.
    const entries = candidates.filter((c) => c.importId && TEXT_ENTRY_IMPORT.test(c.importId));
    bound.text = entries.length
      ? entries
      : candidates.filter((c) => askable(c) && !taken.has(c.index) && ((/_TEXT$/i.test(c.tag) && !OTHER_SPECIFY.test(c.tag)) || COMMENT_LABEL.test(c.label ?? '')));
    if (bound.text.length) chosenBy.text = 'detected';
  }
  if (bound.text.length === 0) {
    return {
      ok: false,
      error: `no free-text question found in this Qualtrics export: name the comment question with the text option (e.g. text=Q7); its questions are ${describeColumns(cols)}`,
    };
  }
  for (const c of bound.text) taken.add(c.index);
  if (bound.nps) bound.npsGroup = findColumn(cols, `${bound.nps.tag}_NPS_GROUP`);
  for (const c of [bound.department, bound.journey]) if (c) taken.add(c.index);
  // Other free text (an "Other, please specify" box) may hold anything: it stays out of metadata.
  bound.rest = candidates.filter((c) => !taken.has(c.index) && !/_TEXT$/i.test(c.tag) && !(c.importId && TEXT_ENTRY_IMPORT.test(c.importId)));
  return { ok: true, bound };
}

function columnsOf(rows: readonly (readonly string[])[]): Column[] {
  const [tags = [], second, third] = rows;
  const legacy = tags.some(isLegacyTag);
  const importRow = [second, third].find((r) => r?.some((cell) => parseImportId(cell)?.importId !== undefined));
  const labels = second && second !== importRow ? second : undefined;
  const cols: Column[] = [];
  tags.forEach((raw, index) => {
    const t = raw.replace(/^\uFEFF/, '').trim();
    const label = labels?.[index]?.trim() || undefined;
    const tag = legacy && isLegacyTag(t) && label ? label : t;
    if (!tag) return;
    const imp = parseImportId(importRow?.[index]);
    cols.push({ index, tag, label, importId: imp?.importId, timeZone: imp?.timeZone });
  });
  return cols;
}

/** "Z" and "UTC" as Qualtrics writes them; other zones must be IANA names Intl knows. */
function zoneOf(col: Column | undefined, ctx: ProfileContext): ProfileContext {
  const tz = col?.timeZone?.trim();
  if (!tz) return ctx;
  if (/^(z|utc|gmt|etc\/utc)$/i.test(tz)) return { ...ctx, timeZone: 'UTC' };
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return { ...ctx, timeZone: tz };
  } catch {
    return ctx;
  }
}

function qualtricsHeader(options: ResolvedOptions) {
  return (firstRow: readonly string[], ctx: ProfileContext): CsvHeaderResult => {
    const rows: (readonly string[])[] = [firstRow];
    let bound: Bound | undefined;

    const complete = (): HeaderRowResult => {
      const b = bind(columnsOf(rows), options);
      if (!b.ok) return b;
      bound = b.bound;
      for (const c of [bound.meta.recordedDate, bound.meta.endDate]) if (c) bound.zones.set(c, zoneOf(c, ctx));
      return { ok: true, header: false };
    };

    const mapper: CsvRowMapper = {
      headerRow(values) {
        if (values === undefined) return complete();
        const responseIdAt = rows[0]!.findIndex((h) => /^response ?id$/i.test(h.replace(/^\uFEFF/, '').trim()));
        const looksLikeData = responseIdAt >= 0 && RESPONSE_ID.test(values[responseIdAt]?.trim() ?? '');
        const isImportRow = values.some((cell) => parseImportId(cell)?.importId !== undefined);
        // Row 2 is the question text row unless it already holds a response; row 3 only when it is the ImportId row.
        const more = rows.length >= 3 ? false : rows.length === 1 ? !looksLikeData : isImportRow;
        if (more) {
          rows.push(values);
          return { ok: true, header: true };
        }
        return complete();
      },
      map(values) {
        if (!bound) {
          const done = complete();
          if (!done.ok) return { ok: false, error: done.error };
        }
        return mapResponse(values, firstRow, bound!, options);
      },
    };
    return { ok: true, mapper };
  };
}

function mapResponse(values: readonly string[], header: readonly string[], b: Bound, options: ResolvedOptions): RecordResult {
  const unusable = checkRow(values, header);
  if (unusable) return unusable;
  const get = (c: Column | undefined): string | undefined => (c ? values[c.index] : undefined);
  const responseId = get(b.meta.responseId)?.trim() || undefined;
  const where = responseId ? `response ${responseId}` : 'response';
  const status = get(b.meta.status)?.trim();
  const skipReason = statusSkipReason(status);
  if (skipReason) return { ok: false, error: `${where}: ${skipReason} (Status "${status}"), not a customer's answer`, skipped: true };
  const finished = isFinished(get(b.meta.finished));
  if (finished === false && options.unfinished === 'skip') {
    return { ok: false, error: `${where}: never submitted (Finished = ${get(b.meta.finished)?.trim()}); unfinished responses are skipped by this profile's options`, skipped: true };
  }

  const errors: string[] = [];
  const text = b.text
    .map((c) => get(c))
    .filter((t): t is string => t !== undefined && !isBlank(t))
    .map(cleanText)
    .join('\n\n');
  const ratings: Record<string, number> = {};
  for (const kind of ['nps', 'csat', 'ces'] as const) {
    const col = b[kind];
    if (!col) continue;
    const v = take(qualtricsRating(get(col), kind, col.tag), errors);
    if (v !== undefined) ratings[kind] = v;
  }
  if (!text) {
    const answered = Object.keys(ratings).length ? `answered ${Object.keys(ratings).join(', ').toUpperCase()} only` : 'answered no question we read';
    const why = finished === false ? `never submitted and ${answered}` : answered;
    // Every stored item is something the customer wrote: a score without a comment is not one, but it is no error either.
    if (errors.length === 0) return { ok: false, error: `${where}: no comment (${b.text.map((c) => c.tag).join(', ')} empty); ${why}`, skipped: true };
    errors.unshift(`no comment in ${b.text.map((c) => c.tag).join(', ')}`);
  }

  const meta = new MetadataBuilder()
    .set('status', status ? (STATUS_NAMES[status] ?? status) : undefined)
    .set('finished', finished)
    .set('progress', numberOrText(get(b.meta.progress)))
    .set('durationSeconds', numberOrText(get(b.meta.duration)))
    .set('distributionChannel', get(b.meta.channel))
    .set('questions', questionsNote(b))
    .set('npsGroup', npsGroupOf(get(b.npsGroup)));
  for (const c of b.rest) {
    const v = values[c.index];
    if (v === undefined || isBlank(v) || EMAIL_VALUE.test(v)) continue;
    meta.set(c.tag, v);
  }
  const email = get(b.meta.email)?.trim();
  const ext = get(b.meta.externalReference)?.trim();
  const dateCol = b.meta.recordedDate && !isBlank(get(b.meta.recordedDate)) ? b.meta.recordedDate : b.meta.endDate;
  const occurredAt = dateCol ? take(parseDate(get(dateCol), b.zones.get(dateCol)!, dateCol.tag), errors) : undefined;
  const lang = take(parseLang(get(b.meta.language), b.meta.language?.tag ?? 'UserLanguage'), errors);
  const department = slugField(get(b.department), b.department?.tag ?? 'department', errors);
  const journey = slugField(get(b.journey), b.journey?.tag ?? 'journey', errors);
  // The response id tells the survey owner which answer to look at in Qualtrics.
  if (errors.length) return { ok: false, error: `${where}: ${errors.join('; ').replace(`${where}: `, '')}` };
  return finish(
    {
      text,
      externalId: responseId,
      occurredAt,
      lang,
      department,
      journey,
      ratings: Object.keys(ratings).length ? ratings : undefined,
      customer: email && !isBlank(email) ? { id: email } : ext && !isBlank(ext) ? { id: `qualtrics:${ext}` } : undefined,
      provider: 'qualtrics',
      metadata: meta.build(),
    },
    errors,
  );
}

/** "text=Q7_TEXT (detected); nps=Q5 (config)": which question fed which field, so a wrong guess is visible. */
function questionsNote(b: Bound): string {
  const parts: string[] = [];
  for (const key of ['text', 'nps', 'csat', 'ces'] as const) {
    const how = b.chosenBy[key];
    if (!how) continue;
    const tags = key === 'text' ? b.text.map((c) => c.tag).join('+') : b[key]?.tag;
    parts.push(`${key}=${tags} (${how})`);
  }
  return parts.join('; ');
}

/** Numeric exports code the group 1 detractor, 2 passive, 3 promoter; choice text exports write it in the survey's language. */
function npsGroupOf(raw: string | undefined): string | undefined {
  if (raw === undefined || isBlank(raw)) return undefined;
  const s = fold(raw);
  if (s === '1' || s.startsWith('detract')) return 'detractor';
  if (s === '2' || s.startsWith('passi') || s.startsWith('neutr')) return 'passive';
  if (s === '3' || s.startsWith('promo')) return 'promoter';
  return raw.trim();
}

function numberOrText(v: string | undefined): number | string | undefined {
  if (v === undefined || isBlank(v)) return undefined;
  const n = Number(v.trim());
  return Number.isFinite(n) ? n : v;
}

/** JSON records: the response export API's `{ responses: [{ responseId, values: {...} }] }` is not supported yet. */
function qualtricsJsonRecords(): { ok: false; error: string } {
  return { ok: false, error: 'the qualtrics profile reads the CSV download (three header rows); export the responses as CSV' };
}

export function createQualtricsProfile(options: QualtricsOptions = {}, name = 'qualtrics', description?: string): ExportProfile {
  const resolved = QualtricsOptionsSchema.parse(options);
  return {
    name,
    description:
      description ??
      'Qualtrics survey responses, CSV download (current format with its three header rows, or legacy); options choose the NPS/CSAT/CES and comment questions',
    csv: qualtricsHeader(resolved),
    jsonRecords: qualtricsJsonRecords,
    fromJson: () => ({ ok: false, error: 'the qualtrics profile reads CSV only' }),
  };
}

export const qualtricsProfile: ExportProfile = createQualtricsProfile();
