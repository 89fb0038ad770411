import type { Ratings } from '../feedback';
import {
  arrayOrItems,
  bindColumns,
  checkedRowMapper,
  cleanText,
  type CsvHeaderResult,
  type ExportProfile,
  fieldGetter,
  finish,
  isRecord,
  MetadataBuilder,
  parseLang,
  parseRating,
  presentValue,
  type ProfileContext,
  type RecordResult,
  restToMetadata,
  slugField,
  take,
} from './common';
import { parseDate } from './dates';

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
  return checkedRowMapper(header, (values) => {
    const errors: string[] = [];
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
        externalId: presentValue(get('id')),
        occurredAt: cols.idx.date === undefined ? undefined : take(parseDate(get('date'), ctx, label('date')), errors),
        lang: cols.idx.lang === undefined ? undefined : take(parseLang(get('lang'), label('lang')), errors),
        subject: presentValue(get('subject')),
        department: cols.idx.department === undefined ? undefined : slugField(get('department'), label('department'), errors),
        journey: cols.idx.journey === undefined ? undefined : slugField(get('journey'), label('journey'), errors),
        ratings: Object.keys(ratings).length ? ratings : undefined,
        customer: customerId ? { id: customerId } : undefined,
        metadata: meta.build(),
      },
      errors,
    );
  });
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


export const genericProfile: ExportProfile = {
  name: 'generic',
  description: 'CSV with a header row (id, date, text|message, lang, nps, csat, ces, department, journey, customer; others → metadata), or JSON objects with the same keys',
  csv: genericHeader,
  jsonRecords: (doc) =>
    arrayOrItems(doc, ['items', 'records', 'data'], 'generic JSON: send an array of objects (or { "items": [...] }) with at least "text"', (o) => 'text' in o || 'message' in o),
  fromJson: genericFromJson,
};
