import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { documentClient, DynamoControlStore } from '../shared/adapters/dynamo-stores';
import { SqsFeedbackQueue } from '../shared/adapters/sqs-feedback-queue';
import { createAuthenticator } from '../shared/app/authenticate';
import { ingestFeedback, itemsOf } from '../shared/app/ingest-feedback';
import { loadEnv } from '../shared/config/env';
import { InvalidRequestError, jsonResponse } from '../shared/http/errors';
import { httpErrorResponder } from '../shared/http/middleware';
import { apiKeyOf, jsonBodyOf } from '../shared/http/request';

// Cold start: validate the environment and build clients once per container.
const env = loadEnv(['controlTable', 'ingestQueueUrl']);
const logger = new Logger({ serviceName: 'customer-voice' });
const control = new DynamoControlStore(documentClient(new DynamoDBClient({})), env.controlTable);
const queue = new SqsFeedbackQueue(new SQSClient({}), env.ingestQueueUrl);
const authenticate = createAuthenticator(control);

/** POST /v1/feedback — one item or { items: [...] } (≤ 100) → 202 with accepted ids and per-item rejections. */
export const handler = middy(async (event: APIGatewayProxyEventV2) => {
  const caller = await authenticate(apiKeyOf(event), 'ingest');
  const { items, batch } = itemsOf(jsonBodyOf(event));
  const result = await ingestFeedback(items, { channel: 'api', provider: caller.source }, { queue, customerSalt: () => control.customerSalt() });
  if (result.accepted.length === 0) {
    const message = batch ? 'No item was accepted; see details.rejected for what to fix in each.' : `Invalid feedback item: ${result.rejected[0]?.error}`;
    throw new InvalidRequestError('invalid_feedback', message, { rejected: result.rejected });
  }
  logger.info('feedback accepted', { source: caller.source, accepted: result.accepted.length, rejected: result.rejected.length });
  return jsonResponse(202, { accepted: result.accepted.map(({ id }) => ({ id })), rejected: result.rejected });
})
  .use(injectLambdaContext(logger))
  .use(httpErrorResponder(logger));
