import { Logger } from '@aws-lambda-powertools/logger';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { S3Event } from 'aws-lambda';
import { documentClient } from '../shared/adapters/dynamo-client';
import { SqsFeedbackQueue } from '../shared/adapters/sqs-feedback-queue';
import { ingestEmail } from '../shared/app/ingest-email';
import { loadEnv } from '../shared/config/env';
import { createMetrics, recordIngestion } from './commons/metrics';
import { controlStoreWithSalt } from './commons/control';

const env = loadEnv(['controlTable', 'ingestQueueUrl', 'rawBucket']);
const logger = new Logger({ serviceName: 'customer-voice' });
const metrics = createMetrics(logger);
// Path-style addressing only against a local S3 emulator (AWS_ENDPOINT_URL_S3).
const s3 = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
const control = controlStoreWithSalt(documentClient(new DynamoDBClient({})), env.controlTable);
const queue = new SqsFeedbackQueue(new SQSClient({}), env.ingestQueueUrl);

/** S3 "object created" under inbound/ (SES receipt rule) → the customer's words on the ingest queue. */
export const handler = middy(async (event: S3Event): Promise<{ outcomes: Record<string, number> }> => {
  const outcomes: Record<string, number> = {};
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    if (bucket !== env.rawBucket) throw new Error(`unexpected bucket ${bucket}`);
    // S3 event keys are URL-encoded with '+' for spaces.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const raw = await object.Body!.transformToByteArray();
    const result = await ingestEmail(raw, { receivedAt: new Date(record.eventTime), provider: 'ses-inbound', rawObjectKey: key }, { queue, customerSalt: () => control.customerSalt() });
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
