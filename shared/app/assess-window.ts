/**
 * Every scope's rules assessed on one local-day window: departments, journeys and interface pairs,
 * each against its trailing baseline, read from the aggregates. Also decides which departments
 * break only through the items they share with another department that breaks on its own.
 */
import { assessRules, ruleScoreOf } from '../domain/alerts/assessment';
import type { RuleAssessment } from '../domain/alerts/findings';
import { sentimentComparable } from '../domain/alerts/model-change';
import { scopeNames } from '../domain/alerts/names';
import { defaultRulesFor, requiredBaselineWindows } from '../domain/alerts/rules';
import { severityOf, excessOf } from '../domain/alerts/severity';
import { severityRank } from '../domain/alerts/incident';
import type { DepartmentsConfig } from '../domain/departments/schema';
import { addCounters, COUNTER_NAMES, emptyCounters, interfacePairsOf, previousWindow, scoreOf, seriesId, type Counters, type Scope } from '../domain/scores';
import type { AggregateReader } from '../ports/stores';
import { assessTopicRule, type TopicRuleSource } from './assess-topics';
import type { TrendPoint } from './email-chart';

export interface ScopeWindow {
  scope: Scope;
  /** Windows oldest first, the assessed one last. */
  windows: string[];
  counters: Counters[];
  /** The window was scored by a model its baseline was not (model-change.ts): sentiment rules hold. */
  sentimentModelChanged: boolean;
  assessments: RuleAssessment[];
}

export function trendOf(s: Pick<ScopeWindow, 'windows' | 'counters'>): TrendPoint[] {
  return s.windows.map((window, i) => ({ window, score: scoreOf(s.counters[i]!) }));
}

/** The scopes the configuration can alert on: its departments, journeys and their pairs. */
export function alertScopes(config: DepartmentsConfig): Scope[] {
  return [
    ...config.departments.map((d) => ({ kind: 'dept' as const, id: d.id })),
    ...config.journeys.map((j) => ({ kind: 'journey' as const, id: j.id })),
    ...interfacePairsOf(config.departments).map((id) => ({ kind: 'pair' as const, id })),
  ];
}

function assess(s: Omit<ScopeWindow, 'assessments'>, zone: string, config: DepartmentsConfig): RuleAssessment[] {
  const { scope, windows, counters, sentimentModelChanged } = s;
  const rules = defaultRulesFor(scope, 'day', config);
  return assessRules(
    {
      scope,
      granularity: 'day',
      zone,
      window: windows.at(-1)!,
      current: ruleScoreOf(counters.at(-1)!),
      baseline: counters.slice(0, -1).map(ruleScoreOf),
      names: scopeNames(scope, config),
      sentimentModelChanged,
    },
    rules,
  );
}

/**
 * Reads and assesses every scope of `window` (an ISO local-day start in `zone`); with `topics`,
 * each department's emerging negative topic rule too (assess-topics.ts).
 */
export async function assessWindow(window: string, zone: string, config: DepartmentsConfig, aggregates: AggregateReader, topics?: TopicRuleSource): Promise<ScopeWindow[]> {
  const scopes = alertScopes(config);
  const baselineCount = Math.max(8, ...scopes.map((s) => requiredBaselineWindows(defaultRulesFor(s, 'day', config))));
  const windows: string[] = [window];
  for (let i = 0; i < baselineCount; i++) windows.unshift(previousWindow(new Date(windows[0]!), 'day', zone).toISOString());
  return Promise.all(
    scopes.map(async (scope) => {
      const rows = await aggregates.series(seriesId(scope, 'day', zone), new Date(windows[0]!), new Date(window));
      const byWindow = new Map(rows.map((r) => [r.window, r]));
      const counters = windows.map((w) => byWindow.get(w)?.counters ?? emptyCounters());
      const scored = windows.map((w) => {
        const row = byWindow.get(w);
        return row ? { count: row.counters.count, models: row.models } : undefined;
      });
      const s = { scope, windows, counters, sentimentModelChanged: !sentimentComparable(scored.at(-1), scored.slice(0, -1)) };
      const topicRule = topics && scope.kind === 'dept' ? [await assessTopicRule({ kind: 'dept', id: scope.id }, window, zone, scopeNames(scope, config), topics)] : [];
      return { ...s, assessments: [...assess(s, zone, config), ...topicRule] };
    }),
  );
}

/**
 * The rules of one scope over every day after `after` (an incident's opening window) up to the
 * assessed one, pooled, against the days before `after`: how an incident of a department that
 * gets fewer items a day than its rules need is judged back to normal (a day alone is too thin).
 */
export function assessSince(s: ScopeWindow, after: string, zone: string, config: DepartmentsConfig): RuleAssessment[] {
  const first = s.windows.findIndex((w) => w > after);
  const before = s.windows.findIndex((w) => w >= after);
  if (first < 0 || before < 0) return [];
  const pooled = s.counters.slice(first).reduce(addCounters, emptyCounters());
  return assess({ ...s, windows: [...s.windows.slice(0, before), s.windows.at(-1)!], counters: [...s.counters.slice(0, before), pooled] }, zone, config);
}

function minus(a: Counters, b: Counters): Counters {
  const out = { ...a };
  for (const name of COUNTER_NAMES) out[name] = Math.max(0, a[name] - b[name]);
  return out;
}

const firingOf = (s: ScopeWindow) => s.assessments.filter((a) => a.status === 'firing' && a.finding);

/**
 * Departments whose own figures cannot judge yet (negative share below its minimum volume) in a
 * day still running: their hotspots wait for them (see GroupingInput.notYetJudged).
 */
export function departmentsNotYetJudged(scopes: readonly ScopeWindow[]): Set<string> {
  return new Set(
    scopes
      .filter((s) => s.scope.kind === 'dept' && s.assessments.some((a) => a.rule.kind === 'negative-share' && a.status === 'insufficient-data'))
      .map((s) => s.scope.id),
  );
}

/**
 * Departments that break only through items shared with a department that breaks on its own:
 * carried → carrier. Departments are taken most severe first (then most items); each one's
 * counters, minus those of its pairs with the departments already accepted, are assessed again:
 * if nothing breaks any more, it is carried by the accepted department it shares most negative
 * items with. So 60 billing complaints that also name delivery open a billing incident that
 * mentions delivery, not a second incident.
 *
 * A firing emerging negative topic always breaks on its own: topic summaries are no counters to
 * take the pair's from, so the re-assessment cannot see it, and folding it into the other
 * department's incident would hide the department's own new complaint from its owners.
 */
export function carriedDepartments(scopes: readonly ScopeWindow[], zone: string, config: DepartmentsConfig, openDepartments: ReadonlySet<string> = new Set()): Map<string, string> {
  // A department with an open incident carries like one that breaks now: the evening's items that
  // also name delivery belong to the billing incident of the morning, even once billing calms down.
  const depts = scopes.filter((s) => s.scope.kind === 'dept' && (firingOf(s).length > 0 || openDepartments.has(s.scope.id)));
  const weight = (s: ScopeWindow) => severityRank(severityOf(firingOf(s).map((a) => ({ excess: excessOf(a.finding!) }))));
  const open = (s: ScopeWindow) => (openDepartments.has(s.scope.id) ? 1 : 0);
  depts.sort((a, b) => open(b) - open(a) || weight(b) - weight(a) || b.counters.at(-1)!.count - a.counters.at(-1)!.count || a.scope.id.localeCompare(b.scope.id));
  const pairOf = (x: string, y: string) => scopes.find((s) => s.scope.kind === 'pair' && s.scope.id === [x, y].sort().join('+'));
  const accepted: string[] = [];
  const carried = new Map<string, string>();
  for (const d of depts) {
    const shared = accepted.map((p) => ({ p, pair: pairOf(d.scope.id, p) })).filter((x) => x.pair && x.pair.counters.at(-1)!.count > 0);
    if (shared.length === 0 || openDepartments.has(d.scope.id)) {
      accepted.push(d.scope.id);
      continue;
    }
    const own = d.counters.map((c, i) => shared.reduce((acc, x) => minus(acc, x.pair!.counters[i]!), c));
    const stillBreaks = firingOf(d).some((a) => a.rule.kind === 'emerging-negative-topic') || assess({ ...d, counters: own }, zone, config).some((a) => a.status === 'firing');
    if (stillBreaks) accepted.push(d.scope.id);
    else carried.set(d.scope.id, shared.sort((a, b) => b.pair!.counters.at(-1)!.negative - a.pair!.counters.at(-1)!.negative)[0]!.p);
  }
  return carried;
}
