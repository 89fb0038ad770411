/**
 * How bad an incident is, from its broken rules: how many, and how far past their thresholds.
 *
 * A rule's *excess* is the distance past its threshold in units of the rule's scale, so that rules
 * of different units compare: shares, counts and negative items use the threshold itself as the
 * scale (a negative share of 70 % against 35 % is one scale past, excess 1); the sentiment index
 * 25 points (a quarter of its −100…100 range, the default absolute drop); NPS 50 points, CSAT 25
 * points, CES 1.5 (a quarter of each range).
 *
 * Levels: `critical` when three or more rules are broken or one is a full scale past its
 * threshold; `major` when two are broken or one is half a scale past; `minor` otherwise.
 */
import type { Finding } from './findings';
import type { AlertRuleKind } from './rules';
import type { Severity } from './incident';

const SCALE: Record<AlertRuleKind, ((threshold: number) => number) | number> = {
  'negative-share': (t) => t,
  'volume-spike': (t) => t,
  'interface-hotspot': (t) => t,
  'sentiment-drop': 25,
  'nps-below': 50,
  'csat-below': 25,
  'ces-above': 1.5,
  // −log10 p: ten orders of magnitude past the threshold is a full scale.
  'emerging-negative-topic': 10,
};

/** Which way each kind breaks: up past its threshold, or down below it. */
const BREAKS_UPWARD: Record<AlertRuleKind, boolean> = {
  'negative-share': true,
  'volume-spike': true,
  'interface-hotspot': true,
  'ces-above': true,
  'sentiment-drop': false,
  'nps-below': false,
  'csat-below': false,
  'emerging-negative-topic': true,
};

/** Past the threshold in units of the rule's scale: 0 at the threshold, never negative. */
export function excessOf(f: Pick<Finding, 'kind' | 'value' | 'threshold'>): number {
  const s = SCALE[f.kind];
  const scale = Math.max(typeof s === 'number' ? s : s(Math.abs(f.threshold)), 1e-9);
  const past = BREAKS_UPWARD[f.kind] ? f.value - f.threshold : f.threshold - f.value;
  return Math.max(0, Math.round((past / scale) * 1000) / 1000);
}

/** The level of a set of broken rules (see the file comment); `minor` for one barely past. */
export function severityOf(broken: readonly { excess: number }[]): Severity {
  const worst = Math.max(0, ...broken.map((r) => r.excess));
  if (broken.length >= 3 || worst >= 1) return 'critical';
  if (broken.length >= 2 || worst >= 0.5) return 'major';
  return 'minor';
}
