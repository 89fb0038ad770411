/**
 * Topics: the public contract between the pieces of "what customers talk about" (issue #20).
 * Pure declarations: what an item's topics look like, what a topic summary cell holds, which
 * scopes and windows have summaries, the emerging-topic flag, and the `GET /v1/topics` answer
 * (a zod schema the API validates with and the dashboard page parses with). Nothing here does I/O.
 *
 *   extract   shared/domain/topics/phrases.ts   text (redacted) + lang → ItemTopic[]
 *   summarise shared/domain/topics/summary.ts   bounded heavy-hitters summary (mergeable)
 *   store     the processor's transaction adds each new item's topics to its cells
 *   read      TopicSummaryReader (shared/ports/topics.ts) → TopicWindow[]
 *   emerging  shared/domain/topics/emerging.ts  TopicWindow[] → EmergingTopic[]
 */
// Namespace import: lets esbuild tree-shake zod.
import * as z from 'zod';

/**
 * A topic's key: the stemmed, accent-folded, lower-case words of a phrase after FR/EN stop words,
 * joined by one space ("colis", "colis abim", "appli plant paiement"). Placeholders of redaction
 * (`[EMAIL]`, `[NAME]`…) are never part of a key.
 */
export type TopicKey = string;

/** One salient phrase of an item: its key and the surface words a person reads ("colis abîmés"). */
export interface ItemTopic {
  key: TopicKey;
  phrase: string;
}

/** At most this many topics are kept per item (the most salient first). */
export const MAX_TOPICS_PER_ITEM = 8;

/** Where topic summaries are kept: a department, the unassigned items, or an interface pair (ids sorted, joined by '+'). */
export type TopicScope = { kind: 'dept'; id: string } | { kind: 'unassigned' } | { kind: 'pair'; id: string };

/** Topic summaries exist per local day and local week (the deployment's zone); no UTC or hour variants. */
export const TOPIC_GRANULARITIES = ['day', 'week'] as const;
export type TopicGranularity = (typeof TOPIC_GRANULARITIES)[number];

/** One topic's tally in a summary cell. Counts are approximate: `error` bounds the over-count (count − error ≤ true ≤ count). */
export interface TopicEntry {
  key: TopicKey;
  /** The surface phrase shown to people (the first or most frequent one seen). */
  phrase: string;
  count: number;
  /** Of `count`, items whose sentiment was negative. */
  negative: number;
  error: number;
}

/** One cell of a scope: a local day or week, its exact item count and its bounded summary. */
export interface TopicWindow {
  /** The window's start, ISO instant (as the aggregate series write it). */
  window: string;
  /** Items counted in the cell (exact: the denominator of shares). */
  items: number;
  /** Items of the cell that were negative (exact). */
  negativeItems: number;
  /** Heaviest first; at most the summary's capacity. */
  entries: TopicEntry[];
  /**
   * Every topic absent from `entries` occurred at most this often in the window, and every
   * entry's error is at most this (summary.ts); 0 while the summary is exact.
   */
  floor?: number;
}

/** A topic flagged as emerging in one window, with what makes it so (deterministic, explainable). */
export interface EmergingTopic {
  key: TopicKey;
  phrase: string;
  scope: TopicScope;
  window: string;
  /** The first window of the span the support was counted over (the window itself for a one-window span). */
  since?: string;
  /** 'rise' when its share rose significantly against the trailing baseline; 'new' when unseen before with enough support. */
  reason: 'rise' | 'new';
  /** The test's name and statistic, e.g. { test: 'poisson-upper-tail', statistic: 4.1, threshold: 3.1 }. */
  test: string;
  statistic: number;
  threshold: number;
  /** Items in the window carrying the topic, and the window's item count. */
  support: number;
  items: number;
  share: number;
  baselineShare: number;
  negativeShare: number;
}

// ---------------------------------------------------------------------------------------------
// GET /v1/topics?department=&from=&to=&granularity=   (department: an id, or "unassigned")

export const TopicsQuerySchema = z.object({
  department: z.string().min(1).max(64),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  granularity: z.enum(TOPIC_GRANULARITIES).default('week'),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type TopicsQuery = z.infer<typeof TopicsQuerySchema>;

export const TopicExampleSchema = z.object({ id: z.string(), text: z.string(), occurredAt: z.string() });

export const TopicViewSchema = z.object({
  topic: z.string(),
  phrases: z.array(z.string()),
  count: z.number(),
  negative: z.number(),
  negativeShare: z.number(),
  /** Count against the previous period of the same length (ratio − 1), null when it had none. */
  change: z.number().nullable(),
  emerging: z
    .object({ reason: z.enum(['rise', 'new']), test: z.string(), statistic: z.number(), threshold: z.number(), support: z.number(), window: z.string() })
    .nullable(),
  examples: z.array(TopicExampleSchema),
});
export type TopicView = z.infer<typeof TopicViewSchema>;

export const TopicsResponseSchema = z.object({
  department: z.string(),
  from: z.string(),
  to: z.string(),
  granularity: z.enum(TOPIC_GRANULARITIES),
  /** The summaries' error bound over the range, so a reader knows counts are approximate. */
  maxError: z.number(),
  topics: z.array(TopicViewSchema),
});
export type TopicsResponse = z.infer<typeof TopicsResponseSchema>;
