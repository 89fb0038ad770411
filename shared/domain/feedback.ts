import { createHash } from 'node:crypto';
// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';

/** Largest text we accept for one item; longer text is almost always a pasted thread or an attachment. */
export const MAX_TEXT_CHARS = 20_000;
export const MAX_ITEMS_PER_REQUEST = 100;

export const CHANNELS = ['email', 'export', 'social', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

const isoDateTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-11-24T09:30:00Z' });
const shortId = z.string().trim().min(1).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/i, 'use letters, digits, ".", "_" or "-"');

export const RatingsSchema = z
  .object({
    nps: z.number().int().min(0).max(10).optional().describe('Net Promoter answer, 0–10'),
    csat: z.number().int().min(1).max(5).optional().describe('satisfaction, 1–5'),
    ces: z.number().int().min(1).max(7).optional().describe('customer effort, 1–7'),
  })
  .strict();
export type Ratings = z.infer<typeof RatingsSchema>;

export const MAX_METADATA_ENTRIES = 50;
const MetadataSchema = z
  .record(z.string().max(64), z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]))
  .refine((m) => Object.keys(m).length <= MAX_METADATA_ENTRIES, `metadata holds at most ${MAX_METADATA_ENTRIES} entries`);

/** One feedback item as a source sends it to `POST /v1/feedback`. */
export const FeedbackInputSchema = z
  .object({
    text: z.string().trim().min(1, 'text is empty: send what the customer wrote').max(MAX_TEXT_CHARS),
    externalId: z.string().trim().min(1).max(256).optional(),
    occurredAt: isoDateTime.optional(),
    lang: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/, 'must be an ISO 639-1 code such as "fr" or "en"')
      .optional(),
    subject: z.string().max(998).optional(),
    department: shortId.optional(),
    journey: shortId.optional(),
    ratings: RatingsSchema.optional(),
    customer: z
      .object({
        id: z.string().trim().min(1).max(320).optional().describe('email or handle; hashed on arrival'),
        consent: z.boolean().optional(),
      })
      .strict()
      .optional(),
    provider: shortId.optional(),
    metadata: MetadataSchema.optional(),
  })
  .strict();
export type FeedbackInput = z.infer<typeof FeedbackInputSchema>;

export const FeedbackBatchInputSchema = z.object({ items: z.array(z.unknown()).min(1).max(MAX_ITEMS_PER_REQUEST) }).strict();

/** The normalised message every channel puts on the ingest queue. Never holds a raw customer identifier. */
export const FeedbackEnvelopeSchema = z.object({
  v: z.literal(1),
  id: z.string().regex(/^fb_[0-9a-f]{32}$/),
  source: z.object({ channel: z.enum(CHANNELS), provider: z.string().min(1), sender: z.string().optional(), externalId: z.string().optional() }),
  receivedAt: isoDateTime,
  occurredAt: isoDateTime,
  text: z.string().min(1).max(MAX_TEXT_CHARS),
  subject: z.string().optional(),
  lang: z.string().optional(),
  customer: z.object({ idHash: z.string().optional(), consent: z.boolean().optional() }),
  journey: z.string().optional(),
  department: z.string().optional(),
  ratings: RatingsSchema.optional(),
  metadata: MetadataSchema.default({}),
});
export type FeedbackEnvelope = z.infer<typeof FeedbackEnvelopeSchema>;

function sha256Hex(parts: readonly string[]): string {
  const hash = createHash('sha256');
  // Length-prefix each part so that ("ab","c") and ("a","bc") never collide.
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest('hex');
}

/**
 * The idempotency key decides what "the same feedback" means: the source's own id when it
 * has one, otherwise a hash of what the customer said, who said it and when. A duplicate
 * send, an SQS redelivery or a crash-and-retry all map to the same key and count once.
 */
export function feedbackIdOf(e: {
  source: { channel: Channel; provider: string; sender?: string; externalId?: string };
  text: string;
  occurredAt?: string;
  receivedAt?: string;
  subject?: string;
  journey?: string;
  department?: string;
  ratings?: Ratings;
  customer?: { idHash?: string };
}): string {
  // The sender (who holds the API key) is part of every key: one source can never claim,
  // and so silently suppress, another source's externalIds.
  const sender = e.source.sender ?? e.source.provider;
  if (e.source.externalId) return `fb_${sha256Hex(['ext', e.source.channel, sender, e.source.provider, e.source.externalId]).slice(0, 32)}`;
  const { nps, csat, ces } = e.ratings ?? {};
  // Without a time or a customer, two customers' identical short answers ("Merci", "RAS") are
  // only told apart by the day they arrived: a re-send the same day still counts once.
  const when = e.occurredAt ?? (e.customer?.idHash ? '' : `received:${(e.receivedAt ?? '').slice(0, 10)}`);
  const parts = [
    'content',
    e.source.channel,
    sender,
    e.source.provider,
    e.customer?.idHash ?? '',
    when,
    e.subject ?? '',
    e.journey ?? '',
    e.department ?? '',
    `${nps ?? ''}/${csat ?? ''}/${ces ?? ''}`,
    e.text.normalize('NFC').trim(),
  ];
  return `fb_${sha256Hex(parts).slice(0, 32)}`;
}

const MAX_FUTURE_MS = 86_400_000;
const MAX_PAST_YEARS = 10;

/** Why an item's occurredAt cannot be right (it would land in a window no one looks at), or undefined. */
export function implausibleOccurredAt(occurredAt: string | undefined, receivedAt: Date): string | undefined {
  if (!occurredAt) return undefined;
  const t = new Date(occurredAt).getTime();
  if (t > receivedAt.getTime() + MAX_FUTURE_MS) return 'occurredAt: is in the future; send when the customer gave the feedback';
  const oldest = new Date(receivedAt);
  oldest.setUTCFullYear(oldest.getUTCFullYear() - MAX_PAST_YEARS);
  if (t < oldest.getTime()) return `occurredAt: is more than ${MAX_PAST_YEARS} years ago; check the date format`;
  return undefined;
}

export interface EnvelopeContext {
  channel: Channel;
  /** Who sent it: the API key's source name (or the channel's own, e.g. the SES domain). */
  provider: string;
  receivedAt: Date;
  /** Hashes the customer identifier with the deployment's secret salt. */
  customerIdHash?: string;
}

export function toEnvelope(input: FeedbackInput, ctx: EnvelopeContext): FeedbackEnvelope {
  const source = { channel: ctx.channel, provider: input.provider ?? ctx.provider, sender: ctx.provider, externalId: input.externalId };
  const occurredAt = input.occurredAt ? new Date(input.occurredAt).toISOString() : undefined;
  const receivedAt = ctx.receivedAt.toISOString();
  const id = feedbackIdOf({ ...input, source, occurredAt, receivedAt, customer: { idHash: ctx.customerIdHash } });
  return {
    v: 1,
    id,
    source,
    receivedAt,
    occurredAt: occurredAt ?? receivedAt,
    text: input.text,
    subject: input.subject,
    lang: input.lang,
    customer: { idHash: ctx.customerIdHash, consent: input.customer?.consent },
    journey: input.journey,
    department: input.department,
    ratings: input.ratings,
    metadata: input.metadata ?? {},
  };
}

/** Formats zod issues as "path: what to fix" so a caller can correct the item without reading our code. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => {
      const path = [prefix, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))]
        .join('')
        .replace(/^\./, '');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
