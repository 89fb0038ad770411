/**
 * A bounded, mergeable heavy-hitters summary of topics (Space-Saving, merged as in Agarwal et al.,
 * "Mergeable summaries", 2012). One summary per cell (scope × window × write shard): at most
 * `capacity` entries whatever the traffic, merged batch by batch and shard by shard.
 *
 * The stream is the cell's topic occurrences: each item adds 1 to each of its topics (at most
 * MAX_TOPICS_PER_ITEM), so N, the stream length, is at most 8 × items. Guarantees, for every
 * topic x with true count f(x) and every summary built by `tally` and `mergeSummaries`:
 *
 *   - an entry's count over-estimates and its error bounds by how much: count − error ≤ f(x) ≤ count;
 *   - a topic that is absent has f(x) ≤ floor, and every entry's error ≤ floor;
 *   - as long as every merge keeps `capacity` entries (no byte trimming, see `encodeSummary`),
 *     floor ≤ N / capacity: every topic with f(x) > N / capacity is present.
 *
 * Negatives: `negative` counts the negative items among the occurrences the entry is sure of, so
 * negative ≤ true negatives ≤ negative + error, and negative ≤ count − error.
 *
 * Merge rule: a topic present on one side only is given the other side's floor as count and
 * error (it may have occurred that often there unseen); then the heaviest `capacity` are kept and
 * the new floor is the larger of the two floors summed and the heaviest dropped count.
 */
import type { TopicEntry, TopicGranularity } from './contract';
import { MAX_KEY_CHARS, MAX_PHRASE_CHARS } from './phrases';

export interface TopicSummary {
  /** Heaviest first (count, then fewer errors, then key): a deterministic order. */
  entries: TopicEntry[];
  /** Every absent topic occurred at most this often; every entry's error is at most this. */
  floor: number;
}

/**
 * Entries per cell, by window. A day cell must hold a department's whole day for a new theme to be
 * seen rising: at 3 % of 80 items a day a theme ranks about 75th of the day's ~100 distinct topics,
 * so 24 entries never see it and 100 do (`customer-voice bench topics` measures both). A week cell
 * only answers "what do they talk about", its heaviest topics. The stored row is kept within
 * 1 KB whatever the capacity (dynamo-topic-rows.ts): deflated, 100 entries of customer topics take
 * 750–950 bytes; a cell that does not fit keeps its heaviest entries and raises its floor.
 */
export const TOPIC_CAPACITY: Readonly<Record<TopicGranularity, number>> = { day: 100, week: 24 };

/** One capacity for every window, or one per window. */
export type TopicCapacity = number | Readonly<Record<TopicGranularity, number>>;

export const capacityOf = (capacity: TopicCapacity, granularity: TopicGranularity): number => (typeof capacity === 'number' ? capacity : capacity[granularity]);

export const emptySummary = (): TopicSummary => ({ entries: [], floor: 0 });

const heaviestFirst = (a: TopicEntry, b: TopicEntry) => b.count - a.count || a.error - b.error || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The exact summary (error 0) of some items' topics: each item counts once per topic key. Unbounded: merge it into a bounded one. */
export function tally(items: Iterable<{ topics?: readonly { key: string; phrase: string }[]; negative: boolean }>): TopicSummary {
  const byKey = new Map<string, TopicEntry>();
  for (const item of items) {
    for (const key of new Set((item.topics ?? []).map((t) => t.key))) {
      const entry = byKey.get(key) ?? { key, phrase: item.topics!.find((t) => t.key === key)!.phrase, count: 0, negative: 0, error: 0 };
      entry.count++;
      if (item.negative) entry.negative++;
      byKey.set(key, entry);
    }
  }
  return { entries: [...byKey.values()].sort(heaviestFirst), floor: 0 };
}

/** Two summaries of disjoint streams as one, at most `capacity` entries; with the guarantees above. */
export function mergeSummaries(a: TopicSummary, b: TopicSummary, capacity: number): TopicSummary {
  const merged = new Map<string, TopicEntry>();
  for (const e of a.entries) merged.set(e.key, { ...e, count: e.count + b.floor, error: e.error + b.floor });
  for (const e of b.entries) {
    const seen = merged.get(e.key);
    if (!seen) {
      merged.set(e.key, { ...e, count: e.count + a.floor, error: e.error + a.floor });
      continue;
    }
    // `seen` holds a's entry plus b's floor: take the floor back out, add b's own count.
    const fromA = { count: seen.count - b.floor, error: seen.error - b.floor };
    merged.set(e.key, {
      key: e.key,
      phrase: e.count > fromA.count ? e.phrase : seen.phrase,
      count: fromA.count + e.count,
      negative: seen.negative + e.negative,
      error: fromA.error + e.error,
    });
  }
  const sorted = [...merged.values()].sort(heaviestFirst);
  return truncated(sorted, capacity, a.floor + b.floor);
}

/** The heaviest `capacity` entries; the floor rises to what was dropped. */
export function truncated(sorted: readonly TopicEntry[], capacity: number, floor: number): TopicSummary {
  const dropped = sorted[capacity];
  return { entries: sorted.slice(0, capacity), floor: Math.max(floor, dropped ? dropped.count : 0) };
}

// ---------------------------------------------------------------------------------------------
// Encoding: one line per entry, "key TAB phrase TAB count TAB negative TAB error", numbers in
// base 36, the phrase left empty when it is the key; a first line holds the floor. Keys and
// phrases are bounded when extracted (phrases.ts), so a line stays short.

const FIELD = '\t';
const LINE = '\n';
const clean = (s: string, max: number) => [...s.replace(/[\t\n\r]/g, ' ')].slice(0, max).join('');

/**
 * The summary as text, keeping at most `maxBytes` of UTF-8: the lightest entries are dropped
 * first when a cell's phrases are unusually long, and the floor rises to cover them (every
 * entry-level guarantee stays; only the N / capacity bound loosens for that cell).
 */
export function encodeSummary(summary: TopicSummary, maxBytes = Number.POSITIVE_INFINITY): string {
  const lines = summary.entries.map((e) => {
    const key = clean(e.key, MAX_KEY_CHARS);
    const phrase = clean(e.phrase, MAX_PHRASE_CHARS);
    return [key, phrase === key ? '' : phrase, e.count.toString(36), e.negative.toString(36), e.error.toString(36)].join(FIELD);
  });
  let kept = lines.length;
  let floor = summary.floor;
  const bytesOf = (n: number) => utf8Bytes(floor.toString(36)) + lines.slice(0, n).reduce((s, l) => s + 1 + utf8Bytes(l), 0);
  while (kept > 0 && bytesOf(kept) > maxBytes) {
    kept--;
    floor = Math.max(floor, summary.entries[kept]!.count);
  }
  return [floor.toString(36), ...lines.slice(0, kept)].join(LINE);
}

/** The summary back from `encodeSummary`; a malformed line is skipped rather than failing a whole cell. */
export function decodeSummary(text: string): TopicSummary {
  const [head = '0', ...lines] = text.split(LINE);
  const entries: TopicEntry[] = [];
  for (const line of lines) {
    const [key, phrase, count, negative, error] = line.split(FIELD);
    const numbers = [count, negative, error].map(base36);
    if (!key || numbers.some((n) => !Number.isFinite(n))) continue;
    entries.push({ key, phrase: phrase || key, count: numbers[0]!, negative: numbers[1]!, error: numbers[2]! });
  }
  const floor = base36(head);
  return { entries: entries.sort(heaviestFirst), floor: Number.isFinite(floor) ? floor : 0 };
}

const base36 = (s: string | undefined) => (s !== undefined && /^[0-9a-z]{1,11}$/.test(s) ? parseInt(s, 36) : Number.NaN);

function utf8Bytes(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}
