/**
 * How the incident emails word an incident for a person, in French or English: the scope's and
 * the related departments' names from the configuration (never `dept:billing`), each broken rule
 * with its figures and sample size, severity words, and instants in the local time zone.
 */
import { aggregateScopeOf, departmentsOf, type Incident, type IncidentRule, type IncidentScope, type Severity } from '../domain/alerts/incident';
import { scopeNames } from '../domain/alerts/names';
import type { AlertRuleKind } from '../domain/alerts/rules';
import { describeMetric, formatMetricValue, quotedPhrase, windowLabel, type Lang } from '../domain/alerts/wording';
import type { DepartmentsConfig } from '../domain/departments/schema';
import { DASH, MAX_NAME_CHARS } from './email-layout';
import { plainText } from './hostile-text';

export const SEVERITY_WORDS: Record<Severity, { en: string; fr: string }> = {
  minor: { en: 'minor', fr: 'mineure' },
  major: { en: 'major', fr: 'majeure' },
  critical: { en: 'critical', fr: 'critique' },
};

/** Rules judged on answers to a rating question rather than on items. */
const RATING_KINDS: ReadonlySet<AlertRuleKind> = new Set(['nps-below', 'csat-below', 'ces-above']);

const RULE_TITLES: Record<AlertRuleKind, { en: string; fr: string }> = {
  'negative-share': { en: 'negative share', fr: 'part négative' },
  'sentiment-drop': { en: 'sentiment index', fr: 'indice de sentiment' },
  'nps-below': { en: 'NPS', fr: 'NPS' },
  'csat-below': { en: 'CSAT', fr: 'CSAT' },
  'ces-above': { en: 'customer effort (CES)', fr: 'effort client (CES)' },
  'volume-spike': { en: 'volume', fr: 'volume' },
  'interface-hotspot': { en: 'interface hotspot', fr: 'point de friction' },
  'emerging-negative-topic': { en: 'emerging negative topic', fr: 'sujet négatif émergent' },
};

const capitalise = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/** A department's display name, made safe and short; its id when the configuration lost it. */
export function departmentName(id: string, config: DepartmentsConfig, lang: Lang): string {
  return plainText(config.departments.find((d) => d.id === id)?.names[lang] ?? id, MAX_NAME_CHARS);
}

/** `Billing`, `Billing × Delivery` for a pair incident, `Cancellation journey` for a journey no department owns. */
export function scopeName(scope: IncidentScope, config: DepartmentsConfig, lang: Lang): string {
  const name = plainText(scopeNames(aggregateScopeOf(scope), config)[lang], 2 * MAX_NAME_CHARS + 3);
  if (!('journey' in scope)) return name;
  return lang === 'fr' ? `Parcours ${name}` : `${name} journey`;
}

/** Where a rule was measured, when not on the incident's own scope: `billing journey`, `with Delivery`. */
function whereMeasured(rule: IncidentRule, scope: IncidentScope, config: DepartmentsConfig, lang: Lang): string | null {
  const fr = lang === 'fr';
  // A journey incident's own journey goes without saying.
  if (rule.source.kind === 'journey' && !('journey' in scope && scope.journey === rule.source.id)) {
    const journey = config.journeys.find((j) => j.id === rule.source.id)?.names[lang] ?? rule.source.id;
    return fr ? `parcours ${plainText(journey, MAX_NAME_CHARS)}` : `${plainText(journey, MAX_NAME_CHARS)} journey`;
  }
  if (rule.source.kind === 'pair' && 'department' in scope) {
    const others = rule.source.id.split('+').filter((id) => id !== scope.department);
    return `${fr ? 'avec' : 'with'} ${others.map((id) => departmentName(id, config, lang)).join(', ')}`;
  }
  return null;
}

/** `Negative share 64%`, `NPS -12 (billing journey)`: the rule's title line. */
export function ruleTitle(rule: IncidentRule, scope: IncidentScope, config: DepartmentsConfig, lang: Lang): string {
  const where = whereMeasured(rule, scope, config, lang);
  return `${capitalise(describeMetric(rule.kind, rule.value, lang))}${topicsOf(rule, lang)}${where ? ` (${where})` : ''}`;
}

/** `: « appli plante au paiement »`: an emerging topic rule names its topics (made safe and short). */
function topicsOf(rule: Pick<IncidentRule, 'topics'>, lang: Lang): string {
  const phrases = (rule.topics ?? []).map((t) => quotedPhrase(plainText(t.phrase, MAX_NAME_CHARS), lang));
  return phrases.length ? `${lang === 'fr' ? ' : ' : ': '}${phrases.join(', ')}` : '';
}

/** `negative share` / `part négative`: the rule without figures. */
export function ruleKindName(kind: AlertRuleKind, lang: Lang): string {
  return RULE_TITLES[kind][lang];
}

/** `120 items` / `45 answers`: the sample behind a value. */
export function sampleSize(rule: Pick<IncidentRule, 'kind' | 'volume'>, lang: Lang): string {
  const fr = lang === 'fr';
  const unit = RATING_KINDS.has(rule.kind) ? (fr ? 'réponses' : 'answers') : fr ? 'avis' : 'items';
  return `${rule.volume} ${unit}`;
}

/** `threshold 35%, baseline 12%, 120 items, day 2026-12-02`. */
export function ruleFigures(rule: IncidentRule, zone: string, lang: Lang): string {
  const fr = lang === 'fr';
  const baseline = rule.baseline === null ? DASH : formatMetricValue(rule.kind, rule.baseline, lang);
  return [
    `${fr ? 'seuil' : 'threshold'} ${formatMetricValue(rule.kind, rule.threshold, lang)}`,
    `${fr ? 'référence' : 'baseline'} ${baseline}`,
    sampleSize(rule, lang),
    windowLabel(rule.window, 'day', zone, lang),
  ].join(', ');
}

/** `negative share 64% (threshold 35%)`: what a subject says of the worst rule. */
export function subjectFigures(rule: IncidentRule, lang: Lang): string {
  if (rule.kind === 'emerging-negative-topic') {
    const first = rule.topics?.[0];
    const what = lang === 'fr' ? 'sujet négatif émergent' : 'emerging negative topic';
    return first ? `${what} ${quotedPhrase(plainText(first.phrase, MAX_NAME_CHARS), lang)} (${first.support} ${lang === 'fr' ? 'avis' : 'items'})` : what;
  }
  return `${describeMetric(rule.kind, rule.value, lang)} (${lang === 'fr' ? 'seuil' : 'threshold'} ${formatMetricValue(rule.kind, rule.threshold, lang)})`;
}

/** Most severe first: the largest excess past its threshold, then the rule key. */
export function bySeverity(rules: readonly IncidentRule[]): IncidentRule[] {
  return [...rules].sort((a, b) => b.excess - a.excess || a.rule.localeCompare(b.rule));
}

/** `3 rules` / `3 règles`. */
export function rulesCount(n: number, lang: Lang): string {
  return lang === 'fr' ? `${n} règle${n > 1 ? 's' : ''}` : `${n} rule${n > 1 ? 's' : ''}`;
}

/** `2026-12-02 14:05` in the zone. */
export function localDateTime(iso: string, zone: string): string {
  const parts: Record<string, string> = {};
  const f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  for (const p of f.formatToParts(new Date(iso))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The related departments' names (pairs folded in), without the incident's own. */
export function relatedNames(incident: Pick<Incident, 'related' | 'scope'>, config: DepartmentsConfig, lang: Lang): string[] {
  const own = new Set(departmentsOf(incident.scope));
  return [...new Set(incident.related)].filter((id) => !own.has(id)).map((id) => departmentName(id, config, lang));
}

/** Acknowledged, assigned and resolved, as sentences (empty when none is set). */
export function actionLines(incident: Pick<Incident, 'acknowledged' | 'assignee' | 'resolved'>, zone: string, lang: Lang): string[] {
  const fr = lang === 'fr';
  const who = (s: string) => plainText(s, 200);
  const at = (iso: string) => localDateTime(iso, zone);
  const out: string[] = [];
  const a = incident.acknowledged;
  if (a) out.push(fr ? `Pris en compte par ${who(a.by)} le ${at(a.at)}.` : `Acknowledged by ${who(a.by)} on ${at(a.at)}.`);
  const s = incident.assignee;
  if (s) out.push(fr ? `Confié à ${who(s.owner)} par ${who(s.by)} le ${at(s.at)}.` : `Assigned to ${who(s.owner)} by ${who(s.by)} on ${at(s.at)}.`);
  const r = incident.resolved;
  if (r) {
    const note = plainText(r.note, 500);
    out.push(fr ? `Résolu par ${who(r.by)} le ${at(r.at)}${note ? ` : ${note}` : '.'}` : `Resolved by ${who(r.by)} on ${at(r.at)}${note ? `: ${note}` : '.'}`);
  }
  return out;
}
