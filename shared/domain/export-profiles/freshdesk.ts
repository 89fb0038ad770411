import {
  arrayOrItems,
  bindColumns,
  checkedRowMapper,
  cleanText,
  type CsvHeaderResult,
  type ExportProfile,
  fieldGetter,
  finish,
  htmlToText,
  isRecord,
  MetadataBuilder,
  normalizeHeader,
  parseLang,
  presentValue,
  type ProfileContext,
  type RecordResult,
  restToMetadata,
  slugField,
  slugId,
  str,
  take,
  ticketCustomer,
} from './common';
import { isoFromJson, parseDate } from './dates';

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
  return checkedRowMapper(header, (values) => {
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
        externalId: presentValue(get('id')),
        occurredAt: take(parseDate(get('createdAt'), ctx, 'Created time'), errors),
        lang: take(parseLang(get('language'), 'Language'), errors),
        subject: presentValue(get('subject')),
        department: slugField(get('group'), 'Group', errors),
        ratings: csat !== undefined ? { csat } : undefined,
        customer: ticketCustomer(email, contactId, 'freshdesk'),
        provider: 'freshdesk',
        metadata: meta.build(),
      },
      errors,
    );
  });
}

export const freshdeskProfile: ExportProfile = {
  name: 'freshdesk',
  description: 'Freshdesk API v2 ticket JSON (an array, { results: [...] } or one ticket) and the Freshdesk ticket CSV export',
  csv: freshdeskHeader,
  jsonRecords: (doc) =>
    arrayOrItems(doc, ['results', 'tickets'], 'a Freshdesk export: expected a ticket array (GET /api/v2/tickets?include=description) or one ticket', (o) => 'id' in o && ('description_text' in o || 'description' in o || 'subject' in o)),
  fromJson: freshdeskFromJson,
};
