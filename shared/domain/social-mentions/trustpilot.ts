// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';
import { describeIssues, MAX_ITEMS_PER_REQUEST, type FeedbackInput } from '../feedback';
import { isoOf, languageOf, metadataOf, objectBody, UnrecognisedPayloadError, type ParsedDelivery, type SocialOwnAccounts } from './delivery';

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
