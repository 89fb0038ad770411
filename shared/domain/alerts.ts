/**
 * Alert rules on a scope's window scores, and the per-(rule, scope) alert state machine.
 * Pure: no clock, no I/O. The alert function reads a window and the N windows before it,
 * `assessRules` says what each rule sees, `nextAlertState` turns that into open / recover /
 * nothing, and the storage adapter persists the state with a conditional write on `version`.
 */
import { thresholdsFor, type DepartmentsConfig, type Thresholds } from './departments/schema';
import { scoreOf, UTC, type Counters, type Granularity, type Score, type Scope } from './scores';

export const ALERT_RULE_KINDS = [
  'negative-share',
  'sentiment-drop',
  'nps-below',
  'csat-below',
  'ces-above',
  'volume-spike',
  'interface-hotspot',
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];

interface RuleBase {
  /** Unique within a scope's rule set; part of the alert key. Defaults use the kind. */
  id: string;
  /** How many previous windows the rule reads (the most recent ones of `baseline`). */
  baselineWindows: number;
}

/** Fires when negative / count ≥ threshold with count ≥ minVolume. */
export interface NegativeShareRule extends RuleBase {
  kind: 'negative-share';
  /** 0–1. */
  threshold: number;
  minVolume: number;
}

/**
 * Fires when the sentiment index falls against the trailing baseline: z ≤ −zScore (σ of the
 * baseline windows' indexes, floored at minStdDev so a flat baseline does not turn a one-point dip
 * into z = −∞), or a drop ≥ absoluteDrop points below the baseline's pooled index.
 */
export interface SentimentDropRule extends RuleBase {
  kind: 'sentiment-drop';
  zScore: number;
  minStdDev: number;
  absoluteDrop: number;
  minVolume: number;
  /** Items summed over the baseline windows. */
  minBaselineVolume: number;
  /** Baseline windows with data needed for a z-score (the absolute drop needs one). */
  minBaselineWindows: number;
}

/** NPS (−100…100) strictly below the threshold, with at least minAnswers NPS answers. */
export interface NpsBelowRule extends RuleBase {
  kind: 'nps-below';
  threshold: number;
  minAnswers: number;
}

/** CSAT (% of answers at 4–5, as Score.csat) strictly below the threshold. */
export interface CsatBelowRule extends RuleBase {
  kind: 'csat-below';
  threshold: number;
  minAnswers: number;
}

/** Mean CES (1–7) strictly above the threshold. */
export interface CesAboveRule extends RuleBase {
  kind: 'ces-above';
  threshold: number;
  minAnswers: number;
}

/** count ≥ factor × mean count of the baseline windows, and count ≥ minCount. */
export interface VolumeSpikeRule extends RuleBase {
  kind: 'volume-spike';
  factor: number;
  minCount: number;
  /** Fewer baseline windows than this (history too short) and the rule does not judge. */
  minBaselineWindows: number;
}

/** A pair scope with ≥ minNegative negative items where every baseline window had fewer. */
export interface InterfaceHotspotRule extends RuleBase {
  kind: 'interface-hotspot';
  minNegative: number;
}

export type AlertRule =
  | NegativeShareRule
  | SentimentDropRule
  | NpsBelowRule
  | CsatBelowRule
  | CesAboveRule
  | VolumeSpikeRule
  | InterfaceHotspotRule;

/** Answers behind NPS, CSAT and CES (Score has the means, not how many answers made them). */
export interface RatingAnswers {
  nps: number;
  csat: number;
  ces: number;
}

/** A window's score as rules read it; `answers` lets the rating rules check their minimum. */
export type RuleScore = Score & { answers?: RatingAnswers };

/** The score of one aggregate row with its answer counts: what the alert function should pass. */
export function ruleScoreOf(counters: Counters): RuleScore {
  return { ...scoreOf(counters), answers: { nps: counters.npsCount, csat: counters.csatCount, ces: counters.cesCount } };
}

export interface Names {
  en: string;
  fr: string;
}

export interface RuleInput {
  scope: Scope;
  granularity: Granularity;
  /** Start of the evaluated window (ISO instant or Date). */
  window: string | Date;
  /** Zone of the series (for labels and the alert key). Default UTC. */
  zone?: string;
  current: RuleScore;
  /** Previous windows, oldest first; windows without items must be present as empty scores. */
  baseline: readonly RuleScore[];
  /** Display names for the sentences; default the scope id. */
  names?: Names;
}

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

export interface Finding {
  key: string;
  ruleId: string;
  kind: AlertRuleKind;
  rule: AlertRule;
  scope: Scope;
  granularity: Granularity;
  zone: string;
  /** ISO start of the window. */
  window: string;
  value: number;
  threshold: number;
  comparison: Comparison;
  /** Items (or answers, for rating rules) behind the value. */
  volume: number;
  minVolume: number;
  baseline: BaselineStats;
  /** Sentiment drop only: z of the current index against the baseline, and the drop in points. */
  zScore?: number | null;
  drop?: number | null;
  /** One sentence that explains the finding. */
  message: Names;
}

export type AssessmentStatus = 'firing' | 'quiet' | 'insufficient-data';

/** What one rule sees in one window, firing or not: the state machine needs both. */
export interface RuleAssessment {
  key: string;
  rule: AlertRule;
  scope: Scope;
  granularity: Granularity;
  zone: string;
  window: string;
  status: AssessmentStatus;
  /** The metric (null when there is no data for it). */
  value: number | null;
  /** Firing threshold, in the unit of `value`. */
  threshold: number;
  comparison: Comparison;
  volume: number;
  minVolume: number;
  baseline: BaselineStats;
  zScore?: number | null;
  drop?: number | null;
  /** Why the rule could not judge (insufficient-data). */
  reason?: string;
  finding?: Finding;
}

// ---------------------------------------------------------------------------------------------
// Defaults

/** Previous windows a default rule compares with: a day, two weeks, eight weeks. */
export const DEFAULT_BASELINE_WINDOWS: Record<Granularity, number> = { hour: 24, day: 14, week: 8 };

/**
 * `departments.ts` gives csatBelow as an average on 1–5, but the aggregates only count satisfied
 * answers (4–5), so Score.csat is a % satisfied. A 1–5 threshold maps linearly onto 0–100 %
 * (3.5 → 62.5 %); a department wanting an exact % sets its own csat-below rule.
 */
export function csatPercentThreshold(averageBelow: number): number {
  return Math.round(((averageBelow - 1) / 4) * 1000) / 10;
}

/**
 * The rule set of a scope. Departments: every rule from their thresholds. Journeys: negative
 * share, sentiment drop and volume spike from the configuration's default thresholds. Pairs: the
 * interface hotspot only (their volume is a subset of two departments', already covered).
 */
export function defaultRulesFor(scope: Scope, granularity: Granularity, config: DepartmentsConfig): AlertRule[] {
  const t: Thresholds = scope.kind === 'dept' ? thresholdsFor(config, scope.id) : config.thresholds;
  const baselineWindows = DEFAULT_BASELINE_WINDOWS[granularity];
  const minAnswers = Math.max(5, Math.ceil(t.minVolume / 2));
  const negativeShare: NegativeShareRule = { id: 'negative-share', kind: 'negative-share', baselineWindows, threshold: t.negativeShare, minVolume: t.minVolume };
  const sentimentDrop: SentimentDropRule = {
    id: 'sentiment-drop',
    kind: 'sentiment-drop',
    baselineWindows,
    zScore: 2.5,
    minStdDev: 5,
    absoluteDrop: 25,
    minVolume: t.minVolume,
    minBaselineVolume: 2 * t.minVolume,
    minBaselineWindows: 3,
  };
  const volumeSpike: VolumeSpikeRule = {
    id: 'volume-spike',
    kind: 'volume-spike',
    baselineWindows,
    factor: 3,
    minCount: 2 * t.minVolume,
    minBaselineWindows: Math.ceil(baselineWindows / 2),
  };
  if (scope.kind === 'pair') {
    return [{ id: 'interface-hotspot', kind: 'interface-hotspot', baselineWindows, minNegative: Math.max(5, Math.ceil(t.minVolume / 4)) }];
  }
  if (scope.kind === 'journey') return [negativeShare, sentimentDrop, volumeSpike];
  return [
    negativeShare,
    sentimentDrop,
    { id: 'nps-below', kind: 'nps-below', baselineWindows, threshold: t.npsBelow, minAnswers },
    { id: 'csat-below', kind: 'csat-below', baselineWindows, threshold: csatPercentThreshold(t.csatBelow), minAnswers },
    { id: 'ces-above', kind: 'ces-above', baselineWindows, threshold: t.cesAbove, minAnswers },
    volumeSpike,
  ];
}

/** How many previous windows to read so that every rule gets its full baseline. */
export function requiredBaselineWindows(rules: readonly AlertRule[]): number {
  return Math.max(0, ...rules.map((r) => r.baselineWindows));
}

/** `ALERT#dept#billing#day#Europe/Paris#negative-share`: the one alert of a (rule, scope, series). */
export function alertKey(ruleId: string, scope: Scope, granularity: Granularity, zone: string = UTC): string {
  return `ALERT#${scope.kind}#${scope.id}#${granularity}#${zone}#${ruleId}`;
}

/** Display names of a scope from the configuration: departments and journeys by name, pairs "A × B". */
export function scopeNames(scope: Scope, config: DepartmentsConfig): Names {
  const dept = (id: string): Names => config.departments.find((d) => d.id === id)?.names ?? { en: id, fr: id };
  if (scope.kind === 'dept') return dept(scope.id);
  if (scope.kind === 'journey') return config.journeys.find((j) => j.id === scope.id)?.names ?? { en: scope.id, fr: scope.id };
  const [a = '', b = ''] = scope.id.split('+');
  return { en: `${dept(a).en} × ${dept(b).en}`, fr: `${dept(a).fr} × ${dept(b).fr}` };
}

// ---------------------------------------------------------------------------------------------
// Evaluation

const EPSILON = 1e-9;

function sampleStdDev(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

function statsOf(windows: readonly RuleScore[], metric: (s: RuleScore) => number | null, pooled?: number | null): BaselineStats {
  const values = windows.map(metric).filter((v): v is number => v !== null);
  return {
    windows: windows.length,
    windowsWithData: values.length,
    volume: windows.reduce((s, w) => s + w.count, 0),
    mean: pooled !== undefined ? pooled : values.length ? values.reduce((s, v) => s + v, 0) / values.length : null,
    stdDev: sampleStdDev(values),
    max: values.length ? Math.max(...values) : null,
  };
}

function sumOf(windows: readonly RuleScore[], field: 'count' | 'positive' | 'negative'): number {
  return windows.reduce((s, w) => s + w[field], 0);
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

function fires(value: number, threshold: number, comparison: Comparison): boolean {
  switch (comparison) {
    case 'at-least':
      return value >= threshold - EPSILON;
    case 'above':
      return value > threshold + EPSILON;
    case 'below':
      return value < threshold - EPSILON;
    case 'at-most':
      return value <= threshold + EPSILON;
  }
}

type Measure = Omit<RuleAssessment, 'key' | 'rule' | 'scope' | 'granularity' | 'zone' | 'window' | 'status' | 'finding'> & {
  insufficient?: string;
  /** Past the threshold but not news (a hotspot already in the baseline): quiet, with this reason. */
  notNew?: string;
};

function measure(rule: AlertRule, input: RuleInput, baseline: readonly RuleScore[]): Measure | undefined {
  const c = input.current;
  switch (rule.kind) {
    case 'negative-share': {
      const count = sumOf(baseline, 'count');
      const stats = statsOf(baseline, (s) => s.negativeShare, count ? round(sumOf(baseline, 'negative') / count) : null);
      const value = c.count ? c.negative / c.count : null;
      const insufficient = c.count < rule.minVolume ? `${c.count} items, fewer than ${rule.minVolume}` : undefined;
      return { value, threshold: rule.threshold, comparison: 'at-least', volume: c.count, minVolume: rule.minVolume, baseline: stats, insufficient };
    }
    case 'sentiment-drop': {
      const count = sumOf(baseline, 'count');
      const pooled = count ? round(((sumOf(baseline, 'positive') - sumOf(baseline, 'negative')) / count) * 100, 2) : null;
      const stats = statsOf(baseline, (s) => (s.count ? s.sentimentIndex : null), pooled);
      const value = c.count ? ((c.positive - c.negative) / c.count) * 100 : null;
      let insufficient: string | undefined;
      if (c.count < rule.minVolume) insufficient = `${c.count} items, fewer than ${rule.minVolume}`;
      else if (stats.volume < rule.minBaselineVolume) insufficient = `baseline of ${stats.volume} items, fewer than ${rule.minBaselineVolume}`;
      const mean = stats.mean;
      if (mean === null || value === null) {
        return { value, threshold: 0, comparison: 'at-most', volume: c.count, minVolume: rule.minVolume, baseline: stats, insufficient: insufficient ?? 'no baseline', zScore: null, drop: null };
      }
      const sd = stats.windowsWithData >= rule.minBaselineWindows && stats.stdDev !== null ? Math.max(stats.stdDev, rule.minStdDev) : null;
      // Either condition fires: z ≤ −k ⟺ index ≤ mean − k·σ; drop ≥ d ⟺ index ≤ mean − d.
      const threshold = round(sd === null ? mean - rule.absoluteDrop : Math.max(mean - rule.zScore * sd, mean - rule.absoluteDrop), 2);
      return {
        value,
        threshold,
        comparison: 'at-most',
        volume: c.count,
        minVolume: rule.minVolume,
        baseline: { ...stats, stdDev: sd },
        zScore: sd === null ? null : round((value - mean) / sd, 2),
        drop: round(mean - value, 2),
        insufficient,
      };
    }
    case 'nps-below':
    case 'csat-below':
    case 'ces-above': {
      const metric = rule.kind === 'nps-below' ? 'nps' : rule.kind === 'csat-below' ? 'csat' : 'ces';
      // Without answer counts the item count is the best bound we have (see ruleScoreOf).
      const answers = c.answers?.[metric] ?? c.count;
      const value = c[metric];
      const stats = statsOf(baseline, (s) => s[metric]);
      const insufficient =
        value === null ? `no ${metric.toUpperCase()} answers` : answers < rule.minAnswers ? `${answers} ${metric.toUpperCase()} answers, fewer than ${rule.minAnswers}` : undefined;
      const comparison = rule.kind === 'ces-above' ? 'above' : 'below';
      return { value, threshold: rule.threshold, comparison, volume: answers, minVolume: rule.minAnswers, baseline: stats, insufficient };
    }
    case 'volume-spike': {
      const stats = statsOf(baseline, (s) => s.count);
      const mean = stats.mean ?? 0;
      const threshold = round(Math.max(rule.factor * mean, rule.minCount), 2);
      // A spike is relative to a known normal: a department's first busy day is not one.
      const busy = baseline.filter((w) => w.count > 0).length;
      const insufficient = busy < rule.minBaselineWindows ? `${busy} baseline windows with feedback, fewer than ${rule.minBaselineWindows}` : undefined;
      return { value: c.count, threshold, comparison: 'at-least', volume: c.count, minVolume: rule.minCount, baseline: stats, insufficient };
    }
    case 'interface-hotspot': {
      if (input.scope.kind !== 'pair') return undefined;
      const stats = statsOf(baseline, (s) => s.negative);
      const max = stats.max ?? 0;
      // Not new: the pair already was a hotspot in the baseline. Judged, but it does not fire.
      const notNew = max >= rule.minNegative ? `already ${max} negative items in a baseline window` : undefined;
      return { value: c.negative, threshold: rule.minNegative, comparison: 'at-least', volume: c.count, minVolume: rule.minNegative, baseline: stats, notNew };
    }
  }
}

/** Every applicable rule's view of the window: firing, quiet, or unable to judge (and why). */
export function assessRules(input: RuleInput, rules: readonly AlertRule[]): RuleAssessment[] {
  const zone = input.zone ?? UTC;
  const window = typeof input.window === 'string' ? new Date(input.window).toISOString() : input.window.toISOString();
  const out: RuleAssessment[] = [];
  for (const rule of rules) {
    const baseline = input.baseline.slice(Math.max(0, input.baseline.length - rule.baselineWindows));
    const m = measure(rule, input, baseline);
    if (!m) continue;
    const { insufficient, notNew, ...figures } = m;
    const assessment: RuleAssessment = {
      key: alertKey(rule.id, input.scope, input.granularity, zone),
      rule,
      scope: input.scope,
      granularity: input.granularity,
      zone,
      window,
      ...figures,
      value: figures.value === null ? null : round(figures.value),
      status: 'quiet',
      ...(insufficient ? { reason: insufficient } : notNew ? { reason: notNew } : {}),
    };
    if (insufficient || assessment.value === null) assessment.status = 'insufficient-data';
    else if (notNew) assessment.status = 'quiet';
    else if (fires(assessment.value, assessment.threshold, assessment.comparison)) {
      assessment.status = 'firing';
      const { status: _status, reason: _reason, finding: _finding, ...rest } = assessment;
      const finding: Finding = { ...rest, ruleId: rule.id, kind: rule.kind, value: assessment.value, message: { en: '', fr: '' } };
      finding.message = { en: describeFinding(finding, 'en', input.names), fr: describeFinding(finding, 'fr', input.names) };
      assessment.finding = finding;
    }
    out.push(assessment);
  }
  return out;
}

/** The rules that fire on this window, each explaining itself. */
export function evaluateRules(input: RuleInput, rules: readonly AlertRule[]): Finding[] {
  return assessRules(input, rules).flatMap((a) => (a.finding ? [a.finding] : []));
}

// ---------------------------------------------------------------------------------------------
// Sentences

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

function localParts(iso: string, zone: string): { date: string; time: string } {
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
  }
}

/** A threshold in the metric's unit: `25%`, `0`, `5`. */
export function formatThreshold(kind: AlertRuleKind, threshold: number, lang: Lang): string {
  if (kind === 'negative-share') return formatShare(threshold, lang);
  if (kind === 'csat-below') return formatPercent(threshold, lang);
  if (kind === 'volume-spike' || kind === 'interface-hotspot') return formatNumber(threshold, lang, 0);
  return formatNumber(threshold, lang);
}

function describeFinding(f: Finding, lang: Lang, names?: Names): string {
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
    case 'interface-hotspot':
      return fr
        ? `${name}${sep}${f.value} avis négatifs concernent ces deux départements à la fois (${when}), au moins ${f.threshold}, alors que les ${past} en comptaient au plus ${b.max ?? 0}.`
        : `${name}${sep}${f.value} negative items sit between these two departments (${when}), at least ${f.threshold}, while the ${past} had at most ${b.max ?? 0}.`;
  }
}

// ---------------------------------------------------------------------------------------------
// State machine

export interface AlertPolicy {
  /** After a recovery, a firing rule stays silent this long before it may open again. */
  cooldownMinutes: number;
  /**
   * h in (0, 1]: to recover, the metric must come back past the threshold by a margin, not just
   * under it. Counts and shares (negative share, volume, hotspot negatives) recover at
   * threshold × h; the sentiment drop when the drop is ≤ h × the drop that fires; bounded scores
   * (1 − h) × a quarter of their range past the threshold (h = 0.8: NPS +10, CSAT +5 points,
   * CES −0.3).
   */
  recoveryHysteresis: number;
  /** Consecutive distinct windows back to normal before the alert recovers. */
  windowsToRecover: number;
}

export const DEFAULT_ALERT_POLICY: AlertPolicy = { cooldownMinutes: 360, recoveryHysteresis: 0.8, windowsToRecover: 1 };

/** The figures that opened an alert, kept for the alert history and the recovery email. */
export interface AlertTrigger {
  window: string;
  value: number;
  threshold: number;
  volume: number;
  baselineMean: number | null;
  message: Names;
}

/**
 * The stored state of one (rule, scope) alert. Plain JSON with nulls, no undefined.
 *
 * Storage contract: `key` is the item key; `version` is the optimistic lock. `nextAlertState`
 * returns `version = prev.version + 1` (1 for a new alert); the adapter writes with
 * `ConditionExpression: attribute_not_exists(pk)` when `version === 1`, else `version = :prev`
 * where `:prev = version − 1`. A failed condition means another evaluation got there first:
 * re-read and run `nextAlertState` again, and send nothing for the lost write, so concurrent
 * evaluations send one email. `pendingNotification` is set with the transition and cleared by
 * `markNotified` (another conditional write) after the send, so a crash between write and send
 * leaves a visible debt instead of a lost email.
 */
export interface AlertState {
  key: string;
  ruleId: string;
  kind: AlertRuleKind;
  scope: Scope;
  granularity: Granularity;
  zone: string;
  status: 'open' | 'recovered';
  /** 1 for the first opening of this key, +1 at each re-open: `${key}#${occurrence}` names one alert. */
  occurrence: number;
  openedAt: string;
  recoveredAt: string | null;
  trigger: AlertTrigger;
  lastValue: number | null;
  lastWindow: string;
  lastEvaluatedAt: string;
  /** Consecutive distinct windows back to normal while open (reset by any window that is not). */
  recoveryWindows: number;
  recoveryLastWindow: string | null;
  pendingNotification: 'open' | 'recover' | null;
  notifiedAt: string | null;
  version: number;
}

export type AlertAction = 'open' | 'recover' | 'none' | 'suppressed-by-cooldown';

export interface AlertTransition {
  /** Undefined only when there was no state and nothing fired: nothing to store. */
  state: AlertState | undefined;
  action: AlertAction;
  /** False when the write only refreshes lastValue/lastEvaluatedAt: the adapter may skip it. */
  persist: boolean;
}

/** `${key}#${occurrence}`: the id of one opening, for email headers and the history. */
export function alertIdOf(state: Pick<AlertState, 'key' | 'occurrence'>): string {
  return `${state.key}#${state.occurrence}`;
}

/** True when the assessed value is back past the threshold by the hysteresis margin. */
export function isBackToNormal(a: RuleAssessment, hysteresis: number): boolean {
  if (a.status === 'insufficient-data' || a.value === null) return false;
  if (a.status === 'firing') return false;
  const h = hysteresis;
  const v = a.value;
  switch (a.rule.kind) {
    case 'negative-share':
    case 'volume-spike':
      return v <= a.threshold * h + EPSILON;
    case 'interface-hotspot':
      // Quiet because the baseline already holds the hotspot is not back to normal: the count decides.
      return v <= a.threshold * h + EPSILON;
    case 'sentiment-drop': {
      const mean = a.baseline.mean;
      if (mean === null) return false;
      return mean - v <= (mean - a.threshold) * h + EPSILON;
    }
    case 'nps-below':
      return v >= a.threshold + (1 - h) * 50 - EPSILON;
    case 'csat-below':
      return v >= a.threshold + (1 - h) * 25 - EPSILON;
    case 'ces-above':
      return v <= a.threshold - (1 - h) * 1.5 + EPSILON;
  }
}

function triggerOf(f: Finding): AlertTrigger {
  return { window: f.window, value: f.value, threshold: f.threshold, volume: f.volume, baselineMean: f.baseline.mean, message: f.message };
}

/**
 * One evaluation of one (rule, scope): open once while firing, stay open (no duplicate) until the
 * value is back to normal (hysteresis) for `windowsToRecover` distinct windows, then recover;
 * after a recovery a firing rule is suppressed for `cooldownMinutes`, then opens a new alert.
 * Data too thin to judge never opens nor recovers anything.
 */
export function nextAlertState(prev: AlertState | undefined, assessment: RuleAssessment, now: Date, policy: AlertPolicy = DEFAULT_ALERT_POLICY): AlertTransition {
  const at = now.toISOString();
  const finding = assessment.status === 'firing' ? assessment.finding : undefined;
  const open = (occurrence: number, version: number, f: Finding): AlertTransition => ({
    action: 'open',
    persist: true,
    state: {
      key: assessment.key,
      ruleId: assessment.rule.id,
      kind: assessment.rule.kind,
      scope: assessment.scope,
      granularity: assessment.granularity,
      zone: assessment.zone,
      status: 'open',
      occurrence,
      openedAt: at,
      recoveredAt: null,
      trigger: triggerOf(f),
      lastValue: f.value,
      lastWindow: f.window,
      lastEvaluatedAt: at,
      recoveryWindows: 0,
      recoveryLastWindow: null,
      pendingNotification: 'open',
      notifiedAt: null,
      version,
    },
  });

  if (!prev) return finding ? open(1, 1, finding) : { state: undefined, action: 'none', persist: false };
  if (prev.key !== assessment.key) throw new RangeError(`alert state ${prev.key} given an assessment of ${assessment.key}`);

  const refreshed: AlertState = {
    ...prev,
    lastValue: assessment.value ?? prev.lastValue,
    lastWindow: assessment.window,
    lastEvaluatedAt: at,
    version: prev.version + 1,
  };

  if (prev.status === 'recovered') {
    if (!finding) return { state: refreshed, action: 'none', persist: false };
    const since = prev.recoveredAt ? now.getTime() - Date.parse(prev.recoveredAt) : Number.POSITIVE_INFINITY;
    if (since < policy.cooldownMinutes * 60_000) return { state: refreshed, action: 'suppressed-by-cooldown', persist: false };
    return open(prev.occurrence + 1, prev.version + 1, finding);
  }

  // Open.
  if (assessment.status === 'insufficient-data') return { state: refreshed, action: 'none', persist: false };
  if (!isBackToNormal(assessment, policy.recoveryHysteresis)) {
    const reset = prev.recoveryWindows !== 0 || prev.recoveryLastWindow !== null;
    return { state: { ...refreshed, recoveryWindows: 0, recoveryLastWindow: null }, action: 'none', persist: reset };
  }
  const windows = prev.recoveryLastWindow === assessment.window ? prev.recoveryWindows : prev.recoveryWindows + 1;
  if (windows >= Math.max(1, policy.windowsToRecover)) {
    return {
      action: 'recover',
      persist: true,
      state: { ...refreshed, status: 'recovered', recoveredAt: at, recoveryWindows: windows, recoveryLastWindow: assessment.window, pendingNotification: 'recover', notifiedAt: null },
    };
  }
  return { state: { ...refreshed, recoveryWindows: windows, recoveryLastWindow: assessment.window }, action: 'none', persist: windows !== prev.recoveryWindows };
}

/** After the email went out: clear the pending notification (same conditional write on version). */
export function markNotified(state: AlertState, now: Date): AlertState {
  return { ...state, pendingNotification: null, notifiedAt: now.toISOString(), version: state.version + 1 };
}
