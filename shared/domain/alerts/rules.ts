/**
 * Alert rules: the kinds, each rule's parameters, the default rule set of a scope from the
 * departments configuration, and the key that names one (rule, scope, series) alert.
 */
import { thresholdsFor, type DepartmentsConfig, type Thresholds } from '../departments/schema';
import { UTC, type Granularity, type Scope } from '../scores';

export const ALERT_RULE_KINDS = [
  'negative-share',
  'sentiment-drop',
  'nps-below',
  'csat-below',
  'ces-above',
  'volume-spike',
  'interface-hotspot',
  'emerging-negative-topic',
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

interface RuleBase {
  /** Unique within a scope's rule set; part of the alert key. Defaults use the kind. */
  id: string;
  /** How many previous windows the rule reads (the most recent ones of `baseline`). */
  baselineWindows: number;
}

/** Fires when negative / count ≥ threshold with count ≥ minVolume. */
export interface NegativeShareRule extends RuleBase {
  kind: 'negative-share';
  /** 0–1. */
  threshold: number;
  minVolume: number;
}

/**
 * Fires when the sentiment index falls against the trailing baseline: z ≤ −zScore (σ of the
 * baseline windows' indexes, floored at minStdDev so a flat baseline does not turn a one-point dip
 * into z = −∞), or a drop ≥ absoluteDrop points below the baseline's pooled index.
 */
export interface SentimentDropRule extends RuleBase {
  kind: 'sentiment-drop';
  zScore: number;
  minStdDev: number;
  absoluteDrop: number;
  minVolume: number;
  /** Items summed over the baseline windows. */
  minBaselineVolume: number;
  /** Baseline windows with data needed for a z-score (the absolute drop needs one). */
  minBaselineWindows: number;
}

/** NPS (−100…100) strictly below the threshold, with at least minAnswers NPS answers. */
export interface NpsBelowRule extends RuleBase {
  kind: 'nps-below';
  threshold: number;
  minAnswers: number;
}

/** CSAT (% of answers at 4–5, as Score.csat) strictly below the threshold. */
export interface CsatBelowRule extends RuleBase {
  kind: 'csat-below';
  threshold: number;
  minAnswers: number;
}

/** Mean CES (1–7) strictly above the threshold. */
export interface CesAboveRule extends RuleBase {
  kind: 'ces-above';
  threshold: number;
  minAnswers: number;
}

/** count ≥ factor × mean count of the baseline windows, and count ≥ minCount. */
export interface VolumeSpikeRule extends RuleBase {
  kind: 'volume-spike';
  factor: number;
  minCount: number;
  /** Fewer baseline windows than this (history too short) and the rule does not judge. */
  minBaselineWindows: number;
}

/** A pair scope with ≥ minNegative negative items where every baseline window had fewer. */
export interface InterfaceHotspotRule extends RuleBase {
  kind: 'interface-hotspot';
  minNegative: number;
}

/**
 * A department's negative topic emerging (shared/domain/topics/emerging.ts): assessed from the
 * topic summaries rather than the scores (see emerging-topic-rule.ts), so not in `defaultRulesFor`.
 */
export interface EmergingNegativeTopicRule extends RuleBase {
  kind: 'emerging-negative-topic';
  /** Of the topic's items in the span, the share that must be negative. */
  minNegativeShare: number;
}

export type AlertRule =
  | EmergingNegativeTopicRule
  | NegativeShareRule
  | SentimentDropRule
  | NpsBelowRule
  | CsatBelowRule
  | CesAboveRule
  | VolumeSpikeRule
  | InterfaceHotspotRule;

/** Previous windows a default rule compares with: a day, two weeks, eight weeks. */
export const DEFAULT_BASELINE_WINDOWS: Record<Granularity, number> = { hour: 24, day: 14, week: 8 };

/**
 * `departments.ts` gives csatBelow as an average on 1–5, but the aggregates only count satisfied
 * answers (4–5), so Score.csat is a % satisfied. A 1–5 threshold maps linearly onto 0–100 %
 * (3.5 → 62.5 %); a department wanting an exact % sets its own csat-below rule.
 */
export function csatPercentThreshold(averageBelow: number): number {
  return Math.round(((averageBelow - 1) / 4) * 1000) / 10;
}

/**
 * The rule set of a scope. Departments: every rule from their thresholds. Journeys: negative
 * share, sentiment drop and volume spike from the configuration's default thresholds. Pairs: the
 * interface hotspot only (their volume is a subset of two departments', already covered).
 */
export function defaultRulesFor(scope: Scope, granularity: Granularity, config: DepartmentsConfig): AlertRule[] {
  const t: Thresholds = scope.kind === 'dept' ? thresholdsFor(config, scope.id) : config.thresholds;
  const baselineWindows = DEFAULT_BASELINE_WINDOWS[granularity];
  // A score from ten answers moves ±25 NPS points with one more detractor or promoter: rating rules
  // judge from as many answers as the volume rules need items (20 by default), not half of them.
  const minAnswers = Math.max(5, t.minVolume);
  const negativeShare: NegativeShareRule = { id: 'negative-share', kind: 'negative-share', baselineWindows, threshold: t.negativeShare, minVolume: t.minVolume };
  const sentimentDrop: SentimentDropRule = {
    id: 'sentiment-drop',
    kind: 'sentiment-drop',
    baselineWindows,
    zScore: 2.5,
    minStdDev: 5,
    absoluteDrop: 25,
    minVolume: t.minVolume,
    minBaselineVolume: 2 * t.minVolume,
    minBaselineWindows: 3,
  };
  const volumeSpike: VolumeSpikeRule = {
    id: 'volume-spike',
    kind: 'volume-spike',
    baselineWindows,
    factor: 3,
    minCount: 2 * t.minVolume,
    minBaselineWindows: Math.ceil(baselineWindows / 2),
  };
  if (scope.kind === 'pair') {
    return [{ id: 'interface-hotspot', kind: 'interface-hotspot', baselineWindows, minNegative: Math.max(5, Math.ceil(t.minVolume / 4)) }];
  }
  if (scope.kind === 'journey') return [negativeShare, sentimentDrop, volumeSpike];
  return [
    negativeShare,
    sentimentDrop,
    { id: 'nps-below', kind: 'nps-below', baselineWindows, threshold: t.npsBelow, minAnswers },
    { id: 'csat-below', kind: 'csat-below', baselineWindows, threshold: csatPercentThreshold(t.csatBelow), minAnswers },
    { id: 'ces-above', kind: 'ces-above', baselineWindows, threshold: t.cesAbove, minAnswers },
    volumeSpike,
  ];
}

/** How many previous windows to read so that every rule gets its full baseline. */
export function requiredBaselineWindows(rules: readonly AlertRule[]): number {
  return Math.max(0, ...rules.map((r) => r.baselineWindows));
}

/** `ALERT#dept#billing#day#Europe/Paris#negative-share`: the one alert of a (rule, scope, series). */
export function alertKey(ruleId: string, scope: Scope, granularity: Granularity, zone: string = UTC): string {
  return `ALERT#${scope.kind}#${scope.id}#${granularity}#${zone}#${ruleId}`;
}
