/**
 * "Did the fix work?": fourteen days after an incident closed (resolved by a person, or recovered
 * by itself), each of its broken rules is measured again on the series it broke on, over the 14
 * local days before the incident opened and the 14 local days after it closed. Pure: the digest
 * reads those days from the aggregates and passes the sums in.
 *
 * A rule is back when the 14 days after are not past its threshold AND sit closer to the level of
 * the 14 days before than to the value that broke it; it is still breaking otherwise. A rule
 * whose figure stands on fewer than `minVolume` answers (or items) after the close is not judged.
 */
import { type Incident, type IncidentScope } from '../alerts/incident';
import type { AlertRuleKind } from '../alerts/rules';
import { nextWindow, previousWindow, scoreOf, windowStart, type Counters, type ScopeKind } from '../scores';

export const FIX_CHECK_DAYS = 14;

export const FIX_VERDICTS = ['resolved-and-recovered', 'resolved-but-still-breaking', 'recovered-without-action', 'recovered-after-acknowledgement', 'breaking-again', 'not-enough-data'] as const;
/**
 * - `resolved-and-recovered` / `resolved-but-still-breaking`: a person resolved it;
 * - `recovered-without-action`: it recovered with nobody acknowledging, assigning or resolving it;
 * - `recovered-after-acknowledgement`: acknowledged or assigned, recovered, never resolved;
 * - `breaking-again`: it recovered without being resolved, and its rules break again after;
 * - `not-enough-data`: too few answers after the close to judge any of its rules.
 */
export type FixVerdict = (typeof FIX_VERDICTS)[number];

/** What people did: resolved it, only acknowledged or assigned it, or nothing. */
export type FixAction = 'resolved' | 'acknowledged' | 'none';

export interface FixCheckWindows {
  /** When it closed: the resolution, else the recovery. */
  closedAt: string;
  /** ISO starts of the first and last local day of each period (both inclusive). */
  before: { first: string; last: string };
  after: { first: string; last: string };
  /** The end of the last day after: the check is due from then. */
  dueAt: string;
}

/** The series a rule broke on, as `dept:billing`, `journey:refund`, `pair:billing+delivery`. */
export const sourceKey = (source: { kind: ScopeKind; id: string }) => `${source.kind}:${source.id}`;

/** The two periods of a closed incident; null while it is open. */
export function fixCheckWindows(incident: Pick<Incident, 'status' | 'window' | 'zone' | 'recoveredAt' | 'resolved'>): FixCheckWindows | null {
  const closedAt = incident.resolved?.at ?? incident.recoveredAt;
  if (incident.status === 'open' || !closedAt) return null;
  const zone = incident.zone;
  let first = new Date(incident.window);
  for (let i = 0; i < FIX_CHECK_DAYS; i++) first = previousWindow(first, 'day', zone);
  const beforeLast = previousWindow(new Date(incident.window), 'day', zone);
  const afterFirst = nextWindow(windowStart(new Date(closedAt), 'day', zone), 'day', zone);
  let afterLast = afterFirst;
  for (let i = 1; i < FIX_CHECK_DAYS; i++) afterLast = nextWindow(afterLast, 'day', zone);
  return {
    closedAt,
    before: { first: first.toISOString(), last: beforeLast.toISOString() },
    after: { first: afterFirst.toISOString(), last: afterLast.toISOString() },
    dueAt: nextWindow(afterLast, 'day', zone).toISOString(),
  };
}

/**
 * Whether a digest of the week [weekStart, weekEnd) reports this incident: its 14 days after
 * ended in that week (and before `now`). Each closed incident falls in exactly one week, so it
 * is reported once, by the first weekly digest after its 14 days, and a re-sent digest of the
 * same week says the same.
 */
export function isFixCheckDue(incident: Parameters<typeof fixCheckWindows>[0], weekStart: string, weekEnd: string, now: Date): boolean {
  const w = fixCheckWindows(incident);
  return w !== null && w.dueAt > weekStart && w.dueAt <= weekEnd && w.dueAt <= now.toISOString();
}

export interface RuleComparison {
  rule: string;
  kind: AlertRuleKind;
  source: { kind: ScopeKind; id: string };
  /** The value that broke it, its threshold, and the 14 days before and after (per day for counts). */
  broke: number;
  threshold: number;
  before: number | null;
  after: number | null;
  /** Null: too few answers after the close to judge. */
  back: boolean | null;
}

export interface FixCheck {
  incidentId: string;
  scope: IncidentScope;
  /** ISO start of the local day that opened it, and its zone. */
  window: string;
  zone: string;
  verdict: FixVerdict;
  action: FixAction;
  windows: FixCheckWindows;
  rules: RuleComparison[];
}

interface MetricOfKind {
  value: (c: Counters, days: number) => number | null;
  volume: (c: Counters) => number;
  /** The rule fires at (or past) the threshold in this direction. */
  breaksAbove: boolean;
  /** Counts need no minimum: a quiet fortnight is an answer. */
  counted: boolean;
}

/**
 * The rules a fix check can measure again from counters. An emerging topic's statistic comes from
 * the topic summaries, not the counters: its rule is reported, not judged (back: null).
 */
const METRIC_OF_KIND: Partial<Record<AlertRuleKind, MetricOfKind>> = {
  'negative-share': { value: (c) => scoreOf(c).negativeShare, volume: (c) => c.count, breaksAbove: true, counted: false },
  'sentiment-drop': { value: (c) => scoreOf(c).sentimentIndex, volume: (c) => c.count, breaksAbove: false, counted: false },
  'nps-below': { value: (c) => scoreOf(c).nps, volume: (c) => c.npsCount, breaksAbove: false, counted: false },
  'csat-below': { value: (c) => scoreOf(c).csat, volume: (c) => c.csatCount, breaksAbove: false, counted: false },
  'ces-above': { value: (c) => scoreOf(c).ces, volume: (c) => c.cesCount, breaksAbove: true, counted: false },
  // The day rules count per day: compare the fortnights' daily means with the daily threshold.
  'volume-spike': { value: (c, days) => Math.round((c.count / days) * 100) / 100, volume: (c) => c.count, breaksAbove: true, counted: true },
  'interface-hotspot': { value: (c, days) => Math.round((c.negative / days) * 100) / 100, volume: (c) => c.negative, breaksAbove: true, counted: true },
};

export function actionOf(incident: Pick<Incident, 'resolved' | 'acknowledged' | 'assignee'>): FixAction {
  if (incident.resolved) return 'resolved';
  return incident.acknowledged || incident.assignee ? 'acknowledged' : 'none';
}

function compareRule(rule: Incident['rules'][number], figures: { before: Counters; after: Counters } | undefined, minVolume: number): RuleComparison {
  const m = METRIC_OF_KIND[rule.kind];
  if (!m) return { rule: rule.rule, kind: rule.kind, source: rule.source, broke: rule.value, threshold: rule.threshold, before: null, after: null, back: null };
  const before = figures ? m.value(figures.before, FIX_CHECK_DAYS) : null;
  const judged = figures !== undefined && (m.counted || m.volume(figures.after) >= minVolume);
  const after = figures ? m.value(figures.after, FIX_CHECK_DAYS) : null;
  let back: boolean | null = null;
  if (judged && after !== null) {
    const past = m.breaksAbove ? after >= rule.threshold : after <= rule.threshold;
    // Closer to the fortnight before than to the value that broke it (no "before": the threshold decides).
    const halfway = before === null ? true : m.breaksAbove ? after <= (before + rule.value) / 2 : after >= (before + rule.value) / 2;
    back = !past && halfway;
  }
  return { rule: rule.rule, kind: rule.kind, source: rule.source, broke: rule.value, threshold: rule.threshold, before, after, back };
}

/**
 * Classifies a closed incident from the counters of each series its rules broke on (keyed by
 * `sourceKey`), summed over the 14 days before it opened and the 14 days after it closed.
 */
export function classifyFix(incident: Incident, figures: ReadonlyMap<string, { before: Counters; after: Counters }>, minVolume: number): FixCheck {
  const windows = fixCheckWindows(incident);
  if (!windows) throw new RangeError(`incident ${incident.id} is still open: nothing to check yet`);
  const rules = incident.rules.map((r) => compareRule(r, figures.get(sourceKey(r.source)), minVolume));
  const action = actionOf(incident);
  const judged = rules.filter((r) => r.back !== null);
  let verdict: FixVerdict;
  if (judged.length === 0) verdict = 'not-enough-data';
  else if (judged.some((r) => !r.back)) verdict = action === 'resolved' ? 'resolved-but-still-breaking' : 'breaking-again';
  else verdict = action === 'resolved' ? 'resolved-and-recovered' : action === 'acknowledged' ? 'recovered-after-acknowledgement' : 'recovered-without-action';
  return { incidentId: incident.id, scope: incident.scope, window: incident.window, zone: incident.zone, verdict, action, windows, rules };
}
