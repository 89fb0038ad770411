/**
 * Sends what an incident transition made due: one email per recipient (each in their language),
 * incident and update emails within each recipient's daily budget (what overflows is recorded for
 * the 18:00 summary and the digest), recoveries always. The history is written back under the
 * incident's optimistic lock.
 */
import { recordNotified } from '../domain/alerts/incident-machine';
import { localDayOf, type Incident, type IncidentPolicy, type Recipient } from '../domain/alerts/incident';
import type { DeliveryBudget, IncidentStore } from '../ports/incidents';
import { EmailRejectedError, type Mailer, type OutgoingEmail } from '../ports/mailer';
import type { TrendPoint } from './email-chart';

export type NoticeKind = Incident['pending'][number];

/** Renders one email of an incident for one recipient (the incident-email renderers). */
export type IncidentRenderer = (kind: NoticeKind, incident: Incident, recipient: Recipient, trend: readonly TrendPoint[]) => OutgoingEmail;

export interface DeliveryDeps {
  incidents: IncidentStore;
  budget: DeliveryBudget;
  mailer: Mailer;
  render: IncidentRenderer;
  recipients: (incident: Incident) => Recipient[];
  policy: IncidentPolicy;
  /** Chat and webhook targets (shared/app/notification-events.ts `incidentNotifier`); absent: emails only. */
  notify?: (incident: Incident, kind: NoticeKind, now: Date) => Promise<void>;
}

export interface DeliveryReport {
  sent: number;
  deferred: number;
  rejected: { id: string; code: string }[];
}

/** Delivers the notifications `kinds` of `incident` that the caller's own write made pending. */
export async function deliverPending(incident: Incident, kinds: readonly NoticeKind[], trend: readonly TrendPoint[], deps: DeliveryDeps, now: Date): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, deferred: 0, rejected: [] };
  // Before the emails: a crash before their write-back publishes the same event ids again, and targets get each once.
  for (const kind of kinds) await deps.notify?.(incident, kind, now);
  let current = incident;
  for (const kind of kinds) {
    const sent: string[] = [];
    const deferred: Recipient[] = [];
    const day = localDayOf(now, current.zone);
    for (const recipient of deps.recipients(current)) {
      if (kind !== 'recovery' && !(await deps.budget.take(recipient.address, day, deps.policy.dailyBudget))) {
        deferred.push(recipient);
        continue;
      }
      try {
        await deps.mailer.send(deps.render(kind, current, recipient, trend));
        sent.push(recipient.address);
      } catch (error) {
        // Refused for good (unverified identity, suppressed recipient): retrying cannot help.
        if (!(error instanceof EmailRejectedError)) throw error;
        report.rejected.push({ id: current.id, code: error.code });
      }
    }
    report.sent += sent.length;
    report.deferred += deferred.length;
    current = await writeBack(current, (i) => recordNotified(i, kind, sent, deferred, now), deps.incidents);
  }
  return report;
}

/** Applies `change` to the stored incident under the optimistic lock, re-reading on a lost race. */
export async function writeBack(incident: Incident, change: (i: Incident) => Incident, store: IncidentStore): Promise<Incident> {
  let base = incident;
  for (let attempt = 0; attempt < 5; attempt++) {
    const next = change(base);
    if (await store.put(next)) return next;
    const fresh = await store.get(incident.id);
    if (!fresh) break;
    base = fresh;
  }
  throw new Error(`incident ${incident.id}: could not record its notifications after 5 concurrent writes`);
}
