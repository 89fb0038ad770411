/**
 * How alerts are worded, in French and English: number, share and percent formats, window
 * labels, a metric as a subject reads it, and the sentence that explains a finding.
 */
import type { EmergingTopicFinding, Finding } from './findings';
import type { Names } from './names';
import type { AlertRuleKind } from './rules';
import { UTC, type Granularity } from '../scores';

export type Lang = 'en' | 'fr';

/** `12.5` / `12,5`, at most `digits` decimals, ASCII minus. */
export function formatNumber(value: number, lang: Lang, digits = 1): string {
  const text = String(Number(value.toFixed(digits)));
  return lang === 'fr' ? text.replace('.', ',') : text;
}

/** A share (0–1) as a percentage: `42%` / `42 %`. */
export function formatShare(share: number, lang: Lang): string {
  return formatPercent(share * 100, lang);
}

export function formatPercent(percent: number, lang: Lang): string {
  return `${formatNumber(percent, lang)}${lang === 'fr' ? ' %' : '%'}`;
}

/** The date (YYYY-MM-DD) and time (HH:mm, 24 h) the wall clock of `zone` shows at `iso`. */
export function localParts(iso: string, zone: string): { date: string; time: string } {
  const parts: Record<string, string> = {};
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  for (const p of f.formatToParts(new Date(iso))) parts[p.type] = p.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** `day 2026-11-24`, `hour 2026-11-24 14:00`, `week of 2026-11-23` (FR: jour, heure, semaine du), in the zone. */
export function windowLabel(window: string, granularity: Granularity, zone: string, lang: Lang): string {
  const { date, time } = localParts(window, zone);
  const utc = zone === UTC ? ' UTC' : '';
  if (granularity === 'hour') return `${lang === 'fr' ? 'heure' : 'hour'} ${date} ${time}${utc}`;
  if (granularity === 'day') return `${lang === 'fr' ? 'jour' : 'day'} ${date}`;
  return `${lang === 'fr' ? 'semaine du' : 'week of'} ${date}`;
}

function windowsPhrase(n: number, granularity: Granularity, lang: Lang): string {
  const en = { hour: 'hours', day: 'days', week: 'weeks' }[granularity];
  const fr = { hour: 'heures', day: 'jours', week: 'semaines' }[granularity];
  if (lang === 'fr') return `${n} ${fr} précédent${granularity === 'hour' || granularity === 'week' ? 'e' : ''}s`;
  return `previous ${n} ${en}`;
}

/** The metric and its value as a subject reads it: `negative share 42%`, `NPS -12`. */
export function describeMetric(kind: AlertRuleKind, value: number, lang: Lang): string {
  const fr = lang === 'fr';
  switch (kind) {
    case 'negative-share':
      return `${fr ? 'part négative' : 'negative share'} ${formatShare(value, lang)}`;
    case 'sentiment-drop':
      return `${fr ? 'indice de sentiment' : 'sentiment index'} ${formatNumber(value, lang)}`;
    case 'nps-below':
      return `NPS ${formatNumber(value, lang)}`;
    case 'csat-below':
      return `CSAT ${formatPercent(value, lang)} ${fr ? 'satisfaits' : 'satisfied'}`;
    case 'ces-above':
      return `CES ${formatNumber(value, lang)}`;
    case 'volume-spike':
      return `${fr ? 'volume' : 'volume'} ${formatNumber(value, lang, 0)} ${fr ? 'avis' : 'items'}`;
    case 'interface-hotspot':
      return `${fr ? 'point de friction' : 'interface hotspot'} ${formatNumber(value, lang, 0)} ${fr ? 'avis négatifs' : 'negative items'}`;
    case 'emerging-negative-topic':
      return `${fr ? 'sujet négatif émergent, statistique' : 'emerging negative topic, statistic'} ${formatNumber(value, lang)}`;
  }
}

/** A value or threshold in the metric's unit: `25%`, `0`, `5`. */
export function formatMetricValue(kind: AlertRuleKind, value: number, lang: Lang): string {
  if (kind === 'negative-share') return formatShare(value, lang);
  if (kind === 'csat-below') return formatPercent(value, lang);
  if (kind === 'volume-spike' || kind === 'interface-hotspot') return formatNumber(value, lang, 0);
  if (kind === 'emerging-negative-topic') return formatNumber(value, lang);
  return formatNumber(value, lang);
}

export function describeFinding(f: Finding, lang: Lang, names?: Names): string {
  const fr = lang === 'fr';
  const name = names?.[lang] ?? f.scope.id;
  const sep = fr ? ' : ' : ': ';
  const when = windowLabel(f.window, f.granularity, f.zone, lang);
  const past = windowsPhrase(f.baseline.windows, f.granularity, lang);
  const n = (x: number, digits = 1) => formatNumber(x, lang, digits);
  const b = f.baseline;
  switch (f.rule.kind) {
    case 'negative-share': {
      const base = b.mean === null ? (fr ? 'pas de référence' : 'no baseline') : formatShare(b.mean, lang);
      return fr
        ? `${name}${sep}${formatShare(f.value, lang)} des ${f.volume} avis sont négatifs (${when}), au niveau ou au-dessus du seuil de ${formatShare(f.threshold, lang)} (volume minimum ${f.minVolume}) ; référence sur les ${past} : ${base}.`
        : `${name}${sep}${formatShare(f.value, lang)} of ${f.volume} items were negative (${when}), at or above the ${formatShare(f.threshold, lang)} threshold (minimum volume ${f.minVolume}); baseline over the ${past}: ${base}.`;
    }
    case 'sentiment-drop': {
      const r = f.rule;
      const z = f.zScore === null || f.zScore === undefined ? (fr ? 'non calculable' : 'n/a') : n(f.zScore, 2);
      const sd = b.stdDev === null ? (fr ? 'n/d' : 'n/a') : n(b.stdDev);
      return fr
        ? `${name}${sep}indice de sentiment ${n(f.value)} (${when}) contre une référence de ${n(b.mean ?? 0)} sur les ${past} (écart-type ${sd}, z = ${z}) : une baisse de ${n(f.drop ?? 0)} points ; la règle se déclenche à z ≤ -${n(r.zScore)} ou à une baisse d'au moins ${n(r.absoluteDrop)} points (seuil ${n(f.threshold)}).`
        : `${name}${sep}sentiment index ${n(f.value)} (${when}) against a baseline of ${n(b.mean ?? 0)} over the ${past} (std dev ${sd}, z = ${z}): a drop of ${n(f.drop ?? 0)} points; the rule fires at z ≤ -${n(r.zScore)} or a drop of at least ${n(r.absoluteDrop)} points (threshold ${n(f.threshold)}).`;
    }
    case 'nps-below':
      return fr
        ? `${name}${sep}NPS ${n(f.value)} sur ${f.volume} réponses (${when}), sous le seuil de ${n(f.threshold)}.`
        : `${name}${sep}NPS ${n(f.value)} from ${f.volume} answers (${when}), below the threshold of ${n(f.threshold)}.`;
    case 'csat-below':
      return fr
        ? `${name}${sep}${formatPercent(f.value, lang)} des ${f.volume} réponses CSAT sont satisfaites (4 ou 5) (${when}), sous le seuil de ${formatPercent(f.threshold, lang)}.`
        : `${name}${sep}${formatPercent(f.value, lang)} of ${f.volume} CSAT answers were satisfied (4 or 5) (${when}), below the threshold of ${formatPercent(f.threshold, lang)}.`;
    case 'ces-above':
      return fr
        ? `${name}${sep}effort client (CES) moyen de ${n(f.value)} sur ${f.volume} réponses (${when}), au-dessus du seuil de ${n(f.threshold)}.`
        : `${name}${sep}average customer effort (CES) ${n(f.value)} from ${f.volume} answers (${when}), above the threshold of ${n(f.threshold)}.`;
    case 'volume-spike': {
      const r = f.rule;
      const mean = b.mean ?? 0;
      const ratio = mean > 0 ? n(f.value / mean) : '∞';
      return fr
        ? `${name}${sep}${f.value} avis (${when}), soit ${ratio} fois la moyenne de ${n(mean)} sur les ${past} ; la règle se déclenche à ${n(r.factor)} fois la moyenne et au moins ${r.minCount} avis.`
        : `${name}${sep}${f.value} items (${when}), ${ratio} times the mean of ${n(mean)} over the ${past}; the rule fires at ${n(r.factor)} times the mean and at least ${r.minCount} items.`;
    }
    case 'emerging-negative-topic':
      return describeEmergingTopics(f, lang, name);
    case 'interface-hotspot':
      return fr
        ? `${name}${sep}${f.value} avis négatifs concernent ces deux départements à la fois (${when}), au moins ${f.threshold}, alors que les ${past} en comptaient au plus ${b.max ?? 0}.`
        : `${name}${sep}${f.value} negative items sit between these two departments (${when}), at least ${f.threshold}, while the ${past} had at most ${b.max ?? 0}.`;
  }
}

/** `“appli plante au paiement”` / `« appli plante au paiement »`. */
export function quotedPhrase(phrase: string, lang: Lang): string {
  return lang === 'fr' ? `« ${phrase} »` : `“${phrase}”`;
}

/** One emerging topic's figures: support, share, negatives, baseline, the test. */
export function describeEmergingTopic(t: EmergingTopicFinding, granularity: Granularity, zone: string, lang: Lang): string {
  const fr = lang === 'fr';
  // A one-window span is the finding's own window, already said.
  const since = t.since && t.since !== t.window ? ` ${fr ? 'depuis le' : 'since'} ${windowLabel(t.since, granularity, zone, lang)}` : '';
  const baseline = t.reason === 'new' ? (fr ? 'absent de la période de référence' : 'absent from the baseline') : `${fr ? 'référence' : 'baseline'} ${formatShare(t.baselineShare, lang)}`;
  const p = `-log10 p = ${formatNumber(t.statistic, lang)} ${fr ? '≥' : '≥'} ${formatNumber(t.threshold, lang)}`;
  return fr
    ? `${quotedPhrase(t.phrase, lang)} : ${t.support} avis sur ${t.items} (${formatShare(t.share, lang)})${since}, dont ${formatShare(t.negativeShare, lang)} négatifs ; ${baseline} ; test binomial conditionnel, ${p}.`
    : `${quotedPhrase(t.phrase, lang)}: ${t.support} of ${t.items} items (${formatShare(t.share, lang)})${since}, ${formatShare(t.negativeShare, lang)} of them negative; ${baseline}; conditional binomial test, ${p}.`;
}

function describeEmergingTopics(f: Finding, lang: Lang, name: string): string {
  const fr = lang === 'fr';
  const topics = f.topics ?? [];
  const when = windowLabel(f.window, f.granularity, f.zone, lang);
  const lead = fr
    ? `${name} : ${topics.length > 1 ? `${topics.length} sujets négatifs émergent` : 'un sujet négatif émerge'} (${when}), nettement plus fréquent${topics.length > 1 ? 's' : ''} que sur les ${f.baseline.windows} jours précédents`
    : `${name}: ${topics.length > 1 ? `${topics.length} negative topics are emerging` : 'a negative topic is emerging'} (${when}), far more frequent than over the previous ${f.baseline.windows} days`;
  return `${lead}${fr ? ' : ' : ': '}${topics.map((t) => describeEmergingTopic(t, f.granularity, f.zone, lang)).join(' ')}`;
}
