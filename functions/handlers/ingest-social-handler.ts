import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { answerChallenge } from '../../shared/http/social-challenge';
import { receiveDelivery, type SocialDeps, type WebhookRequest } from '../../shared/app/ingest-social';
import { jsonResponse } from '../../shared/http/errors';
import { httpErrorResponder } from '../../shared/http/middleware';
import { headerOf, rawBodyOf } from '../../shared/http/request';
import type { RouteTable } from '../../shared/resources';
import { dispatchByRouteKey, type RouteHandler } from '../commons/routes';
import { createMetrics, recordIngestion } from '../commons/metrics';

export interface IngestSocialDeps extends SocialDeps {
  logger: Logger;
  metrics?: Metrics;
}

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
export function makeIngestSocialHandler({ logger, metrics: given, ...deps }: IngestSocialDeps) {
  const metrics = given ?? createMetrics(logger);

  const routes: RouteTable<'ingestSocial', RouteHandler> = {
    'GET /v1/social/{provider}': (event) => answerChallenge(webhookRequest(event), deps),
    'POST /v1/social/{provider}': async (event) => {
      const request = webhookRequest(event);
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
    },
  };

  return middy(dispatchByRouteKey(routes))
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(httpErrorResponder(logger));
}
