// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';
import { describeIssues, MAX_ITEMS_PER_REQUEST, type FeedbackInput } from './feedback';

/**
 * Social webhooks in their providers' own shapes, turned into feedback items. Only what a
 * customer wrote about us becomes an item; everything else a provider sends on the same
 * webhook (our own posts, retweets, likes, follows, deletions) is skipped with a reason, so
 * the caller can count why nothing came of a delivery.
 */

export const SOCIAL_PROVIDERS = ['generic', 'x', 'meta', 'trustpilot'] as const;
export type SocialProvider = (typeof SOCIAL_PROVIDERS)[number];

export function isSocialProvider(name: string): name is SocialProvider {
  return (SOCIAL_PROVIDERS as readonly string[]).includes(name);
}

/** Accounts of the company itself, per provider: X user ids, Meta page / Instagram account ids, generic handles. */
export const SocialOwnAccountsSchema = z
  .object({
    generic: z.array(z.string().trim().min(1)).optional(),
    x: z.array(z.string().trim().regex(/^\d+$/, 'X accounts are numeric user ids (id_str)')).optional(),
    meta: z.array(z.string().trim().regex(/^\d+$/, 'Meta accounts are numeric page or Instagram account ids')).optional(),
  })
  .strict();
export type SocialOwnAccounts = z.infer<typeof SocialOwnAccountsSchema>;

/** A feedback item taken from a webhook, with its place in the delivery for error reports. */
export interface SocialItem {
  index: number;
  item: FeedbackInput;
}

export interface ParsedDelivery {
  items: SocialItem[];
  skipped: { id: string; reason: string }[];
  rejected: { index: number; error: string }[];
}

/** The body is not this provider's webhook at all (as opposed to one bad item inside it). */
export class UnrecognisedPayloadError extends Error {
  override readonly name = 'UnrecognisedPayloadError';
}

const MAX_METADATA_STRING = 1024;

function metadataOf(entries: Record<string, string | number | boolean | null | undefined>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (value === undefined) continue;
    // An over-long optional value is dropped rather than rejecting what the customer wrote.
    if (typeof value === 'string' && value.length > MAX_METADATA_STRING) continue;
    out[key] = value;
  }
  return out;
}

/** Platforms' language tags that the feedback schema accepts; "und" (undetermined) and the like are left to our detector. */
function languageOf(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase();
  if (lower === 'und' || lower === 'zxx' || lower === 'qme' || lower === 'qht') return undefined;
  const primary = lower.split(/[-_]/)[0]!;
  return /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/** Unix seconds or milliseconds (Meta uses both), or an ISO string, as ISO 8601; undefined when unreadable. */
function isoOf(value: unknown): string | undefined {
  let date: Date | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) date = new Date(value > 1e12 ? value : value * 1000);
  else if (typeof value === 'string' && /^\d{9,13}$/.test(value)) date = new Date(Number(value) > 1e12 ? Number(value) : Number(value) * 1000);
  else if (typeof value === 'string' && value.trim() !== '') date = new Date(value);
  if (!date || Number.isNaN(date.getTime())) return undefined;
  return date.toISOString();
}

const objectBody = (body: unknown, what: string): Record<string, unknown> => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new UnrecognisedPayloadError(`The body must be a JSON object (${what}).`);
  return body as Record<string, unknown>;
};

// ───────────────────────────── generic ─────────────────────────────

const GenericMentionSchema = z.object({
  id: z.string().trim().min(1).max(256),
  text: z.string(),
  author: z.object({ handle: z.string().trim().min(1).max(320) }),
  createdAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time such as 2026-11-24T09:30:00Z' }),
  rating: z.number().int().min(1).max(5).optional().describe('stars, 1–5, stored as CSAT'),
  url: z.string().max(MAX_METADATA_STRING).optional(),
  lang: z.string().optional(),
});
export type GenericMention = z.infer<typeof GenericMentionSchema>;

/** Our documented format: one mention, or `{ mentions: [...] }` (at most 100). */
export function parseGenericDelivery(body: unknown, own: SocialOwnAccounts = {}): ParsedDelivery {
  const object = objectBody(body, 'one mention or { "mentions": [...] }');
  let list: unknown[];
  if ('mentions' in object) {
    if (!Array.isArray(object.mentions) || object.mentions.length === 0 || object.mentions.length > MAX_ITEMS_PER_REQUEST) {
      throw new UnrecognisedPayloadError(`mentions must be an array of 1 to ${MAX_ITEMS_PER_REQUEST} mentions.`);
    }
    list = object.mentions;
  } else {
    list = [object];
  }
  const ownHandles = new Set((own.generic ?? []).map((h) => h.toLowerCase()));
  const out: ParsedDelivery = { items: [], skipped: [], rejected: [] };
  list.forEach((raw, index) => {
    const parsed = GenericMentionSchema.safeParse(raw);
    if (!parsed.success) {
      out.rejected.push({ index, error: describeIssues(parsed.error) });
      return;
    }
    const m = parsed.data;
    if (ownHandles.has(m.author.handle.toLowerCase())) {
      out.skipped.push({ id: m.id, reason: 'own_account' });
      return;
    }
    out.items.push({
      index,
      item: {
        text: m.text,
        externalId: m.id,
        occurredAt: m.createdAt,
        lang: m.lang,
        ratings: m.rating === undefined ? undefined : { csat: m.rating },
        customer: { id: m.author.handle },
        metadata: metadataOf({ url: m.url }),
      },
    });
  });
  return out;
}

// ───────────────────────────── X (Account Activity API) ─────────────────────────────

const XTweetSchema = z.object({
  id_str: z.string().regex(/^\d+$/, 'id_str must be the numeric post id'),
  text: z.string().optional(),
  truncated: z.boolean().optional(),
  extended_tweet: z.object({ full_text: z.string() }).optional(),
  created_at: z.string().optional(),
  timestamp_ms: z.string().optional(),
  lang: z.string().nullish(),
  user: z.object({ id_str: z.string().min(1), screen_name: z.string().min(1).max(64).optional() }),
  retweeted_status: z.unknown().optional(),
  in_reply_to_status_id_str: z.string().nullish(),
  is_quote_status: z.boolean().optional(),
});

/**
 * `{ for_user_id, tweet_create_events: [tweet…] }`. The subscribed account's own posts and
 * retweets are not customer feedback; likes, follows, DMs and deletions arrive on the same
 * webhook and are skipped by kind.
 */
export function parseXDelivery(body: unknown, own: SocialOwnAccounts = {}): ParsedDelivery {
  const object = objectBody(body, 'an Account Activity API event');
  if (typeof object.for_user_id !== 'string' || object.for_user_id === '') {
    throw new UnrecognisedPayloadError('Not an X Account Activity event: for_user_id is missing.');
  }
  const subscribed = object.for_user_id;
  const ownIds = new Set([subscribed, ...(own.x ?? [])]);
  const out: ParsedDelivery = { items: [], skipped: [], rejected: [] };

  for (const [key, value] of Object.entries(object)) {
    if (key === 'tweet_create_events' || !key.endsWith('_events') || !Array.isArray(value)) continue;
    value.forEach((event, i) => {
      const id = (event as { id_str?: unknown; id?: unknown } | null)?.id_str ?? (event as { id?: unknown } | null)?.id;
      out.skipped.push({ id: typeof id === 'string' || typeof id === 'number' ? String(id) : `${key}[${i}]`, reason: `not_a_mention:${key}` });
    });
  }

  const tweets = object.tweet_create_events;
  if (tweets === undefined) return out;
  if (!Array.isArray(tweets)) throw new UnrecognisedPayloadError('tweet_create_events must be an array of posts.');
  tweets.forEach((raw, index) => {
    const parsed = XTweetSchema.safeParse(raw);
    if (!parsed.success) {
      out.rejected.push({ index, error: describeIssues(parsed.error, `tweet_create_events[${index}]`) });
      return;
    }
    const tweet = parsed.data;
    if (ownIds.has(tweet.user.id_str)) {
      out.skipped.push({ id: tweet.id_str, reason: 'own_account' });
      return;
    }
    if (tweet.retweeted_status !== undefined && tweet.retweeted_status !== null) {
      out.skipped.push({ id: tweet.id_str, reason: 'retweet' });
      return;
    }
    // Posts over 140 characters arrive truncated in `text`, whole in extended_tweet.full_text.
    const text = tweet.extended_tweet?.full_text || tweet.text || '';
    const handle = tweet.user.screen_name ? `@${tweet.user.screen_name}` : `x:${tweet.user.id_str}`;
    out.items.push({
      index,
      item: {
        text,
        externalId: tweet.id_str,
        occurredAt: isoOf(tweet.timestamp_ms) ?? isoOf(tweet.created_at),
        lang: languageOf(tweet.lang),
        customer: { id: handle },
        metadata: metadataOf({
          url: tweet.user.screen_name ? `https://x.com/${tweet.user.screen_name}/status/${tweet.id_str}` : undefined,
          inReplyTo: tweet.in_reply_to_status_id_str ?? undefined,
          quote: tweet.is_quote_status || undefined,
        }),
      },
    });
  });
  return out;
}

// ───────────────────────────── Meta (Facebook pages, Instagram) ─────────────────────────────

const MetaFromSchema = z.object({ id: z.string().min(1), name: z.string().optional(), username: z.string().optional() });

const PageFeedValueSchema = z.object({
  item: z.string(),
  verb: z.string(),
  from: MetaFromSchema.optional(),
  message: z.string().optional(),
  post_id: z.string().optional(),
  comment_id: z.string().optional(),
  parent_id: z.string().optional(),
  created_time: z.union([z.number(), z.string()]).optional(),
  post: z.object({ permalink_url: z.string().optional() }).optional(),
});

const InstagramCommentValueSchema = z.object({
  id: z.string().min(1),
  text: z.string().optional(),
  from: MetaFromSchema.optional(),
  parent_id: z.string().optional(),
  media: z.object({ id: z.string().optional(), media_product_type: z.string().optional() }).optional(),
});

/** Feed items that carry words a customer wrote; reactions, likes, shares without text are not feedback. */
const PAGE_TEXT_ITEMS = new Set(['comment', 'post', 'status', 'photo', 'video']);

interface MetaChange {
  entryId: string;
  time: unknown;
  field: string;
  value: unknown;
}

/** Graph API webhooks put changes in `entry[].changes[]`; Business Login for Instagram puts one in the entry itself. */
function changesOf(object: Record<string, unknown>): MetaChange[] {
  if (!Array.isArray(object.entry)) throw new UnrecognisedPayloadError('Not a Meta webhook: entry must be an array.');
  const changes: MetaChange[] = [];
  for (const entry of object.entry as unknown[]) {
    if (!entry || typeof entry !== 'object') throw new UnrecognisedPayloadError('Not a Meta webhook: each entry must be an object.');
    const e = entry as Record<string, unknown>;
    const entryId = typeof e.id === 'string' ? e.id : String(e.id ?? '');
    const list = Array.isArray(e.changes) ? (e.changes as unknown[]) : typeof e.field === 'string' ? [{ field: e.field, value: e.value }] : [];
    for (const change of list) {
      const c = (change && typeof change === 'object' ? change : {}) as Record<string, unknown>;
      changes.push({ entryId, time: e.time, field: typeof c.field === 'string' ? c.field : '', value: c.value });
    }
  }
  return changes;
}

/**
 * `object: page` (feed changes: comments and visitor posts, verb add) and `object: instagram`
 * (comments on our media). Anything the page or account itself wrote is skipped. Instagram
 * `mentions` notifications carry only ids (the text needs a Graph API call with a page token),
 * so they are skipped with that reason rather than stored without words.
 */
export function parseMetaDelivery(body: unknown, own: SocialOwnAccounts = {}): ParsedDelivery {
  const object = objectBody(body, 'a Meta webhook notification');
  const kind = object.object;
  if (kind !== 'page' && kind !== 'instagram') {
    if (typeof kind !== 'string') throw new UnrecognisedPayloadError('Not a Meta webhook: object is missing.');
    return { items: [], skipped: [{ id: kind, reason: `not_a_mention:object_${kind}` }], rejected: [] };
  }
  const ownIds = new Set(own.meta ?? []);
  const out: ParsedDelivery = { items: [], skipped: [], rejected: [] };
  changesOf(object).forEach((change, index) => {
    const isOwn = (from: { id: string } | undefined) => from !== undefined && (from.id === change.entryId || ownIds.has(from.id));
    if (kind === 'page') {
      if (change.field !== 'feed') {
        out.skipped.push({ id: `${change.entryId}:${change.field || 'unknown'}`, reason: `not_a_mention:${change.field || 'unknown'}` });
        return;
      }
      const parsed = PageFeedValueSchema.safeParse(change.value);
      if (!parsed.success) {
        out.rejected.push({ index, error: describeIssues(parsed.error, 'value') });
        return;
      }
      const v = parsed.data;
      const id = (v.item === 'comment' ? v.comment_id : v.post_id) ?? v.comment_id ?? v.post_id;
      if (!id) {
        out.rejected.push({ index, error: 'value: a feed change needs comment_id or post_id' });
        return;
      }
      if (v.verb !== 'add') return void out.skipped.push({ id, reason: `verb_${v.verb}` });
      if (!PAGE_TEXT_ITEMS.has(v.item)) return void out.skipped.push({ id, reason: `not_a_mention:${v.item}` });
      if (isOwn(v.from)) return void out.skipped.push({ id, reason: 'own_account' });
      if (!v.message?.trim()) return void out.skipped.push({ id, reason: 'no_text' });
      out.items.push({
        index,
        item: {
          text: v.message,
          externalId: id,
          occurredAt: isoOf(v.created_time) ?? isoOf(change.time),
          customer: v.from ? { id: `facebook:${v.from.id}` } : undefined,
          metadata: metadataOf({ network: 'facebook', item: v.item, postId: v.post_id, url: v.post?.permalink_url }),
        },
      });
      return;
    }
    // Instagram
    if (change.field === 'mentions') {
      const v = (change.value ?? {}) as { comment_id?: unknown; media_id?: unknown };
      const id = typeof v.comment_id === 'string' ? v.comment_id : typeof v.media_id === 'string' ? v.media_id : `${change.entryId}:mentions`;
      out.skipped.push({ id, reason: 'mention_without_text' });
      return;
    }
    if (change.field !== 'comments' && change.field !== 'live_comments') {
      out.skipped.push({ id: `${change.entryId}:${change.field || 'unknown'}`, reason: `not_a_mention:${change.field || 'unknown'}` });
      return;
    }
    const parsed = InstagramCommentValueSchema.safeParse(change.value);
    if (!parsed.success) {
      out.rejected.push({ index, error: describeIssues(parsed.error, 'value') });
      return;
    }
    const v = parsed.data;
    if (isOwn(v.from)) return void out.skipped.push({ id: v.id, reason: 'own_account' });
    if (!v.text?.trim()) return void out.skipped.push({ id: v.id, reason: 'no_text' });
    out.items.push({
      index,
      item: {
        text: v.text,
        externalId: v.id,
        occurredAt: isoOf(change.time),
        customer: v.from ? { id: v.from.username ? `@${v.from.username}` : `instagram:${v.from.id}` } : undefined,
        metadata: metadataOf({ network: 'instagram', mediaId: v.media?.id, mediaType: v.media?.media_product_type }),
      },
    });
  });
  return out;
}

// ───────────────────────────── Trustpilot ─────────────────────────────

const TrustpilotReviewSchema = z.object({
  id: z.string().min(1).max(256),
  stars: z.number().int().min(1).max(5),
  title: z.string().max(998).nullish(),
  text: z.string().nullish(),
  language: z.string().nullish(),
  createdAt: z.string(),
  referenceId: z.string().nullish(),
  isVerified: z.boolean().nullish(),
  locationId: z.string().nullish(),
  link: z.string().nullish(),
  consumer: z.object({ id: z.string().min(1), name: z.string().nullish() }).nullish(),
});

const REVIEW_EVENTS = new Set(['service-review-created', 'service-review-updated']);

/**
 * `{ events: [{ eventName, version, eventData }] }`. Created and updated reviews both become
 * an item keyed by the review id, so an update of a review we already have counts once;
 * deleted reviews are skipped (erasure is a separate, explicit request).
 */
export function parseTrustpilotDelivery(body: unknown): ParsedDelivery {
  const object = objectBody(body, 'a Trustpilot webhook notification');
  if (!Array.isArray(object.events)) throw new UnrecognisedPayloadError('Not a Trustpilot notification: events must be an array.');
  const out: ParsedDelivery = { items: [], skipped: [], rejected: [] };
  (object.events as unknown[]).forEach((raw, index) => {
    const event = (raw && typeof raw === 'object' ? raw : {}) as { eventName?: unknown; eventData?: unknown };
    const name = typeof event.eventName === 'string' ? event.eventName : '';
    if (!REVIEW_EVENTS.has(name)) {
      const id = (event.eventData as { id?: unknown } | undefined)?.id;
      out.skipped.push({ id: typeof id === 'string' ? id : `events[${index}]`, reason: `not_a_review:${name || 'unnamed'}` });
      return;
    }
    const parsed = TrustpilotReviewSchema.safeParse(event.eventData);
    if (!parsed.success) {
      out.rejected.push({ index, error: describeIssues(parsed.error, 'eventData') });
      return;
    }
    const r = parsed.data;
    const text = r.text?.trim() ? r.text : (r.title ?? '');
    out.items.push({
      index,
      item: {
        text,
        externalId: r.id,
        occurredAt: isoOf(r.createdAt),
        lang: languageOf(r.language),
        subject: r.text?.trim() && r.title ? r.title : undefined,
        ratings: { csat: r.stars },
        customer: r.consumer ? { id: `trustpilot:${r.consumer.id}` } : undefined,
        metadata: metadataOf({ url: r.link ?? undefined, referenceId: r.referenceId ?? undefined, verified: r.isVerified ?? undefined, locationId: r.locationId ?? undefined }),
      },
    });
  });
  return out;
}

export function parseDelivery(provider: SocialProvider, body: unknown, own: SocialOwnAccounts): ParsedDelivery {
  switch (provider) {
    case 'generic':
      return parseGenericDelivery(body, own);
    case 'x':
      return parseXDelivery(body, own);
    case 'meta':
      return parseMetaDelivery(body, own);
    case 'trustpilot':
      return parseTrustpilotDelivery(body);
  }
}
