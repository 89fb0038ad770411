/**
 * The events producers hand to the Notifier (shared/ports/notifier.ts): an incident or its
 * recovery, the weekly digest, an interface brief. Each carries a stable `eventId`, so a producer
 * that runs again after a crash publishes the same id and the target still gets it once.
 * Verbatims are the stored (redacted) ones, as in the emails: never more personal data.
 */
import { departmentsOf, type Incident } from '../domain/alerts/incident';
import { formatNumber, windowLabel, type Lang } from '../domain/alerts/wording';
import type { DepartmentsConfig } from '../domain/departments/schema';
import type { Digest } from '../domain/digest';
import type { NotificationEvent } from '../domain/notifications/contract';
import { DASHBOARD_PAGES, dashboardPageUrl } from './dashboard-links';
import { bySeverity, departmentName, ruleFigures, ruleTitle, scopeName, SEVERITY_WORDS } from './incident-wording';
import type { Notifier } from '../ports/notifier';
import type { NoticeKind } from './deliver-incident';

export interface NotificationSettings {
  departments: DepartmentsConfig;
  lang: Lang;
  zone: string;
  dashboardUrl?: string;
}

/** At most this many verbatims travel in a notification (the chat formats quote five). */
const MAX_VERBATIMS = 5;

/** An incident email's notice as a chat/webhook event: opened and updates are `incident`, the recovery `recovery`. */
export function incidentNotificationEvent(incident: Incident, notice: NoticeKind, settings: NotificationSettings, now: Date): NotificationEvent {
  const { lang, departments: config, zone } = settings;
  const fr = lang === 'fr';
  const kind = notice === 'recovery' ? 'recovery' : 'incident';
  const name = scopeName(incident.scope, config, lang);
  const severity = SEVERITY_WORDS[incident.severity][lang];
  const rules = bySeverity(incident.rules);
  const title =
    kind === 'recovery'
      ? fr ? `${name} : retour à la normale` : `${name}: back to normal`
      : notice === 'incident-update'
        ? fr ? `${name} : incident ${severity} mis à jour` : `${name}: ${severity} incident updated`
        : fr ? `${name} : incident ${severity}` : `${name}: ${severity} incident`;
  const summary = rules.map((r) => `${ruleTitle(r, incident.scope, config, lang)} (${ruleFigures(r, zone, lang)})`).join('\n');
  return {
    kind,
    // The transition's instant: a retried evaluation (same stored incident) publishes the same id.
    eventId: `incident:${incident.id}:${notice}:${incident.updatedAt}`,
    occurredAt: now.toISOString(),
    departments: [...new Set([...departmentsOf(incident.scope), ...incident.related])],
    incidentId: incident.id,
    title,
    summary,
    figures: [
      { label: fr ? 'Gravité' : 'Severity', value: severity },
      ...rules.slice(0, 5).map((r) => ({ label: ruleTitle(r, incident.scope, config, lang), value: ruleFigures(r, zone, lang) })),
    ],
    verbatims: kind === 'recovery' ? [] : incident.verbatims.slice(0, MAX_VERBATIMS).map((v) => ({ text: v.text, occurredAt: v.occurredAt })),
    link: dashboardPageUrl(settings.dashboardUrl, DASHBOARD_PAGES.incident(incident.id)),
    lang,
  };
}

/** The weekly digest as an officer-wide event (no department: it goes to targets without a department filter). */
export function digestNotificationEvent(digest: Digest, settings: NotificationSettings, now: Date): NotificationEvent {
  const { lang } = settings;
  const fr = lang === 'fr';
  const week = windowLabel(digest.week.start, 'week', digest.week.zone, lang);
  const best = digest.ranking.slice(0, 3);
  const open = digest.incidents.length;
  const points = (p: number | null) => (p === null ? '—' : `${p > 0 ? '+' : ''}${formatNumber(p, lang)} pts`);
  return {
    kind: 'digest',
    eventId: `digest:${digest.week.start}`,
    occurredAt: now.toISOString(),
    departments: [],
    title: fr ? `Synthèse de la ${week}` : `Digest for the ${week}`,
    summary:
      best.length > 0
        ? fr ? `Plus forte progression : ${departmentName(best[0]!.id, settings.departments, lang)}.` : `Most improved: ${departmentName(best[0]!.id, settings.departments, lang)}.`
        : fr ? 'Pas assez d’avis cette semaine pour classer les départements.' : 'Not enough feedback this week to rank the departments.',
    figures: [
      ...best.map((d) => ({ label: departmentName(d.id, settings.departments, lang), value: `${fr ? 'indice de sentiment' : 'sentiment index'} ${points(d.progress)}` })),
      { label: fr ? 'Incidents de la semaine' : "The week's incidents", value: String(open) },
      { label: fr ? 'Points de friction' : 'Hotspots', value: String(digest.hotspots.length) },
    ],
    verbatims: [],
    link: dashboardPageUrl(settings.dashboardUrl, DASHBOARD_PAGES.overview()),
    lang,
  };
}

/** What deliverPending's `notify` does: publish each notice of an incident transition. */
export function incidentNotifier(notifier: Notifier, settings: NotificationSettings) {
  return (incident: Incident, kind: NoticeKind, now: Date) => notifier.publish(incidentNotificationEvent(incident, kind, settings, now));
}

/** What sendWeeklyDigest's `notify` does: publish the digest. */
export function digestNotifier(notifier: Notifier, settings: NotificationSettings) {
  return (digest: Digest, now: Date) => notifier.publish(digestNotificationEvent(digest, settings, now));
}
