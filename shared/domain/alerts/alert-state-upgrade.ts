/**
 * The upgrade from per-(rule, scope) alert states to incidents: what each existing state becomes,
 * so that the officer's history survives and nothing is sent again. Pure; the use case
 * (`shared/app/upgrade-alert-states.ts`) reads the states and writes the incidents.
 *
 * - A state's scope becomes the incident's: a department, a pair, or, for a journey, the
 *   department that lists it in `journeys` (as the evaluator folds them); a journey no
 *   department lists has no incident to join and is left out (reported).
 * - Every OPEN state of a scope key folds into one open incident (at most one per scope), dated
 *   by the earliest local day among them; recovered states group by scope key and the local day
 *   their triggering window began (one recovered incident each), unless that is the open
 *   incident's day (then they are its non-firing rules).
 * - Each state is a rule of its incident with its triggering figures (`negative-share`, or
 *   `negative-share@journey:billing` from a journey); a rule seen twice keeps the latest state.
 * - The announced severity (`notifiedSeverity`) is the severity itself and nothing is pending,
 *   so the evaluator sends nothing for what was already emailed; `migratedFrom` names the states.
 */
import type { DepartmentsConfig } from '../departments/schema';
import { windowStart } from '../scores';
import { incidentIdOf, localDayOf, scopeKeyOf, type Incident, type IncidentRule, type IncidentScope, type Severity } from './incident';
import type { AlertState } from './state';

/** The lead's severity arithmetic (severity.ts), passed in so the upgrade judges exactly as the evaluator. */
export interface SeverityJudge {
  excessOf(rule: Pick<IncidentRule, 'kind' | 'value' | 'threshold'>): number;
  severityOf(rules: readonly IncidentRule[]): Severity;
}

export interface AlertStateUpgrade {
  incidents: Incident[];
  /** States that become no incident, and why. */
  skipped: { key: string; reason: string }[];
}

interface Placed {
  state: AlertState;
  scope: IncidentScope;
  rule: string;
  day: string;
}

function place(state: AlertState, departments: DepartmentsConfig, zone: string): Placed | { skip: string } {
  const day = localDayOf(state.trigger.window, zone);
  if (state.scope.kind === 'dept') return { state, scope: { department: state.scope.id }, rule: state.ruleId, day };
  if (state.scope.kind === 'pair') {
    const [a, b] = state.scope.id.split('+');
    if (!a || !b) return { skip: `pair "${state.scope.id}" is not two departments` };
    return { state, scope: { pair: [a, b] }, rule: `${state.ruleId}@pair:${state.scope.id}`, day };
  }
  const journey = state.scope.id;
  const owner = departments.departments.find((d) => d.journeys.includes(journey));
  if (!owner) return { skip: `journey "${journey}" belongs to no department` };
  return { state, scope: { department: owner.id }, rule: `${state.ruleId}@journey:${journey}`, day };
}

function ruleOf(p: Placed, judge: SeverityJudge): IncidentRule {
  const { state } = p;
  const figures = { kind: state.kind, value: state.trigger.value, threshold: state.trigger.threshold };
  return {
    rule: p.rule,
    kind: state.kind,
    source: { kind: state.scope.kind, id: state.scope.id },
    value: state.trigger.value,
    threshold: state.trigger.threshold,
    baseline: state.trigger.baselineMean,
    volume: state.trigger.volume,
    window: state.trigger.window,
    firing: state.status === 'open',
    excess: judge.excessOf(figures),
    message: state.trigger.message,
    firstSeenAt: state.openedAt,
    lastSeenAt: state.lastEvaluatedAt,
  };
}

const latest = (values: (string | null)[]): string | null => values.filter((v): v is string => v !== null).sort().at(-1) ?? null;

function incidentOf(group: Placed[], zone: string, judge: SeverityJudge): Incident {
  const first = group[0]!;
  const open = group.some((p) => p.state.status === 'open');
  // One rule per name: the latest evaluated state of it.
  const byRule = new Map<string, Placed>();
  for (const p of group) {
    const kept = byRule.get(p.rule);
    if (!kept || kept.state.lastEvaluatedAt < p.state.lastEvaluatedAt || (kept.state.status !== 'open' && p.state.status === 'open')) byRule.set(p.rule, p);
  }
  const rules = [...byRule.values()].map((p) => ruleOf(p, judge)).sort((a, b) => b.excess - a.excess || a.rule.localeCompare(b.rule));
  const firing = rules.filter((r) => r.firing);
  const severity = judge.severityOf(firing.length ? firing : rules);
  const window = windowStart(new Date(first.state.trigger.window), 'day', zone).toISOString();
  return {
    id: incidentIdOf(first.scope, first.day),
    scope: first.scope,
    zone,
    window,
    severity,
    status: open ? 'open' : 'recovered',
    openedAt: group.map((p) => p.state.openedAt).sort()[0]!,
    updatedAt: latest(group.map((p) => p.state.lastEvaluatedAt))!,
    recoveredAt: open ? null : latest(group.map((p) => p.state.recoveredAt)),
    rules,
    related: [],
    verbatims: [],
    lateDataAt: null,
    recoveryWindows: 0,
    recoveryLastWindow: null,
    notifiedSeverity: severity,
    lastUpdateEmailAt: null,
    pending: [],
    sent: [],
    deferred: [],
    acknowledged: null,
    assignee: null,
    resolved: null,
    migratedFrom: group.map((p) => p.state.key).sort().join(', '),
    version: 1,
  };
}

/** The incidents the alert states become (version 1, to be created only where absent). */
export function incidentsFromAlertStates(states: readonly AlertState[], departments: DepartmentsConfig, zone: string, judge: SeverityJudge): AlertStateUpgrade {
  const skipped: AlertStateUpgrade['skipped'] = [];
  const placed: Placed[] = [];
  for (const state of states) {
    const p = place(state, departments, zone);
    if ('skip' in p) skipped.push({ key: state.key, reason: p.skip });
    else placed.push(p);
  }
  // The open states of a scope key all join its earliest open day.
  const openDay = new Map<string, string>();
  for (const p of placed) {
    if (p.state.status !== 'open') continue;
    const key = scopeKeyOf(p.scope);
    const day = openDay.get(key);
    if (!day || p.day < day) openDay.set(key, p.day);
  }
  const groups = new Map<string, Placed[]>();
  for (const p of placed) {
    const key = scopeKeyOf(p.scope);
    const day = p.state.status === 'open' ? openDay.get(key)! : p.day;
    const id = incidentIdOf(p.scope, day);
    groups.set(id, [...(groups.get(id) ?? []), { ...p, day }]);
  }
  // Oldest first in each group, so the incident's window is its earliest trigger.
  const incidents = [...groups.values()].map((g) => incidentOf(g.sort((a, b) => a.state.trigger.window.localeCompare(b.state.trigger.window)), zone, judge));
  return { incidents: incidents.sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id)), skipped };
}
