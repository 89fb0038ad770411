import { Logger } from '@aws-lambda-powertools/logger';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import * as z from 'zod';
import { documentClient } from '../shared/adapters/dynamo-client';
import { DynamoExportJobStore } from '../shared/adapters/dynamo-export-jobs';
import { S3ExportFiles } from '../shared/adapters/s3-export-files';
import { SqsDeadLetterQueue } from '../shared/adapters/sqs-dead-letter';
import { SqsExportChunkQueue } from '../shared/adapters/sqs-export-queue';
import { SqsFeedbackQueue } from '../shared/adapters/sqs-feedback-queue';
import { runExportChunk, startExportObject, type ChunkOutcome, type ExportRunDeps } from '../shared/app/export-jobs';
import { loadEnv } from '../shared/config/env';
import { deployedExportProfiles } from '../shared/config/export-profiles-source';
import { ExportChunkMessageSchema } from '../shared/domain/export-jobs';
import { createMetrics, recordIngestion } from './commons/metrics';
import { controlStoreWithSalt } from './commons/control';

const env = loadEnv(['controlTable', 'ingestQueueUrl', 'exportsQueueUrl', 'exportsDlqUrl', 'rawBucket', 'timeZone', 'exportChunkRows']);
const logger = new Logger({ serviceName: 'customer-voice' });
const metrics = createMetrics(logger);
// Path-style addressing only against a local S3 emulator (AWS_ENDPOINT_URL_S3).
const s3 = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
const sqs = new SQSClient({});
const doc = documentClient(new DynamoDBClient({}));
const control = controlStoreWithSalt(doc, env.controlTable);
const jobs = new DynamoExportJobStore(doc, env.controlTable);
const files = new S3ExportFiles(s3, env.rawBucket);
const queue = new SqsFeedbackQueue(sqs, env.ingestQueueUrl);
const continuation = new SqsExportChunkQueue(sqs, env.exportsQueueUrl);
const deadLetters = new SqsDeadLetterQueue(sqs, env.exportsDlqUrl);
const configuredProfiles = deployedExportProfiles();

/** The parts of S3's event notification we read (also what the local stack synthesises). */
const S3NotificationSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      s3: z.object({ bucket: z.object({ name: z.string() }), object: z.object({ key: z.string(), size: z.number().default(0), eTag: z.string().default('') }) }),
    }),
  ),
});

/** Time kept back to flush the last rows and record the chunk before Lambda's timeout. */
const RESERVE_MS = 60_000;

/**
 * The exports queue (batch size 1): S3's notification that a file landed under exports/, or a
 * continuation of a job. Throws only for what a retry can fix (an unavailable queue or table);
 * a bad file fails its job with a reason readable at GET /v1/exports/{jobId}.
 */
export const handler = middy(async (event: SQSEvent, context: Context): Promise<{ outcomes: ChunkOutcome[] }> => {
  const deps: ExportRunDeps = {
    queue,
    customerSalt: () => control.customerSalt(),
    jobs,
    files,
    continuation,
    timeZone: env.timeZone,
    configuredProfiles,
    remainingMs: () => context.getRemainingTimeInMillis(),
    chunkRows: env.exportChunkRows,
    reserveMs: Math.min(RESERVE_MS, context.getRemainingTimeInMillis() / 4),
    log: (message, fields) => logger.info(message, fields),
  };
  const outcomes: ChunkOutcome[] = [];
  for (const record of event.Records) {
    let body: unknown;
    try {
      body = JSON.parse(record.body);
    } catch {
      body = undefined;
    }
    const chunk = ExportChunkMessageSchema.safeParse(body);
    if (chunk.success) {
      outcomes.push(await runExportChunk(chunk.data, deps));
      continue;
    }
    const notification = S3NotificationSchema.safeParse(body);
    if (!notification.success) {
      // S3 sends one s3:TestEvent when the notification is configured: nothing to read.
      if ((body as { Event?: unknown } | undefined)?.Event === 's3:TestEvent') continue;
      const reason = 'not an S3 object notification or an export continuation';
      await deadLetters.send(record.body, { code: 'unrecognised_message', message: reason, originalMessageId: record.messageId });
      logger.warn('exports queue message dead-lettered', { messageId: record.messageId, reason });
      outcomes.push({ outcome: 'ignored', reason });
      continue;
    }
    for (const r of notification.data.Records) {
      if (r.s3.bucket.name !== env.rawBucket || !r.eventName.startsWith('ObjectCreated:')) continue;
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
