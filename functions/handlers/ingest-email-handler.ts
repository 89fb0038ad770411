import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import { ingestEmail } from '../../shared/app/ingest-email';
import type { IngestDeps } from '../../shared/app/ingest-feedback';
import { createMetrics, recordIngestion } from '../commons/metrics';

export interface IngestEmailDeps extends IngestDeps {
  /** The raw bucket SES inbound writes each email to. */
  s3: S3Client;
  rawBucket: string;
  logger: Logger;
  metrics?: Metrics;
}

/** S3 "object created" under inbound/ (SES receipt rule) → the customer's words on the ingest queue. */
export function makeIngestEmailHandler({ s3, rawBucket, logger, metrics: given, ...deps }: IngestEmailDeps) {
  const metrics = given ?? createMetrics(logger);
  return middy(async (event: S3Event): Promise<{ outcomes: Record<string, number> }> => {
    const outcomes: Record<string, number> = {};
    for (const record of event.Records) {
      const bucket = record.s3.bucket.name;
      if (bucket !== rawBucket) throw new Error(`unexpected bucket ${bucket}`);
      // S3 event keys are URL-encoded with '+' for spaces.
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const raw = await object.Body!.transformToByteArray();
      const result = await ingestEmail(raw, { receivedAt: new Date(record.eventTime), provider: 'ses-inbound', rawObjectKey: key }, deps);
      outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
      if (result.outcome === 'queued') logger.info('email queued', { key, id: result.id });
      else logger.warn(`email ${result.outcome}`, { key, reason: result.reason });
    }
    recordIngestion(metrics, 'email', {
      accepted: outcomes.queued ?? 0,
      rejectedByReason: { unreadable_email: outcomes.rejected ?? 0, not_feedback: outcomes.skipped ?? 0 },
    });
    return { outcomes };
  }).use(logMetrics(metrics));
}
