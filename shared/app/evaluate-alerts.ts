import { sourceKey, groupIntoObservations, type Observation } from '../domain/alerts/incident-grouping';
import { nextIncident, recoveryVerdict, type IncidentAction, type RecoveryVerdict } from '../domain/alerts/incident-machine';
import { aggregateScopeOf, departmentsOf, incidentIdOf, localDayOf, localDayStart, scopeKeyOf, type Incident, type IncidentPolicy, type IncidentScope, type IncidentVerbatim, type Recipient } from '../domain/alerts/incident';
import type { RuleAssessment } from '../domain/alerts/findings';
import type { DepartmentsConfig } from '../domain/departments/schema';
import { ATTRIBUTED, previousWindow, type Scope } from '../domain/scores';
import type { TouchedCell } from '../ports/alerts-queue';
import type { DeliveryBudget, IncidentStore } from '../ports/incidents';
import type { Mailer } from '../ports/mailer';
import type { AggregateReader, Verbatim } from '../ports/stores';
import type { TopicSummaryReader } from '../ports/topics';
import type { TrendPoint } from './email-chart';
import type { TopicRuleSource } from './assess-topics';
import { assessSince, assessWindow, carriedDepartments, departmentsNotYetJudged, trendOf, type ScopeWindow } from './assess-window';
import { deliverPending, writeBack, type DeliveryDeps, type IncidentRenderer } from './deliver-incident';

export interface EvaluateDeps {
  aggregates: AggregateReader;
  /** Topic summaries per scope and local day/week (issue #20), write shards merged. */
  topics?: TopicSummaryReader;
  departments: DepartmentsConfig;
  incidents: IncidentStore;
  budget: DeliveryBudget;
  mailer: Mailer;
  /** Redacted verbatims of a department between two instants, newest first. */
  verbatims: (scope: Scope, from: Date, to: Date) => Promise<Verbatim[]>;
  /** Picks the quotes an incident shows from the candidates (distinct, most telling first). */
  selectVerbatims: (candidates: readonly Verbatim[]) => IncidentVerbatim[];
  recipients: (incident: Incident) => Recipient[];
  render: IncidentRenderer;
  policy: IncidentPolicy;
  /** Chat and webhook targets of incidents and recoveries (absent: emails only). */
  notify?: DeliveryDeps['notify'];
  /** The configured zone: incidents are counted in its local days. */
  zone: string;
  /**
   * A department's redacted verbatims with their topics, for an emerging topic's examples; default
   * `verbatims` (whose few newest items may hold none of a topic's).
   */
  topicExamples?: TopicRuleSource['verbatims'];
  now?: () => Date;
}

/**
 * How long notifications another evaluation decided stay its own to send: far longer than the
 * evaluator may run (its timeout), so a live sender is never doubled.
 */
export const PENDING_LEASE_MS = 15 * 60_000;

export interface EvaluationReport {
  cells: number;
  /** Local-day windows assessed (today's and yesterday's at most). */
  windows: string[];
  /** Older windows touched by late data: recorded, never opening nor closing anything. */
  lateWindows: string[];
  opened: string[];
  updated: string[];
  recovered: string[];
  emailsSent: number;
  emailsDeferred: number;
  /** Emails SES refused permanently, by incident id and SES error name. */
  rejectedEmails: { key: string; code: string }[];
  lostRaces: number;
}

/** Which cells are evaluated: days in the configured zone (week and UTC cells of the same items fold into them). */
export function cellsToEvaluate(cells: readonly TouchedCell[], zone: string): TouchedCell[] {
  const wanted = new Map<string, TouchedCell>();
  // The attributed-items series is no scope to alert on; its windows are its departments' own.
  for (const c of cells) if (c.series.endsWith(`#day#${zone}`) && !c.series.startsWith(`${ATTRIBUTED.kind.toUpperCase()}#`)) wanted.set(`${c.series}|${c.window}`, c);
  return [...wanted.values()];
}

/** The departments behind a touched series (`DEPT#billing#day#…`, a pair's two, a journey's owners). */
function departmentsOfSeries(series: string, config: DepartmentsConfig): string[] {
  const [kind = '', id = ''] = series.split('#');
  if (kind === 'DEPT') return [id];
  if (kind === 'PAIR') return id.split('+');
  return config.departments.filter((d) => d.journeys.includes(id)).map((d) => d.id).concat(`journey.${id}`);
}

/**
 * Turns touched aggregate cells into incidents. Today's and yesterday's local days (the current
 * and the previous complete window) are assessed whole, every scope at once, so that one burst is
 * one incident whatever batches carried it; older days touched by late or backfilled items only
 * mark the open incidents they concern (`lateDataAt`, said in their next email). Every transition
 * is a conditional write: concurrent evaluations send one email.
 */
export async function evaluateTouchedCells(cells: readonly TouchedCell[], deps: EvaluateDeps): Promise<EvaluationReport> {
  const now = (deps.now ?? (() => new Date()))();
  const report: EvaluationReport = {
    cells: cells.length, windows: [], lateWindows: [], opened: [], updated: [], recovered: [], emailsSent: 0, emailsDeferred: 0, rejectedEmails: [], lostRaces: 0,
  };
  const today = localDayStart(now, deps.zone);
  const yesterday = previousWindow(new Date(today), 'day', deps.zone).toISOString();
  const late = new Set<string>();
  const lateDepartments = new Set<string>();
  for (const cell of cellsToEvaluate(cells, deps.zone)) {
    const window = new Date(cell.window).toISOString();
    if (window === today || window === yesterday) {
      if (!report.windows.includes(window)) report.windows.push(window);
    } else if (window < yesterday) {
      late.add(window);
      for (const d of departmentsOfSeries(cell.series, deps.departments)) lateDepartments.add(d);
    }
  }
  report.lateWindows = [...late].sort();
  report.windows.sort();
  if (lateDepartments.size) await markLateData(lateDepartments, deps, now);
  for (const window of report.windows) await evaluateWindow(window, deps, now, report);
  return report;
}

async function markLateData(departments: ReadonlySet<string>, deps: EvaluateDeps, now: Date): Promise<void> {
  for (const incident of await deps.incidents.list({ status: 'open' })) {
    const concerned = departmentsOf(incident.scope).some((d) => departments.has(d)) || departments.has(scopeKeyOf(incident.scope));
    if (concerned) await writeBack(incident, (i) => ({ ...i, lateDataAt: now.toISOString(), updatedAt: now.toISOString(), version: i.version + 1 }), deps.incidents);
  }
}

async function evaluateWindow(window: string, deps: EvaluateDeps, now: Date, report: EvaluationReport): Promise<void> {
  // With topic summaries, each department's emerging negative topic rule too.
  const topics: TopicRuleSource | undefined = deps.topics && { reader: deps.topics, verbatims: deps.topicExamples ?? ((id, from, to) => deps.verbatims({ kind: 'dept', id }, from, to)) };
  const scopes = await assessWindow(window, deps.zone, deps.departments, deps.aggregates, topics);
  const open = await deps.incidents.list({ status: 'open' });
  const openDepartments = new Set(open.flatMap((i) => ('department' in i.scope ? [i.scope.department] : [])));
  const observations = groupIntoObservations({
    window,
    assessments: scopes,
    config: deps.departments,
    carriedBy: carriedDepartments(scopes, deps.zone, deps.departments, openDepartments),
    openScopeKeys: new Set(open.map((i) => scopeKeyOf(i.scope))),
    notYetJudged: window === localDayStart(now, deps.zone) ? departmentsNotYetJudged(scopes) : new Set(),
    now,
  });
  const bySource = new Map<string, RuleAssessment>();
  for (const s of scopes) for (const a of s.assessments) bySource.set(sourceKey({ kind: s.scope.kind, id: s.scope.id }, a.rule.kind), a);

  const targets = new Map<string, { scope: IncidentScope; observation?: Observation }>();
  for (const incident of open) targets.set(scopeKeyOf(incident.scope), { scope: incident.scope });
  for (const o of observations) targets.set(scopeKeyOf(o.scope), { scope: o.scope, observation: o });
  for (const [key, target] of targets) {
    const trend = trendOf(scopeWindowOf(target.scope, scopes) ?? { windows: [], counters: [] });
    await settle(key, target.scope, target.observation, window, { bySource, trend, scopes }, deps, now, report);
  }
}

function scopeWindowOf(scope: IncidentScope, scopes: readonly ScopeWindow[]): ScopeWindow | undefined {
  const { kind, id } = aggregateScopeOf(scope);
  return scopes.find((s) => s.scope.kind === kind && s.scope.id === id);
}

async function quotesFor(scope: IncidentScope, window: string, deps: EvaluateDeps, now: Date): Promise<IncidentVerbatim[]> {
  const candidates = (await Promise.all(departmentsOf(scope).map((id) => deps.verbatims({ kind: 'dept', id }, new Date(window), now)))).flat();
  return deps.selectVerbatims(candidates);
}

async function settle(
  scopeKey: string,
  scope: IncidentScope,
  observation: Observation | undefined,
  window: string,
  seen: { bySource: ReadonlyMap<string, RuleAssessment>; trend: readonly TrendPoint[]; scopes: readonly ScopeWindow[] },
  deps: EvaluateDeps,
  now: Date,
  report: EvaluationReport,
): Promise<void> {
  const localDay = localDayOf(window, deps.zone);
  const quotes = observation ? await quotesFor(scope, window, deps, now) : [];
  // Two tries: a lost optimistic-lock race re-reads the winner's incident and decides again.
  for (let attempt = 0; attempt < 2; attempt++) {
    const prev = (await deps.incidents.openFor(scopeKey)) ?? (observation ? await deps.incidents.get(incidentIdOf(scope, localDay)) : undefined);
    const verdict = prev?.status === 'open' ? judgeRecovery(prev, window, seen, deps) : 'cannot-judge';
    let transition = nextIncident(prev, window, observation, verdict, quotes, { now, zone: deps.zone, localDay, policy: deps.policy });
    // Notifications an evaluation decided and never recorded (it crashed, or SES was down and the
    // batch failed): after the lease, the next evaluation claims them with a write of its own.
    const leftover = prev && prev.status === transition.incident?.status && now.getTime() - Date.parse(prev.pendingSince ?? prev.updatedAt) >= PENDING_LEASE_MS ? prev.pending : [];
    if ((!transition.persist || !transition.incident) && prev && leftover.length) {
      transition = { incident: { ...prev, updatedAt: now.toISOString(), version: prev.version + 1 }, action: 'none', persist: true };
    }
    if (!transition.persist || !transition.incident) return;
    if (!(await deps.incidents.put(transition.incident))) {
      report.lostRaces++;
      continue;
    }
    record(report, transition.action, transition.incident.id);
    // What this write made due, and leftovers past their lease: a kind pending before it, and
    // recent, belongs to the evaluation that wrote it (maybe sending right now).
    const due = transition.incident.pending.filter((k) => leftover.includes(k) || !(prev?.pending.includes(k) && prev.status === transition.incident!.status));
    if (due.length === 0) return;
    const delivered = await deliverPending(transition.incident, due, seen.trend, deps, now);
    report.emailsSent += delivered.sent;
    report.emailsDeferred += delivered.deferred;
    report.rejectedEmails.push(...delivered.rejected.map((r) => ({ key: r.id, code: r.code })));
    return;
  }
}

/**
 * Whether an open incident's rules are back to normal in `window`: on the day's own figures, or,
 * when the day is too thin to judge, on every day since the incident's pooled together.
 */
function judgeRecovery(incident: Incident, window: string, seen: { bySource: ReadonlyMap<string, RuleAssessment>; scopes: readonly ScopeWindow[] }, deps: EvaluateDeps): RecoveryVerdict {
  const h = deps.policy.recoveryHysteresis;
  const verdict = recoveryVerdict(incident, (r) => seen.bySource.get(sourceKey(r.source, r.kind)), h);
  if (verdict !== 'cannot-judge' || window <= incident.window) return verdict;
  const pooled = new Map<string, RuleAssessment>();
  for (const s of seen.scopes) for (const a of assessSince(s, incident.window, deps.zone, deps.departments)) pooled.set(sourceKey(s.scope, a.rule.kind), a);
  return recoveryVerdict(incident, (r) => pooled.get(sourceKey(r.source, r.kind)), h);
}

function record(report: EvaluationReport, action: IncidentAction, id: string): void {
  if (action === 'open') report.opened.push(id);
  else if (action === 'recover') report.recovered.push(id);
  else if (action === 'update') report.updated.push(id);
}
