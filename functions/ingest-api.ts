import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { documentClient, DynamoControlStore } from '../shared/adapters/dynamo-stores';
import { SqsFeedbackQueue } from '../shared/adapters/sqs-feedback-queue';
import { createAuthenticator } from '../shared/app/authenticate';
import { exportFormatOf, ingestExport } from '../shared/app/ingest-export';
import { ingestFeedback, itemsOf } from '../shared/app/ingest-feedback';
import { loadEnv } from '../shared/config/env';
import { InvalidRequestError, jsonResponse, PayloadTooLargeError } from '../shared/http/errors';
import { httpErrorResponder } from '../shared/http/middleware';
import { apiKeyOf, headerOf, jsonBodyOf, rawBodyOf } from '../shared/http/request';
import { createMetrics, recordIngestion } from './commons/metrics';

// Cold start: validate the environment and build clients once per container.
const env = loadEnv(['controlTable', 'ingestQueueUrl', 'timeZone']);
const logger = new Logger({ serviceName: 'customer-voice' });
const metrics = createMetrics(logger);
const control = new DynamoControlStore(documentClient(new DynamoDBClient({})), env.controlTable);
const queue = new SqsFeedbackQueue(new SQSClient({}), env.ingestQueueUrl);
const authenticate = createAuthenticator(control);

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
  if (!profile) throw new InvalidRequestError('invalid_query', 'profile is required: ?profile=generic|zendesk|freshdesk|contact-lens');
  let body: Buffer;
  try {
    body = rawBodyOf(event, MAX_EXPORT_BYTES);
  } catch (error) {
    if (!(error instanceof PayloadTooLargeError)) throw error;
    throw new PayloadTooLargeError(`Inline exports are limited to ${MAX_EXPORT_BYTES} bytes; split the file into parts of at most 5 MB (rows already sent count once on a re-send).`);
  }
  if (body.length === 0) throw new InvalidRequestError('empty_body', 'The request body is empty; send the export file as the body.');
  const { rejectedByReason, ...result } = await ingestExport(
    body,
    { profile, format: exportFormatOf(headerOf(event, 'content-type')), sender: caller.source, timeZone: env.timeZone },
    { queue, customerSalt: () => control.customerSalt() },
  );
  recordIngestion(metrics, 'export', { accepted: result.accepted, rejectedByReason });
  logger.info('export accepted', { source: caller.source, profile, rows: result.rows, accepted: result.accepted, rejected: result.rejected.length });
  return jsonResponse(202, result);
}

/** POST /v1/feedback (one item or { items } ≤ 100) and POST /v1/exports?profile= (an export file inline). */
export const handler = middy(async (event: APIGatewayProxyEventV2) =>
  event.rawPath === '/v1/exports' ? postExport(event) : postFeedback(event),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(httpErrorResponder(logger));
