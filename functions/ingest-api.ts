import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { documentClient } from '../shared/adapters/dynamo-client';
import { DynamoExportJobStore } from '../shared/adapters/dynamo-export-jobs';
import { S3ExportFiles } from '../shared/adapters/s3-export-files';
import { SqsFeedbackQueue } from '../shared/adapters/sqs-feedback-queue';
import { createAuthenticator } from '../shared/app/authenticate';
import { completeUpload, createUploadJob, readExportJob } from '../shared/app/export-jobs';
import { exportFormatOf, ingestExport } from '../shared/app/ingest-export';
import { ingestFeedback, itemsOf } from '../shared/app/ingest-feedback';
import { profileOptionsFromQuery } from '../shared/app/parse-export';
import { EXPORT_PROFILE_NAMES } from '../shared/domain/export-profiles';
import { loadEnv } from '../shared/config/env';
import { deployedExportProfiles } from '../shared/config/export-profiles-source';
import { InvalidRequestError, NotFoundError, PayloadTooLargeError } from '../shared/domain/failures';
import { jsonResponse } from '../shared/http/errors';
import { httpErrorResponder } from '../shared/http/middleware';
import { apiKeyOf, headerOf, jsonBodyOf, rawBodyOf } from '../shared/http/request';
import { createMetrics, recordIngestion } from './commons/metrics';
import { controlStoreWithSalt } from './commons/control';

// Cold start: validate the environment and build clients once per container.
const env = loadEnv(['controlTable', 'ingestQueueUrl', 'timeZone', 'rawBucket']);
const logger = new Logger({ serviceName: 'customer-voice' });
const metrics = createMetrics(logger);
const doc = documentClient(new DynamoDBClient({}));
const control = controlStoreWithSalt(doc, env.controlTable);
const jobs = new DynamoExportJobStore(doc, env.controlTable);
// Path-style addressing only against a local S3 emulator (AWS_ENDPOINT_URL_S3).
const files = new S3ExportFiles(new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) }), env.rawBucket);
const queue = new SqsFeedbackQueue(new SQSClient({}), env.ingestQueueUrl);
const authenticate = createAuthenticator(control);
const configuredProfiles = deployedExportProfiles();

/** Inline exports: well under API Gateway's 10 MB and Lambda's 6 MB synchronous payload. */
const MAX_EXPORT_BYTES = 5 * 1024 * 1024;

async function postFeedback(event: APIGatewayProxyEventV2) {
  const caller = await authenticate(apiKeyOf(event), 'ingest');
  const { items, batch } = itemsOf(jsonBodyOf(event));
  const result = await ingestFeedback(items, { channel: 'api', provider: caller.source }, { queue, customerSalt: () => control.customerSalt() });
  recordIngestion(metrics, 'api', { accepted: result.accepted.length, rejectedByReason: result.rejectedByReason });
  if (result.accepted.length === 0) {
    const message = batch ? 'No item was accepted; see details.rejected for what to fix in each.' : `Invalid feedback item: ${result.rejected[0]?.error}`;
    throw new InvalidRequestError('invalid_feedback', message, { rejected: result.rejected });
  }
  logger.info('feedback accepted', { source: caller.source, accepted: result.accepted.length, rejected: result.rejected.length });
  return jsonResponse(202, { accepted: result.accepted.map(({ id }) => ({ id })), rejected: result.rejected });
}

async function postExport(event: APIGatewayProxyEventV2) {
  const caller = await authenticate(apiKeyOf(event), 'ingest');
  const profile = event.queryStringParameters?.profile;
  if (!profile) throw new InvalidRequestError('invalid_query', `profile is required: ?profile=${EXPORT_PROFILE_NAMES.join('|')} or a profile of this deployment`);
  let body: Buffer;
  try {
    body = rawBodyOf(event, MAX_EXPORT_BYTES);
  } catch (error) {
    if (!(error instanceof PayloadTooLargeError)) throw error;
    throw new PayloadTooLargeError(
      `Inline exports are limited to ${MAX_EXPORT_BYTES} bytes; upload larger files through POST /v1/exports/uploads?profile=${profile} (a presigned URL for files up to 5 GB).`,
    );
  }
  if (body.length === 0) throw new InvalidRequestError('empty_body', 'The request body is empty; send the export file as the body.');
  const { rejectedByReason, ...result } = await ingestExport(
    body,
    {
      profile,
      profileOptions: profileOptionsFromQuery(event.queryStringParameters) as Record<string, string>,
      format: exportFormatOf(headerOf(event, 'content-type')),
      sender: caller.source,
      timeZone: env.timeZone,
    },
    { queue, customerSalt: () => control.customerSalt(), jobs, configuredProfiles },
  );
  recordIngestion(metrics, 'export', { accepted: result.accepted, rejectedByReason });
  logger.info('export accepted', { source: caller.source, profile, rows: result.rows, accepted: result.accepted, rejected: result.rejected.length });
  return jsonResponse(202, result);
}

async function postUpload(event: APIGatewayProxyEventV2) {
  const caller = await authenticate(apiKeyOf(event), 'ingest');
  const query = event.queryStringParameters ?? {};
  const ticket = await createUploadJob({ query, sender: caller.source, now: new Date() }, { jobs, files, configuredProfiles });
  logger.info('export upload prepared', { source: caller.source, profile: query.profile, jobId: ticket.jobId, method: ticket.upload.method });
  return jsonResponse(201, ticket);
}

async function postUploadComplete(event: APIGatewayProxyEventV2) {
  const caller = await authenticate(apiKeyOf(event), 'ingest');
  const done = await completeUpload(event.pathParameters?.jobId ?? '', jsonBodyOf(event), caller, { jobs, files });
  return jsonResponse(202, done);
}

async function getExportJob(event: APIGatewayProxyEventV2) {
  const caller = await authenticate(apiKeyOf(event), 'ingest');
  return jsonResponse(200, await readExportJob(event.pathParameters?.jobId ?? '', caller, jobs));
}

const routes: Record<string, (event: APIGatewayProxyEventV2) => Promise<unknown>> = {
  'POST /v1/feedback': postFeedback,
  'POST /v1/exports': postExport,
  'POST /v1/exports/uploads': postUpload,
  'GET /v1/exports/{jobId}': getExportJob,
  'POST /v1/exports/{jobId}/complete': postUploadComplete,
};

/**
 * POST /v1/feedback (one item or { items } ≤ 100), POST /v1/exports?profile= (an export file
 * inline), POST /v1/exports/uploads?profile= (a presigned URL for a larger file) and
 * GET /v1/exports/{jobId} (an export's summary).
 */
export const handler = middy(async (event: APIGatewayProxyEventV2) => {
  const route = routes[event.routeKey];
  if (!route) throw new NotFoundError(`No route ${event.routeKey}.`);
  return route(event);
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(httpErrorResponder(logger));
