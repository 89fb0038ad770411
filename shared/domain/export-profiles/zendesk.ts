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
  joinTexts,
  MetadataBuilder,
  presentValue,
  type ProfileContext,
  type RecordResult,
  restToMetadata,
  slugField,
  str,
  take,
  ticketCustomer,
} from './common';
import { isoFromJson, parseDate } from './dates';

// ───────────────────────────── Zendesk ─────────────────────────────

/** Zendesk CSAT is binary: good → 5, bad → 1 on the 1–5 scale; offered/unoffered carry no rating. */
function zendeskCsat(score: string | undefined): number | undefined {
  const s = score?.trim().toLowerCase() ?? '';
  if (s.startsWith('good')) return 5;
  if (s.startsWith('bad')) return 1;
  return undefined;
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
  return checkedRowMapper(header, (values) => {
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
        externalId: presentValue(get('id')),
        occurredAt: take(parseDate(get('createdAt'), ctx, 'Created at'), errors),
        subject: textSource === 'subject' ? undefined : presentValue(get('subject')),
        department: slugField(get('group'), 'Group', errors),
        ratings: csat !== undefined ? { csat } : undefined,
        customer: ticketCustomer(email, requesterId, 'zendesk'),
        provider: 'zendesk',
        metadata: meta.build(),
      },
      errors,
    );
  });
}

export const zendeskProfile: ExportProfile = {
  name: 'zendesk',
  description: 'Zendesk Incremental Export API pages ({ tickets: [...] }), ticket arrays or JSONL, and the Zendesk ticket CSV export',
  csv: zendeskHeader,
  jsonRecords: (doc) =>
    arrayOrItems(doc, ['tickets', 'results', 'ticket'], 'a Zendesk export: expected an Incremental Export page with "tickets": [...], a ticket array or one ticket', (o) => 'id' in o && ('description' in o || 'subject' in o)),
  fromJson: zendeskFromJson,
};
