// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';
import { describeIssues, MAX_ITEMS_PER_REQUEST, type FeedbackInput } from '../feedback';
import { isoOf, languageOf, MAX_METADATA_STRING, metadataOf, objectBody, UnrecognisedPayloadError, type ParsedDelivery, type SocialOwnAccounts } from './delivery';

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
