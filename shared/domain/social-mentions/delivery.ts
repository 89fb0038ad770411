// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';
import { describeIssues, MAX_ITEMS_PER_REQUEST, type FeedbackInput } from '../feedback';

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

export const MAX_METADATA_STRING = 1024;

export function metadataOf(entries: Record<string, string | number | boolean | null | undefined>): Record<string, string | number | boolean | null> {
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
export function languageOf(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase();
  if (lower === 'und' || lower === 'zxx' || lower === 'qme' || lower === 'qht') return undefined;
  const primary = lower.split(/[-_]/)[0]!;
  return /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
}

/** Unix seconds or milliseconds (Meta uses both), or an ISO string, as ISO 8601; undefined when unreadable. */
export function isoOf(value: unknown): string | undefined {
  let date: Date | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) date = new Date(value > 1e12 ? value : value * 1000);
  else if (typeof value === 'string' && /^\d{9,13}$/.test(value)) date = new Date(Number(value) > 1e12 ? Number(value) : Number(value) * 1000);
  else if (typeof value === 'string' && value.trim() !== '') date = new Date(value);
  if (!date || Number.isNaN(date.getTime())) return undefined;
  return date.toISOString();
}

export const objectBody = (body: unknown, what: string): Record<string, unknown> => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new UnrecognisedPayloadError(`The body must be a JSON object (${what}).`);
  return body as Record<string, unknown>;
};
