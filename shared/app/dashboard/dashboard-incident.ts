/**
 * An incident as the dashboard shows it: the public view `GET /v1/alerts` answers, each broken
 * rule's sentence in French and English as the incident email words it (its heading, then the
 * finding's sentence with its figures),
 * and its history built from what the stored incident records.
 */
import { incidentView, severityRank, type Incident } from '../../domain/alerts/incident';
import type { IncidentPayload } from '../../domain/dashboard/contract';
import type { DepartmentsConfig } from '../../domain/departments/schema';
import { bySeverity, ruleTitle, SEVERITY_WORDS } from '../incident-wording';

type HistoryEvent = NonNullable<IncidentPayload['history']>[number];

/** Opened, emails sent or held back, acknowledged, assigned, recovered, resolved: oldest first. */
export function incidentHistory(i: Incident): HistoryEvent[] {
  const events: HistoryEvent[] = [{ at: i.openedAt, event: 'opened', detail: SEVERITY_WORDS[i.severity].en }];
  for (const s of i.sent) events.push({ at: s.at, event: s.kind === 'recovery' ? 'recovery-sent' : `${s.kind}-sent`, detail: s.recipient });
  for (const d of i.deferred) events.push({ at: d.at, event: `${d.kind}-deferred`, detail: d.recipient });
  if (i.lateDataAt) events.push({ at: i.lateDataAt, event: 'late-data' });
  if (i.acknowledged) events.push({ at: i.acknowledged.at, event: 'acknowledged', by: i.acknowledged.by });
  if (i.assignee) events.push({ at: i.assignee.at, event: 'assigned', by: i.assignee.by, detail: i.assignee.owner });
  if (i.recoveredAt) events.push({ at: i.recoveredAt, event: 'recovered' });
  if (i.resolved) events.push({ at: i.resolved.at, event: 'resolved', by: i.resolved.by, detail: i.resolved.note });
  // Stable: equal instants keep the order above (opened before what followed at the same time).
  return events.map((e, n) => ({ e, n })).sort((a, b) => a.e.at.localeCompare(b.e.at) || a.n - b.n).map(({ e }) => e);
}

/** The dashboard's view of a stored incident (IncidentViewSchema), rules most severe first. */
export function dashboardIncident(i: Incident, config: DepartmentsConfig): IncidentPayload {
  const view = incidentView(i);
  // The email's rule heading (what broke, where it was measured), then the finding's sentence (figures, threshold, baseline).
  const sentence = (r: Incident['rules'][number], lang: 'en' | 'fr') => `${ruleTitle(r, i.scope, config, lang)}. ${r.message[lang]}`;
  return {
    id: view.id,
    scope: view.scope,
    window: view.window,
    severity: view.severity,
    status: view.status,
    openedAt: view.openedAt,
    updatedAt: view.updatedAt,
    ...(view.recoveredAt ? { recoveredAt: view.recoveredAt } : {}),
    rules: view.rules,
    verbatims: view.verbatims.map((v) => ({ id: v.id, text: v.text, occurredAt: v.occurredAt })),
    ...(view.acknowledged ? { acknowledged: { by: view.acknowledged.by, at: view.acknowledged.at } } : {}),
    ...(view.assignee ? { assignee: view.assignee } : {}),
    ...(view.resolved ? { resolved: { by: view.resolved.by, at: view.resolved.at, note: view.resolved.note } } : {}),
    // The emails held back (view.deferred) are in the history.
    messages: bySeverity(i.rules).map((r) => ({ rule: r.rule, message: { en: sentence(r, 'en'), fr: sentence(r, 'fr') } })),
    history: incidentHistory(i),
  };
}

/** Most severe first, then the newest. */
export function bySeverityThenNewest(a: Incident, b: Incident): number {
  return severityRank(b.severity) - severityRank(a.severity) || b.openedAt.localeCompare(a.openedAt) || a.id.localeCompare(b.id);
}
