import { describe, expect, it } from 'vitest';
import type { TopicEntry, TopicWindow } from '../../shared/domain/topics/contract';
import { binomialUpperTailLog10, collapseNested, denseSeries, detectEmerging, EMERGING_DEFAULTS, testTopics, type TopicTest } from '../../shared/domain/topics/emerging';
import { syntheticTopicStream } from '../support/synthetic-topic-stream';

const scope = { kind: 'dept' as const, id: 'billing' };
const day = (d: number) => new Date(Date.UTC(2026, 0, 5 + d)).toISOString();
const entry = (key: string, count: number, negative = 0, error = 0): TopicEntry => ({ key, phrase: key, count, negative, error });
const win = (d: number, items: number, entries: TopicEntry[], floor?: number): TopicWindow => ({ window: day(d), items, negativeItems: 0, entries, ...(floor === undefined ? {} : { floor }) });

/** 28 quiet days of 100 items where "colis" is 10 of them, then `last` as day 28. */
function withBaseline(last: TopicWindow[]): TopicWindow[] {
  return [...Array.from({ length: 28 }, (_, d) => win(d, 100, [entry('colis', 10)])), ...last];
}

describe('binomialUpperTailLog10', () => {
  it('equals the tail summed directly, and π^k when every trial must succeed', () => {
    // P(K ≥ 3 | 5, 0.5) = (10 + 5 + 1) / 32.
    expect(binomialUpperTailLog10(3, 5, 0.5)).toBeCloseTo(-Math.log10(16 / 32), 10);
    // P(K ≥ 2 | 10, 0.1) = 1 − 0.9^10 − 10·0.1·0.9^9.
    expect(binomialUpperTailLog10(2, 10, 0.1)).toBeCloseTo(-Math.log10(1 - 0.9 ** 10 - 10 * 0.1 * 0.9 ** 9), 10);
    expect(binomialUpperTailLog10(9, 9, 0.1)).toBeCloseTo(9, 9);
    expect(binomialUpperTailLog10(0, 9, 0.1)).toBe(0);
  });

  it('stays finite and monotone far in the tail and for thousands of trials', () => {
    const a = binomialUpperTailLog10(300, 5000, 0.03);
    const b = binomialUpperTailLog10(320, 5000, 0.03);
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
    expect(b).toBeGreaterThan(a);
    // Around the mean the tail is about a half: the statistic is near 0.3.
    expect(binomialUpperTailLog10(150, 5000, 0.03)).toBeLessThan(0.35);
  });
});

describe('detectEmerging', () => {
  it('flags a topic the baseline never had once it has enough support, with its figures', () => {
    const series = withBaseline([win(28, 100, [entry('colis', 10), entry('appli plant', 9, 8)])]);
    const [flag, ...rest] = detectEmerging(series, scope, EMERGING_DEFAULTS.day);
    expect(rest).toEqual([]);
    expect(flag).toMatchObject({ key: 'appli plant', reason: 'new', test: 'conditional-binomial', support: 9, items: 100, share: 0.09, baselineShare: 0, threshold: 7, window: day(28), since: day(28), scope });
    // p = (100 / 2900)^9.
    expect(flag!.statistic).toBeCloseTo(9 * -Math.log10(100 / 2900), 1);
    expect(flag!.negativeShare).toBeCloseTo(8 / 9);
  });

  it('does not flag a new topic below the minimum support, nor a series too young to know its normal', () => {
    expect(detectEmerging(withBaseline([win(28, 100, [entry('appli plant', 7)])]), scope, EMERGING_DEFAULTS.day)).toEqual([]);
    const young = [...Array.from({ length: 5 }, (_, d) => win(d, 100, [entry('colis', 10)])), win(5, 100, [entry('appli plant', 30)])];
    expect(detectEmerging(young, scope, EMERGING_DEFAULTS.day)).toEqual([]);
  });

  it('counts support over the best recent span: three days of 4 flag what one day of 4 cannot', () => {
    const series = withBaseline([win(28, 100, [entry('appli', 4)]), win(29, 100, [entry('appli', 4)]), win(30, 100, [entry('appli', 4)])]);
    expect(detectEmerging(series.slice(0, 29), scope, EMERGING_DEFAULTS.day)).toEqual([]);
    const [flag] = detectEmerging(series, scope, EMERGING_DEFAULTS.day);
    expect(flag).toMatchObject({ key: 'appli', support: 12, items: 300, since: day(28), window: day(30) });
  });

  it('flags a rise only when significant AND at least double the baseline share', () => {
    // colis: 10 % for 28 days, then 40 % — a rise; 
    const rise = detectEmerging(withBaseline([win(28, 100, [entry('colis', 40)])]), scope, EMERGING_DEFAULTS.day);
    expect(rise).toMatchObject([{ key: 'colis', reason: 'rise', baselineShare: 0.1, share: 0.4 }]);
    expect(rise[0]!.statistic).toBeGreaterThanOrEqual(7);
    // A department of 20,000 items a day: 10 % → 13 % is far past the threshold, but not double.
    const huge = [...Array.from({ length: 28 }, (_, d) => win(d, 20_000, [entry('colis', 2_000)])), win(28, 20_000, [entry('colis', 2_600)])];
    expect(testTopics(huge, EMERGING_DEFAULTS.day)[0]!.statistic).toBeGreaterThan(7);
    expect(detectEmerging(huge, scope, EMERGING_DEFAULTS.day)).toEqual([]);
  });

  it('counts only the guaranteed part of the span and the upper bound of the baseline: approximation hides flags, never makes them', () => {
    // 20 counted, 15 of them possibly over-counted: 5 guaranteed, below the minimum support.
    expect(detectEmerging(withBaseline([win(28, 100, [entry('appli', 20, 0, 15)])]), scope, EMERGING_DEFAULTS.day)).toEqual([]);
    // Absent from baseline summaries whose floor is 3: it may have had 3 a day, so 9 is no news.
    const floored = [...Array.from({ length: 28 }, (_, d) => win(d, 100, [entry('colis', 10)], 3)), win(28, 100, [entry('appli', 9)])];
    expect(detectEmerging(floored, scope, EMERGING_DEFAULTS.day)).toEqual([]);
    // Without a floor, a summary showing evictions (errors) bounds the absent by its smallest count.
    const evicted = [...Array.from({ length: 28 }, (_, d) => win(d, 100, [entry('colis', 10, 0, 2), entry('retard', 3, 0, 1)])), win(28, 100, [entry('appli', 9)])];
    expect(detectEmerging(evicted, scope, EMERGING_DEFAULTS.day)).toEqual([]);
    // The same with exact summaries flags it.
    expect(detectEmerging(withBaseline([win(28, 100, [entry('appli', 9)])]), scope, EMERGING_DEFAULTS.day)).toHaveLength(1);
  });

  it('shows one flag per theme, in its longest readable phrase', () => {
    const series = withBaseline([win(28, 100, [entry('appli', 14), entry('appli plant', 12), entry('appli plant paiement', 10), entry('remboursement', 9)])]);
    const flags = detectEmerging(series, scope, EMERGING_DEFAULTS.day);
    expect(flags.map((f) => f.key).sort()).toEqual(['appli plant paiement', 'remboursement']);
  });

  it('is deterministic: the same windows give the same flags', () => {
    const s = syntheticTopicStream({ seed: 3, days: 40, start: day(0), itemsPerDay: 80, vocabulary: 120, topicsPerItem: 4, negativeShare: 0.3, capacity: 1e6, inject: { day: 30, share: 0.05, keys: [{ key: 'appli', phrase: 'appli' }], negativeShare: 0.9 } });
    expect(detectEmerging(s.windows, scope, EMERGING_DEFAULTS.day)).toEqual(detectEmerging(structuredClone(s.windows), scope, EMERGING_DEFAULTS.day));
  });
});

describe('collapseNested', () => {
  it('keeps a short phrase when the long one has less than half its support', () => {
    const t = (key: string, support: number, statistic: number) => ({ key, support, statistic }) as TopicTest;
    expect(collapseNested([t('appli', 40, 20), t('appli plant', 10, 8)]).map((x) => x.key)).toEqual(['appli']);
    expect(collapseNested([t('appli', 40, 20), t('appli plant', 25, 12)]).map((x) => x.key)).toEqual(['appli plant']);
  });
});

describe('denseSeries', () => {
  it('puts an empty window where the reader had none', () => {
    const dense = denseSeries([win(1, 5, [])], [day(0), day(1), day(2)]);
    expect(dense.map((w) => [w.window, w.items])).toEqual([[day(0), 0], [day(1), 5], [day(2), 0]]);
  });
});

/**
 * The two targets on synthetic streams (exact day summaries: what the detector can do when
 * its input keeps the topic; the topics bench measures the whole pipeline).
 */
describe('emerging topics on synthetic streams', () => {
  const theme = [
    { key: 'appli plant paiement', phrase: 'l’appli plante au paiement' },
    { key: 'appli plant', phrase: 'appli plante' },
    { key: 'appli', phrase: 'appli' },
  ];

  it('flags a new theme at 3 % of a department’s items by the day its cumulative count reaches 15', () => {
    for (const itemsPerDay of [60, 100, 200, 400]) {
      for (const seed of [1, 2, 3]) {
        const s = syntheticTopicStream({ seed: seed * 7 + itemsPerDay, days: 56, start: day(0), itemsPerDay, vocabulary: 300, topicsPerItem: 5, negativeShare: 0.3, capacity: 1e6, inject: { day: 35, share: 0.03, keys: theme, negativeShare: 0.8 } });
        let cumulative = 0;
        let reached15: number | undefined;
        let flagged: number | undefined;
        for (let d = 35; d < 56 && flagged === undefined; d++) {
          cumulative += s.injected[d]!;
          if (reached15 === undefined && cumulative >= 15) reached15 = d;
          if (detectEmerging(s.windows.slice(0, d + 1), scope, EMERGING_DEFAULTS.day).some((f) => f.key.startsWith('appli'))) flagged = d;
        }
        expect(flagged, `${itemsPerDay} a day, seed ${seed}`).toBeDefined();
        expect(flagged!, `${itemsPerDay} a day, seed ${seed}`).toBeLessThanOrEqual(reached15 ?? 55);
      }
    }
  });

  it('raises at most 0.1 false flags per department-week on a stable stream', () => {
    let flags = 0;
    let weeks = 0;
    for (const itemsPerDay of [20, 60, 150, 300]) {
      for (const seed of [1, 2]) {
        const s = syntheticTopicStream({ seed: seed * 31 + itemsPerDay, days: 56, start: day(0), itemsPerDay, vocabulary: 300, topicsPerItem: 5, negativeShare: 0.3, capacity: 1e6 });
        // A topic flagged on several days of one week is one flag of that week.
        const seen = new Set<string>();
        for (let d = 14; d < 56; d++) for (const f of detectEmerging(s.windows.slice(0, d + 1), scope, EMERGING_DEFAULTS.day)) seen.add(`${Math.floor(d / 7)}|${f.key}`);
        flags += seen.size;
        weeks += 6;
      }
    }
    expect(flags / weeks).toBeLessThanOrEqual(0.1);
  });
});
