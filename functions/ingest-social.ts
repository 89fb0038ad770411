import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { documentClient } from '../shared/adapters/dynamo-client';
import { SecretsManagerWebhookSecrets, StaticWebhookSecrets } from '../shared/adapters/secrets-manager-webhook-secrets';
import { SqsFeedbackQueue } from '../shared/adapters/sqs-feedback-queue';
import { receiveDelivery, type WebhookRequest } from '../shared/app/ingest-social';
import { answerChallenge } from '../shared/http/social-challenge';
import { createMetrics, recordIngestion } from './commons/metrics';
import { loadEnv } from '../shared/config/env';
import { loadSocialEnv } from '../shared/config/social-env';
import { jsonResponse } from '../shared/http/errors';
import { httpErrorResponder } from '../shared/http/middleware';
import { headerOf, rawBodyOf } from '../shared/http/request';
import type { WebhookSecrets } from '../shared/ports/webhook-secrets';
import { controlStoreWithSalt } from './commons/control';

// Cold start: validate the environment and build clients once per container.
const env = loadEnv(['controlTable', 'ingestQueueUrl']);
const social = loadSocialEnv();
const logger = new Logger({ serviceName: 'customer-voice' });
const control = controlStoreWithSalt(documentClient(new DynamoDBClient({})), env.controlTable);
const queue = new SqsFeedbackQueue(new SQSClient({}), env.ingestQueueUrl);
// Locally the dev stack hands the generated secrets over directly; on AWS each lives in Secrets Manager.
const secrets: WebhookSecrets = social.localSecrets
  ? new StaticWebhookSecrets(social.localSecrets)
  : new SecretsManagerWebhookSecrets(new SecretsManagerClient({}), social.secretArns!);
const deps = { queue, secrets, ownAccounts: social.ownAccounts, customerSalt: () => control.customerSalt() };

const metrics = createMetrics(logger);

function webhookRequest(event: APIGatewayProxyEventV2): WebhookRequest {
  return {
    provider: event.pathParameters?.provider ?? '',
    method: event.requestContext.http.method,
    header: (name) => headerOf(event, name),
    query: event.queryStringParameters ?? {},
    rawBody: () => rawBodyOf(event),
  };
}

/** GET /v1/social/{provider} (subscription handshakes) and POST /v1/social/{provider} (signed events). */
export const handler = middy(async (event: APIGatewayProxyEventV2) => {
  const request = webhookRequest(event);
  if (request.method === 'GET') return answerChallenge(request, deps);
  const result = await receiveDelivery(request, deps);
  const reasons: Record<string, number> = {};
  for (const { reason } of result.skipped) reasons[reason] = (reasons[reason] ?? 0) + 1;
  logger.info('social delivery', { provider: request.provider, accepted: result.accepted.length, skipped: reasons, rejected: result.rejected.length });
  recordIngestion(metrics, 'social', {
    accepted: result.accepted.length,
    // Skipped posts (own accounts, retweets, reactions) are not feedback; rejected ones failed validation.
    rejectedByReason: { not_feedback: result.skipped.length, invalid_item: result.rejected.length },
  });
  return jsonResponse(202, result);
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(httpErrorResponder(logger));
