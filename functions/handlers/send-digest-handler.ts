import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { sendWeeklyDigest, type DigestDeps } from '../../shared/app/weekly-digest';
import { METRIC } from '../../shared/metrics';
import { createMetrics } from '../commons/metrics';

export interface SendDigestDeps extends Omit<DigestDeps, 'now'> {
  logger: Logger;
  metrics?: Metrics;
}

/** Weekly schedule → the progress digest: departments ranked by improvement, Pareto journeys, hotspots, the week's incidents. */
export function makeSendDigestHandler({ logger, metrics: given, ...deps }: SendDigestDeps) {
  const metrics = given ?? createMetrics(logger);
  return middy(async (event: ScheduledEvent): Promise<{ week: string; messageId: string }> => {
    const { digest, messageId } = await sendWeeklyDigest({ ...deps, now: () => new Date(event.time) });
    logger.info('weekly digest sent', { week: digest.week.start, ranked: digest.ranking.length, incidents: digest.incidents.length });
    metrics.addMetric(METRIC.digestsSent, MetricUnit.Count, 1);
    return { week: digest.week.start, messageId };
  }).use(logMetrics(metrics));
}
