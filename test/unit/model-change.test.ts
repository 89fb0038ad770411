import { describe, expect, it } from 'vitest';
import { assessRules, ruleScoreOf, type RuleScore } from '../../shared/domain/alerts/assessment';
import { MODEL_CHANGED_REASON, sentimentComparable, type ScoredWindow } from '../../shared/domain/alerts/model-change';
import { defaultRulesFor } from '../../shared/domain/alerts/rules';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { emptyCounters, type Counters, type Scope } from '../../shared/domain/scores';

const OLD = 'embedded-fr-en@1111';
const NEW = 'embedded-fr-en@2222';
const w = (count: number, models?: string[]): ScoredWindow => ({ count, ...(models ? { models } : {}) });

describe('sentimentComparable', () => {
  it('compares a window with a baseline scored by the same model', () => {
    expect(sentimentComparable(w(30, [NEW]), [w(30, [NEW]), w(25, [NEW]), w(40, [NEW])])).toBe(true);
  });

  it('refuses the deploy day: the window holds items of the new model the baseline never saw', () => {
    expect(sentimentComparable(w(30, [NEW, OLD]), [w(30, [OLD]), w(25, [OLD])])).toBe(false);
  });

  it('refuses the days after, while any baseline window was scored by the old model alone', () => {
    expect(sentimentComparable(w(30, [NEW]), [w(30, [OLD]), w(25, [OLD]), w(28, [NEW, OLD])])).toBe(false);
    expect(sentimentComparable(w(30, [NEW]), [w(28, [NEW, OLD]), w(30, [NEW])])).toBe(true);
  });

  it('refuses a baseline window with items but no recorded model when the window records one', () => {
    expect(sentimentComparable(w(30, [NEW]), [w(30, [NEW]), w(25)])).toBe(false);
  });

  it('keeps judging data written before models were recorded, and ignores windows without items', () => {
    expect(sentimentComparable(w(30), [w(30), w(25)])).toBe(true);
    expect(sentimentComparable(undefined, [w(30, [OLD])])).toBe(true);
    expect(sentimentComparable(w(0), [w(30, [OLD])])).toBe(true);
    expect(sentimentComparable(w(30, [NEW]), [undefined, w(0), w(30, [NEW])])).toBe(true);
  });
});

describe('assessRules with sentimentModelChanged', () => {
  const DEPT: Scope = { kind: 'dept', id: 'billing' };
  const PAIR: Scope = { kind: 'pair', id: 'billing+delivery' };
  const score = (c: Partial<Counters>): RuleScore => ruleScoreOf({ ...emptyCounters(), ...c });
  // A calm baseline scored by the old model, then a window where the new model reads more
  // negatives in the same feedback: the sentiment-drop and negative-share rules would fire.
  const calm = Array.from({ length: 7 }, () => score({ count: 40, positive: 24, neutral: 12, negative: 4, npsCount: 20, promoters: 10 }));
  const harsher = score({ count: 40, positive: 8, neutral: 12, negative: 20, npsCount: 20, promoters: 10 });
  const input = { scope: DEPT, granularity: 'day' as const, window: '2026-12-02T00:00:00.000Z', current: harsher, baseline: calm };
  const rules = defaultRulesFor(DEPT, 'day', DEFAULT_DEPARTMENTS);

  it('fires on the same figures when the model did not change (the control)', () => {
    const fired = assessRules(input, rules).filter((a) => a.status === 'firing').map((a) => a.rule.kind);
    expect(fired).toEqual(expect.arrayContaining(['sentiment-drop', 'negative-share']));
  });

  it('makes the sentiment rules insufficient-data with the reason, and leaves the other rules alone', () => {
    const out = assessRules({ ...input, sentimentModelChanged: true }, rules);
    const byKind = new Map(out.map((a) => [a.rule.kind, a]));
    for (const kind of ['sentiment-drop', 'negative-share'] as const) {
      expect(byKind.get(kind)).toMatchObject({ status: 'insufficient-data', reason: MODEL_CHANGED_REASON });
      expect(byKind.get(kind)?.finding).toBeUndefined();
    }
    expect(MODEL_CHANGED_REASON).toBe('the sentiment model changed; the baseline was scored by another model (run customer-voice recompute --rescore)');
    const unchanged = assessRules(input, rules).filter((a) => !['sentiment-drop', 'negative-share'].includes(a.rule.kind));
    expect(out.filter((a) => !['sentiment-drop', 'negative-share'].includes(a.rule.kind))).toEqual(unchanged);
  });

  it('also holds the interface hotspot, whose negatives the new model counts', () => {
    const pairRules = defaultRulesFor(PAIR, 'day', DEFAULT_DEPARTMENTS);
    const quiet = Array.from({ length: 7 }, () => score({ count: 10, negative: 1, neutral: 9 }));
    const pairInput = { scope: PAIR, granularity: 'day' as const, window: '2026-12-02T00:00:00.000Z', current: score({ count: 12, negative: 9, neutral: 3 }), baseline: quiet };
    expect(assessRules(pairInput, pairRules)[0]).toMatchObject({ status: 'firing' });
    expect(assessRules({ ...pairInput, sentimentModelChanged: true }, pairRules)[0]).toMatchObject({ status: 'insufficient-data', reason: MODEL_CHANGED_REASON });
  });

  it('keeps a lower-volume reason: re-scoring would not give the rule enough items', () => {
    const out = assessRules({ ...input, current: score({ count: 3, negative: 3 }), sentimentModelChanged: true }, rules);
    expect(out.find((a) => a.rule.kind === 'negative-share')?.reason).toMatch(/3 items, fewer than/);
  });
});
