/**
 * The weekly interface briefs (issue #21): for every pair of departments that is an active hotspot
 * this week (an open incident on the pair, or at least `hotspotBriefMin` shared negative items),
 * one brief to the owners of both departments, the officer in copy, each in their language; and
 * the same brief handed to the notification targets (Slack, Teams, webhooks). At most once per
 * pair and week: a send marker is claimed before each email and before the notification, so a
 * retried or repeated run sends nothing twice. A send that fails after its claim is not retried
 * (the daily summary's rule: never a second email); the failure is reported.
 */
import { selectDistinctVerbatims } from '../domain/alerts/verbatim-selection';
import type { Lang } from '../domain/alerts/wording';
import type { DepartmentsConfig } from '../domain/departments/schema';
import { activeHotspots, BRIEF_TREND_WEEKS, BRIEF_VERBATIMS, briefAudiences, briefEventId, briefMarker, journeysInvolved, type ActiveHotspot, type PairWeek } from '../domain/interface-briefs';
import { emptyCounters, interfacePairsOf, nextWindow, previousWindow, scoreOf, seriesId, windowStart } from '../domain/scores';
import type { IncidentStore, SendMarkers } from '../ports/incidents';
import type { Mailer, OutgoingEmail } from '../ports/mailer';
import type { Notifier } from '../ports/notifier';
import type { AggregateReader, FeedbackStore, Verbatim } from '../ports/stores';
import { briefNotification, renderBriefEmail } from './brief-email';
import { digestWeekOf } from './weekly-digest';

export interface InterfaceBriefDeps {
  aggregates: AggregateReader;
  feedback: Pick<FeedbackStore, 'verbatims'>;
  incidents: Pick<IncidentStore, 'list'>;
  markers: SendMarkers;
  mailer: Mailer;
  notifier: Notifier;
  departments: DepartmentsConfig;
  /** The officer (in copy), the deployment's mail language (the officer's, and owners' without one), the sender. */
  email: { lang: Lang; from: OutgoingEmail['from']; officer: string | readonly string[]; appName?: string; dashboardUrl?: string };
  zone: string;
  now?: () => Date;
}

export interface InterfaceBriefOutcome {
  week: string;
  hotspots: string[];
  sent: { pair: string; lang: Lang; to: string[]; cc: string[]; messageId: string }[];
  /** Emails another run already sent this week (their marker was taken). */
  alreadySent: { pair: string; lang: Lang }[];
  /** Pairs handed to the notifier by this run. */
  notified: string[];
}

/** Some briefs could not be sent; the others went out. */
export class InterfaceBriefError extends Error {
  override readonly name = 'InterfaceBriefError';
  constructor(
    readonly failures: { pair: string; what: string; error: unknown }[],
    readonly outcome: InterfaceBriefOutcome,
  ) {
    super(`interface briefs: ${failures.length} failure(s): ${failures.map((f) => `${f.pair} ${f.what}: ${f.error instanceof Error ? f.error.message : String(f.error)}`).join('; ')}`, {
      cause: failures[0]?.error,
    });
  }
}

/** Shared negative items read per pair, for the journeys and the verbatims; and index entries read at most. */
const ITEMS_READ = 100;
const MAX_EXAMINED = 2_000;

/** The week windows of a pair's trend, oldest first, ending with `weekStart`. */
function trendWeeks(weekStart: Date, zone: string): Date[] {
  const weeks = [weekStart];
  while (weeks.length < BRIEF_TREND_WEEKS) weeks.unshift(previousWindow(weeks[0]!, 'week', zone));
  return weeks;
}

async function pairWeeks(deps: InterfaceBriefDeps, weekStart: Date): Promise<PairWeek[]> {
  const weeks = trendWeeks(weekStart, deps.zone);
  const open = new Map<string, { id: string; openedAt: string }>();
  for (const i of await deps.incidents.list({ status: 'open' })) {
    if ('pair' in i.scope) open.set([...i.scope.pair].sort().join('+'), { id: i.id, openedAt: i.openedAt });
  }
  const pairs = interfacePairsOf(deps.departments.departments.map((d) => d.id));
  return Promise.all(
    pairs.map(async (id): Promise<PairWeek> => {
      const rows = await deps.aggregates.series(seriesId({ kind: 'pair', id }, 'week', deps.zone), weeks[0]!, weekStart);
      return {
        id,
        weeks: weeks.map((w) => ({ window: w.toISOString(), score: scoreOf(rows.find((r) => r.window === w.toISOString())?.counters ?? emptyCounters()) })),
        openIncident: open.get(id) ?? null,
      };
    }),
  );
}

/** The week's negative items attributed to both departments (read from the first one's index). */
async function sharedNegativeItems(deps: InterfaceBriefDeps, hotspot: ActiveHotspot, weekStart: Date): Promise<Verbatim[]> {
  const [a, b] = hotspot.departments;
  const end = new Date(nextWindow(weekStart, 'week', deps.zone).getTime() - 1);
  return deps.feedback.verbatims(a, weekStart, end, ITEMS_READ, { alsoDepartment: b, sentiment: 'negative', maxExamined: MAX_EXAMINED });
}

/** Sends this week's briefs (the week holding yesterday, or `week`'s). */
export async function sendInterfaceBriefs(deps: InterfaceBriefDeps, week?: Date): Promise<InterfaceBriefOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const weekStart = windowStart(week ?? digestWeekOf(now, deps.zone), 'week', deps.zone);
  const weekIso = weekStart.toISOString();
  const hotspots = activeHotspots(await pairWeeks(deps, weekStart), deps.departments);
  const outcome: InterfaceBriefOutcome = { week: weekIso, hotspots: hotspots.map((h) => h.id), sent: [], alreadySent: [], notified: [] };
  const failures: InterfaceBriefError['failures'] = [];
  const settings = { from: deps.email.from, departments: deps.departments, zone: deps.zone, appName: deps.email.appName, dashboardUrl: deps.email.dashboardUrl };

  for (const hotspot of hotspots) {
    let items: Verbatim[];
    try {
      items = await sharedNegativeItems(deps, hotspot, weekStart);
    } catch (error) {
      failures.push({ pair: hotspot.id, what: 'reading its verbatims', error });
      continue;
    }
    const input = { hotspot, journeys: journeysInvolved(items), itemsRead: items.length, verbatims: selectDistinctVerbatims(items, BRIEF_VERBATIMS) };
    for (const audience of briefAudiences(hotspot.id, deps.departments, deps.email.officer, deps.email.lang)) {
      try {
        if (!(await deps.markers.claim(briefMarker(weekIso, hotspot.id, audience.lang), now))) {
          outcome.alreadySent.push({ pair: hotspot.id, lang: audience.lang });
          continue;
        }
        const { messageId } = await deps.mailer.send(renderBriefEmail({ ...input, audience }, settings));
        outcome.sent.push({ pair: hotspot.id, lang: audience.lang, to: audience.to, cc: audience.cc, messageId });
      } catch (error) {
        failures.push({ pair: hotspot.id, what: `email (${audience.lang})`, error });
      }
    }
    try {
      const eventId = briefEventId(weekIso, hotspot.id);
      if (await deps.markers.claim(eventId, now)) {
        await deps.notifier.publish(briefNotification({ ...input, eventId, occurredAt: now.toISOString(), lang: deps.email.lang }, settings));
        outcome.notified.push(hotspot.id);
      }
    } catch (error) {
      failures.push({ pair: hotspot.id, what: 'notification', error });
    }
  }
  if (failures.length > 0) throw new InterfaceBriefError(failures, outcome);
  return outcome;
}
