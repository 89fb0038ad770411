import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { cellsToEvaluate, evaluateTouchedCells, type EvaluateDeps } from '../../shared/app/evaluate-alerts';
import { TouchedCellsMessageSchema, type TouchedCell } from '../../shared/ports/alerts-queue';
import { parseQueueMessage } from '../../shared/domain/queue-message';
import { createMetrics, recordAlerts } from '../commons/metrics';

export interface EvaluateAlertsHandlerDeps extends EvaluateDeps {
  /** Runs once, before the first evaluation of this instance (the upgrade of old alert states). */
  beforeFirstEvaluation?: () => Promise<unknown>;
  logger: Logger;
  metrics?: Metrics;
}

/**
 * The alerts queue consumer: the cells touched by processed batches, merged and evaluated once.
 * A malformed message is logged and dropped (it carries no customer data and nothing depends on
 * it); an evaluation failure retries the whole batch, which is safe: alert states are written
 * under an optimistic lock, so a retry never sends an email twice.
 */
export function makeEvaluateAlertsHandler({ logger, metrics = createMetrics(logger), beforeFirstEvaluation, ...deps }: EvaluateAlertsHandlerDeps) {
  let prepared: Promise<unknown> | undefined;
  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    const cells: TouchedCell[] = [];
    for (const record of event.Records) {
      const parsed = parseQueueMessage(record.body, TouchedCellsMessageSchema);
      if (!parsed.success) {
        logger.warn('dropping a malformed alerts message', { messageId: record.messageId });
        continue;
      }
      cells.push(...parsed.data.cells);
    }
    try {
      // A failed upgrade is retried by the next batch (the whole batch is retried anyway).
      prepared ??= (beforeFirstEvaluation?.() ?? Promise.resolve()).catch((error: unknown) => {
        prepared = undefined;
        throw error;
      });
      await prepared;
      const report = await evaluateTouchedCells(cellsToEvaluate(cells, deps.zone), deps);
      logger.info('alerts evaluated', { ...report, opened: report.opened.length, updated: report.updated.length, recovered: report.recovered.length, rejectedEmails: report.rejectedEmails.length });
      recordAlerts(metrics, report);
      for (const rejected of report.rejectedEmails) logger.error('alert email refused by SES; not retried', rejected);
      return { batchItemFailures: [] };
    } catch (error) {
      logger.error('alert evaluation failed; the batch will be retried', error as Error);
      return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) };
    }
  }).use(logMetrics(metrics));
}
