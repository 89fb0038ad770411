/**
 * The 18:00 daily summary: every recipient whose incident or update emails the daily budget held
 * back gets one email listing those incidents, once per local day, then the incidents record
 * that the summary carried them. Scheduled (EventBridge Scheduler at 18:00 in the configured zone,
 * the local stack's timer), and safe to run twice: the SendMarkers claim lets one run send.
 */
import { dailySummaryMarker, heldBackByRecipient, localDayOf, withNoticesSummarized, type HeldBackIncident } from '../domain/alerts/daily-summary';
import type { DepartmentsConfig } from '../domain/departments/schema';
import type { IncidentStore, SendMarkers } from '../ports/incidents';
import type { Mailer, OutgoingEmail } from '../ports/mailer';
import { renderDailySummaryEmail } from './daily-summary-email';

export interface DailySummaryDeps {
  incidents: IncidentStore;
  markers: SendMarkers;
  mailer: Mailer;
  departments: DepartmentsConfig;
  /** `dashboardUrl`: the summary links to the dashboard's incidents page. */
  email: { from: OutgoingEmail['from']; appName?: string; dashboardUrl?: string };
  /** The configured zone: its local day names the summary, its wall clock dates the incidents. */
  zone: string;
  /** `alertDailyBudget`, quoted in the email. */
  dailyBudget: number;
  now?: () => Date;
}

export interface DailySummaryOutcome {
  /** The local day (YYYY-MM-DD) the run summarized. */
  day: string;
  sent: { recipient: string; incidents: string[]; messageId: string }[];
  /** Recipients another run already summarized today (their marker was taken). */
  alreadySent: string[];
}

/** A summary could not be sent; its notices stay unsummarized and go out with the next day's summary. */
export class DailySummaryError extends Error {
  override readonly name = 'DailySummaryError';
  constructor(
    readonly failures: { recipient: string; error: unknown }[],
    options?: { cause?: unknown },
  ) {
    super(`daily summary not sent to ${failures.length} recipient(s): ${failures.map((f) => (f.error instanceof Error ? f.error.message : String(f.error))).join('; ')}`, options);
  }
}

/** Optimistic-lock attempts when recording that a summary carried an incident's notices. */
const MARK_ATTEMPTS = 5;

export async function sendDailySummaries(deps: DailySummaryDeps): Promise<DailySummaryOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const day = localDayOf(now, deps.zone);
  const summaries = heldBackByRecipient(await deps.incidents.list(), now);
  const outcome: DailySummaryOutcome = { day, sent: [], alreadySent: [] };
  const failures: { recipient: string; error: unknown }[] = [];

  for (const summary of summaries) {
    // Exactly once per recipient and day, even when the schedule fires twice or two runs overlap.
    if (!(await deps.markers.claim(dailySummaryMarker(summary.recipient, day), now))) {
      outcome.alreadySent.push(summary.recipient);
      continue;
    }
    try {
      const email = renderDailySummaryEmail(
        { recipient: summary.recipient, lang: summary.lang, day, incidents: summary.incidents, dailyBudget: deps.dailyBudget },
        { ...deps.email, departments: deps.departments, zone: deps.zone },
      );
      const { messageId } = await deps.mailer.send(email);
      for (const held of summary.incidents) await markSummarized(deps.incidents, held, now);
      outcome.sent.push({ recipient: summary.recipient, incidents: summary.incidents.map((h) => h.incident.id), messageId });
    } catch (error) {
      // The other recipients still get theirs; the marker stays taken, so this one's notices wait
      // for tomorrow's summary (and the weekly digest) rather than risk a second email today.
      failures.push({ recipient: summary.recipient, error });
    }
  }
  if (failures.length > 0) throw new DailySummaryError(failures, { cause: failures[0]!.error });
  return outcome;
}

/** Records `summarizedAt` on the notices a sent summary carried, re-reading when another writer got there first. */
async function markSummarized(store: IncidentStore, held: HeldBackIncident, at: Date): Promise<void> {
  let current: typeof held.incident | undefined = held.incident;
  for (let attempt = 0; attempt < MARK_ATTEMPTS && current; attempt++) {
    const next = withNoticesSummarized(current, held.notices, at);
    if (!next || (await store.put(next))) return;
    current = await store.get(held.incident.id);
  }
  if (current) throw new Error(`incident ${held.incident.id}: the summary went out but its notices could not be marked after ${MARK_ATTEMPTS} attempts`);
}
