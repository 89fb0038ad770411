import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Channel } from '../../shared/domain/feedback';
import type { RejectCounts } from '../../shared/domain/reject-reasons';
import { DIMENSION, METRIC, METRICS_NAMESPACE, METRICS_SERVICE, type MetricName } from '../../shared/metrics';
import type { ProcessedFeedback } from '../../shared/ports/stores';

/**
 * One Metrics instance per function, flushed by the middy `logMetrics` middleware after each
 * invocation. The namespace is the stage's, which HouseFunction sets in POWERTOOLS_METRICS_NAMESPACE
 * (Powertools' own setting, like the logger's); the prod name where it is unset (local stack, tests). Its warnings go through the function's logger; the "no metrics to publish" one
 * is dropped: a request refused before any item was read (a wrong API key) rightly counts nothing.
 */
export function createMetrics(logger: Logger): Metrics {
  return new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
    serviceName: METRICS_SERVICE,
    logger: {
      debug: (...args: unknown[]) => logger.debug(String(args[0])),
      info: (...args: unknown[]) => logger.info(String(args[0])),
      error: (...args: unknown[]) => logger.error(String(args[0])),
      warn: (...args: unknown[]) => {
        if (!String(args[0]).startsWith('No application metrics to publish')) logger.warn(String(args[0]));
      },
    },
  });
}

/**
 * A count under one extra dimension. EMF gives every metric of a blob the same dimension
 * values, so each value gets a blob of its own (Powertools' single metric, flushed at once).
 */
export function countByDimension(metrics: Metrics, name: MetricName, dimension: string, counts: Record<string, number | undefined>): void {
  for (const [value, count] of Object.entries(counts)) {
    if (!count) continue;
    const single = metrics.singleMetric();
    single.addDimension(dimension, value);
    single.addMetric(name, MetricUnit.Count, count);
  }
}

/** Items that reached the ingest queue from one channel, and the ones refused, by reason. */
export function recordIngestion(metrics: Metrics, channel: Channel, outcome: { accepted: number; rejectedByReason: RejectCounts }): void {
  // In the invocation's own blob, zero included: a request that brought nothing still shows.
  metrics.addDimension(DIMENSION.channel, channel);
  metrics.addMetric(METRIC.itemsIngested, MetricUnit.Count, outcome.accepted);
  countByDimension(metrics, METRIC.itemsRejected, DIMENSION.reason, outcome.rejectedByReason);
}

/** What one processor batch did: newly stored items, their sentiment mix, DLQ moves and retries. */
export function recordProcessing(metrics: Metrics, outcome: { stored: readonly ProcessedFeedback[]; deadLettered: number; retried: number }): void {
  metrics.addMetric(METRIC.itemsProcessed, MetricUnit.Count, outcome.stored.length);
  metrics.addMetric(METRIC.messagesDeadLettered, MetricUnit.Count, outcome.deadLettered);
  metrics.addMetric(METRIC.recordsRetried, MetricUnit.Count, outcome.retried);
  const bySentiment: Record<string, number> = {};
  for (const item of outcome.stored) bySentiment[item.sentiment.label] = (bySentiment[item.sentiment.label] ?? 0) + 1;
  countByDimension(metrics, METRIC.itemsBySentiment, DIMENSION.sentiment, bySentiment);
}

/** Alert and recovery emails sent by one evaluation, and those SES refused. */
export function recordAlerts(metrics: Metrics, report: { opened: readonly unknown[]; recovered: readonly unknown[]; rejectedEmails: readonly unknown[] }): void {
  metrics.addMetric(METRIC.alertsSent, MetricUnit.Count, report.opened.length);
  metrics.addMetric(METRIC.alertRecoveriesSent, MetricUnit.Count, report.recovered.length);
  metrics.addMetric(METRIC.alertEmailsRejected, MetricUnit.Count, report.rejectedEmails.length);
}
