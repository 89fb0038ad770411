import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { sendInterfaceBriefs, type InterfaceBriefDeps } from '../../shared/app/send-interface-briefs';
import { sendRecognitionNotes } from '../../shared/app/send-recognition';
import { buildWeeklyDigest, publishAndMailDigest, type DigestDeps } from '../../shared/app/weekly-digest';
import { METRIC } from '../../shared/metrics';
import { EmailRejectedError } from '../../shared/ports/mailer';
import { createMetrics } from '../commons/metrics';

export interface SendDigestDeps extends Omit<DigestDeps, 'now' | 'feedback'>, Pick<InterfaceBriefDeps, 'feedback' | 'markers' | 'notifier'> {
  logger: Logger;
  metrics?: Metrics;
}

export type SendDigestResult = ({ week: string; messageId: string } | { rejected: string }) & { briefs: number; recognitionNotes: number };

/**
 * Weekly schedule → the progress digest (opening with the most improved department; ranking by
 * improvement, Pareto journeys, hotspots, the week's incidents), then the interface briefs and
 * the notes of recognition. A digest that cannot be sent now fails the invocation (the schedule
 * retries, then dead-letters) before anything else goes out; briefs and notes are claimed once per
 * week by their send markers, so their failures are logged and counted (the operator is alarmed)
 * rather than retried with the digest.
 *
 * The digest email itself has no send marker (a marker claimed before it would lose the digest
 * on a passing SES failure): a run that fails or times out after sending it, in the briefs or the
 * notes, is retried by Lambda (two asynchronous retries) and sends the digest again. The retry
 * resends no brief or note, but one whose marker was claimed when the run stopped is never sent.
 * Hence a timeout far above a run's length (resources.ts SEND_DIGEST_TIMEOUT_SECONDS).
 */
export function makeSendDigestHandler({ logger, metrics: given, feedback, markers, notifier, ...deps }: SendDigestDeps) {
  const metrics = given ?? createMetrics(logger);
  return middy(async (event: ScheduledEvent): Promise<SendDigestResult> => {
    const now = () => new Date(event.time);
    const digest = await buildWeeklyDigest({ ...deps, feedback, now });
    let sent: { week: string; messageId: string } | { rejected: string };
    try {
      const { messageId } = await publishAndMailDigest(deps, digest, now());
      sent = { week: digest.week.start, messageId };
      logger.info('weekly digest sent', { week: digest.week.start, ranked: digest.ranking.length, incidents: digest.incidents.length, recognised: digest.recognition?.recognised.length ?? 0 });
      metrics.addMetric(METRIC.digestsSent, MetricUnit.Count, 1);
    } catch (error) {
      // SES would refuse it again on every retry: say why once, count it (the operator is alarmed), do not retry.
      if (!(error instanceof EmailRejectedError)) throw error;
      logger.error('weekly digest refused by SES; not retried', { code: error.code, reason: error.message });
      metrics.addMetric(METRIC.digestEmailsRejected, MetricUnit.Count, 1);
      sent = { rejected: error.code };
    }

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
