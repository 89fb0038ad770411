/**
 * What assessing one rule on one window yields, firing or not: the figures the rule compared,
 * a status, and when it fires a finding that explains itself. The state machine and the emails
 * read these.
 */
import type { EmergingTopic } from '../topics/contract';
import type { Names } from './names';
import type { AlertRule, AlertRuleKind } from './rules';
import type { Granularity, Scope } from '../scores';

export interface BaselineStats {
  /** Windows read (≤ rule.baselineWindows). */
  windows: number;
  /** Of those, windows with a value for the rule's metric. */
  windowsWithData: number;
  /** Items over the baseline windows. */
  volume: number;
  /** The metric over the baseline (pooled for shares and the sentiment index, mean otherwise). */
  mean: number | null;
  stdDev: number | null;
  /** Highest window value (interface hotspots: negative items). */
  max: number | null;
}

/**
 * How a rule compares: `at-least` fires at value ≥ threshold, `above` at value > threshold,
 * `below` at value < threshold, `at-most` at value ≤ threshold.
 */
export type Comparison = 'at-least' | 'above' | 'below' | 'at-most';

/** The figures a rule compared on one window: what an assessment and its finding both carry. */
export interface RuleFigures {
  key: string;
  rule: AlertRule;
  scope: Scope;
  granularity: Granularity;
  zone: string;
  /** ISO start of the window. */
  window: string;
  /** Firing threshold, in the unit of `value`. */
  threshold: number;
  comparison: Comparison;
  /** Items (or answers, for rating rules) behind the value. */
  volume: number;
  minVolume: number;
  baseline: BaselineStats;
  /** Sentiment drop only: z of the current index against the baseline, and the drop in points. */
  zScore?: number | null;
  drop?: number | null;
}

export interface Finding extends RuleFigures {
  ruleId: string;
  kind: AlertRuleKind;
  value: number;
  /** One sentence that explains the finding. */
  message: Names;
  /** Emerging negative topic only: the topics behind it, strongest first, with redacted examples. */
  topics?: EmergingTopicFinding[];
}

/** An emerging topic as an incident tells it: its test and support, and what customers wrote. */
export type EmergingTopicFinding = Omit<EmergingTopic, 'scope'> & { examples: { id: string; text: string; occurredAt: string }[] };

export type AssessmentStatus = 'firing' | 'quiet' | 'insufficient-data';

/** What one rule sees in one window, firing or not: the state machine needs both. */
export interface RuleAssessment extends RuleFigures {
  status: AssessmentStatus;
  /** The metric (null when there is no data for it). */
  value: number | null;
  /** Why the rule could not judge (insufficient-data). */
  reason?: string;
  finding?: Finding;
}
