import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { processFeedbackBatch, type ProcessDeps } from '../../shared/app/process-feedback';

/**
 * The SQS consumer, built from its dependencies (tests pass in-memory ports). The batch is
 * classified and stored as a whole; Powertools then reports exactly the records that must be
 * retried as batch item failures. A fresh BatchProcessor per invocation keeps concurrent
 * invocations of one module (the local runner) from sharing failure state.
 */
export function makeProcessFeedbackHandler(deps: ProcessDeps, logger: Logger) {
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    logger.addContext(context);
    const outcome = await processFeedbackBatch(
      event.Records.map((r) => ({ id: r.messageId, body: r.body })),
      deps,
    );
    const counts: Record<string, number> = {};
    for (const result of outcome.results.values()) counts[result.status] = (counts[result.status] ?? 0) + 1;
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
  };
}
