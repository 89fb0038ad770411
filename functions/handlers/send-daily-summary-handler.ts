import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { sendDailySummaries, type DailySummaryDeps, type DailySummaryOutcome } from '../../shared/app/daily-summary';
import { METRIC } from '../../shared/metrics';
import { createMetrics } from '../commons/metrics';

export interface SendDailySummaryDeps extends Omit<DailySummaryDeps, 'now'> {
  logger: Logger;
  metrics?: Metrics;
}

/**
 * What the schedule passes: EventBridge Scheduler's `<aws.scheduler.scheduled-time>` as `time`
 * (the local stack sends an EventBridge scheduled event, which has `time` too).
 */
export interface DailySummaryEvent {
  time?: string;
}

/**
 * 18:00 local schedule → one summary per recipient of the incidents the daily budget held back.
 * The day is the scheduled time's, not the invocation's: a retry after midnight still completes
 * the day it was for (the markers keep it to one email per recipient).
 */
export function makeSendDailySummaryHandler({ logger, metrics: given, ...deps }: SendDailySummaryDeps) {
  const metrics = given ?? createMetrics(logger);
  return middy(async (event: DailySummaryEvent): Promise<DailySummaryOutcome> => {
    const at = event.time === undefined ? new Date() : new Date(event.time);
    if (Number.isNaN(at.getTime())) throw new Error(`daily summary event: time must be an ISO date such as 2026-12-02T17:00:00Z, got ${JSON.stringify(event.time)}`);
    const outcome = await sendDailySummaries({ ...deps, now: () => at });
    logger.info('daily summaries sent', { day: outcome.day, sent: outcome.sent.length, alreadySent: outcome.alreadySent.length });
    metrics.addMetric(METRIC.dailySummariesSent, MetricUnit.Count, outcome.sent.length);
    return outcome;
  }).use(logMetrics(metrics));
}
