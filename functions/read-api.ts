import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DynamoAggregateReader } from '../shared/adapters/dynamo-aggregates';
import { DynamoAlertStateStore } from '../shared/adapters/dynamo-alert-states';
import { documentClient } from '../shared/adapters/dynamo-client';
import { DynamoControlStore } from '../shared/adapters/dynamo-control-store';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo-feedback-store';
import { createAuthenticator } from '../shared/app/authenticate';
import { readFeedback } from '../shared/app/read-feedback';
import { readScores } from '../shared/app/read-scores';
import { loadEnv } from '../shared/config/env';
import { deployedDepartments } from '../shared/config/departments-source';
import { UNASSIGNED } from '../shared/domain/departments/schema';
import { InvalidRequestError, MethodNotAllowedError, NotFoundError } from '../shared/domain/failures';
import { jsonResponse } from '../shared/http/errors';
import { httpErrorResponder } from '../shared/http/middleware';
import { apiKeyOf } from '../shared/http/request';
import { AGGREGATE_SHARDS } from '../shared/resources';

const env = loadEnv(['feedbackTable', 'aggregatesTable', 'controlTable', 'departments', 'timeZone']);
const logger = new Logger({ serviceName: 'customer-voice' });
const doc = documentClient(new DynamoDBClient({}));
const control = new DynamoControlStore(doc, env.controlTable);
const aggregates = new DynamoAggregateReader(doc, env.aggregatesTable, AGGREGATE_SHARDS);
const store = new DynamoFeedbackStore(doc, { feedback: env.feedbackTable, aggregates: env.aggregatesTable });
const departments = deployedDepartments(env.departments);
const alertStates = new DynamoAlertStateStore(doc, env.controlTable);
const authenticate = createAuthenticator(control);

const routes: Record<string, (event: APIGatewayProxyEventV2) => Promise<unknown>> = {
  '/v1/health': async () => ({ status: 'ok' }),
  '/v1/departments': async (event) => {
    await authenticate(apiKeyOf(event), 'read');
    return {
      departments: [
        ...departments.departments.map((d) => ({ id: d.id, names: d.names, journeys: d.journeys })),
        { id: UNASSIGNED, names: { en: 'Unassigned', fr: 'Non attribué' }, journeys: [] },
      ],
      timeZone: env.timeZone,
    };
  },
  '/v1/scores': async (event) => {
    await authenticate(apiKeyOf(event), 'read');
    return readScores(event.queryStringParameters ?? {}, { aggregates, departments, timeZone: env.timeZone });
  },
  '/v1/alerts': async (event) => {
    await authenticate(apiKeyOf(event), 'read');
    const status = event.queryStringParameters?.status;
    if (status !== undefined && status !== 'open' && status !== 'recovered') {
      throw new InvalidRequestError('invalid_query', 'status is open or recovered (or leave it out for both).');
    }
    const alerts = (await alertStates.list()).filter((a) => !status || a.status === status);
    return { alerts };
  },
  '/v1/feedback': async (event) => {
    await authenticate(apiKeyOf(event), 'read');
    return readFeedback(event.queryStringParameters ?? {}, { store, departments });
  },
};

/**
 * The read API: health (no key), departments, scores and redacted verbatims (read role). It is
 * also the HTTP API's $default route, so unknown paths get the contract's JSON error locally and
 * on API Gateway alike.
 */
export const handler = middy(async (event: APIGatewayProxyEventV2) => {
  const route = routes[event.rawPath];
  if (!route) throw new NotFoundError(`No route ${event.requestContext.http.method} ${event.rawPath}.`);
  if (event.requestContext.http.method !== 'GET') throw new MethodNotAllowedError(`${event.rawPath} answers GET only.`);
  return jsonResponse(200, await route(event));
})
  .use(injectLambdaContext(logger))
  .use(httpErrorResponder(logger));
