import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { sendInterfaceBriefs, type InterfaceBriefDeps } from '../../shared/app/send-interface-briefs';
import { sendRecognitionNotes } from '../../shared/app/send-recognition';
import { buildWeeklyDigest, publishAndMailDigest, type DigestDeps } from '../../shared/app/weekly-digest';
import type { Digest } from '../../shared/domain/digest';
import { METRIC } from '../../shared/metrics';
import { EmailRejectedError } from '../../shared/ports/mailer';
import type { DeliveryMarkers } from '../../shared/ports/notification-delivery';
import { createMetrics } from '../commons/metrics';

export interface SendDigestDeps extends Omit<DigestDeps, 'now' | 'feedback'>, Pick<InterfaceBriefDeps, 'feedback' | 'markers' | 'notifier'> {
  /** The digest email's lease and delivered mark, per scheduled event (the notification markers' rows). */
  digestMarkers: DeliveryMarkers;
  logger: Logger;
  metrics?: Metrics;
}

/** What became of the digest email: sent, refused by SES, or sent already by this event's earlier run. */
type DigestSent = { week: string; messageId: string } | { rejected: string } | { week: string; alreadySent: true };

export type SendDigestResult = DigestSent & { briefs: number; recognitionNotes: number };

/** Longer than a digest's publish and send take (SES throttling retried up to 4 times, 5 s apart at most). */
export const DIGEST_SEND_LEASE_SECONDS = 60;

/**
 * The digest email of one schedule firing: Lambda's retries and EventBridge's duplicate deliveries
 * carry the same event id, a `digest --now` run its own.
 */
export function digestEmailMarker(week: string, event: Pick<ScheduledEvent, 'id' | 'time'>): string {
  return `digest-email#${week}#${event.id ?? event.time}`;
}

/**
 * Weekly schedule → the progress digest (opening with the most improved department; ranking by
 * improvement, Pareto journeys, hotspots, the week's incidents), then the interface briefs and
 * the notes of recognition. A digest that cannot be sent now fails the invocation (the schedule
 * retries, then dead-letters) before anything else goes out; briefs and notes are claimed once per
 * week by their send markers, so their failures are logged and counted (the operator is alarmed)
 * rather than retried with the digest.
 *
 * A run that fails or times out after the digest went out, in the briefs or the notes, is retried
 * by Lambda (two asynchronous retries, same event): the digest is leased for the send and marked
 * delivered after it (`digestMarkers`, per event), so the retry does not send it again, and a send
 * that failed gives the lease up for the retry. The retry resends no brief or note either, but one
 * whose marker was claimed when the run stopped is never sent: hence a timeout far above a run's
 * length (resources.ts SEND_DIGEST_TIMEOUT_SECONDS).
 */
export function makeSendDigestHandler({ logger, metrics: given, feedback, markers, notifier, digestMarkers, ...deps }: SendDigestDeps) {
  const metrics = given ?? createMetrics(logger);
  return middy(async (event: ScheduledEvent): Promise<SendDigestResult> => {
    const now = () => new Date(event.time);
    const digest = await buildWeeklyDigest({ ...deps, feedback, now });
    const sent = await sendDigestOnce(digest, event, now());

    // Briefs and notes judge a whole week, once: a mid-week `digest --now` must not spend the
    // week's send markers on a few days' figures.
    if (Date.parse(digest.week.end) > now().getTime()) {
      logger.info('interface briefs and recognition notes wait for the end of the week', { week: digest.week.start, end: digest.week.end });
      return { ...sent, briefs: 0, recognitionNotes: 0 };
    }
    const weekly = { ...deps, feedback, markers, notifier, now };
    const briefs = await settle('interface briefs', () => sendInterfaceBriefs(weekly, new Date(digest.week.start)));
    const notes = await settle('recognition notes', () => sendRecognitionNotes(weekly, digest));
    metrics.addMetric(METRIC.briefsSent, MetricUnit.Count, briefs?.sent.length ?? 0);
    metrics.addMetric(METRIC.recognitionNotesSent, MetricUnit.Count, notes?.sent.length ?? 0);
    return { ...sent, briefs: briefs?.sent.length ?? 0, recognitionNotes: notes?.sent.length ?? 0 };
  }).use(logMetrics(metrics));

  /** Publishes and emails the digest unless this event's run already did; a failed send leaves the lease for the retry. */
  async function sendDigestOnce(digest: Digest, event: ScheduledEvent, at: Date): Promise<DigestSent> {
    const key = digestEmailMarker(digest.week.start, event);
    const claim = await digestMarkers.acquire(key, new Date(), DIGEST_SEND_LEASE_SECONDS);
    if (claim.state === 'delivered') {
      logger.info('weekly digest already sent for this event; not sent again', { week: digest.week.start, event: event.id });
      return { week: digest.week.start, alreadySent: true };
    }
    // A duplicate delivery of the event is sending it now: fail, Lambda retries after the lease.
    if (claim.state === 'busy') throw new Error(`weekly digest of ${digest.week.start} is being sent by another run; retry in ${claim.retryInSeconds} s`);
    let messageId: string;
    try {
      ({ messageId } = await publishAndMailDigest(deps, digest, at));
    } catch (error) {
      await digestMarkers.release(key);
      // SES would refuse it again on every retry: say why once, count it (the operator is alarmed), do not retry.
      if (!(error instanceof EmailRejectedError)) throw error;
      logger.error('weekly digest refused by SES; not retried', { code: error.code, reason: error.message });
      metrics.addMetric(METRIC.digestEmailsRejected, MetricUnit.Count, 1);
      return { rejected: error.code };
    }
    logger.info('weekly digest sent', { week: digest.week.start, ranked: digest.ranking.length, incidents: digest.incidents.length, recognised: digest.recognition?.recognised.length ?? 0 });
    metrics.addMetric(METRIC.digestsSent, MetricUnit.Count, 1);
    try {
      await digestMarkers.complete(key, new Date());
    } catch (error) {
      // Sent: failing now would have Lambda send it again once the lease ends. Say so, go on.
      logger.error('weekly digest sent but not marked delivered; a retry of this event could send it again', { reason: error instanceof Error ? error.message : String(error) });
    }
    return { week: digest.week.start, messageId };
  }

  /** Runs one weekly mailing; a failure is logged with its reasons and counted, and the next one still runs. */
  async function settle<T extends { sent: unknown[] }>(what: string, run: () => Promise<T>): Promise<T | undefined> {
    let outcome: T;
    try {
      outcome = await run();
    } catch (error) {
      const partial = (error as { outcome?: T }).outcome;
      logger.error(`${what} failed; not retried (their send markers are taken)`, { reason: error instanceof Error ? error.message : String(error), partial });
      metrics.addMetric(METRIC.weeklyNotesFailed, MetricUnit.Count, 1);
      return partial;
    }
    logger.info(`${what} sent`, { outcome });
    return outcome;
  }
}
