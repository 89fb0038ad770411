/**
 * Objectives and fix checks in words, French and English: plain text (the digest escapes it for
 * HTML). Metric values in the scores' units: shares and CSAT as percentages, gaps and paces on
 * them in points.
 */
import { formatNumber, formatPercent, formatShare, type Lang } from '../alerts/wording';
import type { AlertRuleKind } from '../alerts/rules';
import type { FixVerdict } from './fix-check';
import { METRIC_SCALES, type ObjectiveMetric } from './target';
import { TRAJECTORY_WEEKS, type ObjectiveAssessment } from './trajectory';

const METRIC_NAMES: Record<ObjectiveMetric, Record<Lang, string>> = {
  nps: { en: 'NPS', fr: 'NPS' },
  csat: { en: 'CSAT', fr: 'CSAT' },
  ces: { en: 'CES', fr: 'CES' },
  sentimentIndex: { en: 'sentiment index', fr: 'indice de sentiment' },
  negativeShare: { en: 'negative share', fr: 'part négative' },
};

export function metricName(metric: ObjectiveMetric, lang: Lang): string {
  return METRIC_NAMES[metric][lang];
}

/** A value in the metric's unit: `24`, `3.8`, `72%`, `18%`. */
export function formatObjectiveValue(metric: ObjectiveMetric, value: number, lang: Lang): string {
  if (metric === 'negativeShare') return formatShare(value, lang);
  if (metric === 'csat') return formatPercent(value, lang);
  return formatNumber(value, lang, metric === 'ces' ? 2 : 1);
}

/** A difference in the metric's unit: shares and CSAT in percentage points. */
function formatDelta(metric: ObjectiveMetric, delta: number, lang: Lang, signed: boolean): string {
  const points = metric === 'negativeShare' || metric === 'csat';
  const n = metric === 'negativeShare' ? delta * 100 : delta;
  const text = formatNumber(signed ? n : Math.abs(n), lang, metric === 'ces' ? 2 : 1);
  const sign = signed && n > 0 ? '+' : '';
  return `${sign}${text}${points ? ' pts' : ''}`;
}

/** `NPS ≥ 30 by 2027-03-31` / `CES ≤ 3.5 d’ici le 2027-03-31`. */
export function describeTarget(o: Pick<ObjectiveAssessment, 'metric' | 'target' | 'by'>, lang: Lang): string {
  const op = METRIC_SCALES[o.metric].better === 'up' ? '≥' : '≤';
  const value = formatObjectiveValue(o.metric, o.target, lang);
  return lang === 'fr' ? `${metricName(o.metric, lang)} ${op} ${value} d’ici le ${o.by}` : `${metricName(o.metric, lang)} ${op} ${value} by ${o.by}`;
}

/** `6 to go` / `reste 6`, `reached` / `atteint`, `–` without a value. */
export function describeGap(o: Pick<ObjectiveAssessment, 'metric' | 'gap'>, lang: Lang): string {
  if (o.gap === null) return '–';
  if (o.gap <= 0) return lang === 'fr' ? 'atteint' : 'reached';
  const d = formatDelta(o.metric, o.gap, lang, false);
  return lang === 'fr' ? `reste ${d}` : `${d} to go`;
}

/** `+2 / week` / `+2 / sem.` (in the metric's own sign), `–` without a slope. */
export function describePace(o: Pick<ObjectiveAssessment, 'metric' | 'slopePerWeek'>, lang: Lang): string {
  if (o.slopePerWeek === null) return '–';
  return `${formatDelta(o.metric, o.slopePerWeek, lang, true)} / ${lang === 'fr' ? 'sem.' : 'week'}`;
}

const weeks = (n: number, lang: Lang) => (lang === 'fr' ? `${n} semaine${n > 1 ? 's' : ''}` : `${n} week${n > 1 ? 's' : ''}`);

/** Where the current pace leads: `on track: reached in about 3 weeks (around 2026-12-21)`, `off track: moving away`. */
export function describeTrajectory(o: ObjectiveAssessment, lang: Lang): string {
  const fr = lang === 'fr';
  switch (o.status) {
    case 'reached':
      return fr ? 'objectif atteint' : 'target reached';
    case 'on-track':
      return fr
        ? `en bonne voie : atteint dans ${weeks(o.weeksToReach!, lang)} environ (vers le ${o.reachedAround})`
        : `on track: reached in about ${weeks(o.weeksToReach!, lang)} (around ${o.reachedAround})`;
    case 'off-track':
      return fr
        ? `hors trajectoire : à ce rythme, atteint dans ${weeks(o.weeksToReach!, lang)} environ (vers le ${o.reachedAround}), après le ${o.by}`
        : `off track: at this pace, reached in about ${weeks(o.weeksToReach!, lang)} (around ${o.reachedAround}), after ${o.by}`;
    case 'moving-away':
      return fr ? 'hors trajectoire : s’éloigne de l’objectif' : 'off track: moving away';
    case 'flat':
      return fr ? 'hors trajectoire : aucun progrès au rythme actuel' : 'off track: no progress at the current pace';
    case 'missed':
      return fr ? `manqué : la date du ${o.by} est passée` : `missed: ${o.by} has passed`;
    case 'not-enough-data':
      return fr
        ? `pas assez de données (${o.weeksUsed} semaine${o.weeksUsed > 1 ? 's' : ''} sur ${TRAJECTORY_WEEKS} avec assez de réponses)`
        : `not enough data (${o.weeksUsed} of ${TRAJECTORY_WEEKS} weeks with enough answers)`;
  }
}

const VERDICTS: Record<FixVerdict, Record<Lang, string>> = {
  'resolved-and-recovered': { en: 'resolved and recovered', fr: 'résolu et rétabli' },
  'resolved-but-still-breaking': { en: 'resolved but still breaking', fr: 'résolu mais toujours en rupture' },
  'recovered-without-action': { en: 'recovered without action', fr: 'rétabli sans action' },
  'recovered-after-acknowledgement': { en: 'recovered after acknowledgement, never resolved', fr: 'rétabli après prise en charge, jamais résolu' },
  'breaking-again': { en: 'recovered without being resolved, breaking again', fr: 'rétabli sans être résolu, de nouveau en rupture' },
  'not-enough-data': { en: 'not enough feedback since to judge', fr: 'pas assez d’avis depuis pour juger' },
};

export function describeVerdict(verdict: FixVerdict, lang: Lang): string {
  return VERDICTS[verdict][lang];
}

const RULE_METRICS: Record<AlertRuleKind, Record<Lang, string>> = {
  'negative-share': { en: 'negative share', fr: 'part négative' },
  'sentiment-drop': { en: 'sentiment index', fr: 'indice de sentiment' },
  'nps-below': { en: 'NPS', fr: 'NPS' },
  'csat-below': { en: 'CSAT (% satisfied)', fr: 'CSAT (% satisfaits)' },
  'ces-above': { en: 'CES', fr: 'CES' },
  'volume-spike': { en: 'items', fr: 'avis' },
  'interface-hotspot': { en: 'shared negative items', fr: 'avis négatifs partagés' },
  'emerging-negative-topic': { en: 'emerging negative topic (test statistic)', fr: 'sujet négatif émergent (statistique du test)' },
};

/** What a broken rule measures, as the fix check names it. */
export function ruleMetricName(kind: AlertRuleKind, lang: Lang): string {
  return RULE_METRICS[kind][lang];
}
