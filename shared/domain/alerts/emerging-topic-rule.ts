/**
 * The emerging negative topic rule: a department's local day breaks it when one of its topics
 * emerges (shared/domain/topics/emerging.ts: significant against the 28 days before, with enough
 * support) and most of that topic's items are negative. It is one more rule of the incident
 * model: it joins the department's other broken rules in ONE incident, and recovers like them
 * (no negative topic's statistic above threshold × hysteresis, state.ts). Pure: the caller reads
 * the topic windows and the examples.
 *
 * Its value is −log10 p of the strongest negative topic, its threshold the detector's; its finding
 * names the topics, each with its test, support and redacted examples.
 *
 * Recovery needs the topic to have calmed down, not to have left the detector's 14-day reach: a
 * topic fires only while it still has items in the last RECENT_DAYS days, and a quiet day's value
 * is the strongest negative topic's statistic over spans of at most RECENT_DAYS days. So three
 * days without the topic (or with it back near its baseline share) recover the incident, while a
 * topic that goes on at the same pace keeps firing until the 28-day baseline has absorbed it.
 */
import type { TopicKey, TopicWindow } from '../topics/contract';
import { collapseNested, EMERGING_DEFAULTS, emergingOf, testTopics, type EmergingOptions, type TopicTest } from '../topics/emerging';
import type { Scope } from '../scores';
import type { EmergingTopicFinding, Finding, RuleAssessment } from './findings';
import type { Names } from './names';
import { alertKey, type EmergingNegativeTopicRule } from './rules';
import { describeFinding } from './wording';

export const EMERGING_TOPIC_RULE: EmergingNegativeTopicRule = {
  id: 'emerging-negative-topic',
  kind: 'emerging-negative-topic',
  baselineWindows: EMERGING_DEFAULTS.day.baselineWindows,
  minNegativeShare: 0.5,
};

/** Recent days a firing topic must still have items in, and the quiet value is judged over. */
export const RECENT_DAYS = 3;

/** Topics an incident names at most (strongest first). */
export const MAX_INCIDENT_TOPICS = 3;

export type TopicExample = EmergingTopicFinding['examples'][number];

export interface EmergingTopicRuleInput {
  /** A department. */
  scope: Scope;
  zone: string;
  /** Day windows, one per local day, oldest first, the assessed one last (see denseSeries). */
  series: readonly TopicWindow[];
  names?: Names;
  options?: EmergingOptions;
}

const optionsOf = (input: Pick<EmergingTopicRuleInput, 'options'>) => input.options ?? EMERGING_DEFAULTS.day;

function negativeTests(input: EmergingTopicRuleInput, rule: EmergingNegativeTopicRule, maxSpan?: number): TopicTest[] {
  const options = optionsOf(input);
  return testTopics(input.series, { ...options, maxSpan: maxSpan ?? options.maxSpan }).filter((t) => t.negativeShare >= rule.minNegativeShare);
}

/** Negative topics over the last RECENT_DAYS days: which are still active, and how strongly. */
function recentTests(input: EmergingTopicRuleInput, rule: EmergingNegativeTopicRule): TopicTest[] {
  return negativeTests(input, rule, Math.min(RECENT_DAYS, optionsOf(input).maxSpan));
}

/** The negative topics flagged in the assessed window and still active, one per theme, strongest first: the ones that need examples. */
export function emergingNegativeTopics(input: EmergingTopicRuleInput, rule: EmergingNegativeTopicRule = EMERGING_TOPIC_RULE): TopicTest[] {
  const active = new Set(recentTests(input, rule).map((t) => t.key));
  return collapseNested(negativeTests(input, rule).filter((t) => t.flagged && active.has(t.key))).slice(0, MAX_INCIDENT_TOPICS);
}

/**
 * What the rule sees in the assessed window: firing with its topics and their examples (from
 * `examples`, by topic key), quiet with the strongest negative topic's statistic, or unable to
 * judge when the department has fewer baseline days with items than the detector needs.
 */
export function assessEmergingTopicRule(
  input: EmergingTopicRuleInput,
  examples: ReadonlyMap<TopicKey, readonly TopicExample[]>,
  rule: EmergingNegativeTopicRule = EMERGING_TOPIC_RULE,
): RuleAssessment {
  const options = optionsOf(input);
  const last = input.series.at(-1);
  const window = last ? new Date(last.window).toISOString() : '';
  const baseline = input.series.slice(Math.max(0, input.series.length - 1 - options.baselineWindows), -1);
  const flagged = emergingNegativeTopics(input, rule);
  const top = flagged[0] ?? recentTests(input, rule)[0];
  const withData = baseline.filter((w) => w.items > 0).length;
  const assessment: RuleAssessment = {
    key: alertKey(rule.id, input.scope, 'day', input.zone),
    rule,
    scope: input.scope,
    granularity: 'day',
    zone: input.zone,
    window,
    threshold: options.threshold,
    comparison: 'at-least',
    volume: top?.support ?? 0,
    minVolume: options.minSupport,
    // The baseline is per topic (in each topic's figures): no one mean stands for it.
    baseline: { windows: baseline.length, windowsWithData: withData, volume: baseline.reduce((s, w) => s + w.items, 0), mean: null, stdDev: null, max: null },
    status: 'quiet',
    value: top ? top.statistic : 0,
  };
  if (withData < options.minBaselineWindows) {
    return { ...assessment, status: 'insufficient-data', reason: `${withData} baseline days with items, fewer than ${options.minBaselineWindows}` };
  }
  if (flagged.length === 0) return assessment;
  const topics: EmergingTopicFinding[] = flagged.map((t) => {
    const { scope: _scope, ...flag } = emergingOf(t, { kind: 'dept', id: input.scope.id }, window, options);
    return { ...flag, examples: [...(examples.get(t.key) ?? [])] };
  });
  const { status: _s, ...rest } = assessment;
  const finding: Finding = { ...rest, ruleId: rule.id, kind: rule.kind, value: flagged[0]!.statistic, topics, message: { en: '', fr: '' } };
  finding.message = { en: describeFinding(finding, 'en', input.names), fr: describeFinding(finding, 'fr', input.names) };
  return { ...assessment, value: finding.value, volume: flagged[0]!.support, status: 'firing', finding };
}
