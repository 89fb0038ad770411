import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { runExportChunk, startExportObject, type ChunkOutcome, type ExportRunDeps } from '../../shared/app/export-jobs';
import { ExportChunkMessageSchema } from '../../shared/domain/export-jobs';
import { parseQueueMessage } from '../../shared/domain/queue-message';
import type { DeadLetterQueue } from '../../shared/ports/feedback-queues';
import { createMetrics, recordIngestion } from '../commons/metrics';

export interface IngestExportFileDeps extends Omit<ExportRunDeps, 'remainingMs' | 'reserveMs' | 'log'> {
  /** Where a message that is neither a notification nor a continuation is parked, with why. */
  deadLetters: DeadLetterQueue;
  /** Only objects of this bucket are read. */
  rawBucket: string;
  logger: Logger;
  metrics?: Metrics;
}

/** The parts of S3's event notification we read (also what the local stack synthesises). */
const S3NotificationSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string(), size: z.number().default(0), eTag: z.string().default('') }) }),
    }),
  ),
});

/** What the exports queue carries: a continuation of a job, or S3's notification that a file landed. */
const ExportsQueueMessageSchema = z.union([ExportChunkMessageSchema, S3NotificationSchema]);

/** Time kept back to flush the last rows and record the chunk before Lambda's timeout. */
const RESERVE_MS = 60_000;

/**
 * The exports queue (batch size 1): S3's notification that a file landed under exports/, or a
 * continuation of a job. Throws only for what a retry can fix (an unavailable queue or table);
 * a bad file fails its job with a reason readable at GET /v1/exports/{jobId}.
 */
export function makeIngestExportFileHandler({ deadLetters, rawBucket, logger, metrics: given, ...run }: IngestExportFileDeps) {
  const metrics = given ?? createMetrics(logger);
  return middy(async (event: SQSEvent, context: Context): Promise<{ outcomes: ChunkOutcome[] }> => {
    const deps: ExportRunDeps = {
      ...run,
      remainingMs: () => context.getRemainingTimeInMillis(),
      reserveMs: Math.min(RESERVE_MS, context.getRemainingTimeInMillis() / 4),
      log: (message, fields) => logger.info(message, fields),
    };
    const outcomes: ChunkOutcome[] = [];
    for (const record of event.Records) {
      const message = parseQueueMessage(record.body, ExportsQueueMessageSchema);
      if (!message.success) {
        // S3 sends one s3:TestEvent when the notification is configured: nothing to read.
        if ((message.json as { Event?: unknown } | undefined)?.Event === 's3:TestEvent') continue;
        const reason = 'not an S3 object notification or an export continuation';
        await deadLetters.send(record.body, { code: 'unrecognised_message', message: reason, originalMessageId: record.messageId });
        logger.warn('exports queue message dead-lettered', { messageId: record.messageId, reason });
        outcomes.push({ outcome: 'ignored', reason });
        continue;
      }
      if (!('Records' in message.data)) {
        outcomes.push(await runExportChunk(message.data, deps));
        continue;
      }
      for (const r of message.data.Records) {
        if (r.s3.bucket.name !== rawBucket || !r.eventName.startsWith('ObjectCreated:')) continue;
        // S3 event keys are URL-encoded with '+' for spaces.
        const key = decodeURIComponent(r.s3.object.key.replace(/\+/g, ' '));
        const outcome = await startExportObject({ key, etag: r.s3.object.eTag, size: r.s3.object.size }, deps);
        if (outcome.outcome === 'ignored' || outcome.outcome === 'failed') logger.warn(`export ${outcome.outcome}`, { key, reason: outcome.reason });
        outcomes.push(outcome);
      }
    }
    // A chunk that was already read (redelivery) is not counted again.
    const read = outcomes.flatMap((o) => (o.outcome === 'chunk' ? [o] : []));
    if (read.length > 0) {
      const rejectedByReason: Record<string, number> = {};
      for (const o of read) for (const [reason, n] of Object.entries(o.rejectedByReason)) rejectedByReason[reason] = (rejectedByReason[reason] ?? 0) + (n ?? 0);
      recordIngestion(metrics, 'export', { accepted: read.reduce((sum, o) => sum + o.chunk.accepted, 0), rejectedByReason });
    }
    return { outcomes };
  }).use(logMetrics(metrics));
}
