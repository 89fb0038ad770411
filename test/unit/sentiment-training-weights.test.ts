import { describe, expect, it } from 'vitest';
import { isHeldOut, sampleWeights, splitHoldout, type WeightedDoc } from '../../shared/domain/sentiment-training-weights';

const docs = (source: string | undefined, lang: string, counts: Record<'negative' | 'neutral' | 'positive', number>): WeightedDoc[] =>
  (Object.entries(counts) as ['negative' | 'neutral' | 'positive', number][]).flatMap(([label, n]) =>
    Array.from({ length: n }, (_, i) => ({ text: `${source}-${label}-${i}`, lang, label, ...(source ? { source } : {}) })),
  );

const totalBy = (all: readonly WeightedDoc[], weights: Float64Array, key: (doc: WeightedDoc) => string) => {
  const totals: Record<string, number> = {};
  all.forEach((doc, i) => {
    totals[key(doc)] = (totals[key(doc)] ?? 0) + (weights[i] ?? 0);
  });
  return totals;
};

describe('sampleWeights', () => {
  // 900 reviews (mostly positive) and 100 tweets, both French.
  const reviews = docs('reviews', 'fr', { negative: 200, neutral: 100, positive: 600 });
  const tweets = docs('tweets', 'fr', { negative: 40, neutral: 30, positive: 30 });
  const all = [...reviews, ...tweets];

  it('without source weighting, balances the classes within each language and nothing else', () => {
    // Act
    const weights = sampleWeights(all, 'balanced-per-language');

    // Assess: each class weighs N / 3 in total (1000 / 3).
    const byClass = totalBy(all, weights, (doc) => doc.label);
    for (const label of ['negative', 'neutral', 'positive']) expect(byClass[label]).toBeCloseTo(1000 / 3, 6);
  });

  it("'sqrt' gives each source a total weight proportional to the square root of its size, the mean staying 1", () => {
    // Act
    const weights = sampleWeights(all, 'balanced-per-language', { mass: 'sqrt', multipliers: {} });

    // Assess: √900 : √100 = 3 : 1, and the weights average 1.
    const bySource = totalBy(all, weights, (doc) => doc.source ?? '-');
    expect((bySource.reviews ?? 0) / (bySource.tweets ?? 1)).toBeCloseTo(3, 6);
    expect((bySource.reviews ?? 0) + (bySource.tweets ?? 0)).toBeCloseTo(all.length, 6);
  });

  it('multiplies a named source and keeps the class balance inside each source', () => {
    // Act
    const weights = sampleWeights(all, 'balanced-per-language', { mass: 'sqrt', multipliers: { tweets: 3 } });

    // Assess: the tweets now weigh as much as the reviews (3 × √100 = √900).
    const bySource = totalBy(all, weights, (doc) => doc.source ?? '-');
    expect((bySource.reviews ?? 0) / (bySource.tweets ?? 1)).toBeCloseTo(1, 6);
    const reviewClasses = totalBy(reviews, weights.subarray(0, reviews.length), (doc) => doc.label);
    // Within the reviews, the class shares are those class balancing gave (pooled over the language).
    const pooled = sampleWeights(all, 'balanced-per-language');
    const pooledClasses = totalBy(reviews, pooled.subarray(0, reviews.length), (doc) => doc.label);
    expect((reviewClasses.positive ?? 0) / (reviewClasses.negative ?? 1)).toBeCloseTo((pooledClasses.positive ?? 0) / (pooledClasses.negative ?? 1), 6);
  });

  it("'equal' gives every source the same total, and a file without sources is one source", () => {
    // Prepare
    const unnamed = docs(undefined, 'en', { negative: 10, neutral: 10, positive: 10 });

    // Act
    const equal = sampleWeights(all, 'none', { mass: 'equal', multipliers: {} });
    const single = sampleWeights(unnamed, 'balanced', { mass: 'sqrt', multipliers: {} });

    // Assess
    const bySource = totalBy(all, equal, (doc) => doc.source ?? '-');
    expect(bySource.reviews).toBeCloseTo(bySource.tweets ?? 0, 6);
    expect([...single].every((w) => Math.abs(w - 1) < 1e-9)).toBe(true);
  });
});

describe('the holdout slice', () => {
  const texts = Array.from({ length: 5000 }, (_, i) => `message number ${i} about my order`);

  it('holds out about 1 in N texts, always the same ones, whatever else is in the file', () => {
    // Act
    const { train, holdout } = splitHoldout(texts.map((text) => ({ text })), 10);
    const again = splitHoldout(texts.slice(2500).map((text) => ({ text })), 10);

    // Assess
    expect(holdout.length).toBeGreaterThan(400);
    expect(holdout.length).toBeLessThan(600);
    expect(train.length + holdout.length).toBe(texts.length);
    expect(again.holdout.map((d) => d.text)).toEqual(holdout.map((d) => d.text).filter((t) => texts.indexOf(t) >= 2500));
    expect(holdout.every((d) => isHeldOut(d.text, 10))).toBe(true);
    expect(train.some((d) => isHeldOut(d.text, 10))).toBe(false);
  });

  it('holds nothing out when N is 0', () => {
    expect(splitHoldout(texts.map((text) => ({ text })), 0).holdout).toEqual([]);
  });
});
