import {
  type ExportProfile,
  MetadataBuilder,
  type ProfileContext,
  type RecordResult,
  arrayOrItems,
  finish,
  isRecord,
  parseLang,
  str,
  take,
} from './common';
import { parseDate } from './dates';

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
