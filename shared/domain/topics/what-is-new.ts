/**
 * "What is new" for the weekly digest: the topics of a department that emerged on any day of the
 * week (the day detector of emerging.ts run on each day, as the incident rule sees it), each once
 * with its strongest flag, one per theme, strongest first. Pure: the digest reads the day windows
 * and the examples.
 */
import type { EmergingTopic, TopicScope, TopicWindow } from './contract';
import { collapseNested, emergingOf, EMERGING_DEFAULTS, testTopics, type EmergingOptions, type TopicTest } from './emerging';
import type { Names } from '../alerts/names';

/** Topics a department lists at most. */
export const MAX_NEW_TOPICS = 5;

/** One emerging topic of the week as the digest shows it: its strongest flag and one redacted example. */
export interface NewTopic extends EmergingTopic {
  example: { id: string; text: string; occurredAt: string } | null;
}

export interface DepartmentWhatIsNew {
  id: string;
  names: Names;
  topics: NewTopic[];
}

/**
 * The week's emerging topics of one scope. `series` holds one window per local day, oldest first,
 * ending with the week's last day (see denseSeries), and reaches `options.baselineWindows +
 * options.maxSpan` days before the week so its first day is judged like the others.
 */
export function emergingOfWeek(series: readonly TopicWindow[], weekDays: number, scope: TopicScope, options: EmergingOptions = EMERGING_DEFAULTS.day): EmergingTopic[] {
  const best = new Map<string, { test: TopicTest; window: string }>();
  for (let end = Math.max(1, series.length - weekDays + 1); end <= series.length; end++) {
    const upTo = series.slice(0, end);
    for (const t of testTopics(upTo, options)) {
      if (!t.flagged) continue;
      const prev = best.get(t.key);
      if (!prev || t.statistic > prev.test.statistic) best.set(t.key, { test: t, window: upTo.at(-1)!.window });
    }
  }
  const windowOf = new Map([...best.values()].map((b) => [b.test.key, b.window]));
  return collapseNested([...best.values()].map((b) => b.test))
    .slice(0, MAX_NEW_TOPICS)
    .map((t) => emergingOf(t, scope, windowOf.get(t.key)!, options));
}
