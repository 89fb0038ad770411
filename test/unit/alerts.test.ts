import { describe, expect, it } from 'vitest';
import { assessRules, ruleScoreOf, type RuleInput, type RuleScore } from '../../shared/domain/alerts/assessment';
import type { Finding, RuleAssessment } from '../../shared/domain/alerts/findings';
import { alertKey, csatPercentThreshold, defaultRulesFor, type AlertRule } from '../../shared/domain/alerts/rules';
import { markNotified, nextAlertState, type AlertPolicy, type AlertState } from '../../shared/domain/alerts/state';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import { emptyCounters, type Counters, type Scope } from '../../shared/domain/scores';

const DEPT: Scope = { kind: 'dept', id: 'billing' };
const PAIR: Scope = { kind: 'pair', id: 'billing+delivery' };
const WINDOW = '2026-11-24T00:00:00.000Z';

function score(c: Partial<Counters>): RuleScore {
  const counters = { ...emptyCounters(), ...c };
  counters.count = c.count ?? counters.positive + counters.neutral + counters.negative + counters.mixed;
  return ruleScoreOf(counters);
}
/** `count` items of which `negative` negative, the rest neutral. */
const items = (count: number, negative = 0, positive = 0) => score({ count, negative, positive, neutral: count - negative - positive });
const repeat = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);
/** The findings of the rules that fire on the window: assessRules, firing ones only. */
const firingFindings = (input: RuleInput, rules: readonly AlertRule[]): Finding[] =>
  assessRules(input, rules).flatMap((a) => (a.status === 'firing' && a.finding ? [a.finding] : []));

const negativeShare: AlertRule = { id: 'negative-share', kind: 'negative-share', baselineWindows: 5, threshold: 0.35, minVolume: 20 };
const sentimentDrop: AlertRule = {
  id: 'sentiment-drop',
  kind: 'sentiment-drop',
  baselineWindows: 5,
  zScore: 2,
  minStdDev: 5,
  absoluteDrop: 25,
  minVolume: 20,
  minBaselineVolume: 40,
  minBaselineWindows: 3,
};
const npsBelow: AlertRule = { id: 'nps-below', kind: 'nps-below', baselineWindows: 5, threshold: 0, minAnswers: 10 };
const csatBelow: AlertRule = { id: 'csat-below', kind: 'csat-below', baselineWindows: 5, threshold: 62.5, minAnswers: 10 };
const cesAbove: AlertRule = { id: 'ces-above', kind: 'ces-above', baselineWindows: 5, threshold: 5, minAnswers: 10 };
const volumeSpike: AlertRule = { id: 'volume-spike', kind: 'volume-spike', baselineWindows: 4, factor: 3, minCount: 40, minBaselineWindows: 2 };
const hotspot: AlertRule = { id: 'interface-hotspot', kind: 'interface-hotspot', baselineWindows: 3, minNegative: 5 };

// Sentiment indexes 40, 50, 40, 50, 45 over 20 items each: pooled mean 45, sample σ 5.
const idx = (pos: number, neg: number) => score({ count: 20, positive: pos, negative: neg, neutral: 20 - pos - neg });
const VARIED = [idx(12, 4), idx(13, 3), idx(12, 4), idx(13, 3), idx(12, 3)];

interface Case {
  name: string;
  rule: AlertRule;
  scope?: Scope;
  current: RuleScore;
  baseline?: RuleScore[];
  fires: boolean;
}

const cases: Case[] = [
  // negative share ≥ 35 % with ≥ 20 items
  { name: 'negative share exactly at the threshold', rule: negativeShare, current: items(20, 7), fires: true },
  { name: 'negative share just below the threshold', rule: negativeShare, current: items(20, 6), fires: false },
  { name: 'negative share above the threshold, one item short of the minimum volume', rule: negativeShare, current: items(19, 7), fires: false },
  { name: 'negative share far above with volume', rule: negativeShare, current: items(200, 120), fires: true },
  // sentiment drop: z ≤ −2 (mean 45, σ 5 → index ≤ 35) or a drop ≥ 25 points
  { name: 'sentiment index at z = −2', rule: sentimentDrop, current: idx(10, 3), baseline: VARIED, fires: true },
  { name: 'sentiment index at z = −1', rule: sentimentDrop, current: idx(11, 3), baseline: VARIED, fires: false },
  { name: 'flat baseline: σ floored at 5, so a 5-point dip is z = −1', rule: sentimentDrop, current: idx(11, 3), baseline: repeat(5, idx(12, 3)), fires: false },
  { name: 'flat baseline: a 10-point dip is z = −2 with the floor', rule: sentimentDrop, current: idx(10, 3), baseline: repeat(5, idx(12, 3)), fires: true },
  {
    name: 'absolute drop of 25 points with a lenient z',
    rule: { ...sentimentDrop, zScore: 10 },
    current: idx(7, 3),
    baseline: VARIED,
    fires: true,
  },
  { name: 'a 25-point drop under a 26-point rule with a lenient z', rule: { ...sentimentDrop, zScore: 10, absoluteDrop: 26 }, current: idx(7, 3), baseline: VARIED, fires: false },
  { name: 'big drop but baseline volume under the minimum', rule: sentimentDrop, current: idx(0, 20), baseline: repeat(5, score({ count: 5, positive: 5 })), fires: false },
  { name: 'big drop but current volume under the minimum', rule: sentimentDrop, current: score({ count: 19, negative: 19 }), baseline: VARIED, fires: false },
  // NPS < 0 with ≥ 10 answers
  { name: 'NPS −10 from 10 answers', rule: npsBelow, current: score({ count: 10, neutral: 10, npsCount: 10, promoters: 2, detractors: 3 }), fires: true },
  { name: 'NPS exactly at the threshold', rule: npsBelow, current: score({ count: 10, neutral: 10, npsCount: 10, promoters: 3, detractors: 3 }), fires: false },
  { name: 'NPS −11 from 9 answers', rule: npsBelow, current: score({ count: 30, neutral: 30, npsCount: 9, promoters: 1, detractors: 2 }), fires: false },
  // CSAT % satisfied < 62.5 with ≥ 10 answers
  { name: 'CSAT 60 % satisfied', rule: csatBelow, current: score({ count: 10, neutral: 10, csatCount: 10, csatSatisfied: 6 }), fires: true },
  { name: 'CSAT exactly 62.5 %', rule: csatBelow, current: score({ count: 16, neutral: 16, csatCount: 16, csatSatisfied: 10 }), fires: false },
  { name: 'CSAT 0 % from 9 answers', rule: csatBelow, current: score({ count: 9, neutral: 9, csatCount: 9, csatSatisfied: 0 }), fires: false },
  // CES > 5 with ≥ 10 answers
  { name: 'CES 5.1', rule: cesAbove, current: score({ count: 10, neutral: 10, cesCount: 10, cesSum: 51 }), fires: true },
  { name: 'CES exactly 5', rule: cesAbove, current: score({ count: 10, neutral: 10, cesCount: 10, cesSum: 50 }), fires: false },
  { name: 'CES 7 from 9 answers', rule: cesAbove, current: score({ count: 9, neutral: 9, cesCount: 9, cesSum: 63 }), fires: false },
  // volume ≥ 3 × baseline mean and ≥ 40
  { name: 'volume at 3× a mean of 20', rule: volumeSpike, current: items(60), baseline: repeat(4, items(20)), fires: true },
  { name: 'volume one under 3× a mean of 20', rule: volumeSpike, current: items(59), baseline: repeat(4, items(20)), fires: false },
  { name: 'volume 8× a small mean but under the minimum count', rule: volumeSpike, current: items(39), baseline: repeat(4, items(5)), fires: false },
  { name: 'volume at the minimum count over a small mean', rule: volumeSpike, current: items(40), baseline: repeat(4, items(5)), fires: true },
  { name: 'volume with too short a history', rule: volumeSpike, current: items(400), baseline: [items(1)], fires: false },
  // new interface hotspot: ≥ 5 negatives where the baseline windows had < 5
  { name: 'pair reaches 5 negatives, baseline at most 4', rule: hotspot, scope: PAIR, current: items(8, 5), baseline: [items(3), items(4, 2), items(6, 4)], fires: true },
  { name: 'pair at 4 negatives', rule: hotspot, scope: PAIR, current: items(8, 4), baseline: [items(3), items(4, 2), items(6, 3)], fires: false },
  { name: 'pair at 9 negatives but already a hotspot in the baseline', rule: hotspot, scope: PAIR, current: items(12, 9), baseline: [items(3), items(9, 5), items(6, 1)], fires: false },
  { name: 'hotspot rule on a department scope', rule: hotspot, scope: DEPT, current: items(12, 9), baseline: [], fires: false },
];

describe('assessRules', () => {
  it.each(cases)('$name → fires: $fires', ({ rule, scope, current, baseline, fires }) => {
    // Act
    const assessments = assessRules({ scope: scope ?? DEPT, granularity: 'day', window: WINDOW, current, baseline: baseline ?? [] }, [rule]);
    // Assess
    const firing = assessments.filter((a) => a.status === 'firing');
    expect(firing.map((a) => a.finding?.ruleId)).toEqual(fires ? [rule.id] : []);
  });

  it('reads only the last N baseline windows', () => {
    // Prepare: an old window with 0 items would halve the mean if it were read.
    const baseline = [items(0), items(0), items(20), items(20), items(20), items(20)];
    // Act
    const [finding] = firingFindings({ scope: DEPT, granularity: 'day', window: WINDOW, current: items(60), baseline }, [volumeSpike]);
    // Assess
    expect(finding?.baseline).toMatchObject({ windows: 4, mean: 20 });
    expect(finding?.threshold).toBe(60);
  });

  it('explains itself: numbers, window, baseline and a sentence in French and English', () => {
    // Prepare
    const baseline = repeat(5, items(40, 4));
    // Act
    const [f] = firingFindings(
      { scope: DEPT, granularity: 'day', window: new Date(WINDOW), current: items(50, 21), baseline, names: { en: 'Billing', fr: 'Facturation' } },
      [{ ...negativeShare, threshold: 0.25 }],
    );
    // Assess
    expect(f).toMatchObject({ kind: 'negative-share', value: 0.42, threshold: 0.25, volume: 50, minVolume: 20, window: WINDOW, key: alertKey('negative-share', DEPT, 'day') });
    expect(f?.baseline).toMatchObject({ windows: 5, windowsWithData: 5, volume: 200, mean: 0.1 });
    expect(f?.message.en).toBe(
      'Billing: 42% of 50 items were negative (day 2026-11-24), at or above the 25% threshold (minimum volume 20); baseline over the previous 5 days: 10%.',
    );
    expect(f?.message.fr).toContain('Facturation : 42 % des 50 avis sont négatifs (jour 2026-11-24)');
    expect(f?.message.fr).toContain('référence sur les 5 jours précédents : 10 %');
  });

  it('gives the z-score and the drop of a sentiment drop', () => {
    const [f] = firingFindings({ scope: DEPT, granularity: 'day', window: WINDOW, current: idx(10, 3), baseline: VARIED }, [sentimentDrop]);
    expect(f).toMatchObject({ value: 35, threshold: 35, zScore: -2, drop: 10 });
    expect(f?.baseline).toMatchObject({ mean: 45, stdDev: 5 });
  });

  it('says why a rule could not judge', () => {
    const [a] = assessRules({ scope: DEPT, granularity: 'day', window: WINDOW, current: items(19, 19), baseline: [] }, [negativeShare]);
    expect(a).toMatchObject({ status: 'insufficient-data', reason: '19 items, fewer than 20' });
  });
});

describe('defaultRulesFor', () => {
  const config = parseDepartmentsConfig(
    JSON.stringify({
      thresholds: { negativeShare: 0.4, minVolume: 30 },
      departments: [
        { id: 'billing', names: { en: 'Billing', fr: 'Facturation' }, thresholds: { negativeShare: 0.25, csatBelow: 3 } },
        { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' } },
      ],
    }),
  );

  it("derives a department's rules from its own thresholds", () => {
    const rules = defaultRulesFor(DEPT, 'day', config);
    expect(rules.map((r) => r.kind)).toEqual(['negative-share', 'sentiment-drop', 'nps-below', 'csat-below', 'ces-above', 'volume-spike']);
    expect(rules.find((r) => r.kind === 'negative-share')).toMatchObject({ threshold: 0.25, minVolume: 30, baselineWindows: 14 });
    expect(rules.find((r) => r.kind === 'csat-below')).toMatchObject({ threshold: 50 });
    expect(defaultRulesFor({ kind: 'dept', id: 'delivery' }, 'hour', config).find((r) => r.kind === 'negative-share')).toMatchObject({ threshold: 0.4, baselineWindows: 24 });
  });

  it('gives journeys the level, drop and spike rules and pairs the hotspot rule', () => {
    expect(defaultRulesFor({ kind: 'journey', id: 'billing' }, 'week', config).map((r) => r.kind)).toEqual(['negative-share', 'sentiment-drop', 'volume-spike']);
    expect(defaultRulesFor(PAIR, 'day', config).map((r) => r.kind)).toEqual(['interface-hotspot']);
  });

  it('maps a 1–5 CSAT average threshold onto % satisfied', () => {
    expect([csatPercentThreshold(1), csatPercentThreshold(3.5), csatPercentThreshold(5)]).toEqual([0, 62.5, 100]);
  });
});

describe('nextAlertState', () => {
  const policy: AlertPolicy = { cooldownMinutes: 60, recoveryHysteresis: 0.8, windowsToRecover: 1 };
  const T0 = new Date('2026-11-24T10:00:00Z');
  const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
  const DAY2 = '2026-11-25T00:00:00.000Z';
  const DAY3 = '2026-11-26T00:00:00.000Z';
  /** The negative-share rule's view of a window with `negative` out of 100 items. */
  const assess = (negative: number, window = WINDOW, count = 100): RuleAssessment =>
    assessRules({ scope: DEPT, granularity: 'day', window, current: items(count, negative), baseline: [] }, [negativeShare])[0]!;

  function opened(): AlertState {
    const t = nextAlertState(undefined, assess(40), T0, policy);
    expect(t.action).toBe('open');
    return t.state!;
  }

  it('opens once, with the trigger figures, version 1 and a pending notification', () => {
    const t = nextAlertState(undefined, assess(40), T0, policy);
    expect(t).toMatchObject({ action: 'open', persist: true });
    expect(t.state).toMatchObject({ status: 'open', occurrence: 1, version: 1, openedAt: T0.toISOString(), pendingNotification: 'open', lastValue: 0.4 });
    expect(t.state?.trigger).toMatchObject({ value: 0.4, threshold: 0.35, window: WINDOW });
  });

  it('stores nothing when nothing fires and there was no alert', () => {
    expect(nextAlertState(undefined, assess(34), T0, policy)).toEqual({ state: undefined, action: 'none', persist: false });
  });

  it('sends no duplicate while the alert is open', () => {
    let state = opened();
    const actions = [];
    for (let i = 1; i <= 5; i++) {
      const t = nextAlertState(state, assess(40 + i), at(i * 10), policy);
      actions.push(t.action);
      state = t.state!;
    }
    expect(actions).toEqual(repeat(5, 'none'));
    expect(state).toMatchObject({ status: 'open', occurrence: 1, openedAt: T0.toISOString(), version: 6, lastValue: 0.45 });
  });

  it('recovers only past the hysteresis level (threshold × 0.8), not just under the threshold', () => {
    const state = opened();
    // 30 % is under 35 % but above 28 %: still open.
    const inBand = nextAlertState(state, assess(30), at(10), policy);
    expect(inBand.action).toBe('none');
    expect(inBand.state?.status).toBe('open');
    // 28 % is back to normal.
    const back = nextAlertState(inBand.state, assess(28), at(20), policy);
    expect(back.action).toBe('recover');
    expect(back.state).toMatchObject({ status: 'recovered', recoveredAt: at(20).toISOString(), pendingNotification: 'recover' });
  });

  it('does not recover on data too thin to judge', () => {
    const state = opened();
    const t = nextAlertState(state, assess(0, DAY2, 3), at(10), policy);
    expect(t.action).toBe('none');
    expect(t.state?.status).toBe('open');
  });

  it('needs windowsToRecover distinct windows back to normal, reset by a window that is not', () => {
    const slow = { ...policy, windowsToRecover: 2 };
    let state = opened();
    const step = (negative: number, window: string, minutes: number) => {
      const t = nextAlertState(state, assess(negative, window), at(minutes), slow);
      state = t.state!;
      return t.action;
    };
    expect(step(10, WINDOW, 10)).toBe('none'); // 1 window normal
    expect(step(10, WINDOW, 20)).toBe('none'); // same window: still 1
    expect(step(31, DAY2, 30)).toBe('none'); // in the band: streak reset
    expect(step(10, DAY2, 40)).toBe('none'); // 1 again
    expect(step(10, DAY3, 50)).toBe('recover'); // 2 distinct windows
  });

  it('suppresses a re-open during the cooldown, and re-opens after it', () => {
    const recovered = nextAlertState(opened(), assess(10), at(10), policy).state!;
    expect(recovered.status).toBe('recovered');
    // 59 minutes after the recovery: suppressed.
    const early = nextAlertState(recovered, assess(50), at(69), policy);
    expect(early).toMatchObject({ action: 'suppressed-by-cooldown', persist: false });
    expect(early.state?.status).toBe('recovered');
    // 60 minutes after: a new alert.
    const late = nextAlertState(early.state, assess(50), at(70), policy);
    expect(late.action).toBe('open');
    expect(late.state).toMatchObject({ status: 'open', occurrence: 2, openedAt: at(70).toISOString(), recoveredAt: null, pendingNotification: 'open' });
    expect(late.state!.version).toBe(early.state!.version + 1);
  });

  it('lets a recovered alert be quiet without any action', () => {
    const recovered = nextAlertState(opened(), assess(10), at(10), policy).state!;
    expect(nextAlertState(recovered, assess(30), at(500), policy).action).toBe('none');
  });

  it('refuses a state of another key', () => {
    const other = { ...opened(), key: 'ALERT#dept#sales#day#UTC#negative-share' };
    expect(() => nextAlertState(other, assess(40), T0, policy)).toThrow(RangeError);
  });

  it('with a conditional write on version, two concurrent evaluations send one email', async () => {
    // Prepare: a store that applies the documented contract.
    const table = new Map<string, AlertState>();
    const put = async (s: AlertState) => {
      await Promise.resolve();
      const stored = table.get(s.key);
      const ok = s.version === 1 ? stored === undefined : stored?.version === s.version - 1;
      if (ok) table.set(s.key, s);
      return ok;
    };
    const sent: string[] = [];
    const evaluate = async (a: RuleAssessment, now: Date) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const prev = table.get(a.key);
        await Promise.resolve(); // both read before either writes
        const t = nextAlertState(prev, a, now, policy);
        if (!t.state) return;
        if (!(await put(t.state))) continue;
        if (t.action === 'open' || t.action === 'recover') sent.push(t.action);
        return;
      }
    };
    // Act
    await Promise.all([evaluate(assess(40), T0), evaluate(assess(45), T0)]);
    await Promise.all([evaluate(assess(5), at(5)), evaluate(assess(6), at(5))]);
    // Assess
    expect(sent).toEqual(['open', 'recover']);
  });

  it('markNotified clears the pending notification under the next version', () => {
    const s = opened();
    expect(markNotified(s, at(1))).toMatchObject({ pendingNotification: null, notifiedAt: at(1).toISOString(), version: 2 });
  });
});

describe('volume-spike on a department with no history', () => {
  it('does not call a first busy day a spike: the baseline windows are empty', () => {
    const rules = defaultRulesFor(DEPT, 'day', parseDepartmentsConfig(undefined)).filter((r) => r.kind === 'volume-spike');
    const [quiet] = assessRules({ scope: DEPT, granularity: 'day', window: WINDOW, current: items(500), baseline: repeat(14, items(0)) }, rules);
    expect(quiet!.status).toBe('insufficient-data');
    const [spike] = assessRules({ scope: DEPT, granularity: 'day', window: WINDOW, current: items(500), baseline: repeat(14, items(20)) }, rules);
    expect(spike!.status).toBe('firing');
  });
});
