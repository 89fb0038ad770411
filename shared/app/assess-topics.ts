/**
 * The emerging negative topic rule on one department's local day: its day topic summaries read
 * over the detector's reach (28 baseline days + 14 recent ones), and, when a topic emerges, the
 * department's redacted verbatims that carry it as examples.
 */
import { assessEmergingTopicRule, emergingNegativeTopics, type EmergingTopicRuleInput, type TopicExample } from '../domain/alerts/emerging-topic-rule';
import type { RuleAssessment } from '../domain/alerts/findings';
import type { Names } from '../domain/alerts/names';
import { selectDistinctVerbatims } from '../domain/alerts/verbatim-selection';
import { nextWindow, previousWindow, type Scope } from '../domain/scores';
import type { TopicKey } from '../domain/topics/contract';
import { denseSeries, EMERGING_DEFAULTS, type EmergingOptions } from '../domain/topics/emerging';
import type { Verbatim } from '../ports/stores';
import type { TopicSummaryReader } from '../ports/topics';

export interface TopicRuleSource {
  reader: TopicSummaryReader;
  /** A department's redacted verbatims between two instants, newest first, with their stored topics. */
  verbatims: (departmentId: string, from: Date, to: Date) => Promise<Verbatim[]>;
  /** The detector's settings; default EMERGING_DEFAULTS.day. */
  options?: EmergingOptions;
}

/** Examples quoted per topic. */
const EXAMPLES_PER_TOPIC = 3;

/** The local-day starts the detector reads, oldest first, `window` last. */
export function dayStartsUpTo(window: string, count: number, zone: string): string[] {
  const starts = [new Date(window).toISOString()];
  while (starts.length < count) starts.unshift(previousWindow(new Date(starts[0]!), 'day', zone).toISOString());
  return starts;
}

/** Up to three distinct verbatims per topic key, from those that carry it. */
export function examplesByTopic(verbatims: readonly Verbatim[], keys: readonly TopicKey[]): Map<TopicKey, TopicExample[]> {
  const out = new Map<TopicKey, TopicExample[]>();
  for (const key of keys) {
    const carrying = verbatims.filter((v) => v.topics?.some((t) => t.key === key));
    out.set(key, selectDistinctVerbatims(carrying, EXAMPLES_PER_TOPIC).map((v) => ({ id: v.id, text: v.text, occurredAt: v.occurredAt })));
  }
  return out;
}

/** The rule's assessment of a department's local day `window` (an ISO local-day start in `zone`). */
export async function assessTopicRule(scope: Scope & { kind: 'dept' }, window: string, zone: string, names: Names, source: TopicRuleSource): Promise<RuleAssessment> {
  const options = source.options ?? EMERGING_DEFAULTS.day;
  const starts = dayStartsUpTo(window, options.baselineWindows + options.maxSpan, zone);
  const end = nextWindow(new Date(window), 'day', zone);
  const windows = await source.reader.windows({ kind: 'dept', id: scope.id }, 'day', new Date(starts[0]!), end);
  const input: EmergingTopicRuleInput = { scope, zone, series: denseSeries(windows, starts), names, options };
  const topics = emergingNegativeTopics(input);
  let examples = new Map<TopicKey, TopicExample[]>();
  if (topics.length) {
    const since = topics.map((t) => t.since).sort()[0]!;
    examples = examplesByTopic(await source.verbatims(scope.id, new Date(since), end), topics.map((t) => t.key));
  }
  return assessEmergingTopicRule(input, examples);
}
