/**
 * Alert rules assessed on a scope's window scores. Pure: no clock, no I/O. The alert function
 * reads a window and the N windows before it, `assessRules` says what each rule sees,
 * `groupIntoObservations` (incident-grouping.ts) says which incident each broken rule belongs to,
 * `nextIncident` (incident-machine.ts) turns that into open / update / recover / nothing, and the
 * incident store persists it with a conditional write on `version`.
 */
import type { Names } from './names';
import type { BaselineStats, Comparison, Finding, RuleAssessment } from './findings';
import { MODEL_CHANGED_REASON } from './model-change';
import { alertKey, type AlertRule } from './rules';
import { describeFinding } from './wording';
import { scoreOf, UTC, type Counters, type Granularity, type Score, type Scope } from '../scores';

/** Answers behind NPS, CSAT and CES (Score has the means, not how many answers made them). */
export interface RatingAnswers {
  nps: number;
  csat: number;
  ces: number;
}

/** A window's score as rules read it; `answers` lets the rating rules check their minimum. */
export type RuleScore = Score & { answers?: RatingAnswers };

/** The score of one aggregate row with its answer counts: what the alert function should pass. */
export function ruleScoreOf(counters: Counters): RuleScore {
  return { ...scoreOf(counters), answers: { nps: counters.npsCount, csat: counters.csatCount, ces: counters.cesCount } };
}

export interface RuleInput {
  scope: Scope;
  granularity: Granularity;
  /** Start of the evaluated window (ISO instant or Date). */
  window: string | Date;
  /** Zone of the series (for labels and the alert key). Default UTC. */
  zone?: string;
  current: RuleScore;
  /** Previous windows, oldest first; windows without items must be present as empty scores. */
  baseline: readonly RuleScore[];
  /** Display names for the sentences; default the scope id. */
  names?: Names;
  /**
   * The current window was scored by a sentiment model its baseline was not (see
   * `sentimentComparable` in model-change.ts): the rules that read sentiment cannot judge.
   */
  sentimentModelChanged?: boolean;
}

/** The rules whose figures are sentiment labels, which a new model moves for every item. */
const SENTIMENT_RULE_KINDS: ReadonlySet<AlertRule['kind']> = new Set(['negative-share', 'sentiment-drop', 'interface-hotspot']);

/** Float tolerance when a value is compared with a threshold (firing here, recovering in state.ts). */
export const EPSILON = 1e-9;

function sampleStdDev(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

function statsOf(windows: readonly RuleScore[], metric: (s: RuleScore) => number | null, pooled?: number | null): BaselineStats {
  const values = windows.map(metric).filter((v): v is number => v !== null);
  return {
    windows: windows.length,
    windowsWithData: values.length,
    volume: windows.reduce((s, w) => s + w.count, 0),
    mean: pooled !== undefined ? pooled : values.length ? values.reduce((s, v) => s + v, 0) / values.length : null,
    stdDev: sampleStdDev(values),
    max: values.length ? Math.max(...values) : null,
  };
}

function sumOf(windows: readonly RuleScore[], field: 'count' | 'positive' | 'negative'): number {
  return windows.reduce((s, w) => s + w[field], 0);
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

function fires(value: number, threshold: number, comparison: Comparison): boolean {
  switch (comparison) {
    case 'at-least':
      return value >= threshold - EPSILON;
    case 'above':
      return value > threshold + EPSILON;
    case 'below':
      return value < threshold - EPSILON;
    case 'at-most':
      return value <= threshold + EPSILON;
  }
}

type Measure = Omit<RuleAssessment, 'key' | 'rule' | 'scope' | 'granularity' | 'zone' | 'window' | 'status' | 'finding'> & {
  insufficient?: string;
  /** Past the threshold but not news (a hotspot already in the baseline): quiet, with this reason. */
  notNew?: string;
};

function measure(rule: AlertRule, input: RuleInput, baseline: readonly RuleScore[]): Measure | undefined {
  const c = input.current;
  switch (rule.kind) {
    case 'negative-share': {
      const count = sumOf(baseline, 'count');
      const stats = statsOf(baseline, (s) => s.negativeShare, count ? round(sumOf(baseline, 'negative') / count) : null);
      const value = c.count ? c.negative / c.count : null;
      const insufficient = c.count < rule.minVolume ? `${c.count} items, fewer than ${rule.minVolume}` : undefined;
      return { value, threshold: rule.threshold, comparison: 'at-least', volume: c.count, minVolume: rule.minVolume, baseline: stats, insufficient };
    }
    case 'sentiment-drop': {
      const count = sumOf(baseline, 'count');
      const pooled = count ? round(((sumOf(baseline, 'positive') - sumOf(baseline, 'negative')) / count) * 100, 2) : null;
      const stats = statsOf(baseline, (s) => (s.count ? s.sentimentIndex : null), pooled);
      const value = c.count ? ((c.positive - c.negative) / c.count) * 100 : null;
      let insufficient: string | undefined;
      if (c.count < rule.minVolume) insufficient = `${c.count} items, fewer than ${rule.minVolume}`;
      else if (stats.volume < rule.minBaselineVolume) insufficient = `baseline of ${stats.volume} items, fewer than ${rule.minBaselineVolume}`;
      const mean = stats.mean;
      if (mean === null || value === null) {
        return { value, threshold: 0, comparison: 'at-most', volume: c.count, minVolume: rule.minVolume, baseline: stats, insufficient: insufficient ?? 'no baseline', zScore: null, drop: null };
      }
      const sd = stats.windowsWithData >= rule.minBaselineWindows && stats.stdDev !== null ? Math.max(stats.stdDev, rule.minStdDev) : null;
      // Either condition fires: z ≤ −k ⟺ index ≤ mean − k·σ; drop ≥ d ⟺ index ≤ mean − d.
      const threshold = round(sd === null ? mean - rule.absoluteDrop : Math.max(mean - rule.zScore * sd, mean - rule.absoluteDrop), 2);
      return {
        value,
        threshold,
        comparison: 'at-most',
        volume: c.count,
        minVolume: rule.minVolume,
        baseline: { ...stats, stdDev: sd },
        zScore: sd === null ? null : round((value - mean) / sd, 2),
        drop: round(mean - value, 2),
        insufficient,
      };
    }
    case 'nps-below':
    case 'csat-below':
    case 'ces-above': {
      const metric = rule.kind === 'nps-below' ? 'nps' : rule.kind === 'csat-below' ? 'csat' : 'ces';
      // Without answer counts the item count is the best bound we have (see ruleScoreOf).
      const answers = c.answers?.[metric] ?? c.count;
      const value = c[metric];
      const stats = statsOf(baseline, (s) => s[metric]);
      const insufficient =
        value === null ? `no ${metric.toUpperCase()} answers` : answers < rule.minAnswers ? `${answers} ${metric.toUpperCase()} answers, fewer than ${rule.minAnswers}` : undefined;
      const comparison = rule.kind === 'ces-above' ? 'above' : 'below';
      return { value, threshold: rule.threshold, comparison, volume: answers, minVolume: rule.minAnswers, baseline: stats, insufficient };
    }
    case 'volume-spike': {
      const stats = statsOf(baseline, (s) => s.count);
      const mean = stats.mean ?? 0;
      const threshold = round(Math.max(rule.factor * mean, rule.minCount), 2);
      // A spike is relative to a known normal: a department's first busy day is not one.
      const busy = baseline.filter((w) => w.count > 0).length;
      const insufficient = busy < rule.minBaselineWindows ? `${busy} baseline windows with feedback, fewer than ${rule.minBaselineWindows}` : undefined;
      return { value: c.count, threshold, comparison: 'at-least', volume: c.count, minVolume: rule.minCount, baseline: stats, insufficient };
    }
    case 'emerging-negative-topic':
      // Read from the topic summaries, not the scores: emerging-topic-rule.ts.
      return undefined;
    case 'interface-hotspot': {
      if (input.scope.kind !== 'pair') return undefined;
      const stats = statsOf(baseline, (s) => s.negative);
      const max = stats.max ?? 0;
      // Not new: the pair already was a hotspot in the baseline. Judged, but it does not fire.
      const notNew = max >= rule.minNegative ? `already ${max} negative items in a baseline window` : undefined;
      return { value: c.negative, threshold: rule.minNegative, comparison: 'at-least', volume: c.count, minVolume: rule.minNegative, baseline: stats, notNew };
    }
  }
}

/** Every applicable rule's view of the window: firing, quiet, or unable to judge (and why). */
export function assessRules(input: RuleInput, rules: readonly AlertRule[]): RuleAssessment[] {
  const zone = input.zone ?? UTC;
  const window = typeof input.window === 'string' ? new Date(input.window).toISOString() : input.window.toISOString();
  const out: RuleAssessment[] = [];
  for (const rule of rules) {
    const baseline = input.baseline.slice(Math.max(0, input.baseline.length - rule.baselineWindows));
    const m = measure(rule, input, baseline);
    if (!m) continue;
    const { insufficient: tooLittle, notNew, ...figures } = m;
    const insufficient = tooLittle ?? (input.sentimentModelChanged && SENTIMENT_RULE_KINDS.has(rule.kind) ? MODEL_CHANGED_REASON : undefined);
    const assessment: RuleAssessment = {
      key: alertKey(rule.id, input.scope, input.granularity, zone),
      rule,
      scope: input.scope,
      granularity: input.granularity,
      zone,
      window,
      ...figures,
      value: figures.value === null ? null : round(figures.value),
      status: 'quiet',
      ...(insufficient ? { reason: insufficient } : notNew ? { reason: notNew } : {}),
    };
    if (insufficient || assessment.value === null) assessment.status = 'insufficient-data';
    else if (notNew) assessment.status = 'quiet';
    else if (fires(assessment.value, assessment.threshold, assessment.comparison)) {
      assessment.status = 'firing';
      const { status: _status, reason: _reason, finding: _finding, ...rest } = assessment;
      const finding: Finding = { ...rest, ruleId: rule.id, kind: rule.kind, value: assessment.value, message: { en: '', fr: '' } };
      finding.message = { en: describeFinding(finding, 'en', input.names), fr: describeFinding(finding, 'fr', input.names) };
      assessment.finding = finding;
    }
    out.push(assessment);
  }
  return out;
}
