/**
 * The 18:00 daily summary: which emails the daily budget held back still wait for one, grouped by
 * recipient, and how an incident records that the summary carried them. Pure: the clock comes in
 * as `now`, the incidents from the store.
 */
import type { DeferredNotice, Incident } from './incident';
import { localParts, type Lang } from './wording';

/** `2026-12-02`: the local day (in `zone`) holding `at`. */
export function localDayOf(at: Date, zone: string): string {
  return localParts(at.toISOString(), zone).date;
}

/** An address as the summary compares it: the same mailbox however it was capitalised. */
export const recipientKeyOf = (address: string): string => address.trim().toLowerCase();

/** The exactly-once marker of one recipient's summary of one local day (SendMarkers). */
export function dailySummaryMarker(recipient: string, localDay: string): string {
  return `summary#${recipientKeyOf(recipient)}#${localDay}`;
}

/** An incident and the notices the budget held back from one recipient. */
export interface HeldBackIncident {
  incident: Incident;
  notices: DeferredNotice[];
}

/** What one recipient's summary carries. */
export interface RecipientSummary {
  /** The address as the first notice spelled it. */
  recipient: string;
  lang: Lang;
  /** Each incident once, most severe first, then the most recently updated. */
  incidents: HeldBackIncident[];
}

const SEVERITY_ORDER = { critical: 0, major: 1, minor: 2 } as const;

/**
 * Every notice held back up to `now` that no summary carried yet, grouped by recipient (one
 * summary per address). Earlier days' leftovers are included, so a notice deferred after the
 * last summary went out, or one whose summary failed, still reaches its recipient: never dropped.
 */
export function heldBackByRecipient(incidents: readonly Incident[], now: Date): RecipientSummary[] {
  const byRecipient = new Map<string, RecipientSummary>();
  for (const incident of incidents) {
    const waiting = incident.deferred.filter((n) => n.summarizedAt === null && Date.parse(n.at) <= now.getTime());
    for (const notice of waiting) {
      const key = recipientKeyOf(notice.recipient);
      let summary = byRecipient.get(key);
      if (!summary) byRecipient.set(key, (summary = { recipient: notice.recipient.trim(), lang: notice.lang, incidents: [] }));
      const entry = summary.incidents.find((h) => h.incident.id === incident.id);
      if (entry) entry.notices.push(notice);
      else summary.incidents.push({ incident, notices: [notice] });
    }
  }
  const summaries = [...byRecipient.values()];
  for (const s of summaries) {
    s.incidents.sort(
      (a, b) => SEVERITY_ORDER[a.incident.severity] - SEVERITY_ORDER[b.incident.severity] || b.incident.updatedAt.localeCompare(a.incident.updatedAt) || a.incident.id.localeCompare(b.incident.id),
    );
  }
  return summaries.sort((a, b) => recipientKeyOf(a.recipient).localeCompare(recipientKeyOf(b.recipient)));
}

const sameNotice = (a: DeferredNotice, b: DeferredNotice) => recipientKeyOf(a.recipient) === recipientKeyOf(b.recipient) && a.kind === b.kind && a.at === b.at;

/**
 * The incident with `notices` (those a sent summary carried) marked summarized at `at`, as the
 * next version for the store's optimistic lock; undefined when none of them is still waiting
 * (another run marked them, or they are gone).
 */
export function withNoticesSummarized(incident: Incident, notices: readonly DeferredNotice[], at: Date): Incident | undefined {
  let changed = false;
  const deferred = incident.deferred.map((n) => {
    if (n.summarizedAt !== null || !notices.some((m) => sameNotice(m, n))) return n;
    changed = true;
    return { ...n, summarizedAt: at.toISOString() };
  });
  return changed ? { ...incident, deferred, version: incident.version + 1 } : undefined;
}
