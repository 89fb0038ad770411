import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { attemptOf } from '../../shared/adapters/sqs-notifications';
import { deliverNotification, type DeliveryResult, type NotificationDeliveryDeps } from '../../shared/app/deliver-notification';
import { DIMENSION, METRIC } from '../../shared/metrics';
import { countByDimension, createMetrics } from '../commons/metrics';

export interface DeliverNotificationDeps extends NotificationDeliveryDeps {
  logger: Logger;
  metrics?: Metrics;
}

/**
 * Notifications queue → one POST per message, the records of a batch in parallel (each waits
 * on its own receiver). Every outcome the use case decides (delivered, retried later, parked in
 * the DLQ) completes the record; only an error of our own (queue, table, secret unreachable)
 * leaves it for SQS to redeliver.
 */
export function makeDeliverNotificationHandler({ logger, metrics: given, ...deps }: DeliverNotificationDeps) {
  const metrics = given ?? createMetrics(logger);
  return middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    await Promise.all(
      event.Records.map(async (record) => {
        let result: DeliveryResult;
        try {
          result = await deliverNotification(record.body, { attempt: attemptOf(record.messageAttributes), messageId: record.messageId }, deps);
        } catch (error) {
          logger.error('notification delivery failed; SQS will redeliver it', { messageId: record.messageId, error: error as Error });
          failures.push({ itemIdentifier: record.messageId });
          return;
        }
        const fields = { messageId: record.messageId, ...result };
        if (result.status === 'delivered') {
          logger.info('notification delivered', fields);
          countByDimension(metrics, METRIC.notificationsDelivered, DIMENSION.channel, { [result.channel]: 1 });
        } else if (result.status === 'duplicate') {
          logger.info('notification already delivered; not sent again', fields);
        } else if (result.status === 'retrying') {
          logger.warn('notification delivery will be retried', fields);
          metrics.addMetric(METRIC.notificationsRetried, MetricUnit.Count, 1);
        } else {
          logger.error('notification parked in the DLQ', fields);
          countByDimension(metrics, METRIC.notificationsDeadLettered, DIMENSION.reason, { [result.code]: 1 });
        }
      }),
    );
    return { batchItemFailures: failures };
  }).use(logMetrics(metrics));
}
