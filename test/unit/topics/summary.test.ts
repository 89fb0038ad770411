import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSummary, emptySummary, encodeSummary, mergeSummaries, tally, type TopicSummary } from '../../../shared/domain/topics/summary';

interface Item {
  topics: { key: string; phrase: string }[];
  negative: boolean;
}

// Skewed keys: a few heavy topics and a long tail, as feedback has.
const keyArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('colis', 'retard', 'rembours', 'appli plant') }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 60 }).map((i) => `t${i}`) });
const itemArb: fc.Arbitrary<Item> = fc.record({
  topics: fc.uniqueArray(keyArb, { maxLength: 8 }).map((ks) => ks.map((key) => ({ key, phrase: key.toUpperCase() }))),
  negative: fc.boolean(),
});
/** A stream cut into batches, each batch spread over `shards` write shards. */
const streamArb = fc.record({
  batches: fc.array(fc.array(itemArb, { maxLength: 30 }), { maxLength: 12 }),
  capacity: fc.integer({ min: 1, max: 12 }),
  shards: fc.integer({ min: 1, max: 4 }),
  seed: fc.nat(),
});

function truth(items: readonly Item[]) {
  const counts = new Map<string, { count: number; negative: number }>();
  let n = 0;
  for (const item of items) {
    for (const t of item.topics) {
      n++;
      const c = counts.get(t.key) ?? { count: 0, negative: 0 };
      c.count++;
      if (item.negative) c.negative++;
      counts.set(t.key, c);
    }
  }
  return { counts, n };
}

function assertBounds(summary: TopicSummary, items: readonly Item[], capacity: number) {
  const { counts, n } = truth(items);
  expect(summary.entries.length).toBeLessThanOrEqual(capacity);
  expect(summary.floor).toBeLessThanOrEqual(n / capacity);
  const present = new Set(summary.entries.map((e) => e.key));
  expect(present.size).toBe(summary.entries.length);
  for (const e of summary.entries) {
    const t = counts.get(e.key) ?? { count: 0, negative: 0 };
    expect(e.count - e.error).toBeLessThanOrEqual(t.count);
    expect(t.count).toBeLessThanOrEqual(e.count);
    expect(e.error).toBeLessThanOrEqual(summary.floor);
    expect(e.negative).toBeLessThanOrEqual(t.negative);
    expect(t.negative).toBeLessThanOrEqual(e.negative + e.error);
    expect(e.negative).toBeLessThanOrEqual(e.count - e.error);
  }
  for (const [key, t] of counts) {
    if (!present.has(key)) expect(t.count).toBeLessThanOrEqual(summary.floor);
    // The heavy-hitter promise: whatever occurs more than N / k times is there.
    if (t.count > n / capacity) expect(present.has(key)).toBe(true);
  }
}

describe('topic summary (Space-Saving, mergeable)', () => {
  it('batch by batch, shard by shard, then shards merged: count − error ≤ true ≤ count, absent ≤ floor ≤ N/k', () => {
    fc.assert(
      fc.property(streamArb, ({ batches, capacity, shards, seed }) => {
        // Prepare: each batch is added to one shard, as the processor's transactions do.
        const perShard: TopicSummary[] = Array.from({ length: shards }, emptySummary);
        batches.forEach((batch, i) => {
          const shard = (seed + i * 7) % shards;
          perShard[shard] = mergeSummaries(perShard[shard]!, tally(batch), capacity);
        });
        // Act: the reader merges the shards.
        const merged = perShard.reduce((acc, s) => mergeSummaries(acc, s, capacity), emptySummary());
        // Assess
        for (let s = 0; s < shards; s++) assertBounds(perShard[s]!, batches.filter((_, i) => (seed + i * 7) % shards === s).flat(), capacity);
        assertBounds(merged, batches.flat(), capacity);
      }),
      { numRuns: 300 },
    );
  });

  it('is exact while the distinct topics fit the capacity', () => {
    fc.assert(
      fc.property(fc.array(fc.array(itemArb, { maxLength: 20 }), { maxLength: 6 }), (batches) => {
        const summary = batches.reduce((acc, b) => mergeSummaries(acc, tally(b), 100), emptySummary());
        const { counts } = truth(batches.flat());
        expect(summary.floor).toBe(0);
        expect(Object.fromEntries(summary.entries.map((e) => [e.key, { count: e.count, negative: e.negative }]))).toEqual(Object.fromEntries(counts));
      }),
    );
  });

  it('merges in any order to summaries that keep the bounds, and merging with an empty one changes nothing', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { maxLength: 40 }), fc.array(itemArb, { maxLength: 40 }), (x, y) => {
        const capacity = 5;
        const a = mergeSummaries(emptySummary(), tally(x), capacity);
        const b = mergeSummaries(emptySummary(), tally(y), capacity);
        assertBounds(mergeSummaries(a, b, capacity), [...x, ...y], capacity);
        assertBounds(mergeSummaries(b, a, capacity), [...x, ...y], capacity);
        expect(mergeSummaries(a, emptySummary(), capacity)).toEqual(a);
      }),
    );
  });

  it('counts an item once per topic, keeps the first phrase seen, and the heaviest first', () => {
    const s = tally([
      { topics: [{ key: 'colis', phrase: 'colis' }, { key: 'colis', phrase: 'Colis' }], negative: true },
      { topics: [{ key: 'colis', phrase: 'colis' }, { key: 'abim', phrase: 'abîmés' }], negative: false },
    ]);
    expect(s.entries).toEqual([
      { key: 'colis', phrase: 'colis', count: 2, negative: 1, error: 0 },
      { key: 'abim', phrase: 'abîmés', count: 1, negative: 0, error: 0 },
    ]);
  });

  it('encodes and decodes to the same summary', () => {
    fc.assert(
      fc.property(fc.array(fc.array(itemArb, { maxLength: 30 }), { maxLength: 5 }), (batches) => {
        const summary = batches.reduce((acc, b) => mergeSummaries(acc, tally(b), 10), emptySummary());
        expect(decodeSummary(encodeSummary(summary))).toEqual(summary);
      }),
    );
    const withPhrase = { entries: [{ key: 'colis abim', phrase: 'colis abîmés', count: 40, negative: 7, error: 3 }], floor: 3 };
    expect(decodeSummary(encodeSummary(withPhrase))).toEqual(withPhrase);
  });

  it('fits a byte budget by dropping the lightest entries and raising the floor to cover them', () => {
    fc.assert(
      fc.property(fc.array(itemArb, { minLength: 1, maxLength: 80 }), fc.integer({ min: 10, max: 200 }), (items, maxBytes) => {
        const summary = mergeSummaries(emptySummary(), tally(items), 12);
        const encoded = encodeSummary(summary, maxBytes);
        const decoded = decodeSummary(encoded);
        if (decoded.entries.length > 0) expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(maxBytes);
        const { counts } = truth(items);
        const present = new Set(decoded.entries.map((e) => e.key));
        for (const [key, t] of counts) if (!present.has(key)) expect(t.count).toBeLessThanOrEqual(decoded.floor);
        expect(decoded.entries).toEqual(summary.entries.slice(0, decoded.entries.length));
      }),
    );
  });

  it('skips a malformed line instead of failing the cell', () => {
    expect(decodeSummary('2\ncolis\t\t5\t1\t0\nbroken\nx\t\tzz!\t0\t0')).toEqual({ floor: 2, entries: [{ key: 'colis', phrase: 'colis', count: 5, negative: 1, error: 0 }] });
  });
});
