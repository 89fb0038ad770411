import { createHash } from 'node:crypto';
import PostalMime, { type Email, type Header } from 'postal-mime';
import { describeIssues, FeedbackInputSchema, implausibleOccurredAt, type FeedbackInput } from './feedback';
import { htmlToText } from './html-to-text';
import { stripReply } from './reply-stripping';

/**
 * The pure part of the email channel: one raw RFC 5322 message (as SES stores it in S3)
 * becomes either a FeedbackInput with what the customer wrote, a counted skip (auto-reply,
 * out-of-office, bounce, bulk mail, nothing written, no sender) or a rejection with its
 * reason. It never throws, whatever the bytes.
 */

export const EMAIL_SKIP_REASONS = ['auto-reply', 'bounce', 'out-of-office', 'bulk', 'empty', 'no-sender'] as const;
export type EmailSkipReason = (typeof EMAIL_SKIP_REASONS)[number];

export type ParsedFeedbackEmail =
  | {
      kind: 'feedback';
      input: FeedbackInput;
      /** The From address. Hash it into customer.idHash (hashCustomerId); never store it raw. */
      sender: string;
    }
  | { kind: 'skipped'; reason: EmailSkipReason; detail: string; externalId?: string }
  | { kind: 'rejected'; reason: string; externalId?: string };

export interface ParseFeedbackEmailOptions {
  receivedAt: Date;
  /** Becomes input.provider (e.g. the inbound domain); omitted when not given. */
  provider?: string;
}

/** SES accepts messages up to 40 MB including attachments. */
export const MAX_RAW_EMAIL_BYTES = 40 * 1024 * 1024;
const MAX_EXTERNAL_ID = 256;
const MAX_SUBJECT = 998;

// ---------------------------------------------------------------------------------------------
// Header helpers

function headerValues(headers: readonly Header[], key: string): string[] {
  return headers.filter((h) => h.key === key).map((h) => h.value.trim());
}
function header(headers: readonly Header[], key: string): string | undefined {
  return headerValues(headers, key)[0];
}

/** `multipart/report; report-type="delivery-status"; boundary=x` → { type, params }. */
function parseContentType(value: string | undefined): { type: string; params: Record<string, string> } {
  const [type = '', ...rest] = (value ?? '').split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const k = p.slice(0, eq).trim().toLowerCase();
    const v = p.slice(eq + 1).trim().replace(/^"(.*)"$/s, '$1');
    if (k && !(k in params)) params[k] = v;
  }
  return { type: type.trim().toLowerCase(), params };
}

/** Windows-1252 meanings of U+0080–U+009F. */
const CP1252_C1: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹',
  0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™',
  0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

/**
 * Some Node builds decode "windows-1252" (and "iso-8859-1", which WHATWG maps to it) as
 * Latin-1, leaving C1 control characters where the sender typed €, ’, “ ” or œ. Those
 * controls never occur in real text, so they are mapped back to their windows-1252 meaning.
 */
function repairC1(s: string): string {
  return s.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0)] ?? '');
}

// ---------------------------------------------------------------------------------------------
// Automatic mail

const OOF_SUBJECT =
  /^\s*(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response)|autoreply|réponse automatique|out of (?:the )?office(?: auto ?reply)?|ooo|absence(?: du bureau| prolongée)?|absent(?:e)?(?: du bureau)?|message d['’]absence|abwesenheitsnotiz|respuesta automática|risposta automatica|fuera de la oficina)\s*(?:[:：\-–(\[]|$)/i;
const BOUNCE_SUBJECT =
  /^\s*(?:undeliverable|undelivered mail returned to sender|delivery status notification \((?:failure|delay)\)|mail delivery (?:failed|failure|subsystem)|returned mail|failure notice|non remis|message non remis|échec de la remise|non distribuable|delivery has failed|mail system error)\b/i;
const BOUNCE_SENDER = /^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)(?:@|$)/i;

type Skip = { reason: EmailSkipReason; detail: string };

/** Why this message was written by a machine rather than a customer, or undefined. */
function automatic(email: Email, rootType: { type: string; params: Record<string, string> }, fromAddress: string | undefined): Skip | undefined {
  const h = email.headers;
  const subject = email.subject ?? '';

  // Bounces: DSN reports, daemons, failed-recipient headers, NDR subjects.
  const reportType = (rootType.params['report-type'] ?? '').toLowerCase();
  if (rootType.type === 'multipart/report' && reportType === 'delivery-status') return { reason: 'bounce', detail: 'delivery status notification (multipart/report; report-type=delivery-status)' };
  if (rootType.type === 'multipart/report' && reportType === 'feedback-report') return { reason: 'bounce', detail: 'abuse feedback report (ARF)' };
  if (rootType.type === 'multipart/report' && reportType === 'disposition-notification') return { reason: 'auto-reply', detail: 'read receipt (message disposition notification)' };
  if (email.attachments.some((a) => a.mimeType === 'message/delivery-status' || a.mimeType === 'message/global-delivery-status')) return { reason: 'bounce', detail: 'carries a message/delivery-status part' };
  if (fromAddress && BOUNCE_SENDER.test(fromAddress)) return { reason: 'bounce', detail: `sent by ${fromAddress.split('@')[0]?.toLowerCase()}` };
  if (header(h, 'x-failed-recipients') !== undefined) return { reason: 'bounce', detail: 'X-Failed-Recipients header' };
  if (BOUNCE_SUBJECT.test(subject) && (header(h, 'auto-submitted') ?? 'no').toLowerCase() !== 'no') return { reason: 'bounce', detail: 'delivery failure subject from an automatic sender' };

  // Auto-replies: RFC 3834 Auto-Submitted, the de-facto X- headers, Precedence.
  const signals: string[] = [];
  const autoSubmitted = header(h, 'auto-submitted')?.split(';')[0]?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') signals.push(`Auto-Submitted: ${autoSubmitted}`);
  const xAutoreply = header(h, 'x-autoreply')?.toLowerCase();
  if (xAutoreply !== undefined && !/^(?:no|false|0)$/.test(xAutoreply)) signals.push('X-Autoreply');
  if (header(h, 'x-autorespond') !== undefined) signals.push('X-Autorespond');
  if (header(h, 'x-autoresponder') !== undefined) signals.push('X-Autoresponder');
  const suppress = (header(h, 'x-auto-response-suppress') ?? '').split(/[\s,]+/).map((t) => t.toLowerCase());
  if (suppress.some((t) => t === 'all' || t === 'oof' || t === 'autoreply')) signals.push(`X-Auto-Response-Suppress: ${header(h, 'x-auto-response-suppress')}`);
  const precedence = (header(h, 'precedence') ?? header(h, 'x-precedence') ?? '').toLowerCase();
  if (precedence === 'auto_reply' || precedence === 'auto-reply') signals.push(`Precedence: ${precedence}`);

  const oofSubject = OOF_SUBJECT.test(subject);
  if (oofSubject) return { reason: 'out-of-office', detail: signals.length ? `subject "${subject.slice(0, 40)}" and ${signals.join(', ')}` : `subject "${subject.slice(0, 40)}"` };
  if (signals.length) return { reason: 'auto-reply', detail: signals.join(', ') };

  // Mass mailings: Precedence bulk/junk/list, RFC 8058 one-click unsubscribe (bulk senders only).
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list') return { reason: 'bulk', detail: `Precedence: ${precedence}` };
  if (header(h, 'list-unsubscribe-post') !== undefined) return { reason: 'bulk', detail: 'List-Unsubscribe-Post (one-click unsubscribe)' };

  // RFC 5321: only notifications are sent with a null reverse-path.
  if (header(h, 'return-path')?.replace(/\s/g, '') === '<>') return { reason: 'auto-reply', detail: 'null Return-Path (<>), reserved for automatic notifications' };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Identity, dates and language

function senderAddress(email: Email): string | undefined {
  for (const candidate of [email.from, email.sender]) {
    if (!candidate) continue;
    const address = candidate.address ?? candidate.group?.[0]?.address;
    const trimmed = address?.trim();
    if (trimmed && /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(trimmed) && trimmed.length <= 320) return trimmed;
  }
  return undefined;
}

function externalIdOf(messageId: string | undefined): string | undefined {
  const id = messageId?.trim().replace(/^<(.*)>$/s, '$1').trim();
  if (!id) return undefined;
  // Message-IDs are short; a monstrous one is still an identity, so keep it as a digest.
  return id.length <= MAX_EXTERNAL_ID ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

function occurredAtOf(date: string | undefined, receivedAt: Date): string | undefined {
  if (!date) return undefined;
  const t = new Date(date);
  if (Number.isNaN(t.getTime())) return undefined;
  const iso = t.toISOString();
  return implausibleOccurredAt(iso, receivedAt) ? undefined : iso;
}

function langOf(contentLanguage: string | undefined): string | undefined {
  const primary = contentLanguage?.split(',')[0]?.trim().split('-')[0]?.toLowerCase();
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

// ---------------------------------------------------------------------------------------------
// Structure checks

/** Header names every real message carries at least one of. */
const ESSENTIAL_HEADERS = ['from', 'date', 'message-id', 'received', 'mime-version', 'subject', 'return-path', 'to', 'sender'];
const FIELD_NAME = /^[!-9;-~]+$/;

function structuralProblem(email: Email, raw: string, rootType: { type: string; params: Record<string, string> }): string | undefined {
  const fields = email.headers.filter((h) => FIELD_NAME.test(h.key));
  if (!fields.some((h) => ESSENTIAL_HEADERS.includes(h.key))) return 'not an email: no header block (From, Date, Message-ID…) at the top of the message';
  if (rootType.type.startsWith('multipart/')) {
    const boundary = rootType.params['boundary'];
    if (!boundary) return `malformed MIME: ${rootType.type} without a boundary parameter`;
    const delimiter = `--${boundary}`;
    if (!raw.includes(`\n${delimiter}`) && !raw.startsWith(delimiter)) return `malformed MIME: the ${rootType.type} boundary "${boundary.slice(0, 70)}" never appears in the body`;
    if (!email.text && !email.html && email.attachments.length === 0) return `malformed MIME: no readable part in the ${rootType.type} body`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------

function toBytes(raw: Uint8Array | string): Uint8Array {
  return typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
}

/**
 * Parses one inbound email into feedback, a counted skip or a rejection. Never throws.
 */
export async function parseFeedbackEmail(raw: Uint8Array | string, options: ParseFeedbackEmailOptions): Promise<ParsedFeedbackEmail> {
  try {
    return await parse(raw, options);
  } catch (error) {
    return { kind: 'rejected', reason: `unparseable message: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}` };
  }
}

async function parse(rawInput: Uint8Array | string, options: ParseFeedbackEmailOptions): Promise<ParsedFeedbackEmail> {
  const bytes = toBytes(rawInput);
  if (bytes.byteLength === 0) return { kind: 'rejected', reason: 'empty message: no bytes' };
  if (bytes.byteLength > MAX_RAW_EMAIL_BYTES) return { kind: 'rejected', reason: `message of ${bytes.byteLength} bytes is over the ${MAX_RAW_EMAIL_BYTES}-byte limit` };

  // Forwarded messages attached as message/rfc822 stay attachments: they are not the customer's words.
  const email = await PostalMime.parse(bytes, { forceRfc822Attachments: true });
  const rawText = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const rootType = parseContentType(header(email.headers, 'content-type'));
  const externalId = externalIdOf(email.messageId);

  const problem = structuralProblem(email, rawText, rootType);
  if (problem) return { kind: 'rejected', reason: problem, ...(externalId ? { externalId } : {}) };

  const sender = senderAddress(email);
  const auto = automatic(email, rootType, sender);
  if (auto) return { kind: 'skipped', ...auto, ...(externalId ? { externalId } : {}) };
  if (!sender) return { kind: 'skipped', reason: 'no-sender', detail: 'no usable From address', ...(externalId ? { externalId } : {}) };

  // Prefer the text/plain alternative; fall back to the HTML one when the text is missing or blank.
  const plain = email.text !== undefined ? repairC1(email.text) : '';
  let body: 'text' | 'html' = 'text';
  let source = plain;
  if (plain.trim() === '' && email.html) {
    body = 'html';
    source = htmlToText(repairC1(email.html), { dropQuotesAndSignatures: true });
  }
  const authorName = email.from && email.from.address ? email.from.name : undefined;
  const stripped = stripReply(source, { authorName: authorName ? repairC1(authorName) : undefined });
  const attachments = email.attachments.filter((a) => !a.related).length;
  if (stripped.text.trim() === '') {
    const detail = source.trim() === '' ? (attachments > 0 ? `no text, ${attachments} attachment(s) only` : 'no text part') : 'only quoted history, forwarded content or a signature';
    return { kind: 'skipped', reason: 'empty', detail, ...(externalId ? { externalId } : {}) };
  }

  const subject = email.subject !== undefined ? repairC1(email.subject).replace(/\s+/g, ' ').trim().slice(0, MAX_SUBJECT) : undefined;
  const fromDomain = sender.slice(sender.lastIndexOf('@') + 1).toLowerCase();
  const metadata: Record<string, string | number | boolean> = {
    attachments,
    fromDomain,
    body,
    reply: Boolean(email.inReplyTo) || /^\s*(?:re|aw|sv|rép|rv)\s*:/i.test(subject ?? ''),
    quoteRemoved: stripped.quoteRemoved,
    signatureRemoved: stripped.signatureRemoved,
  };
  if (stripped.forwarded || /^\s*(?:fwd?|tr|wg|rv|fw)\s*:/i.test(subject ?? '')) metadata['forwarded'] = true;
  const inlineImages = email.attachments.length - attachments;
  if (inlineImages > 0) metadata['inlineImages'] = inlineImages;

  const candidate: FeedbackInput = {
    text: stripped.text,
    ...(externalId ? { externalId } : {}),
    ...(occurredAtOf(email.date, options.receivedAt) ? { occurredAt: occurredAtOf(email.date, options.receivedAt) } : {}),
    ...(langOf(header(email.headers, 'content-language')) ? { lang: langOf(header(email.headers, 'content-language')) } : {}),
    ...(subject ? { subject } : {}),
    ...(options.provider ? { provider: options.provider } : {}),
    metadata,
  };
  const checked = FeedbackInputSchema.safeParse(candidate);
  if (!checked.success) return { kind: 'rejected', reason: describeIssues(checked.error), ...(externalId ? { externalId } : {}) };
  return { kind: 'feedback', input: checked.data, sender };
}
