import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { cellsToEvaluate } from '../../shared/app/evaluate-alerts';
import { processFeedbackBatch, type ProcessDeps } from '../../shared/app/process-feedback';
import { aggregateCellsFor } from '../../shared/domain/scores';
import type { AlertsQueue } from '../../shared/ports/alerts-queue';
import { createMetrics, recordProcessing } from '../commons/metrics';

export interface AlertNotifier extends AlertsQueue {
  /** The zone whose day cells the evaluator watches. */
  zone: string;
}

export interface ProcessFeedbackHandlerDeps extends ProcessDeps {
  logger: Logger;
  /** Tells the alert evaluator which cells a batch touched; without it no alert is evaluated. */
  alerts?: AlertNotifier;
  metrics?: Metrics;
}

/**
 * The SQS consumer, built from its dependencies (tests pass in-memory ports). The batch is
 * classified and stored as a whole; Powertools then reports exactly the records that must be
 * retried as batch item failures. A fresh BatchProcessor per invocation keeps concurrent
 * invocations of one module (the local runner) from sharing failure state.
 */
export function makeProcessFeedbackHandler({ logger, alerts, metrics = createMetrics(logger), ...deps }: ProcessFeedbackHandlerDeps) {
  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    const outcome = await processFeedbackBatch(
      event.Records.map((r) => ({ id: r.messageId, body: r.body })),
      deps,
    );
    const counts: Record<string, number> = {};
    for (const result of outcome.results.values()) counts[result.status] = (counts[result.status] ?? 0) + 1;
    // Before the alerts publish: if that throws, the redelivered items are duplicates, never counted again.
    recordProcessing(metrics, { stored: outcome.stored, deadLettered: counts['dead-lettered'] ?? 0, retried: counts.retry ?? 0 });
    if (alerts && outcome.counted.length > 0) {
      // Duplicates too: a redelivery after a failed publish must still wake the evaluator. If
      // this throws, the batch is retried; its items come back as duplicates and publish again.
      const cells = cellsToEvaluate(outcome.counted.flatMap((item) => aggregateCellsFor(item, [alerts.zone])), alerts.zone);
      await alerts.publish(cells);
    }
    logger.info('batch processed', { records: event.Records.length, ...counts, writeUnits: outcome.writeUnits });

    const handleRecord = async (record: SQSRecord) => {
      const result = outcome.results.get(record.messageId);
      if (!result) throw new Error(`record ${record.messageId} has no outcome`);
      if (result.status === 'retry') {
        logger.warn('record will be retried', { messageId: record.messageId, error: (result.error as Error)?.name ?? String(result.error) });
        throw result.error instanceof Error ? result.error : new Error(String(result.error));
      }
    };
    // A batch that fails entirely is retried record by record all the same; it is not a function error.
    return processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false });
  }).use(logMetrics(metrics));
}
