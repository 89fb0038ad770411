import { assessRules, ruleScoreOf } from '../domain/alerts/assessment';
import type { RuleAssessment } from '../domain/alerts/findings';
import { scopeNames } from '../domain/alerts/names';
import { defaultRulesFor, requiredBaselineWindows } from '../domain/alerts/rules';
import { markNotified, nextAlertState, type AlertState } from '../domain/alerts/state';
import type { DepartmentsConfig } from '../domain/departments/schema';
import { emptyCounters, GRANULARITIES, previousWindow, scoreOf, SCOPE_KINDS, type Granularity, type Scope } from '../domain/scores';
import type { AlertStateStore } from '../ports/alert-states';
import type { TouchedCell } from '../ports/alerts-queue';
import { EmailRejectedError, type Mailer } from '../ports/mailer';
import type { AggregateReader, Verbatim } from '../ports/stores';
import { renderAlertEmail, renderRecoveryEmail, type EmailSettings, type TrendPoint } from './alert-email';

export interface EvaluateDeps {
  aggregates: AggregateReader;
  departments: DepartmentsConfig;
  states: AlertStateStore;
  mailer: Mailer;
  verbatims: (scope: Scope, from: Date, to: Date) => Promise<Verbatim[]>;
  email: Omit<EmailSettings, 'departments' | 'zone'>;
  now?: () => Date;
}

export interface EvaluationReport {
  cells: number;
  opened: string[];
  recovered: string[];
  emailsSent: number;
  /** Emails SES refused permanently, by alert key and SES error name. */
  rejectedEmails: { key: string; code: string }[];
  lostRaces: number;
}

/** Which cells are evaluated: days in the configured zone, where an officer reads "today". */
export function cellsToEvaluate(cells: readonly TouchedCell[], zone: string): TouchedCell[] {
  const wanted = new Map<string, TouchedCell>();
  for (const c of cells) if (c.series.endsWith(`#day#${zone}`)) wanted.set(`${c.series}|${c.window}`, c);
  return [...wanted.values()];
}

function parseSeries(series: string): { scope: Scope; granularity: Granularity; zone: string } {
  const [kind, id, granularity, zone] = series.split('#') as [string, string, Granularity, string];
  const scopeKind = SCOPE_KINDS.find((k) => k.toUpperCase() === kind);
  if (!scopeKind || !GRANULARITIES.includes(granularity) || !id || !zone) throw new Error(`not a series id: ${series}`);
  return { scope: { kind: scopeKind, id }, granularity, zone };
}

/**
 * Re-assesses every rule of every touched cell against its trailing baseline and moves each
 * alert through its state machine: an alert opens once, recovers once, and an email goes out
 * only after the state write that decided it won (concurrent evaluations send one).
 */
export async function evaluateTouchedCells(cells: readonly TouchedCell[], deps: EvaluateDeps): Promise<EvaluationReport> {
  const now = (deps.now ?? (() => new Date()))();
  const report: EvaluationReport = { cells: cells.length, opened: [], recovered: [], emailsSent: 0, rejectedEmails: [], lostRaces: 0 };
  for (const cell of cells) {
    const { scope, granularity, zone } = parseSeries(cell.series);
    const rules = defaultRulesFor(scope, granularity, deps.departments);
    if (rules.length === 0) continue;
    const baselineCount = Math.max(requiredBaselineWindows(rules), 8);
    const windows: string[] = [cell.window];
    for (let i = 0; i < baselineCount; i++) windows.unshift(previousWindow(new Date(windows[0]!), granularity, zone).toISOString());
    const rows = await deps.aggregates.series(cell.series, new Date(windows[0]!), new Date(cell.window));
    const byWindow = new Map(rows.map((r) => [r.window, r.counters]));
    const counters = windows.map((w) => byWindow.get(w) ?? emptyCounters());
    const names = scopeNames(scope, deps.departments);
    const assessments = assessRules(
      { scope, granularity, zone, window: cell.window, current: ruleScoreOf(counters.at(-1)!), baseline: counters.slice(0, -1).map(ruleScoreOf), names },
      rules,
    );
    const trend: TrendPoint[] = windows.map((window, i) => ({ window, score: scoreOf(counters[i]!) }));
    for (const assessment of assessments) await settle(assessment, trend, deps, now, report);
  }
  return report;
}

async function settle(assessment: RuleAssessment, trend: TrendPoint[], deps: EvaluateDeps, now: Date, report: EvaluationReport): Promise<void> {
  // Two tries: a lost optimistic-lock race re-reads the winner's state and decides again.
  for (let attempt = 0; attempt < 2; attempt++) {
    const previous = await deps.states.get(assessment.key);
    const transition = nextAlertState(previous, assessment, now);
    if (!transition.state || !transition.persist) return;
    if (!(await deps.states.put(transition.state))) {
      report.lostRaces++;
      continue;
    }
    if (transition.action !== 'open' && transition.action !== 'recover') return;
    const settings: EmailSettings = { ...deps.email, departments: deps.departments, zone: assessment.zone };
    const from = new Date(trend[0]!.window);
    const quotes = (await deps.verbatims(assessment.scope, from, now))
      .filter((v) => v.sentiment === 'negative' || transition.action === 'recover')
      .slice(0, 3)
      .map((v) => ({ text: v.text, occurredAt: v.occurredAt }));
    const email =
      transition.action === 'open'
        ? renderAlertEmail({ finding: assessment.finding!, state: transition.state, trend, verbatims: quotes }, settings)
        : renderRecoveryEmail({ state: transition.state, assessment, trend, verbatims: quotes }, settings);
    try {
      await deps.mailer.send(email);
    } catch (error) {
      // SES refused it for good (unverified identity, suppressed recipient): retrying cannot
      // help. The state keeps pendingNotification, the report says why, the batch carries on.
      if (!(error instanceof EmailRejectedError)) throw error;
      report.rejectedEmails.push({ key: transition.state.key, code: error.code });
      return;
    }
    report.emailsSent++;
    (transition.action === 'open' ? report.opened : report.recovered).push(transition.state.key);
    // Best effort: if this write loses, the email is already out and pendingNotification says so.
    await deps.states.put(markNotified(transition.state, now));
    return;
  }
}
