/**
 * A range's topics: the summary cells of its windows added up, topic by topic. Each cell's count
 * over-counts by at most its entry's `error`, so the sum over-counts by at most the sum of the
 * errors (count − error ≤ true count ≤ count, as in one cell). Phrases are the surface forms
 * people read, the most counted first.
 */
import type { TopicKey, TopicWindow } from './contract';

export interface RangeTopic {
  key: TopicKey;
  /** Distinct surface phrases, the most counted first. */
  phrases: string[];
  count: number;
  negative: number;
  /** Bound of the over-count of `count` (the windows' errors added). */
  error: number;
}

/** Every topic of the windows, counts, negatives and errors summed. */
export function mergeTopicWindows(windows: readonly TopicWindow[]): Map<TopicKey, RangeTopic> {
  const phraseCounts = new Map<TopicKey, Map<string, number>>();
  const out = new Map<TopicKey, RangeTopic>();
  for (const window of windows) {
    for (const entry of window.entries) {
      const topic = out.get(entry.key) ?? { key: entry.key, phrases: [], count: 0, negative: 0, error: 0 };
      topic.count += entry.count;
      topic.negative += entry.negative;
      topic.error += entry.error;
      out.set(entry.key, topic);
      const phrases = phraseCounts.get(entry.key) ?? new Map<string, number>();
      phrases.set(entry.phrase, (phrases.get(entry.phrase) ?? 0) + entry.count);
      phraseCounts.set(entry.key, phrases);
    }
  }
  for (const [key, topic] of out) {
    topic.phrases = [...phraseCounts.get(key)!].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([phrase]) => phrase);
  }
  return out;
}

/** Most counted first; then most negative; then by key, so equal topics keep one order. */
export function rankTopics(topics: ReadonlyMap<TopicKey, RangeTopic>): RangeTopic[] {
  return [...topics.values()].sort((a, b) => b.count - a.count || b.negative - a.negative || a.key.localeCompare(b.key));
}

/** The ordered sub-phrases of a key ("a b c" → "a", "b", "c", "a b", "a c", "b c"), itself left out. */
function subKeys(key: TopicKey): TopicKey[] {
  const words = key.split(' ');
  const out: TopicKey[] = [];
  for (let mask = 1; mask < (1 << words.length) - 1; mask++) out.push(words.filter((_, i) => mask & (1 << i)).join(' '));
  return out;
}

/**
 * The topics without those customers only ever say inside a longer one: a topic whose words all
 * belong to a longer topic counted as often (within the shorter one's error) adds nothing to it
 * ("lent", "charger" beside "lent à charger"), so the longer one stands for both. `keep` names
 * topics never dropped (those flagged emerging).
 */
export function withoutNested(topics: ReadonlyMap<TopicKey, RangeTopic>, keep: ReadonlySet<TopicKey> = new Set()): Map<TopicKey, RangeTopic> {
  const nested = new Set<TopicKey>();
  for (const longer of topics.values()) {
    if (!longer.key.includes(' ')) continue;
    for (const key of subKeys(longer.key)) {
      const shorter = topics.get(key);
      if (shorter && !keep.has(key) && longer.count >= shorter.count - shorter.error) nested.add(key);
    }
  }
  return new Map([...topics].filter(([key]) => !nested.has(key)));
}
