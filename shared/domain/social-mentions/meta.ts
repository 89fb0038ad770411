// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';
import { describeIssues, MAX_ITEMS_PER_REQUEST, type FeedbackInput } from '../feedback';
import { isoOf, languageOf, metadataOf, objectBody, UnrecognisedPayloadError, type ParsedDelivery, type SocialOwnAccounts } from './delivery';

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
