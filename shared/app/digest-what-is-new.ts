/**
 * The digest's "What is new" / "Ce qui est nouveau" section: per department, the topics that
 * emerged during the week (what-is-new.ts), each with its phrase, support, negative share, why it
 * is new (absent before, or how its share rose) and one redacted example. Read here, rendered
 * here; digest-email.ts places the section and weekly-digest.ts asks for the data.
 */
import { scopeNames } from '../domain/alerts/names';
import { selectDistinctVerbatims } from '../domain/alerts/verbatim-selection';
import { formatNumber, formatShare, quotedPhrase, windowLabel, type Lang } from '../domain/alerts/wording';
import type { DepartmentsConfig } from '../domain/departments/schema';
import { redactPii } from '../domain/redaction/redact-pii';
import { nextWindow } from '../domain/scores';
import { denseSeries, EMERGING_DEFAULTS } from '../domain/topics/emerging';
import { emergingOfWeek, type DepartmentWhatIsNew } from '../domain/topics/what-is-new';
import type { TopicRuleSource } from './assess-topics';
import { dayStartsUpTo } from './assess-topics';
import { MAX_NAME_CHARS } from './email-layout';
import { plainText } from './hostile-text';

const MAX_EXAMPLE_CHARS = 240;
const MAX_PHRASE_CHARS = 80;

/** The week's emerging topics of every department (those with none are left out). */
export async function whatIsNewOf(weekStart: Date, zone: string, departments: DepartmentsConfig, source: TopicRuleSource): Promise<DepartmentWhatIsNew[]> {
  const options = source.options ?? EMERGING_DEFAULTS.day;
  const weekEnd = nextWindow(weekStart, 'week', zone);
  const lastDay = dayStartsUpTo(new Date(weekEnd.getTime() - 1).toISOString(), 1, zone)[0]!;
  const days = dayStartsUpTo(lastDay, 7 + options.baselineWindows + options.maxSpan, zone);
  // Daylight-saving weeks still have 7 local days: the week's own are those from weekStart on.
  const weekDays = days.filter((d) => d >= weekStart.toISOString()).length;
  const out: DepartmentWhatIsNew[] = [];
  for (const d of departments.departments) {
    const scope = { kind: 'dept' as const, id: d.id };
    const windows = await source.reader.windows(scope, 'day', new Date(days[0]!), weekEnd);
    const flags = emergingOfWeek(denseSeries(windows, days), weekDays, scope, options);
    if (flags.length === 0) continue;
    const since = flags.map((f) => f.since ?? f.window).sort()[0]!;
    const verbatims = await source.verbatims(d.id, new Date(since), weekEnd);
    const topics = flags.map((f) => {
      const [example] = selectDistinctVerbatims(verbatims.filter((v) => v.topics?.some((t) => t.key === f.key)), 1);
      return { ...f, example: example ? { id: example.id, text: example.text, occurredAt: example.occurredAt } : null };
    });
    out.push({ id: d.id, names: scopeNames(scope, departments), topics });
  }
  return out;
}

/** A digest section: what digest-email.ts renders (title, intro, one line per topic). */
export interface WhatIsNewSection {
  title: string;
  intro?: string;
  lines?: string[];
}

/** The section, or nothing when topics are not read (no summaries wired). */
export function whatIsNewSections(whatIsNew: readonly DepartmentWhatIsNew[] | undefined, lang: Lang, zone: string): WhatIsNewSection[] {
  if (!whatIsNew) return [];
  const fr = lang === 'fr';
  const title = fr ? 'Ce qui est nouveau' : 'What is new';
  if (whatIsNew.length === 0) return [{ title, intro: fr ? 'Aucun sujet émergent cette semaine.' : 'No emerging topic this week.' }];
  const o = EMERGING_DEFAULTS.day;
  const test = `-log10 p ≥ ${formatNumber(o.threshold, lang)}`;
  return [
    {
      title,
      intro: fr
        ? `Sujets nettement plus fréquents que sur les ${o.baselineWindows} jours précédents (test binomial conditionnel, ${test}, au moins ${o.minSupport} avis), par département.`
        : `Topics far more frequent than over the previous ${o.baselineWindows} days (conditional binomial test, ${test}, at least ${o.minSupport} items), by department.`,
      lines: whatIsNew.flatMap((d) => d.topics.map((t) => topicLine(plainText(d.names[lang], MAX_NAME_CHARS), t, lang, zone))),
    },
  ];
}

function topicLine(department: string, t: DepartmentWhatIsNew['topics'][number], lang: Lang, zone: string): string {
  const fr = lang === 'fr';
  const sep = fr ? ' : ' : ': ';
  const phrase = quotedPhrase(plainText(t.phrase, MAX_PHRASE_CHARS), lang);
  const since = windowLabel(t.since ?? t.window, 'day', zone, lang);
  const why =
    t.reason === 'new'
      ? fr
        ? 'nouveau'
        : 'new'
      : fr
        ? `${formatShare(t.baselineShare, lang)} avant`
        : `${formatShare(t.baselineShare, lang)} before`;
  const figures = fr
    ? `${t.support} avis (${formatShare(t.share, lang)}) depuis le ${since}, ${formatShare(t.negativeShare, lang)} négatifs, ${why}, -log10 p = ${formatNumber(t.statistic, lang)}`
    : `${t.support} items (${formatShare(t.share, lang)}) since ${since}, ${formatShare(t.negativeShare, lang)} negative, ${why}, -log10 p = ${formatNumber(t.statistic, lang)}`;
  // Stored text is redacted already; once more costs little and covers any other writer.
  const example = t.example ? ` — ${fr ? '« ' : '“'}${plainText(redactPii(t.example.text).text, MAX_EXAMPLE_CHARS)}${fr ? ' »' : '”'}` : '';
  return `${department}${sep}${phrase}, ${figures}${example}`;
}
