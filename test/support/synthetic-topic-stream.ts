/**
 * Synthetic topic summaries of one scope, day by day: a seeded stream of items, each carrying a
 * few topics drawn from a stable Zipf vocabulary (and, from a given day, an injected theme at a
 * given share of the items), summarised per day as the top `capacity` topics with exact counts.
 * For the emerging-topic tests: what the detector sees, without the text pipeline in the way.
 */
import { seededRandom } from '../../shared/domain/sentiment-training';
import type { TopicEntry, TopicWindow } from '../../shared/domain/topics/contract';

export interface StreamOptions {
  seed: number;
  days: number;
  /** First day, ISO (UTC midnight): windows are consecutive days. */
  start: string;
  /** Items on a weekday; weekends get half. */
  itemsPerDay: number;
  /** Distinct stable topics (Zipf weights 1/rank). */
  vocabulary: number;
  /** Topics per item (drawn without replacement). */
  topicsPerItem: number;
  /** Share of items that are negative. */
  negativeShare: number;
  /** Entries kept per window (the summary's capacity). */
  capacity: number;
  /** A theme injected from `day` (0-based) on `share` of the items, carrying every key of `keys`. */
  inject?: { day: number; share: number; keys: { key: string; phrase: string }[]; negativeShare: number };
}

function poisson(mean: number, rand: () => number): number {
  // Knuth for small means, normal approximation above (the test volumes are small either way).
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rand)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export interface SyntheticStream {
  windows: TopicWindow[];
  /** Items of the injected theme per day (0 before injection). */
  injected: number[];
}

export function syntheticTopicStream(o: StreamOptions): SyntheticStream {
  const rand = seededRandom(o.seed);
  const weights = Array.from({ length: o.vocabulary }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((s, w) => s + w, 0);
  const pick = (): number => {
    let r = rand() * total;
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) <= 0) return i;
    return weights.length - 1;
  };
  const windows: TopicWindow[] = [];
  const injected: number[] = [];
  for (let d = 0; d < o.days; d++) {
    const day = new Date(Date.parse(o.start) + d * 86_400_000);
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
    const items = poisson(weekend ? o.itemsPerDay / 2 : o.itemsPerDay, rand);
    const tally = new Map<string, TopicEntry>();
    let negativeItems = 0;
    let theme = 0;
    const add = (key: string, phrase: string, negative: boolean) => {
      const e = tally.get(key) ?? { key, phrase, count: 0, negative: 0, error: 0 };
      e.count++;
      if (negative) e.negative++;
      tally.set(key, e);
    };
    for (let i = 0; i < items; i++) {
      const inj = o.inject && d >= o.inject.day && rand() < o.inject.share;
      const negative = rand() < (inj ? o.inject!.negativeShare : o.negativeShare);
      if (negative) negativeItems++;
      const topics = new Set<number>();
      while (topics.size < (inj ? o.topicsPerItem - 1 : o.topicsPerItem)) topics.add(pick());
      for (const t of topics) add(`topic${t}`, `topic ${t}`, negative);
      if (inj) {
        theme++;
        for (const k of o.inject!.keys) add(k.key, k.phrase, negative);
      }
    }
    const entries = [...tally.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)).slice(0, o.capacity);
    windows.push({ window: day.toISOString(), items, negativeItems, entries });
    injected.push(theme);
  }
  return { windows, injected };
}
