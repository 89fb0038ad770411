/**
 * The topics bench's emerging figures, from the summaries the pipeline stored: each department's
 * day series is run through the emerging-topic detector as it would have stood at the end of
 * every local day, and each flag is sorted into the injected theme's (a detection) or a false one.
 */
import { windowStart } from '../../../shared/domain/scores';
import type { TopicKey, TopicScope, TopicWindow } from '../../../shared/domain/topics/contract';
import { denseSeries, detectEmerging, EMERGING_DEFAULTS, EMERGING_TEST, type EmergingOptions } from '../../../shared/domain/topics/emerging';
import { extractTopics } from '../../../shared/domain/topics/phrases';
import type { TopicSummaryReader } from '../../../shared/ports/topics';
import { addDays, dayInjectedCountReaches, type TopicStream } from './stream';
import { DEPARTMENT_THEMES, DETAILS, INJECTED_THEME, OPENERS, SIGN_OFFS, UNASSIGNED_THEMES } from './stream-texts';

export interface EmergingFlag {
  department: string;
  day: string;
  key: TopicKey;
  phrase: string;
  statistic: number;
  support: number;
}

export interface EmergingFigures {
  test: string;
  threshold: number;
  minSupport: number;
  minRatio: number;
  baselineDays: number;
  /** Longest recent span tested, in days. */
  maxSpanDays: number;
  injectionDay: string;
  /** The local day the injected items since injection reach 15: the target. */
  targetDay: string | undefined;
  /** The first local day a key of the injected theme is flagged in the injected department. */
  firstFlaggedDay: string | undefined;
  firstFlag?: EmergingFlag;
  /** Injected items counted from the injection day to the first flag, inclusive. */
  injectedByFirstFlag: number;
  /** Flags on the stable part (any department, any key the injection did not make), distinct per department, week and key. */
  falseFlags: EmergingFlag[];
  departmentWeeks: number;
  falseFlagsPerDepartmentWeek: number;
  /** Flags of the theme's keys in other departments (its items also name them). */
  spillover: EmergingFlag[];
}

/** The keys the generator's texts produce, each sentence alone (as the extractor sees a clause). */
function keysOf(sentences: Iterable<[string, 'fr' | 'en']>): Set<TopicKey> {
  const keys = new Set<TopicKey>();
  for (const [text, lang] of sentences) for (const t of extractTopics(text, lang)) keys.add(t.key);
  return keys;
}

const sentencesOf = (themes: { fr: string[]; en: string[] }[]) => themes.flatMap((t) => [...t.fr.map((s) => [s, 'fr'] as [string, 'fr']), ...t.en.map((s) => [s, 'en'] as [string, 'en'])]);

/** The injected theme's keys, and those of them no stable text has: what only the injection can make rise. */
export function injectedKeys(): { all: Set<TopicKey>; distinctive: Set<TopicKey> } {
  const all = keysOf(sentencesOf([INJECTED_THEME]));
  const stable = keysOf(sentencesOf([...Object.values(DEPARTMENT_THEMES).flat(), ...UNASSIGNED_THEMES, { fr: [...OPENERS.fr, ...DETAILS.fr, ...SIGN_OFFS.fr], en: [...OPENERS.en, ...DETAILS.en, ...SIGN_OFFS.en] }]));
  return { all, distinctive: new Set([...all].filter((k) => !stable.has(k))) };
}

const weekOf = (days: readonly string[], day: string) => Math.floor(days.indexOf(day) / 7);
const wordsOf = (key: TopicKey) => key.split(' ');
const nests = (a: TopicKey, b: TopicKey) => wordsOf(a).every((w) => wordsOf(b).includes(w)) || wordsOf(b).every((w) => wordsOf(a).includes(w));

/** What a detector flags in the last window of a department's day series. */
export type DayDetector = (series: readonly TopicWindow[], scope: TopicScope) => Omit<EmergingFlag, 'department' | 'day'>[];

export const NAIVE_RULE = { days: 7, ratio: 2, minCount: 5 };

/**
 * The baseline a person might write without a test: a topic counted at least `minCount` times in
 * the last 7 days and at least twice as often as in the 7 days before. Summary counts as they are.
 */
export const naiveWeekOverWeek: DayDetector = (series) => {
  const sum = (windows: readonly TopicWindow[]) => {
    const counts = new Map<TopicKey, { count: number; phrase: string }>();
    for (const w of windows) for (const e of w.entries) counts.set(e.key, { count: (counts.get(e.key)?.count ?? 0) + e.count, phrase: e.phrase });
    return counts;
  };
  const recent = sum(series.slice(-NAIVE_RULE.days));
  const before = sum(series.slice(-2 * NAIVE_RULE.days, -NAIVE_RULE.days));
  return [...recent]
    .filter(([key, r]) => r.count >= NAIVE_RULE.minCount && r.count >= NAIVE_RULE.ratio * (before.get(key)?.count ?? 0))
    .map(([key, r]) => ({ key, phrase: r.phrase, statistic: Math.round((r.count / Math.max(1, before.get(key)?.count ?? 0)) * 100) / 100, support: r.count }));
};

/**
 * Runs the detector at the end of each local day of the stream for every department, on day
 * windows read back from the summaries (one read per department, sliced per day).
 */
export async function emergingFigures(
  stream: TopicStream,
  reader: TopicSummaryReader,
  departments: readonly string[],
  options: EmergingOptions = EMERGING_DEFAULTS.day,
  detector: DayDetector = (series, scope) => detectEmerging(series, scope, options),
): Promise<EmergingFigures> {
  const starts = stream.days.map((d) => windowStart(new Date(`${d}T12:00:00Z`), 'day', stream.zone).toISOString());
  const from = new Date(starts[0]!);
  const to = new Date(windowStart(new Date(`${addDays(stream.days.at(-1)!, 1)}T12:00:00Z`), 'day', stream.zone));
  const keys = injectedKeys();
  const flags: EmergingFlag[] = [];
  for (const department of departments) {
    const scope = { kind: 'dept', id: department } as const;
    const series: TopicWindow[] = denseSeries(await reader.windows(scope, 'day', from, to), starts);
    stream.days.forEach((day, i) => {
      const upTo = series.slice(Math.max(0, i + 1 - options.baselineWindows - options.maxSpan), i + 1);
      for (const e of detector(upTo, scope)) flags.push({ department, day, ...e });
    });
  }
  const injection = stream.injection;
  const isTheme = (f: EmergingFlag) => f.day >= injection.day && keys.all.has(f.key);
  const detections = flags.filter((f) => isTheme(f) && f.department === injection.department && keys.distinctive.has(f.key)).sort((a, b) => a.day.localeCompare(b.day) || b.statistic - a.statistic);
  const firstFlag = detections[0];
  // One false flag per department, week and theme: a topic flagged on several days of a week, or
  // with the phrases it is part of ("vendeur", "vendeur insist"), is one finding.
  const falseByWeek = new Map<string, EmergingFlag[]>();
  for (const f of flags.filter((x) => !isTheme(x))) {
    const id = `${f.department}|${weekOf(stream.days, f.day)}`;
    const found = falseByWeek.get(id) ?? [];
    if (!found.some((o) => nests(o.key, f.key))) found.push(f);
    falseByWeek.set(id, found);
  }
  // Department-weeks the detector can judge: from the first day with a minimum baseline.
  const judged = stream.days.slice(options.minBaselineWindows);
  const departmentWeeks = (departments.length * judged.length) / 7;
  const falseFlags = [...falseByWeek.values()].flat();
  return {
    test: EMERGING_TEST,
    threshold: options.threshold,
    minSupport: options.minSupport,
    minRatio: options.minRatio,
    baselineDays: options.baselineWindows,
    maxSpanDays: options.maxSpan,
    injectionDay: injection.day,
    targetDay: dayInjectedCountReaches(stream, 15),
    firstFlaggedDay: firstFlag?.day,
    ...(firstFlag ? { firstFlag } : {}),
    injectedByFirstFlag: firstFlag ? stream.items.filter((x) => x.truth.injected && x.truth.day <= firstFlag.day).length : 0,
    falseFlags,
    departmentWeeks: Math.round(departmentWeeks * 10) / 10,
    falseFlagsPerDepartmentWeek: Math.round((falseFlags.length / departmentWeeks) * 1000) / 1000,
    spillover: flags.filter((f) => isTheme(f) && f.department !== injection.department),
  };
}
