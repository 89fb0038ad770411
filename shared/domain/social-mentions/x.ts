// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';
import { describeIssues, MAX_ITEMS_PER_REQUEST, type FeedbackInput } from '../feedback';
import { isoOf, languageOf, metadataOf, objectBody, UnrecognisedPayloadError, type ParsedDelivery, type SocialOwnAccounts } from './delivery';

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
